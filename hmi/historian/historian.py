"""The historian: follows the tag bus, keeps what matters, and answers trend queries quickly.

On the loop it only filters (deadband, quality change, heartbeat) and appends to a list; every
commit interval the list goes to the history writer thread as one transaction. A live batch (a few
samples per tag) is staged and folded into history every minute (hmi/historian/staging.py); a
bigger one is stored directly. Queries run on read connections in worker threads and see both.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from hmi.clock import Clock
from hmi.config import HistorianSection
from hmi.historian.database import HistoryDatabase
from hmi.historian.ingest import QUALITY_CODES, Batch, Ingestor
from hmi.historian.query import PointValue, Series, query_series, raw_rows, values_at
from hmi.historian.retention import (
    Dropped,
    RetentionRule,
    UnsentPolicy,
    delete_expired_chunk,
    drop_unsent_chunk,
    used_bytes,
)
from hmi.historian.staging import Staging
from hmi.historian.tag_info import TagInfo
from hmi.observable import Event, Unsubscribe
from hmi.tags.bus import TagBus
from hmi.tags.sample import Quality, Sample

log = logging.getLogger(__name__)

RETENTION_CHUNK = 5_000


@dataclass(slots=True)
class _Stored:
    ts: float
    value: float
    quality: int


def numeric(value: object) -> float:
    """The number a sample carries, NaN when it carries none (text, None, inf)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) else math.nan
    return math.nan


def _delete_chunk(db: sqlite_utils.Database, *, tag_id: int, rule: RetentionRule, now: float, limit: int,
                  keep_for: list[str]) -> int:
    return delete_expired_chunk(db.conn, tag_id=tag_id, rule=rule, now=now, limit=limit, keep_for=keep_for)


def retention_rules(settings: HistorianSection) -> list[RetentionRule]:
    day = 86_400.0
    return [
        RetentionRule(0, settings.raw_retention_days * day),
        RetentionRule(1, settings.rollup_10s_retention_days * day),
        RetentionRule(2, settings.rollup_1m_retention_days * day),
        RetentionRule(3, settings.rollup_10m_retention_days * day),
        RetentionRule(4, settings.rollup_1h_retention_days * day),
    ]


