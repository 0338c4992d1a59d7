-- Parts from the counter tag that are not the running lot's ordinary count, kept apart (issue 13):
--   pause_pending  counted during the current pause, waiting for the operator to accept or assign them;
--   pause_other    counted during pauses and assigned "not this lot" (kept for the record, in no count);
--   late_good      counted after Finish until the next lot starts: the finished lot's parts in transit.
-- Accepted pause counts go onto good, pause counts assigned as scrap onto scrap; lot_events keeps each step.
ALTER TABLE lots ADD COLUMN pause_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lots ADD COLUMN pause_other INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lots ADD COLUMN late_good INTEGER NOT NULL DEFAULT 0;
