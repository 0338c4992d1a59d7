-- Core tables: users, the append-only audit trail, the MES outbox, settings.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,          -- what the operator types (often a badge number)
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'inspector', 'supervisor', 'admin')),
    pin_hash TEXT NOT NULL,                 -- scrypt$N$r$p$salt$hash
    badge_hash TEXT UNIQUE,                 -- sha256 of the badge code: the badge itself is a secret
    enabled INTEGER NOT NULL DEFAULT 1,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until REAL,                      -- epoch seconds
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);

CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,                -- 1, 2, 3 … with no gaps
    ts REAL NOT NULL,
    station TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    before TEXT,                            -- canonical JSON
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,                -- per-station sequence number, in the order things happened
    event_id TEXT NOT NULL UNIQUE,          -- UUIDv7, the MES's idempotency key
    station_id TEXT NOT NULL,
    type TEXT NOT NULL,                     -- lot.started, defect.recorded, alarm.raised, …
    schema_version INTEGER NOT NULL,
    occurred_at REAL NOT NULL,
    subject TEXT,                           -- what the event is about (lot/L123): events of one subject stay in order
    payload TEXT NOT NULL,                  -- JSON
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'delivered', 'quarantined', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    delivered_at REAL
);

CREATE INDEX outbox_pending ON outbox (status, seq);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                     -- JSON
);
