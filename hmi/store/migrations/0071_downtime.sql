-- OEE and downtime records (numbers 71-79): machine state intervals, downtime events, shift summaries.

-- What the station saw of the state tag; end_ts is "known until", moved forward while the state holds,
-- so time while the station was off stays unknown after a restart.
CREATE TABLE machine_states (
    id INTEGER PRIMARY KEY,
    station TEXT NOT NULL,
    start_ts REAL NOT NULL,
    end_ts REAL NOT NULL,
    state TEXT NOT NULL,
    fault_code TEXT
);
CREATE INDEX machine_states_end ON machine_states (station, end_ts);

-- One row per stop at least the micro-stop threshold long, or per operator's pause: one model for both.
CREATE TABLE downtime_events (
    id INTEGER PRIMARY KEY,
    station TEXT NOT NULL,
    start_ts REAL NOT NULL,
    end_ts REAL,                                       -- NULL while open
    state TEXT NOT NULL,                               -- the machine state that opened it, or 'paused'
    source TEXT NOT NULL CHECK (source IN ('machine', 'pause')),
    paused INTEGER NOT NULL DEFAULT 0,                 -- an operator's pause holds it open
    fault_code TEXT,
    lot_no TEXT,
    reasons TEXT NOT NULL DEFAULT '[]'                 -- change points [[ts, reason code], ...]
);
CREATE INDEX downtime_events_start ON downtime_events (station, start_ts);
CREATE UNIQUE INDEX downtime_events_one_open ON downtime_events (station) WHERE end_ts IS NULL;

-- A closed shift's figures (the replay's JSON object), kept so a month of summaries is one small read.
CREATE TABLE oee_shift_summaries (
    station TEXT NOT NULL,
    shift TEXT NOT NULL,
    day TEXT NOT NULL,
    start_ts REAL NOT NULL,
    end_ts REAL NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (station, start_ts)
);
