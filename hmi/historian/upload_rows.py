"""The uploader's SQL on history.db: cursors, the rows to send next, and advancing after an ack.

Reads run on history.db's read connections in worker threads, writes on its writer thread; the
uploader of one sink is the only one that changes that sink's cursors. Advancing a cursor checks,
inside the writer's transaction, that every row it passes was sent: a sample stored meanwhile behind
the sending (late) is queued in upload_late instead of being skipped.

A tag's rows are its stored samples and its staged ones (sample_recent, hmi/historian/staging.py),
the stored one first when both hold the same time, so live rows go out before the fold. The staged
rows are read once per job for every tag (``staged``): sample_recent is keyed by time, and one read
per tag would scan every tag's rows.
"""

from __future__ import annotations

import bisect
import sqlite3
from dataclasses import dataclass

from hmi.historian.sinks import ROLLUP_WIDTH_MS, RawRow, RollupRow

NEVER = -(2**62)     # a cursor before every row
END = 2**62          # after every row

StagedRow = tuple[int, float | None, int]   # ts_ms, value (None: carries none), quality
ROLLUP_LEVEL = 2     # the 1-minute level of hmi.historian.ingest.LEVELS


@dataclass(slots=True)
class Cursor:
    tag_id: int
    raw_ts_ms: int = NEVER
    live_from_ms: int | None = None
    live_ts_ms: int | None = None
    rollup_ms: int = NEVER

    @property
    def split(self) -> bool:
        """The live stream runs ahead of a backfill."""
        return self.live_from_ms is not None

    @property
    def live_mark(self) -> int:
        return self.live_ts_ms if self.live_ts_ms is not None else self.raw_ts_ms


def tag_names(conn: sqlite3.Connection) -> dict[int, str]:
    return {row[0]: row[1] for row in conn.execute("SELECT id, name FROM tag")}


def load_cursors(conn: sqlite3.Connection, sink: str) -> dict[int, Cursor]:
    rows = conn.execute("SELECT tag_id, raw_ts_ms, live_from_ms, live_ts_ms, rollup_ms FROM upload_cursor "
                        "WHERE sink = ?", (sink,))
    return {row[0]: Cursor(*row) for row in rows}


def save_cursor(conn: sqlite3.Connection, sink: str, cursor: Cursor) -> None:
    conn.execute("INSERT OR REPLACE INTO upload_cursor (sink, tag_id, raw_ts_ms, live_from_ms, live_ts_ms, rollup_ms)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (sink, cursor.tag_id, cursor.raw_ts_ms, cursor.live_from_ms,
                                                cursor.live_ts_ms, cursor.rollup_ms))


def staged_after(conn: sqlite3.Connection, after_ms: int, upto_ms: int | None = None) -> dict[int, list[StagedRow]]:
    """Every tag's staged rows in (after, upto], oldest first, in one read."""
    found: dict[int, list[StagedRow]] = {}
    for ts_ms, tag_id, value, quality in conn.execute(
            "SELECT ts_ms, tag_id, value, quality FROM sample_recent WHERE ts_ms > ? AND ts_ms <= ? ORDER BY ts_ms",
            (after_ms, END if upto_ms is None else upto_ms)):
        found.setdefault(tag_id, []).append((ts_ms, value, quality))
    return found


def oldest_staged(conn: sqlite3.Connection) -> int | None:
    """The oldest staged time: a 1-minute bucket from there on may still lack staged samples."""
    return conn.execute("SELECT min(ts_ms) FROM sample_recent").fetchone()[0]


def _staged_in(staged: list[StagedRow] | None, after_ms: int, upto_ms: int | None) -> list[StagedRow]:
    if not staged:
        return []
    low = bisect.bisect_right(staged, after_ms, key=_ts)
    return staged[low:] if upto_ms is None else staged[low:bisect.bisect_right(staged, upto_ms, key=_ts)]


def _ts(row: StagedRow) -> int:
    return row[0]


