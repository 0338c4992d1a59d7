"""Age limits per level, enforced in small deletes so that ingest batches slip in between them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from hmi.historian.ingest import BLOCK_BUCKETS, LEVELS


@dataclass(frozen=True, slots=True)
class RetentionRule:
    level: int  # 0 = raw samples, else a rollup level number
    max_age_s: float


def delete_expired_chunk(conn: sqlite3.Connection, *, tag_id: int, rule: RetentionRule, now: float, limit: int) -> int:
    """Delete at most ``limit`` rows of one tag and level that are past their age; returns how many.

    Raw: a sample older than ``now - max_age``. Rollup: a bucket that ended at or before that time.
    """
    cutoff_ms = int((now - rule.max_age_s) * 1000)
    if rule.level == 0:
        table, column, where = "sample", "ts_ms", "tag_id = ?"
        params: tuple[int, ...] = (tag_id,)
        bound = cutoff_ms
    else:
        width = next(level.width_ms for level in LEVELS if level.number == rule.level)
        table, column, where = "rollup", "bucket_ms", "level = ? AND tag_id = ?"
        params = (rule.level, tag_id)
        bound = cutoff_ms - width + 1  # bucket_ms + width <= cutoff
    row = conn.execute(
        f"SELECT {column} FROM {table} WHERE {where} AND {column} < ? ORDER BY {column} LIMIT 1 OFFSET ?",
        (*params, bound, limit - 1),
    ).fetchone()
    upper = bound if row is None else min(bound, row[0] + 1)
    cursor = conn.execute(f"DELETE FROM {table} WHERE {where} AND {column} < ?", (*params, upper))
    if rule.level != 0:  # packed blocks go once all their buckets are past the age
        conn.execute(
            "DELETE FROM rollup_block WHERE level = ? AND tag_id = ? AND block_ms < ?",
            (rule.level, tag_id, cutoff_ms - width * BLOCK_BUCKETS + 1),
        )
    return cursor.rowcount
