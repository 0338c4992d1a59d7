-- history.db: samples and rollups, made for range scans by (tag, time).
CREATE TABLE tag (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- quality: 0 GOOD, 1 UNCERTAIN, 2 BAD, 3 STALE. value NULL when the sample carried no number.
CREATE TABLE sample (
    tag_id INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL,
    value REAL,
    quality INTEGER NOT NULL,
    PRIMARY KEY (tag_id, ts_ms)
) WITHOUT ROWID;

-- One row per (level, tag, bucket). n counts every sample, bad those without a GOOD number;
-- total/lo/hi/first/last are over the GOOD samples only (NULL when there was none).
CREATE TABLE rollup (
    level INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    bucket_ms INTEGER NOT NULL,
    n INTEGER NOT NULL,
    bad INTEGER NOT NULL,
    total REAL NOT NULL,
    lo REAL,
    hi REAL,
    first_ts INTEGER,
    first_v REAL,
    last_ts INTEGER,
    last_v REAL,
    PRIMARY KEY (level, tag_id, bucket_ms)
) WITHOUT ROWID;

-- The rollup rows of one level and tag packed per block of 64 buckets (float64 columns: bucket_ms,
-- n, bad, lo, hi, rises), rewritten at ingest: a trend query reads a few blobs instead of
-- thousands of rows. Derived data: rebuildable from the rollup table.
CREATE TABLE rollup_block (
    level INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    block_ms INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (level, tag_id, block_ms)
) WITHOUT ROWID;
