"""The uploader: history.db's raw samples and 1-minute rollups to each configured sink, losing nothing.

One ``SinkUploader`` per sink runs under the connection supervisor (connect = open the sink, serve =
upload until the sink fails). Cursors per sink and tag live in history.db and advance only after the
sink acknowledged a batch, so a kill -9 at any moment resends at most one batch (the sinks are
idempotent). Live rows go first, every ``live_interval_s``, read from the staged rows as well (they
reach history's tables only at the minute's fold); a 1-minute bucket goes once it is closed and no
staged sample can still fall into it. A tag whose unsent rows are older than
``live_window_s`` is split: the live stream goes on from now, and the backlog behind it is
backfilled oldest first in the time left between live ticks, under a row-rate and CPU budget.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from hmi.clock import Clock
from hmi.historian.database import HistoryDatabase
from hmi.historian.sinks import ROLLUP_WIDTH_MS, HistorySink, RawBatch, RawRow, RollupBatch, RollupRow
from hmi.historian.upload_config import HistorySection
from hmi.historian.upload_rows import (
    NEVER,
    Backlog,
    Cursor,
    advance,
    backlog,
    closed_rollups,
    first_after,
    forget_late,
    late_rows,
    load_cursors,
    oldest_staged,
    raw_after,
    record_state,
    rollups_at,
    save_cursor,
    staged_after,
    tag_names,
)

log = logging.getLogger(__name__)

Range = tuple[int, int]   # (after, upto] in ms


@dataclass(slots=True)
class _Pending:
    """What one batch moves: rows to send, and per tag the new cursor and the ranges it passes."""

    rows: list[RawRow]
    rollups: list[RollupRow]
    cursors: dict[int, Cursor]
    ranges: dict[int, dict[Range, int]]


@dataclass(frozen=True, slots=True)
class UploadStatus:
    backlog_rows: int
    oldest_unsent: float | None     # seconds since the epoch
    rows_per_s: float
    backfilling: bool


class SinkUploader:
    """One sink's upload loop, as a ``SupervisedConnection``: the supervisor owns reconnects and health."""

    def __init__(self, *, name: str, sink: HistorySink, db: HistoryDatabase, clock: Clock, settings: HistorySection,
                 on_status: Callable[[UploadStatus], None] | None = None) -> None:
        self.name = name
        self._sink = sink
        self._db = db
        self._clock = clock
        self._settings = settings
        self._on_status = on_status
        self._cursors: dict[int, Cursor] = {}
        self._names: dict[int, str] = {}
        self._sent_since = 0
        self._rate_since = time.monotonic()
        self.rows_per_s = 0.0
        self.status: UploadStatus | None = None
        self.last_error: str | None = None
        self.last_ok: float | None = None
        self._span_ms = 60_000   # backfill window, adapted to give about batch_rows rows

    # SupervisedConnection ---------------------------------------------------------------------------
    async def connect(self) -> str:
        summary = await self._sink.open()
        self._cursors = await self._db.read(lambda db: load_cursors(db.conn, self.name))
        return summary

    async def serve(self) -> None:
        try:
            await self._serve()
        except Exception as exc:
            self.last_error = str(exc) or type(exc).__name__
            await self._record()
            raise

    async def close(self) -> None:
        await self._sink.close()

    # The loop ---------------------------------------------------------------------------------------
    async def _serve(self) -> None:
        settings = self._settings
        next_live = time.monotonic()
        next_status = next_live
        backfill_at = next_live
        has_backfill = True
        while True:
            now = time.monotonic()
            if now >= next_live:
                await self.upload_live()
                await self.upload_late()
                next_live = now + settings.live_interval_s
                self.last_ok = self._clock.now()
                self.last_error = None
            elif has_backfill and now >= backfill_at:
                cpu, started = time.process_time(), now
                rows = await self.backfill_once()
                has_backfill = rows > 0 or any(c.split for c in self._cursors.values())
                spent = time.monotonic() - started
                pause = max(rows / settings.backfill_rows_per_s,
                            (time.process_time() - cpu) / settings.backfill_cpu_share) - spent
                backfill_at = time.monotonic() + max(0.0, pause)
            else:
                wake = min(next_live, backfill_at if has_backfill else math.inf, next_status)
                await asyncio.sleep(max(0.0, wake - now))
            if time.monotonic() >= next_status:
                began = time.monotonic()
                await self.refresh_status()
                has_backfill = has_backfill or any(c.split for c in self._cursors.values())
                # Counting a large backlog costs: do it at most a twentieth of the time.
                next_status = time.monotonic() + max(2.0, 20 * (time.monotonic() - began))

    async def _refresh_tags(self) -> None:
        names = await self._db.read(lambda db: tag_names(db.conn))
        new = [tag_id for tag_id in names if tag_id not in self._cursors]
        if new:
            fresh = [Cursor(tag_id) for tag_id in new]

            def save(db: sqlite_utils.Database) -> None:
                for cursor in fresh:
                    save_cursor(db.conn, self.name, cursor)

            await self._db.write(save)
            self._cursors.update((c.tag_id, c) for c in fresh)
        self._names = names

    async def upload_live(self) -> int:
        """Send every tag's rows after its live mark; a tag behind by more than the window is split first."""
        await self._refresh_tags()
        floor = round((self._clock.now() - self._settings.live_window_s) * 1000)
        pending = await self._db.read(lambda db: self._read_live(db.conn, floor))
        return await self._send(pending, historical=False)

    def _read_live(self, conn: sqlite3.Connection, floor_ms: int) -> _Pending:
        limit = self._settings.batch_rows
        pending = _Pending([], [], {}, {})
        marks = [cursor.live_mark for cursor in self._cursors.values()]
        staged = staged_after(conn, min(marks)) if marks else {}
        staged_from = oldest_staged(conn)
        for tag_id, cursor in self._cursors.items():
            name = self._names.get(tag_id)
            if name is None:
                continue
            mark = cursor.live_mark
            rows = raw_after(conn, tag_id, mark, None, limit, staged.get(tag_id))
            if not rows:
                continue
            new = Cursor(tag_id, cursor.raw_ts_ms, cursor.live_from_ms, cursor.live_ts_ms, cursor.rollup_ms)
            if not cursor.split and rows[0][0] <= floor_ms:
                # Behind by more than the live window: live goes on from the window, the rest is backfilled.
                new.live_from_ms = new.live_ts_ms = mark = max(cursor.raw_ts_ms, floor_ms)
                rows = raw_after(conn, tag_id, mark, None, limit, staged.get(tag_id))
            upto = rows[-1][0] if rows else mark
            pending.rows += [(name, ts, value, quality) for ts, value, quality in rows]
            if new.split:
                new.live_ts_ms = upto
            else:
                new.raw_ts_ms = upto
                self._add_rollups(conn, pending, name, new, staged_from)
            pending.cursors[tag_id] = new
            pending.ranges[tag_id] = {(mark, upto): len(rows)}
        return pending

    def _add_rollups(self, conn: sqlite3.Connection, pending: _Pending, name: str, cursor: Cursor,
                     staged_from: int | None) -> None:
        """The closed 1-minute buckets up to the contiguous cursor, and before the oldest staged sample
        (the rollups lack it until the fold); sent in the same step as their rows."""
        before = cursor.raw_ts_ms + 1 if staged_from is None else min(cursor.raw_ts_ms + 1, staged_from)
        if cursor.rollup_ms != NEVER and cursor.rollup_ms + 2 * ROLLUP_WIDTH_MS > before:
            return   # no bucket after the last one sent has closed
        rollups = closed_rollups(conn, name, cursor.tag_id, cursor.rollup_ms, before, self._settings.batch_rows)
        if rollups:
            pending.rollups += rollups
            cursor.rollup_ms = rollups[-1][1]

    async def backfill_once(self) -> int:
        """One batch of the oldest backlog (split tags, up to their live start); returns the rows sent."""
        splits = [c for c in self._cursors.values() if c.split]
        if not splits:
            return 0
        pending = await self._db.read(lambda db: self._read_backfill(db.conn, splits))
        return await self._send(pending, historical=True)

    def _read_backfill(self, conn: sqlite3.Connection, splits: list[Cursor]) -> _Pending:
        limit = self._settings.batch_rows
        staged = staged_after(conn, min(c.raw_ts_ms for c in splits),
                              max((c.live_from_ms for c in splits if c.live_from_ms is not None), default=NEVER))
        staged_from = oldest_staged(conn)
        firsts = {c.tag_id: first_after(conn, c.tag_id, c.raw_ts_ms, c.live_from_ms, staged.get(c.tag_id))
                  for c in splits}
        starts = [ts for ts in firsts.values() if ts is not None]
        end = (min(starts) + self._span_ms) if starts else 0
        pending = _Pending([], [], {}, {})
        for cursor in splits:
            assert cursor.live_from_ms is not None
            name = self._names.get(cursor.tag_id)
            new = Cursor(cursor.tag_id, cursor.raw_ts_ms, cursor.live_from_ms, cursor.live_ts_ms, cursor.rollup_ms)
            if firsts[cursor.tag_id] is None:
                upto, rows = cursor.live_from_ms, []
            elif name is None or firsts[cursor.tag_id] > end:  # type: ignore[operator]
                continue
            else:
                upto = min(end, cursor.live_from_ms)
                rows = raw_after(conn, cursor.tag_id, cursor.raw_ts_ms, upto, limit, staged.get(cursor.tag_id))
                if len(rows) == limit:
                    upto = rows[-1][0]
                pending.rows += [(name, ts, value, quality) for ts, value, quality in rows]
            pending.ranges[cursor.tag_id] = {(cursor.raw_ts_ms, upto): len(rows)}
            new.raw_ts_ms = upto
            if upto >= cursor.live_from_ms:   # caught up with the live stream: one cursor again
                new.raw_ts_ms = cursor.live_mark
                new.live_from_ms = new.live_ts_ms = None
            if name is not None:
                self._add_rollups(conn, pending, name, new, staged_from)
            pending.cursors[cursor.tag_id] = new
        got = len(pending.rows)
        target = self._settings.batch_rows
        if starts:
            factor = min(4.0, max(0.25, target / got)) if got else 4.0
            self._span_ms = max(1000, min(86_400_000, int(self._span_ms * factor)))
        return pending

    async def upload_late(self) -> int:
        """Resend samples stored behind the cursor, and the buckets they changed that were already sent."""
        keys, rows = await self._db.read(lambda db: late_rows(db.conn, self.name, self._names,
                                                              self._settings.batch_rows))
        if not keys:
            return 0
        resent: dict[int, set[int]] = {}
        for tag_id, ts_ms in keys:
            cursor = self._cursors.get(tag_id)
            bucket = ts_ms - ts_ms % ROLLUP_WIDTH_MS
            if cursor is not None and bucket <= cursor.rollup_ms:
                resent.setdefault(tag_id, set()).add(bucket)
        rollups = await self._db.read(lambda db: [row for tag_id, buckets in resent.items() if tag_id in self._names
                                                  for row in rollups_at(db.conn, self._names[tag_id], tag_id,
                                                                        sorted(buckets))])
        await self._sink.write_raw(RawBatch(rows, historical=True))
        if rollups:
            await self._sink.write_rollups(RollupBatch(rollups, historical=True))
        await self._db.write(lambda db: forget_late(db.conn, self.name, keys))
        self._count(len(rows))
        return len(rows)

    async def _send(self, pending: _Pending, *, historical: bool) -> int:
        if pending.rows:
            await self._sink.write_raw(RawBatch(pending.rows, historical=historical))
        if pending.rollups:
            await self._sink.write_rollups(RollupBatch(pending.rollups, historical=historical))
        if pending.cursors:
            def save(db: sqlite_utils.Database) -> None:
                ranges = [passed for by_tag in pending.ranges.values() for passed in by_tag]
                staged = staged_after(db.conn, min(r[0] for r in ranges),
                                      max(r[1] for r in ranges)) if ranges else {}
                for tag_id, cursor in pending.cursors.items():
                    advance(db.conn, self.name, cursor, sent=pending.ranges.get(tag_id, {}), staged=staged.get(tag_id))

            await self._db.write(save)
            self._cursors.update(pending.cursors)
        self._count(len(pending.rows))
        return len(pending.rows)

    def _count(self, rows: int) -> None:
        self._sent_since += rows

    # Status -----------------------------------------------------------------------------------------
    async def refresh_status(self) -> UploadStatus:
        now = time.monotonic()
        elapsed = now - self._rate_since
        if elapsed > 0:
            self.rows_per_s = self._sent_since / elapsed
        self._sent_since, self._rate_since = 0, now
        found: Backlog = await self._db.read(lambda db: backlog(db.conn, self.name))
        self.status = UploadStatus(found.rows, None if found.oldest_ms is None else found.oldest_ms / 1000,
                                   self.rows_per_s, any(c.split for c in self._cursors.values()))
        await self._record()
        if self._on_status is not None:
            self._on_status(self.status)
        return self.status

    async def _record(self) -> None:
        record = functools.partial(record_state, sink=self.name, now=self._clock.now(), last_ok=self.last_ok,
                                   last_error=self.last_error, rows_per_s=self.rows_per_s)
        await self._db.write(lambda db: record(db.conn))


__all__ = ["NEVER", "SinkUploader", "UploadStatus"]
