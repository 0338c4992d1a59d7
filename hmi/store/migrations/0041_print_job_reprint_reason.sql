-- Why a label was printed again (a reprint needs a reason: damaged, unreadable, lost …), kept with the job
-- so the queue and the audit trail say it without reading the audit payload.

ALTER TABLE print_jobs ADD COLUMN reprint_reason TEXT;
