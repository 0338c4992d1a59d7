-- The uploader's cursors: per sink and tag, what the sink has acknowledged (hmi/historian/upload.py).
-- Every raw row of the tag at or before raw_ts_ms is acknowledged. While an outage is backfilled,
-- the live stream runs ahead: the rows in (live_from_ms, live_ts_ms] are acknowledged too, and the
-- backfill walks raw_ts_ms up to live_from_ms. rollup_ms: the last 1-minute bucket sent.
CREATE TABLE upload_cursor (
    sink TEXT NOT NULL,
    tag_id INTEGER NOT NULL,
    raw_ts_ms INTEGER NOT NULL,
    live_from_ms INTEGER,
    live_ts_ms INTEGER,
    rollup_ms INTEGER NOT NULL,
    PRIMARY KEY (sink, tag_id)
) WITHOUT ROWID;
-- The trigger below looks cursors up by tag for every stored sample.
CREATE INDEX upload_cursor_by_tag ON upload_cursor (tag_id);

-- Samples stored behind a sink's cursor (a late sample): sent apart, so that no gap stays behind.
CREATE TABLE upload_late (
    sink TEXT NOT NULL,
    tag_id INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL,
    PRIMARY KEY (sink, tag_id, ts_ms)
) WITHOUT ROWID;

CREATE TRIGGER sample_behind_cursor AFTER INSERT ON sample
BEGIN
    INSERT OR IGNORE INTO upload_late (sink, tag_id, ts_ms)
    SELECT sink, NEW.tag_id, NEW.ts_ms FROM upload_cursor
    WHERE tag_id = NEW.tag_id
      AND (NEW.ts_ms <= raw_ts_ms OR (NEW.ts_ms > live_from_ms AND NEW.ts_ms <= live_ts_ms));
END;

-- Each sink's last state, for `hmi history upload-status` (rates and errors live in the station otherwise).
CREATE TABLE upload_sink (
    sink TEXT PRIMARY KEY,
    updated REAL NOT NULL,
    last_ok REAL,
    last_error TEXT,
    rows_per_s REAL NOT NULL DEFAULT 0
);

-- Raw rows that retention deleted before every configured sink had them (the disk limit won).
CREATE TABLE upload_dropped (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    tag_id INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    first_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL
);
