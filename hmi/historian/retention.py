"""Age limits per level, enforced in small deletes so that ingest batches slip in between them.

Raw rows a configured history sink has not acknowledged are kept past their age. Only when
history.db is over its disk limit are raw rows older than ``unacknowledged_keep_days`` deleted
anyway: those are counted per tag in upload_dropped, logged, shown and sent to the MES.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

from hmi.historian.ingest import BLOCK_BUCKETS, LEVELS


@dataclass(frozen=True, slots=True)
class RetentionRule:
    level: int  # 0 = raw samples, else a rollup level number
    max_age_s: float


def delete_expired_chunk(conn: sqlite3.Connection, *, tag_id: int, rule: RetentionRule, now: float, limit: int,
                         keep_for: list[str] | None = None) -> int:
    """Delete at most ``limit`` rows of one tag and level that are past their age; returns how many.

    Raw: a sample older than ``now - max_age`` that every sink in ``keep_for`` has acknowledged.
    Rollup: a bucket that ended at or before that time.
    """
    cutoff_ms = int((now - rule.max_age_s) * 1000)
    if rule.level == 0:
        table, column, where = "sample", "ts_ms", "tag_id = ?"
        params: tuple[int, ...] = (tag_id,)
        bound = keep_unsent(conn, tag_id=tag_id, sinks=keep_for or [], cutoff_ms=cutoff_ms)
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


@dataclass(frozen=True, slots=True)
class UnsentPolicy:
    """Raw rows these sinks have not acknowledged are kept past their age, unless history.db is over
    ``disk_limit_mb`` (0: no limit): then rows older than ``keep_days`` go, counted as ``Dropped``."""

    sinks: tuple[str, ...] = ()
    disk_limit_mb: float = 0.0
    keep_days: float = math.inf


@dataclass(frozen=True, slots=True)
class Dropped:
    """Raw rows of one tag that retention deleted before every configured sink had them."""

    tag: str
    rows: int
    first_ms: int
    last_ms: int


def keep_unsent(conn: sqlite3.Connection, *, tag_id: int, sinks: list[str], cutoff_ms: int) -> int:
    """The raw cutoff lowered so that no row a configured sink has not acknowledged is deleted."""
    from hmi.historian.upload_rows import acknowledged_before

    return min(cutoff_ms, acknowledged_before(conn, sinks, tag_id)) if sinks else cutoff_ms


def used_bytes(conn: sqlite3.Connection) -> int:
    """What history.db's pages hold (pages freed by deletes are reused, so this is what counts)."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0]
    return int(pages * conn.execute("PRAGMA page_size").fetchone()[0])


def drop_unsent_chunk(conn: sqlite3.Connection, *, tag_id: int, sinks: list[str], before_ms: int, limit: int,
                      now: float) -> tuple[int, Dropped | None]:
    """Delete at most ``limit`` of the tag's oldest raw rows before ``before_ms``, acknowledged or not.

    Returns how many went, and those no sink had yet (recorded in upload_dropped, never silently).
    """
    row = conn.execute("SELECT ts_ms FROM sample WHERE tag_id = ? AND ts_ms < ? ORDER BY ts_ms LIMIT 1 OFFSET ?",
                       (tag_id, before_ms, limit - 1)).fetchone()
    upper = before_ms if row is None else min(before_ms, row[0] + 1)
    protect = keep_unsent(conn, tag_id=tag_id, sinks=sinks, cutoff_ms=upper)
    unsent = conn.execute("SELECT count(*), min(ts_ms), max(ts_ms) FROM sample WHERE tag_id = ? AND ts_ms >= ? "
                          "AND ts_ms < ?", (tag_id, protect, upper)).fetchone()
    deleted = conn.execute("DELETE FROM sample WHERE tag_id = ? AND ts_ms < ?", (tag_id, upper)).rowcount
    dropped = None
    if unsent[0]:
        name = conn.execute("SELECT name FROM tag WHERE id = ?", (tag_id,)).fetchone()[0]
        dropped = Dropped(name, int(unsent[0]), int(unsent[1]), int(unsent[2]))
        conn.execute("INSERT INTO upload_dropped (ts, tag_id, rows, first_ms, last_ms) VALUES (?, ?, ?, ?, ?)",
                     (now, tag_id, dropped.rows, dropped.first_ms, dropped.last_ms))
        conn.execute("DELETE FROM upload_late WHERE tag_id = ? AND ts_ms < ?", (tag_id, upper))
    return deleted, dropped
