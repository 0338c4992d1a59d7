-- Master data cache (production): replaced as a whole by each accepted bundle, in one transaction.

CREATE TABLE md_products (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_ko TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT ''
);

CREATE TABLE md_operations (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_ko TEXT NOT NULL DEFAULT '',
    sequence INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE md_work_orders (
    order_no TEXT PRIMARY KEY,
    product TEXT NOT NULL,
    operation TEXT NOT NULL,
    planned_qty INTEGER NOT NULL,
    due TEXT NOT NULL DEFAULT ''
);

CREATE TABLE md_instructions (
    instruction_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    product TEXT NOT NULL,
    operation TEXT NOT NULL,
    title TEXT NOT NULL,
    title_ko TEXT NOT NULL DEFAULT '',
    changes TEXT NOT NULL DEFAULT '',
    steps TEXT NOT NULL,                   -- JSON list of steps (kind, text, image, items, limits)
    PRIMARY KEY (instruction_id, version)
);

CREATE TABLE md_images (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE md_defect_codes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_ko TEXT NOT NULL,
    category TEXT NOT NULL,
    category_ko TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL CHECK (severity IN ('minor', 'major', 'critical'))
);

CREATE TABLE md_downtime_reasons (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_ko TEXT NOT NULL
);

-- Every accepted bundle, newest last: the last good copy can always be shown or re-applied.
CREATE TABLE md_bundles (
    seq INTEGER PRIMARY KEY,
    version TEXT NOT NULL,
    source TEXT NOT NULL,
    applied_at REAL NOT NULL,
    sha256 TEXT NOT NULL,
    bundle TEXT NOT NULL                   -- the bundle as JSON (images base64)
);
