"""The alarm service: the state machine fed from the tag bus, persisted in batches, checked by role.

Samples are evaluated on the event loop (cheap: definitions are indexed by tag). The transitions
they cause are queued and written by one background task, one transaction per batch, so a flood
of a thousand alarms costs the loop a few milliseconds and the store a single commit. Views learn
of changes through ``changed`` (at most once per loop turn) and coalesce their repaints.
"""

from __future__ import annotations

import asyncio
import logging
import math
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from hmi.alarms import persistence
from hmi.alarms.core import AlarmCore
from hmi.alarms.definitions import AlarmDefinition, Priority
from hmi.alarms.model import AlarmActionError, AlarmState, Transition
from hmi.alarms.performance import Performance, performance
from hmi.auth import AuthService, Permission
from hmi.auth.permissions import SYSTEM_MES
from hmi.clock import Clock
from hmi.observable import Observable, ObservableView, Unsubscribe
from hmi.production.text_rules import checked_text
from hmi.shutdown import bounded, cancel_and_wait
from hmi.store import Store
from hmi.tags import Sample, TagBus, Value

log = logging.getLogger(__name__)

WRITER_STOP_TIMEOUT_S = 5.0  # at stop, how long the writer may take to commit the batch in hand
MAX_ALARM_TEXT = 500  # a comment or a reason, as typed at the station


def _text(value: str, field: str) -> str:
    """Operator text checked at the service edge, so a transition never carries text the store cannot take."""
    return checked_text(value, field=field, max_length=MAX_ALARM_TEXT, error=AlarmActionError)


@dataclass(frozen=True, slots=True)
class AlarmView:
    """One alarm as the list and the banner show it."""

    alarm_id: str
    definition: AlarmDefinition
    state: AlarmState
    since: float
    value: Value
    active: bool
    acked: bool
    latched: bool                    # active although the process is back to normal: needs a reset
    shelved_until: float | None
    shelve_reason: str
    oos_reason: str

    @property
    def priority(self) -> Priority:
        return self.definition.priority


@dataclass(frozen=True, slots=True)
class AlarmSummary:
    unacked: dict[Priority, int]
    active: dict[Priority, int]
    newest_unacked: AlarmView | None   # the newest of the highest priority among the unacknowledged
    shelved: int
    suppressed: int
    out_of_service: int

    @property
    def total_unacked(self) -> int:
        return sum(self.unacked.values())


class Span(Protocol):
    """A stretch of time something ran, as a lot has it (``ended_at`` None: still running)."""

    @property
    def started_at(self) -> float: ...

    @property
    def ended_at(self) -> float | None: ...


