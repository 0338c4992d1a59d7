-- Statistical process control (numbers 60-69).

-- Every limit set the station has received (from the MES bundle or the file import) or computed
-- (trial), never deleted: a lot's chart and report name the version it ran under.
CREATE TABLE spc_limit_sets (
    seq INTEGER PRIMARY KEY,
    product TEXT NOT NULL,
    operation TEXT NOT NULL,
    characteristic TEXT NOT NULL,
    version TEXT NOT NULL,
    chart TEXT NOT NULL,
    subgroup_size INTEGER NOT NULL,
    cl REAL NOT NULL,
    ucl REAL,                              -- NULL: per sample (p, np, c, u charts)
    lcl REAL,
    usl REAL,
    lsl REAL,
    disp_cl REAL,                          -- the paired MR / R / S chart, when the centre sends it
    disp_ucl REAL,
    disp_lcl REAL,
    trial INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,                  -- mes:…, file:…, trial
    lot_no TEXT,                           -- trial sets: the lot whose baseline made them
    received_at REAL NOT NULL,
    UNIQUE (product, operation, characteristic, version)
);

-- The touch lists for assignable causes and corrective actions (replaced with each bundle).
CREATE TABLE spc_reasons (
    kind TEXT NOT NULL CHECK (kind IN ('cause', 'action')),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_ko TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, code)
);

-- The charted points of each lot (written in batches; a violation writes its points with it).
CREATE TABLE spc_points (
    characteristic TEXT NOT NULL,
    lot_no TEXT NOT NULL,
    idx INTEGER NOT NULL,
    ts REAL NOT NULL,
    value REAL NOT NULL,
    dispersion REAL,
    sample_size REAL NOT NULL,
    raw TEXT NOT NULL,                     -- JSON list of the measured values (or the count)
    limit_version TEXT NOT NULL,
    PRIMARY KEY (characteristic, lot_no, idx)
) WITHOUT ROWID;

CREATE TABLE spc_violations (
    id INTEGER PRIMARY KEY,
    station TEXT NOT NULL,
    characteristic TEXT NOT NULL,
    lot_no TEXT NOT NULL,
    product TEXT NOT NULL,
    operation TEXT NOT NULL,
    rule TEXT NOT NULL,
    idx INTEGER NOT NULL,                  -- the point that completed the pattern
    points TEXT NOT NULL,                  -- JSON: [{"index", "value", "ts"}, …] the pattern spans
    limit_version TEXT NOT NULL,
    trial INTEGER NOT NULL,
    sample_ts REAL NOT NULL,               -- when the completing sample was taken
    recorded_at REAL NOT NULL,
    needs_cause INTEGER NOT NULL,
    cause_code TEXT,
    action_code TEXT,
    cause_note TEXT,
    cause_by TEXT,
    cause_at REAL,
    proposal_id INTEGER
);

CREATE INDEX spc_violations_lot ON spc_violations (lot_no, characteristic, id);