def raw_after(conn: sqlite3.Connection, tag_id: int, after_ms: int, upto_ms: int | None,
              limit: int, staged: list[StagedRow] | None = None) -> list[StagedRow]:
    """The tag's rows in (after, upto], oldest first, at most ``limit``; ``staged``: its staged rows."""
    upper = upto_ms if upto_ms is not None else END
    rows: list[StagedRow] = conn.execute(
        "SELECT ts_ms, value, quality FROM sample WHERE tag_id = ? AND ts_ms > ? AND ts_ms <= ? "
        "ORDER BY ts_ms LIMIT ?", (tag_id, after_ms, upper, limit)).fetchall()
    extra = _staged_in(staged, after_ms, upto_ms)
    if not extra:
        return rows
    if not rows:
        return extra[:limit]
    stored = {row[0] for row in rows}
    return sorted(rows + [row for row in extra if row[0] not in stored], key=_ts)[:limit]


def first_after(conn: sqlite3.Connection, tag_id: int, after_ms: int, upto_ms: int | None,
                staged: list[StagedRow] | None = None) -> int | None:
    upper = upto_ms if upto_ms is not None else END
    first = conn.execute("SELECT min(ts_ms) FROM sample WHERE tag_id = ? AND ts_ms > ? AND ts_ms <= ?",
                         (tag_id, after_ms, upper)).fetchone()[0]
    part = _staged_in(staged, after_ms, upto_ms)
    if not part:
        return first
    return part[0][0] if first is None else min(first, part[0][0])


def count_between(conn: sqlite3.Connection, tag_id: int, after_ms: int, upto_ms: int | None,
                  staged: list[StagedRow] | None = None) -> int:
    """Stored and staged rows in (after, upto]: a staged copy of a stored time counts twice (until the
    fold), which makes ``advance`` resend the range: harmless."""
    upper = upto_ms if upto_ms is not None else END
    return int(conn.execute("SELECT count(*) FROM sample WHERE tag_id = ? AND ts_ms > ? AND ts_ms <= ?",
                            (tag_id, after_ms, upper)).fetchone()[0]) + len(_staged_in(staged, after_ms, upto_ms))


def closed_rollups(conn: sqlite3.Connection, name: str, tag_id: int, after_ms: int, before_ms: int,
                   limit: int) -> list[RollupRow]:
    """The tag's 1-minute buckets after ``after_ms`` that end at or before ``before_ms`` (closed by a later sample)."""
    rows = conn.execute(
        "SELECT bucket_ms, n, bad, total, lo, hi, first_v, last_v FROM rollup WHERE level = ? AND tag_id = ? "
        "AND bucket_ms > ? AND bucket_ms <= ? ORDER BY bucket_ms LIMIT ?",
        (ROLLUP_LEVEL, tag_id, after_ms, before_ms - ROLLUP_WIDTH_MS, limit)).fetchall()
    return [rollup_row(name, row) for row in rows]


def rollup_row(name: str, row: tuple[int, int, int, float, float | None, float | None, float | None,
                                     float | None]) -> RollupRow:
    bucket_ms, n, bad, total, lo, hi, first_v, last_v = row
    good = n - bad
    return (name, bucket_ms, n, bad, total / good if good else None, lo, hi, first_v, last_v)


def rollups_at(conn: sqlite3.Connection, name: str, tag_id: int, buckets: list[int]) -> list[RollupRow]:
    found: list[RollupRow] = []
    for bucket_ms in buckets:
        row = conn.execute("SELECT bucket_ms, n, bad, total, lo, hi, first_v, last_v FROM rollup "
                           "WHERE level = ? AND tag_id = ? AND bucket_ms = ?", (ROLLUP_LEVEL, tag_id, bucket_ms)).fetchone()
        if row is not None:
            found.append(rollup_row(name, row))
    return found


def late_rows(conn: sqlite3.Connection, sink: str, names: dict[int, str],
              limit: int) -> tuple[list[tuple[int, int]], list[RawRow]]:
    """Queued late samples: their keys (to delete once sent) and the rows still stored. A late sample
    still staged waits for the fold, so that the bucket resent with it holds it."""
    keys = conn.execute("SELECT tag_id, ts_ms FROM upload_late WHERE sink = ? ORDER BY tag_id, ts_ms LIMIT ?",
                        (sink, limit)).fetchall()
    rows: list[RawRow] = []
    done: list[tuple[int, int]] = []
    for tag_id, ts_ms in keys:
        found = conn.execute("SELECT value, quality FROM sample WHERE tag_id = ? AND ts_ms = ?",
                             (tag_id, ts_ms)).fetchone()
        if found is None and conn.execute("SELECT 1 FROM sample_recent WHERE ts_ms = ? AND tag_id = ?",
                                          (ts_ms, tag_id)).fetchone() is not None:
            continue
        done.append((tag_id, ts_ms))
        if found is not None and tag_id in names:
            rows.append((names[tag_id], ts_ms, found[0], found[1]))
    return done, rows


