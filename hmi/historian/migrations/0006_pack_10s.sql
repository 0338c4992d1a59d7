-- The 10 s level is packed into rollup_block too (hmi/historian/ingest.py PACKED_LEVELS). The blocks
-- of rows written before are packed by the historian in the background (hmi/historian/repack.py):
-- one row here per (level, tag) still to pack, from next_block_ms on. Until its row is gone, a query
-- reads that tag's level as rows, as before.
CREATE TABLE rollup_unpacked (
    level INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    next_block_ms INTEGER NOT NULL,
    PRIMARY KEY (level, tag_id)
) WITHOUT ROWID;

INSERT INTO rollup_unpacked (level, tag_id, next_block_ms)
SELECT 1, id, -4611686018427387904 FROM tag
WHERE EXISTS (SELECT 1 FROM rollup WHERE level = 1 AND tag_id = tag.id);
