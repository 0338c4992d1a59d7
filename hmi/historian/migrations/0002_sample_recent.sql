-- The live path's staging table (hmi/historian/staging.py): a commit of one sample per tag appends
-- here, keyed by time, so it touches a few pages instead of one page per tag in sample and in each
-- rollup level. Every minute its rows move to sample and the rollups in one transaction.
-- quality and NULL value as in sample.
CREATE TABLE sample_recent (
    ts_ms INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    value REAL,
    quality INTEGER NOT NULL,
    PRIMARY KEY (ts_ms, tag_id)
) WITHOUT ROWID;