class Historian:
    name = "historian"

    def __init__(
        self,
        *,
        path: Path,
        bus: TagBus,
        clock: Clock,
        settings: HistorianSection,
        deadbands: dict[str, float] | None = None,
        infos: dict[str, TagInfo] | None = None,
        unsent: UnsentPolicy | None = None,   # none: every raw row goes at its age
    ) -> None:
        self.path = path
        self.db = HistoryDatabase(path=path)
        self._bus = bus
        self._clock = clock
        self._settings = settings
        self._deadbands = dict(deadbands or {})
        self._infos = dict(infos or {})
        self._pending: list[tuple[str, int, float, int]] = []
        self._stored: dict[str, _Stored] = {}
        self._ingestor = Ingestor()
        self._staging = Staging()
        self._tag_ids: dict[str, int] = {}  # owned by the writer thread
        self._unsubscribe: Unsubscribe | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._flush_lock = asyncio.Lock()
        unsent = unsent or UnsentPolicy()
        self._keep_for = list(unsent.sinks)
        self._disk_limit_bytes = int(unsent.disk_limit_mb * 1024 * 1024)
        self._unsent_keep_s = unsent.keep_days * 86_400.0
        # Retention deleted raw rows a history sink had not acknowledged (the disk limit won).
        self.dropped: Event[list[Dropped]] = Event("history.dropped")

    # Life cycle ----------------------------------------------------------------------------------
    def open(self) -> Historian:
        """Open and migrate history.db. Blocking: call before the loop runs the station."""
        self.db.open()
        return self

    def close(self) -> None:
        self.db.close()

    async def start(self) -> None:
        if not self._settings.enabled:
            return
        self._unsubscribe = self._bus.subscribe(self.accept)
        self._tasks = [
            asyncio.create_task(self._flush_forever(), name="historian-flush"),
            asyncio.create_task(self._retention_forever(), name="historian-retention"),
        ]

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self.db.is_open:
            await self.flush()
            await self.db.write(self._fold)   # a stopped station leaves nothing staged

    # Ingest --------------------------------------------------------------------------------------
    def accept(self, sample: Sample) -> None:
        """Bus subscriber: keep the sample if it moved past the deadband, changed quality, or the
        heartbeat is due. Late samples (older than the last kept one) are always kept."""
        value = numeric(sample.value)
        quality = QUALITY_CODES.get(sample.quality, QUALITY_CODES[Quality.BAD])
        last = self._stored.get(sample.tag)
        if last is not None and sample.ts >= last.ts:
            same_nan = math.isnan(value) and math.isnan(last.value)
            moved = not same_nan and (
                math.isnan(value) != math.isnan(last.value)
                or abs(value - last.value) > self._deadbands.get(sample.tag, 0.0)
            )
            due = sample.ts - last.ts >= self._settings.heartbeat_s
            if not moved and quality == last.quality and not due:
                return
        if last is None or sample.ts >= last.ts:
            self._stored[sample.tag] = _Stored(sample.ts, value, quality)
        self._pending.append((sample.tag, round(sample.ts * 1000), value, quality))

    async def flush(self) -> int:
        """Commit everything accepted so far; returns how many new samples were stored."""
        async with self._flush_lock:
            rows, self._pending = self._pending, []
            if not rows:
                if self._staging.due():   # the bus went quiet: what is staged still moves on time
                    await self.db.write(self._fold)
                return 0
            return await self.db.write(lambda db: self._ingest(db, rows))

    def _ingest(self, db: sqlite_utils.Database, rows: list[tuple[str, int, float, int]]) -> int:
        conn = db.conn
        try:
            ids = self._ids_for(conn, {row[0] for row in rows})
            batch = Batch.from_rows([(ids[tag], ts, value, quality) for tag, ts, value, quality in rows])
            if Staging.wants(batch):
                added = self._staging.stage(conn, batch)
                if self._staging.due():
                    self._staging.fold(conn, self._ingestor)
                return added
            self._staging.fold(conn, self._ingestor)  # staged samples came first: first write wins
            return self._ingestor.ingest(conn, batch)
        except BaseException:
            self._forget()
            raise

    def _fold(self, db: sqlite_utils.Database) -> int:
        try:
            return self._staging.fold(db.conn, self._ingestor)
        except BaseException:
            self._forget()
            raise

    def _forget(self) -> None:
        self._ingestor.forget()
        self._staging.forget()
        self._tag_ids.clear()

    def _ids_for(self, conn: sqlite3.Connection, names: set[str]) -> dict[str, int]:
        for name in names - self._tag_ids.keys():
            conn.execute("INSERT OR IGNORE INTO tag (name) VALUES (?)", (name,))
            self._tag_ids[name] = conn.execute("SELECT id FROM tag WHERE name = ?", (name,)).fetchone()[0]
        return self._tag_ids

    async def _flush_forever(self) -> None:
        while True:
            await asyncio.sleep(self._settings.commit_interval_s)
            try:
                await self.flush()
            except Exception:
                log.exception("writing history failed; the samples of this batch are lost")

    # Retention -----------------------------------------------------------------------------------
    async def enforce_retention(self, now: float | None = None) -> int:
        """Delete what is past its age, one small transaction at a time; returns rows deleted."""
        now = self._clock.now() if now is None else now
        tag_ids = await self.db.read(lambda db: [row[0] for row in db.conn.execute("SELECT id FROM tag")])
        deleted = 0
        for rule in retention_rules(self._settings):
            for tag_id in tag_ids:
                chunk = functools.partial(_delete_chunk, tag_id=tag_id, rule=rule, now=now, limit=RETENTION_CHUNK,
                                          keep_for=self._keep_for)
                while True:
                    count = await self.db.write(chunk)
                    deleted += count
                    if count < RETENTION_CHUNK:
                        break
        if self._disk_limit_bytes and await self.db.read(lambda db: used_bytes(db.conn)) > self._disk_limit_bytes:
            deleted += await self._drop_unsent(tag_ids, now)
        return deleted

    async def _drop_unsent(self, tag_ids: list[int], now: float) -> int:
        """Over the disk limit: raw rows past the unacknowledged keep go, sent or not, counted."""
        before_ms = int((now - self._unsent_keep_s) * 1000)
        deleted, dropped = 0, []
        for tag_id in tag_ids:
            chunk = functools.partial(drop_unsent_chunk, tag_id=tag_id, sinks=self._keep_for, before_ms=before_ms,
                                      limit=RETENTION_CHUNK, now=now)
            while True:
                count, lost = await self.db.write(lambda db, chunk=chunk: chunk(db.conn))  # type: ignore[misc]
                deleted += count
                if lost is not None:
                    dropped.append(lost)
                if count < RETENTION_CHUNK:
                    break
        if dropped:
            total = sum(d.rows for d in dropped)
            log.warning("history.db is over its disk limit: %d raw rows deleted before every history sink had them "
                        "(%s)", total, ", ".join(f"{d.tag}: {d.rows}" for d in dropped))
            await self.dropped.emit(dropped)
        return deleted

    async def _retention_forever(self) -> None:
        while True:
            try:
                await self.enforce_retention()
            except Exception:
                log.exception("history retention failed; will try again")
            await asyncio.sleep(self._settings.retention_every_s)

    # Tags ----------------------------------------------------------------------------------------
    def info(self, tag: str) -> TagInfo:
        return self._infos.get(tag, TagInfo())

    def describe(self, tag: str, info: TagInfo) -> None:
        """Tell trends about a tag that is not in the config (demo and simulated tags)."""
        self._infos[tag] = info

    # Reads ---------------------------------------------------------------------------------------
    async def tags(self) -> list[str]:
        return await self.db.read(lambda db: [r[0] for r in db.conn.execute("SELECT name FROM tag ORDER BY name")])

    async def query(self, tags: list[str], start: float, end: float, max_points: int = 2000) -> dict[str, Series]:
        """Per tag at most ``max_points`` points over [start, end), min and max of each bucket, NaN gaps."""
        return await self.db.read(lambda db: query_series(db.conn, list(tags), start, end, max_points))

    async def trend(self, tags: list[str], start: float, end: float, *,
                    max_points: int = 400) -> dict[str, list[tuple[float, float]]]:
        """Per tag the (ts, value) points over [start, end), gaps left out: the process values of a report."""
        series = await self.query(tags, start, end, max_points=max_points)
        return {tag: [(t, v) for t, v in zip(s.t.tolist(), s.v.tolist(), strict=True) if v == v]
                for tag, s in series.items()}

    async def values_at(self, tags: list[str], at: float) -> dict[str, PointValue | None]:
        return await self.db.read(lambda db: values_at(db.conn, list(tags), at))

    async def raw(self, tag: str, start: float, end: float) -> list[tuple[float, float | None, Quality]]:
        return await self.db.read(lambda db: raw_rows(db.conn, tag, start, end))

    async def export_csv(self, tags: list[str], start: float, end: float, path: Path) -> int:
        """The raw samples of ``tags`` in [start, end) as CSV at ``path``, in a worker thread."""
        from hmi.historian.export import write_csv

        infos = {tag: self.info(tag) for tag in tags}
        return await self.db.read(lambda db: write_csv(db.conn, tags=tags, start=start, end=end, path=path,
                                                       infos=infos))
