-- MES sync: why an event sits in quarantine and who resolved it; the sync engine's own state;
-- the last good master data bundles received from the MES.

ALTER TABLE outbox ADD COLUMN quarantined_at REAL;
ALTER TABLE outbox ADD COLUMN quarantine_reason TEXT;     -- the MES's words, as received
ALTER TABLE outbox ADD COLUMN resolved_by TEXT;           -- supervisor who retried or skipped it
ALTER TABLE outbox ADD COLUMN resolution_reason TEXT;     -- why it was skipped (required) or retried

-- Events of a quarantined subject wait behind it: this finds the blockers fast.
CREATE INDEX outbox_quarantined ON outbox (subject, seq) WHERE status = 'quarantined';

CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,                  -- last_sync_at, masterdata_etag, …
    value TEXT NOT NULL                    -- JSON
);

CREATE TABLE masterdata_cache (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,                 -- the bundle's own version
    etag TEXT,                             -- the transport's tag for conditional pulls
    source TEXT NOT NULL,                  -- "mes:rest", "mes:mqtt", "file:…"
    received_at REAL NOT NULL,
    bundle TEXT NOT NULL,                  -- JSON, as received
    status TEXT NOT NULL CHECK (status IN ('applied', 'failed')),
    error TEXT
);