def forget_late(conn: sqlite3.Connection, sink: str, keys: list[tuple[int, int]]) -> None:
    conn.executemany("DELETE FROM upload_late WHERE sink = ? AND tag_id = ? AND ts_ms = ?",
                     [(sink, tag_id, ts_ms) for tag_id, ts_ms in keys])


def advance(conn: sqlite3.Connection, sink: str, cursor: Cursor, *, sent: dict[tuple[int, int], int],
            staged: list[StagedRow] | None = None) -> None:
    """Save the cursor once a sink acknowledged; ``sent`` counts the rows sent per passed range (after, upto].

    A range holding more rows than were sent got a sample while it was being sent: all of its rows
    are queued as late (sending a row twice is harmless, missing one is not). ``staged``: the tag's
    staged rows over those ranges, which count as rows too.
    """
    for (after_ms, upto_ms), count in sent.items():
        if count_between(conn, cursor.tag_id, after_ms, upto_ms, staged) != count:
            for table in ("sample", "sample_recent"):
                conn.execute(f"INSERT OR IGNORE INTO upload_late (sink, tag_id, ts_ms) SELECT ?, tag_id, ts_ms "
                             f"FROM {table} WHERE tag_id = ? AND ts_ms > ? AND ts_ms <= ?",
                             (sink, cursor.tag_id, after_ms, upto_ms))
    save_cursor(conn, sink, cursor)


def record_state(conn: sqlite3.Connection, sink: str, *, now: float, last_ok: float | None, last_error: str | None,
                 rows_per_s: float) -> None:
    conn.execute("INSERT OR REPLACE INTO upload_sink (sink, updated, last_ok, last_error, rows_per_s) "
                 "VALUES (?, ?, ?, ?, ?)", (sink, now, last_ok, last_error, rows_per_s))


@dataclass(frozen=True, slots=True)
class Backlog:
    rows: int
    oldest_ms: int | None   # the oldest row not yet acknowledged


def backlog(conn: sqlite3.Connection, sink: str) -> Backlog:
    """Rows not yet acknowledged by the sink (a tag without a cursor: all of its rows), and the oldest."""
    cursors = load_cursors(conn, sink)
    rows, oldest = 0, None
    staged = staged_after(conn, NEVER)
    for tag_id in tag_names(conn):
        cursor = cursors.get(tag_id, Cursor(tag_id))
        ranges = ([(cursor.raw_ts_ms, cursor.live_from_ms), (cursor.live_mark, None)] if cursor.split
                  else [(cursor.raw_ts_ms, None)])
        for after_ms, upto_ms in ranges:
            rows += count_between(conn, tag_id, after_ms, upto_ms, staged.get(tag_id))
            first = first_after(conn, tag_id, after_ms, upto_ms, staged.get(tag_id))
            if first is not None and (oldest is None or first < oldest):
                oldest = first
    late = conn.execute("SELECT count(*), min(ts_ms) FROM upload_late WHERE sink = ?", (sink,)).fetchone()
    if late[0]:
        rows += late[0]
        oldest = late[1] if oldest is None else min(oldest, late[1])
    return Backlog(rows, oldest)


def acknowledged_before(conn: sqlite3.Connection, sinks: list[str], tag_id: int) -> int:
    """Every raw row of the tag before this time (ms) is acknowledged by all these sinks."""
    bound = 2**62
    for sink in sinks:
        row = conn.execute("SELECT raw_ts_ms FROM upload_cursor WHERE sink = ? AND tag_id = ?",
                           (sink, tag_id)).fetchone()
        bound = min(bound, NEVER if row is None else row[0] + 1)
        late = conn.execute("SELECT min(ts_ms) FROM upload_late WHERE sink = ? AND tag_id = ?",
                            (sink, tag_id)).fetchone()[0]
        if late is not None:
            bound = min(bound, late)
    return bound
