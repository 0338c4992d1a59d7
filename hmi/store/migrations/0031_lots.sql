-- Lots, their event history, defects and instruction sign-offs. Nothing here is ever deleted.

CREATE TABLE lots (
    id INTEGER PRIMARY KEY,
    lot_no TEXT NOT NULL UNIQUE,
    station TEXT NOT NULL,
    work_order TEXT NOT NULL,
    product TEXT NOT NULL,
    operation TEXT NOT NULL,
    instruction_id TEXT,
    instruction_version INTEGER,
    status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'finished', 'aborted')),
    good INTEGER NOT NULL DEFAULT 0,
    scrap INTEGER NOT NULL DEFAULT 0,
    pause_reason TEXT,
    started_at REAL NOT NULL,
    started_by TEXT NOT NULL,
    ended_at REAL,
    ended_by TEXT,
    abort_reason TEXT,
    params_start TEXT,                     -- JSON snapshot of the configured process values
    params_end TEXT
);

CREATE INDEX lots_station_status ON lots (station, status);
CREATE INDEX lots_work_order ON lots (work_order);
CREATE INDEX lots_started ON lots (started_at);

-- One row per thing that happened to a lot: the lot's own story, in order.
CREATE TABLE lot_events (
    id INTEGER PRIMARY KEY,
    lot_id INTEGER NOT NULL REFERENCES lots (id),
    ts REAL NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,                    -- started, count, scrap, paused, resumed, corrected, finished, aborted
    good_delta INTEGER NOT NULL DEFAULT 0,
    scrap_delta INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    data TEXT
);

CREATE INDEX lot_events_lot ON lot_events (lot_id, id);

CREATE TABLE defects (
    id INTEGER PRIMARY KEY,
    lot_id INTEGER NOT NULL REFERENCES lots (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_ko TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    qty INTEGER NOT NULL CHECK (qty > 0),
    location TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    serial TEXT NOT NULL DEFAULT '',
    measurement TEXT,                      -- JSON: tag, value, unit, limits, ts, quality
    recipe TEXT,                           -- JSON snapshot of process values at that moment
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'automatic')),
    recorded_at REAL NOT NULL,
    recorded_by TEXT NOT NULL,
    voided_at REAL,
    voided_by TEXT,
    void_reason TEXT
);

CREATE INDEX defects_lot ON defects (lot_id);

CREATE TABLE signoffs (
    id INTEGER PRIMARY KEY,
    lot_id INTEGER NOT NULL REFERENCES lots (id),
    instruction_id TEXT NOT NULL,
    instruction_version INTEGER NOT NULL,
    step_index INTEGER NOT NULL,
    step_kind TEXT NOT NULL,
    value TEXT,                            -- JSON: true, checked items, or the measured number
    unit TEXT NOT NULL DEFAULT '',
    lo REAL,
    hi REAL,
    out_of_limit INTEGER NOT NULL DEFAULT 0,
    username TEXT NOT NULL,
    ts REAL NOT NULL
);

CREATE INDEX signoffs_lot ON signoffs (lot_id, step_index);

-- This station acknowledged this version of the instruction (needed before a lot starts with it).
CREATE TABLE instruction_acks (
    id INTEGER PRIMARY KEY,
    station TEXT NOT NULL,
    instruction_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    username TEXT NOT NULL,
    ts REAL NOT NULL
);

CREATE INDEX instruction_acks_key ON instruction_acks (station, instruction_id, version);
