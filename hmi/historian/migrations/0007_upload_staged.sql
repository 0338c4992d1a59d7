-- The uploader reads staged rows (sample_recent) too, so live data goes out before the fold.
-- A staged sample that lands behind a sink's cursor is late, as a stored one is. When the fold moves
-- a staged sample into sample, it was sent or queued already: moving it is no new late sample.
DROP TRIGGER sample_behind_cursor;

CREATE TRIGGER sample_behind_cursor AFTER INSERT ON sample
BEGIN
    INSERT OR IGNORE INTO upload_late (sink, tag_id, ts_ms)
    SELECT sink, NEW.tag_id, NEW.ts_ms FROM upload_cursor
    WHERE tag_id = NEW.tag_id
      AND (NEW.ts_ms <= raw_ts_ms OR (NEW.ts_ms > live_from_ms AND NEW.ts_ms <= live_ts_ms))
      AND NOT EXISTS (SELECT 1 FROM sample_recent WHERE ts_ms = NEW.ts_ms AND tag_id = NEW.tag_id);
END;

CREATE TRIGGER staged_behind_cursor AFTER INSERT ON sample_recent
BEGIN
    INSERT OR IGNORE INTO upload_late (sink, tag_id, ts_ms)
    SELECT sink, NEW.tag_id, NEW.ts_ms FROM upload_cursor
    WHERE tag_id = NEW.tag_id
      AND (NEW.ts_ms <= raw_ts_ms OR (NEW.ts_ms > live_from_ms AND NEW.ts_ms <= live_ts_ms));
END;
