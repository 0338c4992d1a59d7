"""Packing the closed blocks of a level that was read as rows before (migration 0006: the 10 s level).

Live ingest packs a block when it closes; the blocks a file held before are listed in
``rollup_unpacked`` and packed here, a few at a time on the writer thread, so ingest slips in
between. A tag's row goes once its closed blocks are packed; until then queries read its rows.
"""

from __future__ import annotations

import sqlite3

from hmi.historian.ingest import BLOCK_BUCKETS, LEVEL_OF_NUMBER, write_block

CHUNK_BLOCKS = 100   # about 6,400 rollup rows per writer job


def unpacked(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    """(level, tag id) whose blocks are not all packed yet: read as rows."""
    return {(row[0], row[1]) for row in conn.execute("SELECT level, tag_id FROM rollup_unpacked")}


def pack_chunk(conn: sqlite3.Connection, *, blocks: int = CHUNK_BLOCKS) -> bool:
    """Pack up to ``blocks`` closed blocks of one listed tag (inside the caller's transaction).
    Returns whether any tag is left to pack."""
    row = conn.execute("SELECT level, tag_id, next_block_ms FROM rollup_unpacked LIMIT 1").fetchone()
    if row is None:
        return False
    number, tag_id, block_ms = row
    level = LEVEL_OF_NUMBER[number]
    width = level.width_ms * BLOCK_BUCKETS
    newest = conn.execute("SELECT max(bucket_ms) FROM rollup WHERE level = ? AND tag_id = ?",
                          (number, tag_id)).fetchone()[0]
    done = True
    for _ in range(blocks):
        first = conn.execute("SELECT min(bucket_ms) FROM rollup WHERE level = ? AND tag_id = ? AND bucket_ms >= ?",
                             (number, tag_id, block_ms)).fetchone()[0]
        if first is None or newest is None or first - first % width + width > newest:
            break  # what is left is the open block: read as rows by every query anyway
        block_ms = first - first % width
        write_block(conn, level, tag_id, block_ms)
        block_ms += width
    else:
        done = False
    if done:
        conn.execute("DELETE FROM rollup_unpacked WHERE level = ? AND tag_id = ?", (number, tag_id))
    else:
        conn.execute("UPDATE rollup_unpacked SET next_block_ms = ? WHERE level = ? AND tag_id = ?",
                     (block_ms, number, tag_id))
    return not done or conn.execute("SELECT 1 FROM rollup_unpacked LIMIT 1").fetchone() is not None
