-- A proposal's id is never given twice. With a plain INTEGER PRIMARY KEY, SQLite hands out the highest
-- row's id + 1, so once the operator answered a proposal (its row deleted) the next one got the same id:
-- the audit trail, the SPC violation and the MES event then named two proposals with one number, and a
-- late second tap on the answered proposal acted on the new one. AUTOINCREMENT, its counter started
-- above every id the audit trail has seen (each proposal has a "defect.proposed" entry).

CREATE TABLE defect_proposals_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    station TEXT NOT NULL,
    lot_no TEXT NOT NULL,
    product TEXT NOT NULL,
    code TEXT NOT NULL,
    measurement TEXT NOT NULL,             -- JSON: tag, value, unit, limits, ts, quality
    recipe TEXT NOT NULL,                  -- JSON snapshot of process values at that moment
    proposed_at REAL NOT NULL
);

INSERT INTO defect_proposals_new (id, station, lot_no, product, code, measurement, recipe, proposed_at)
    SELECT id, station, lot_no, product, code, measurement, recipe, proposed_at FROM defect_proposals;

DROP TABLE defect_proposals;

ALTER TABLE defect_proposals_new RENAME TO defect_proposals;

CREATE INDEX defect_proposals_station ON defect_proposals (station, id);

DELETE FROM sqlite_sequence WHERE name = 'defect_proposals';

INSERT INTO sqlite_sequence (name, seq) SELECT 'defect_proposals', MAX(
    COALESCE((SELECT MAX(id) FROM defect_proposals), 0),
    COALESCE((SELECT MAX(CAST(json_extract(after, '$.proposal_id') AS INTEGER)) FROM audit
              WHERE action = 'defect.proposed'), 0));