class AlarmService:
    name = "alarms"

    def __init__(self, *, store: Store, bus: TagBus, auth: AuthService, clock: Clock,
                 definitions: dict[str, AlarmDefinition], station_id: str, tick_s: float = 0.1) -> None:
        self._store = store
        self._bus = bus
        self._auth = auth
        self._clock = clock
        self._station = station_id
        self._tick_s = tick_s
        self.core = AlarmCore(definitions=definitions)
        self._changed: Observable[int] = Observable(0)
        self.changed: ObservableView[int] = self._changed.view()
        self._pending: list[Transition] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._wake: asyncio.Event | None = None
        self._writer_task: asyncio.Task[None] | None = None
        self._tick_handle: asyncio.TimerHandle | None = None
        self._unsubscribe: Unsubscribe | None = None
        self._notify_scheduled = False
        self._stopping = False
        self._in_flight = 0  # transitions taken from _pending whose commit has not come back yet
        self._loop: asyncio.AbstractEventLoop | None = None

    # Component ----------------------------------------------------------------------------------
    async def start(self) -> None:
        limits, records = await self._store.read(
            lambda db: (persistence.load_limits(db), persistence.load_records(db)))
        for override in limits:
            if override.alarm_id in self.core.definitions:
                try:
                    self.core.replace_limit(override.alarm_id, limit=override.limit, deadband=override.deadband)
                except AlarmActionError as exc:
                    log.warning("stored limit for %s not used: %s", override.alarm_id, exc)
        self.core.restore(records)
        self._loop = asyncio.get_running_loop()
        self._stopping = False
        self._wake = asyncio.Event()
        self._writer_task = asyncio.create_task(self._write_forever(), name="alarms-writer")
        self._tick_handle = self._loop.call_later(self._tick_s, self._on_tick)
        self._unsubscribe = self._bus.subscribe(self.on_sample)
        self._notify()

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._tick_handle is not None:
            self._tick_handle.cancel()
            self._tick_handle = None
        if self._writer_task is not None:
            # Let the writer finish the batch it has in hand (cancelling it mid-commit would re-queue a batch
            # that commits anyway, and it would be written twice), then cancel it if it overruns.
            self._stopping = True
            if self._wake is not None:
                self._wake.set()
            finished = await bounded(asyncio.shield(self._writer_task), timeout_s=WRITER_STOP_TIMEOUT_S,
                                     what="the alarm writer")
            if not finished:
                await cancel_and_wait([self._writer_task], timeout_s=WRITER_STOP_TIMEOUT_S, what="the alarm writer")
            self._writer_task = None
        if self._pending:  # what the loop had not written yet
            await self._write_batch()
        self._loop = None

    # Input --------------------------------------------------------------------------------------
    def on_sample(self, sample: Sample) -> None:
        before = len(self._pending)
        self.core.on_sample(sample, self._clock.now(), self._pending)
        if len(self._pending) != before:
            self._queued()

    def replay(self, sample: Sample, *, at: float) -> None:
        """Evaluate a sample as if it arrived at ``at`` (demo data, replays); live data uses on_sample."""
        before = len(self._pending)
        self.core.on_sample(sample, at, self._pending)
        if len(self._pending) != before:
            self._queued()

    def tick(self, *, at: float | None = None) -> None:
        """Delays and shelve times that ran out. Runs every ``tick_s``; tests call it after moving the clock."""
        before = len(self._pending)
        self.core.tick(self._clock.now() if at is None else at, self._pending)
        if len(self._pending) != before:
            self._queued()

    async def flush(self) -> None:
        """Wait until every transition so far is committed (including a batch the writer has in hand)."""
        if not self._pending and not self._waiters and not self._in_flight:
            return
        await self._wait_written()

    # Operator actions ---------------------------------------------------------------------------
    async def acknowledge(self, alarm_ids: Iterable[str], *, comment: str = "") -> int:
        """Acknowledge the given alarms (those already acknowledged are skipped). Returns how many."""
        session = self._auth.require(Permission.ACK_ALARM)
        comment = _text(comment, "Comment")
        now = self._clock.now()
        count = 0
        for alarm_id in alarm_ids:
            record = self.core.records.get(alarm_id)
            if record is None:
                raise AlarmActionError("no alarm {alarm_id!r}", alarm_id=alarm_id)
            if record.acked:
                continue
            self._pending.append(self.core.acknowledge(alarm_id, now=now, user=session.username,
                                                       comment=comment.strip()))
            count += 1
        if count:
            self._queued()
            await self._wait_written()
        return count

    async def shelve(self, alarm_id: str, *, duration_s: float, reason: str) -> None:
        session = self._auth.require(Permission.SHELVE_ALARM)
        reason = _text(reason, "Reason")
        await self._act(lambda now: self.core.shelve(alarm_id, now=now, user=session.username,
                                                     duration_s=duration_s, reason=reason))

    async def unshelve(self, alarm_id: str) -> None:
        session = self._auth.require(Permission.SHELVE_ALARM)
        await self._act(lambda now: self.core.unshelve(alarm_id, now=now, user=session.username))

    async def remove_from_service(self, alarm_id: str, *, reason: str) -> None:
        session = self._auth.require(Permission.ALARM_OUT_OF_SERVICE)
        reason = _text(reason, "Reason")
        await self._act(lambda now: self.core.remove_from_service(alarm_id, now=now, user=session.username,
                                                                  reason=reason))

    async def return_to_service(self, alarm_id: str) -> None:
        session = self._auth.require(Permission.ALARM_OUT_OF_SERVICE)
        await self._act(lambda now: self.core.return_to_service(alarm_id, now=now, user=session.username))

    async def reset(self, alarm_id: str, *, comment: str = "") -> None:
        session = self._auth.require(Permission.RESET_ALARM)
        comment = _text(comment, "Comment")
        await self._act(lambda now: self.core.reset(alarm_id, now=now, user=session.username,
                                                    comment=comment.strip()))

    async def set_limit(self, alarm_id: str, *, limit: float, deadband: float | None = None) -> AlarmDefinition:
        """Replace an alarm's limit at run time as the signed-in supervisor or admin; kept across restarts."""
        session = self._auth.require(Permission.SET_ALARM_LIMIT)
        return await self._set_limit(alarm_id, limit=limit, deadband=deadband, actor=session.username)

    async def _set_limit(self, alarm_id: str, *, limit: float, deadband: float | None = None,
                         actor: str = SYSTEM_MES) -> AlarmDefinition:
        """The machine path (limits the MES sends down), acting as ``actor``, a system identity."""
        if not math.isfinite(limit) or (deadband is not None and not (math.isfinite(deadband) and deadband >= 0)):
            raise AlarmActionError("a limit must be a finite number and a deadband finite and not negative")
        old = self.core.definition(alarm_id)
        new = self.core.replace_limit(alarm_id, limit=limit, deadband=deadband)
        now = self._clock.now()
        await self._store.write(lambda db: persistence.save_limit(
            db, alarm_id=alarm_id, limit=float(limit), deadband=deadband,
            before={"limit": old.limit, "deadband": old.deadband}, ts=now, station=self._station, actor=actor))
        latest = self._bus.latest(new.tag)
        if latest is not None:
            self.on_sample(latest)
        return new

    async def _act(self, action: Callable[[float], Transition]) -> None:
        self._pending.append(action(self._clock.now()))
        self._queued()
        await self._wait_written()

    # Reading ------------------------------------------------------------------------------------
    def view(self, alarm_id: str) -> AlarmView:
        record = self.core.records[alarm_id]
        return AlarmView(alarm_id, self.core.definitions[alarm_id], record.state, record.since, record.value,
                         record.active, record.acked, record.active and not record.condition,
                         record.shelved_until, record.shelve_reason, record.oos_reason)

    def views(self, *, include_overlaid: bool = True) -> list[AlarmView]:
        """Alarms not in Normal, most urgent first, then newest first."""
        views = [self.view(a) for a in self.core.not_normal]
        if not include_overlaid:
            views = [v for v in views if v.state.annunciated]
        views.sort(key=lambda v: (v.priority.rank, not v.state.unacknowledged, -v.since, v.alarm_id))
        return views

    def summary(self) -> AlarmSummary:
        unacked = dict.fromkeys(Priority, 0)
        active = dict.fromkeys(Priority, 0)
        newest: AlarmView | None = None
        newest_key: tuple[int, float] | None = None
        overlays = {AlarmState.SHELVED: 0, AlarmState.SUPPRESSED: 0, AlarmState.OUT_OF_SERVICE: 0}
        records = self.core.records
        definitions = self.core.definitions
        for alarm_id in self.core.not_normal:
            record = records[alarm_id]
            state = record.state
            if state in overlays:
                overlays[state] += 1
                continue
            priority = definitions[alarm_id].priority
            if record.active:
                active[priority] += 1
            if not record.acked:
                unacked[priority] += 1
                key = (priority.rank, -record.since)
                if newest_key is None or key < newest_key:
                    newest_key = key
                    newest = self.view(alarm_id)
        return AlarmSummary(unacked, active, newest, overlays[AlarmState.SHELVED],
                            overlays[AlarmState.SUPPRESSED], overlays[AlarmState.OUT_OF_SERVICE])

    async def journal(self, query: persistence.JournalFilter | None = None) -> list[persistence.JournalEntry]:
        self._auth.require(Permission.VIEW_ALARM_JOURNAL)
        chosen = query or persistence.JournalFilter()
        return await self._store.read(lambda db: persistence.journal(db, chosen))

    async def during(self, span: Span) -> list[dict[str, Any]]:
        """Alarms raised, returned or acknowledged while something ran (a lot), for its page and its report.

        A lot history view (the full journal stays a supervisor's): the span of one lot, not a search.
        """
        self._auth.require(Permission.VIEW_LOT_HISTORY)
        query = persistence.JournalFilter(since=span.started_at, until=span.ended_at or self._clock.now())
        entries = await self._store.read(lambda db: persistence.journal(db, query))
        shown = [e for e in entries if e.transition in ("raised", "returned", "acknowledged")]
        return [{"ts": e.ts, "alarm": f"{e.alarm_id} ({e.priority}) {e.transition}, value {e.value}", "value": e.value}
                for e in sorted(shown, key=lambda e: e.ts)]

    async def performance(self, *, window_s: float = 24 * 3600.0) -> Performance:
        self._auth.require(Permission.VIEW_ALARM_JOURNAL)
        now = self._clock.now()
        return await self._store.read(lambda db: performance(db, now=now, window_s=window_s))

    # Writing and telling ------------------------------------------------------------------------
    def _queued(self) -> None:
        if self._wake is not None:
            self._wake.set()
        if self._notify_scheduled:
            return
        if self._loop is None:
            self._notify()
            return
        self._notify_scheduled = True
        self._loop.call_soon(self._notify)

    def _notify(self) -> None:
        self._notify_scheduled = False
        self._changed.set(self._changed.value + 1)

    async def _wait_written(self) -> None:
        if self._writer_task is None:
            raise RuntimeError("the alarm service is not running")
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(future)
        if self._wake is not None:
            self._wake.set()
        await future

    async def _write_forever(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending or self._waiters:
                try:
                    await self._write_batch()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("alarm transitions could not be stored; retrying")
                    if self._stopping:
                        return  # stop() writes what is left once more, or reports it
                    await asyncio.sleep(1.0)
            if self._stopping:
                return

    async def _write_batch(self) -> None:
        batch, self._pending = self._pending, []
        waiters, self._waiters = self._waiters, []
        definitions = dict(self.core.definitions)
        self._in_flight += len(batch)
        try:
            await self._write_taken(batch, waiters, definitions)
        finally:
            self._in_flight -= len(batch)

    async def _write_taken(self, batch: list[Transition], waiters: list[asyncio.Future[None]],
                           definitions: dict[str, AlarmDefinition]) -> None:
        try:
            if batch:
                try:
                    await self._store.write(lambda db: persistence.save_transitions(
                        db, batch, definitions=definitions, station=self._station))
                except (asyncio.CancelledError, sqlite3.OperationalError):
                    raise  # cancelled, or the store itself is unwell (disk full, locked): the whole batch waits
                except Exception:
                    # One poisoned transition must not hold back the others: write them one by one.
                    dropped = await self._write_one_by_one(batch, definitions)
                    if dropped:
                        for waiter in waiters:
                            if not waiter.done():
                                waiter.set_exception(dropped)
                        return
        except BaseException as exc:
            self._pending[:0] = batch  # keep them for the next attempt, in order
            for waiter in waiters:
                if not waiter.done():
                    if isinstance(exc, asyncio.CancelledError):
                        self._waiters.append(waiter)
                    else:
                        waiter.set_exception(exc)
            raise
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _write_one_by_one(self, batch: list[Transition],
                                definitions: dict[str, AlarmDefinition]) -> Exception | None:
        """Write each transition in its own transaction; one that fails alone is logged and left out."""
        failed: Exception | None = None
        for transition in batch:
            try:
                await self._store.write(lambda db, t=transition: persistence.save_transitions(  # type: ignore[misc]
                    db, [t], definitions=definitions, station=self._station))
            except sqlite3.OperationalError:
                raise
            except Exception as exc:
                log.error("alarm transition %s %s of %s could not be stored and was left out: %s",
                          transition.kind, transition.ts, transition.alarm_id, exc)
                failed = exc
        return failed

    def _on_tick(self) -> None:
        # A timer callback rather than a sleeping task: cheap, and nothing to cancel mid-await.
        try:
            self.tick()
        finally:
            if self._loop is not None and self._tick_handle is not None:
                self._tick_handle = self._loop.call_later(self._tick_s, self._on_tick)
