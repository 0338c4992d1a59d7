-- Defect proposals waiting for the operator (a measurement left its defect limits during a lot).
-- They survive a restart: a row leaves only when the operator confirms it (the defect is recorded in
-- the same transaction) or dismisses it; both, and the proposal itself, are in the audit trail.

CREATE TABLE defect_proposals (
    id INTEGER PRIMARY KEY,
    station TEXT NOT NULL,
    lot_no TEXT NOT NULL,
    product TEXT NOT NULL,
    code TEXT NOT NULL,
    measurement TEXT NOT NULL,             -- JSON: tag, value, unit, limits, ts, quality
    recipe TEXT NOT NULL,                  -- JSON snapshot of process values at that moment
    proposed_at REAL NOT NULL
);

CREATE INDEX defect_proposals_station ON defect_proposals (station, id);
