-- Alarms (ISA-18.2): the state of each alarm, the journal of every transition, limits sent at run time.

CREATE TABLE alarm_state (
    alarm_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,                    -- normal, unack_active, ack_active, unack_rtn, shelved, suppressed, out_of_service
    condition INTEGER NOT NULL,             -- the process condition after delays
    active INTEGER NOT NULL,                -- annunciated active (condition, or held by latching)
    acked INTEGER NOT NULL,
    shelved_until REAL,
    shelve_reason TEXT NOT NULL DEFAULT '',
    shelved_by TEXT NOT NULL DEFAULT '',
    suppressed INTEGER NOT NULL DEFAULT 0,
    out_of_service INTEGER NOT NULL DEFAULT 0,
    oos_reason TEXT NOT NULL DEFAULT '',
    since REAL NOT NULL,
    value TEXT                              -- JSON of the value at the last transition
);

CREATE TABLE alarm_journal (
    seq INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    alarm_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    priority TEXT NOT NULL,
    transition TEXT NOT NULL,               -- raised, returned, acknowledged, shelved, …
    state_before TEXT NOT NULL,
    state_after TEXT NOT NULL,
    value TEXT,                             -- JSON
    user TEXT NOT NULL,                     -- the person, or 'system'
    comment TEXT NOT NULL DEFAULT ''
);

CREATE INDEX alarm_journal_ts ON alarm_journal (ts);
CREATE INDEX alarm_journal_alarm ON alarm_journal (alarm_id, ts);

CREATE TABLE alarm_limit (
    alarm_id TEXT PRIMARY KEY,
    limit_value REAL NOT NULL,
    deadband REAL,
    updated_at REAL NOT NULL,
    updated_by TEXT NOT NULL
);
