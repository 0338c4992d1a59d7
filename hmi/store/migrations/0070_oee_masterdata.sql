-- OEE master data (numbers 70-79): the downtime reason tree and ideal cycle times per product and operation.

ALTER TABLE md_downtime_reasons ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE md_downtime_reasons ADD COLUMN category_ko TEXT NOT NULL DEFAULT '';

CREATE TABLE md_ideal_cycle_times (
    product TEXT NOT NULL,
    operation TEXT NOT NULL,
    cycle_s REAL NOT NULL CHECK (cycle_s > 0),
    PRIMARY KEY (product, operation)
);
