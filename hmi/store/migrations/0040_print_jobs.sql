-- The label print queue: every label asked for is a row here before anything is sent, so a
-- restart or a printer that is down loses nothing. Jobs of one printer go out in id order.

CREATE TABLE print_jobs (
    id INTEGER PRIMARY KEY,
    job_uid TEXT NOT NULL UNIQUE,           -- UUIDv7; the file name / spooler title
    printer TEXT NOT NULL,                  -- [printers.<name>] in station.toml
    template TEXT NOT NULL,
    data TEXT NOT NULL,                     -- JSON: the placeholder values
    kind TEXT NOT NULL CHECK (kind IN ('print', 'reprint')),
    reprint_of INTEGER REFERENCES print_jobs (id),
    subject TEXT,                           -- what the label is about (defect/…), for lookups
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'done', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    spooler_ref TEXT,
    cancel_reason TEXT,
    created_at REAL NOT NULL,
    created_by TEXT NOT NULL,
    updated_at REAL NOT NULL,
    done_at REAL
);

CREATE INDEX print_jobs_queue ON print_jobs (printer, state, id);
