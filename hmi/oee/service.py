"""The station's OEE and downtime component: follows the state tag, keeps the records, shows live figures.

Samples, pauses and ticks go through one queue and one worker, so the records are written in the
order things happened. The database is the truth about the open event (a pause opens it in the
lot's own transaction, ``_on_lot_change``); the tracker is re-synchronised from it after each write.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.auth import AuthService, Permission
from hmi.auth.permissions import SYSTEM_MES
from hmi.clock import Clock
from hmi.observable import Observable, ObservableView, Unsubscribe
from hmi.oee import records
from hmi.oee.calculation import (
    UNASSIGNED,
    Figures,
    Interval,
    combined_window,
    hour_windows,
    restricted_window,
    shift_window,
)
from hmi.oee.calendar import ShiftCalendar, ShiftWindow
from hmi.oee.calendar_settings import (
    calendar_of,
    calendar_of_bundle,
    keep_bundle_calendar,
    keep_calendar,
    section_with,
    stored_calendar,
)
from hmi.oee.config import OeeSection
from hmi.oee.figures import Inputs, stops, window_figures
from hmi.oee.reasons import reason_spans, set_reason
from hmi.oee.records import DowntimeEvent
from hmi.oee.replay import shift_json
from hmi.oee.report import DayReport, day_report, report_csv
from hmi.oee.states import State, StateMap, UnmappedState, raw_key
from hmi.oee.tracker import Closed, DowntimeTracker, Opened
from hmi.production.lots import LotService
from hmi.production.records import DowntimeReason, Lot, LotStatus, ProductionError, downtime_reasons
from hmi.shutdown import cancel_and_wait
from hmi.store import Store
from hmi.tags import Sample, TagBus

log = logging.getLogger(__name__)

SYSTEM_OEE = "system:oee"
SYSTEM_FAULT_CODE = "system:fault-code"
KEEP_S = 36 * 3600.0          # state intervals kept in memory: the current shift, the day, and margin
KNOWN_EVERY_S = 5.0           # how often "known until" moves forward while a state holds
REFRESH_EVERY_S = 5.0         # live figures also move on with time, not only on changes
TICK_S = 0.5                  # a stop reaching the threshold opens its event (and its prompt) within this


@dataclass(frozen=True, slots=True)
class HourRow:
    start: float
    end: float
    planned_count: float | None      # what the ideal rate makes in the hour's planned time
    actual_count: int
    oee: float | None


@dataclass(frozen=True, slots=True)
class LiveOee:
    state: State
    shift: ShiftWindow | None
    figures: Figures | None
    hours: tuple[HourRow, ...]
    open_event: DowntimeEvent | None
    waiting: tuple[DowntimeEvent, ...]          # events of the last day still without a reason
    updated_at: float

    @property
    def to_ask(self) -> DowntimeEvent | None:
        """The event a reason prompt asks about: the open stop while it waits for one, else the newest waiting."""
        if self.open_event is not None and self.open_event.waiting:
            return self.open_event
        return self.waiting[-1] if self.waiting else None


@dataclass(frozen=True, slots=True)
class ReasonCategory:
    name: str
    name_ko: str
    reasons: tuple[DowntimeReason, ...]


def _code(value: object) -> str | None:
    if value is None:
        return None
    key = raw_key(value)
    return None if key in ("", "0") else key


class OeeService:
    name = "oee"

    def __init__(self, *, store: Store, auth: AuthService, clock: Clock, bus: TagBus, station_id: str,
                 section: OeeSection, lots: LotService | None = None) -> None:
        self._store = store
        self._auth = auth
        self._clock = clock
        self._bus = bus
        self._station = station_id
        self._section = section
        self._calendar = ShiftCalendar.from_config(section)
        self._states = StateMap(mapping=section.states)
        self._fault_map = {raw_key(k): v for k, v in section.fault_reasons.items()}
        self.tracker = DowntimeTracker(micro_stop_s=section.micro_stop_s)
        self._live: Observable[LiveOee | None] = Observable(None)
        self.live: ObservableView[LiveOee | None] = self._live.view()
        self._queue: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._unsubscribe: list[Unsubscribe] = []
        self._intervals: list[Interval] = []
        self._current: tuple[int, float, State, str | None] | None = None    # (row id, start, state, code)
        self._fault_code: str | None = None
        self._known_written = 0.0
        self._first_known: float | None = None
        self._closed_shifts: set[float] = set()
        self._open: DowntimeEvent | None = None
        self._refreshed = float("-inf")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lots = lots
        if lots is not None:
            lots.change_hooks.append(self._on_lot_change)

    @property
    def section(self) -> OeeSection:
        return self._section

    # Lifecycle ------------------------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        now = self._clock.now()

        def load(db: sqlite_utils.Database) -> tuple[Any, ...]:
            calendar = stored_calendar(db)
            first = db.execute("SELECT min(start_ts) FROM machine_states WHERE station = ?",
                               [self._station]).fetchone()[0]
            closed = {float(r[0]) for r in db.execute(
                "SELECT start_ts FROM oee_shift_summaries WHERE station = ? AND start_ts > ?",
                [self._station, now - 3 * 86400])}
            return (calendar,
                    records.intervals(db, self._station, since=now - KEEP_S, until=now + 1),
                    records.open_event(db, self._station), records.known_until(db, self._station), first, closed)

        calendar, intervals, open_event, known, first, closed = await self._store.read(load)
        if calendar is not None:
            self._apply_calendar(calendar)
        self._intervals = list(intervals)
        self._open = open_event
        self._first_known = first
        self._closed_shifts = closed
        self.tracker.restore(event_open=open_event is not None, paused=bool(open_event and open_event.paused),
                             known_until=known)
        self._worker = asyncio.create_task(self._work(), name="oee-worker")
        tags = [self._section.state_tag]
        self._unsubscribe.append(self._bus.subscribe(self._on_state_sample, tags=tags))
        if self._section.fault_code_tag:
            self._unsubscribe.append(self._bus.subscribe(self._on_fault_sample, tags=[self._section.fault_code_tag]))
            latest = self._bus.latest(self._section.fault_code_tag)
            if latest is not None:
                self._on_fault_sample(latest)
        latest_state = self._bus.latest(self._section.state_tag)
        if latest_state is not None:
            self._on_state_sample(latest_state)
        if self._lots is not None:
            # Set on the loop once a pause or resume has committed: the event it opened or ended is read back.
            self._unsubscribe.append(self._lots.active.subscribe(lambda _lot: self._queue.put_nowait(("sync",)),
                                                                 replay=False))
        self._queue.put_nowait(("tick",))
        self._ticker = asyncio.create_task(self._tick_forever(), name="oee-ticker")

    async def stop(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        await cancel_and_wait([self._ticker], timeout_s=2.0, what="the OEE ticker")
        self._ticker = None
        self._queue.put_nowait(("known",))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._queue.join(), 5.0)
        await cancel_and_wait([self._worker], timeout_s=2.0, what="the OEE worker")
        self._worker = None

    async def idle(self) -> None:
        """Wait until every sample, pause and tick so far is recorded and the figures follow (tests)."""
        await self._queue.join()

    async def tick(self) -> None:
        """Open events of stops that reached the threshold, close ended shifts, move the figures on."""
        self._queue.put_nowait(("tick", True))
        await self._queue.join()

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_S)
            self._queue.put_nowait(("tick",))

    # Inputs -----------------------------------------------------------------------------------------------
    def _on_state_sample(self, sample: Sample) -> None:
        try:
            state = self._states.state(sample.value if sample.quality.is_good else None)
        except UnmappedState as exc:
            log.warning("%s: %s", self._section.state_tag, exc)
            state = State.UNKNOWN
        self._queue.put_nowait(("state", sample.ts, state))

    def _on_fault_sample(self, sample: Sample) -> None:
        self._queue.put_nowait(("fault", sample.ts, _code(sample.value) if sample.quality.is_good else None))

    def _on_lot_change(self, db: sqlite_utils.Database, before: Lot, after: Lot, *, actor: str, ts: float) -> None:
        """A pause opens (or holds) the downtime event with its reason; resume, finish or abort ends it.

        Runs in the lot's write transaction, so the pause and its downtime event commit together.
        """
        paused = before.status is not LotStatus.PAUSED and after.status is LotStatus.PAUSED
        resumed = before.status is LotStatus.PAUSED and after.status is not LotStatus.PAUSED
        if not (paused or resumed):
            return
        event = records.open_event(db, self._station)
        if paused:
            reason = after.pause_reason or UNASSIGNED
            if event is None:
                records.start_event(db, self._station, start=ts, now=ts, state="paused", source="pause",
                                    fault_code=None, reason=reason, actor=actor, lot_no=after.lot_no, paused=True)
            else:
                records.set_paused(db, event, paused=True)
                points = set_reason(event.reasons, reason, start=event.start,
                                    since=None if event.waiting else ts)
                records.set_reasons(db, self._station, event, points, now=ts, actor=actor, note="lot paused")
        elif event is not None:
            latest = db.execute("SELECT state FROM machine_states WHERE station = ? ORDER BY start_ts DESC, id DESC "
                                "LIMIT 1", [self._station]).fetchone()
            machine_stopped = latest is not None and State(latest[0]).is_stop
            if machine_stopped:      # the line still stands: the same event goes on until it runs
                records.set_paused(db, event, paused=False)
            else:
                records.end_event(db, self._station, event, end=ts, now=ts, actor=actor)

    # The worker ---------------------------------------------------------------------------------------------
    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            try:
                await self._handle(item)
            except Exception:
                log.exception("OEE: handling %s failed", item[0])
            finally:
                self._queue.task_done()

    async def _handle(self, item: tuple[Any, ...]) -> None:
        kind = item[0]
        now = self._clock.now()
        if kind == "state":
            await self._change(float(item[1]), item[2], self._fault_code)
        elif kind == "fault":
            code = item[2]
            if code != self._fault_code:
                self._fault_code = code
                self.tracker.on_fault_code(code)
                if self._current is not None and self._current[2].is_stop:
                    await self._change(float(item[1]), self._current[2], code)
                await self._reason_from_code(now)
        elif kind == "tick":
            actions = self.tracker.tick(now)
            if actions:
                await self._write(actions, now=now)
            elif self._current is not None and now - self._known_written >= KNOWN_EVERY_S:
                await self._mark_known(now)
            await self._close_shifts(now)
            if actions or len(item) > 1 or now - self._refreshed >= REFRESH_EVERY_S:
                if now - self._refreshed >= REFRESH_EVERY_S:
                    await self._follow_stored_calendar()
                await self._refresh(now)
        elif kind == "known":
            await self._mark_known(now)
        elif kind == "sync":
            await self._resync()
            await self._refresh(now)
        elif kind == "refresh":
            await self._refresh(now)

    async def _change(self, ts: float, state: State, code: str | None) -> None:
        current = self._current
        if current is not None and current[2] is state and current[3] == code:
            return
        ts = max(ts, current[1]) if current is not None else ts
        stored_code = code if state.is_stop else None
        actions = self.tracker.on_state(ts, state, stored_code)

        def write(db: sqlite_utils.Database) -> int:
            if current is not None:
                records.extend_interval(db, current[0], until=ts)
            new_id = records.begin_interval(db, self._station, ts=ts, state=state, fault_code=stored_code)
            self._apply(db, actions, now=ts)
            return new_id

        new_id = await self._store.write(write)
        if current is not None and ts > current[1]:
            self._intervals.append(Interval(start=current[1], end=ts, state=current[2], fault_code=current[3]))
        self._current = (new_id, ts, state, stored_code)
        self._known_written = ts
        if self._first_known is None:
            self._first_known = ts
        self._trim(ts)
        await self._resync()
        await self._refresh(self._clock.now())

    async def _write(self, actions: Sequence[Opened | Closed], *, now: float) -> None:
        await self._store.write(lambda db: self._apply(db, actions, now=now))
        await self._resync()

    def _apply(self, db: sqlite_utils.Database, actions: Sequence[Opened | Closed], *, now: float) -> None:
        """The tracker's decisions against the database's truth (a pause may have opened the event already)."""
        for action in actions:
            event = records.open_event(db, self._station)
            if isinstance(action, Opened):
                if event is not None:
                    continue
                reason = self._reason_for_stop(action.start, action.fault_code)
                lot = db.execute("SELECT lot_no FROM lots WHERE station = ? AND status IN ('running', 'paused') "
                                 "ORDER BY id DESC LIMIT 1", [self._station]).fetchone()
                records.start_event(db, self._station, start=action.start, now=now, state=action.state.value,
                                    source=action.source, fault_code=action.fault_code, reason=reason,
                                    actor=SYSTEM_FAULT_CODE if reason else SYSTEM_OEE,
                                    lot_no=lot[0] if lot else None)
            elif event is not None and not event.paused:
                records.end_event(db, self._station, event, end=action.end, now=now, actor=SYSTEM_OEE)

    def _reason_for_stop(self, start: float, code: str | None) -> str | None:
        """The first fault code of the stop that the map knows, as in a replay."""
        codes: list[str | None] = [i.fault_code for i in self._intervals if i.end > start and i.fault_code]
        if self._current is not None and self._current[3]:
            codes.append(self._current[3])
        codes.append(code)
        return next((self._fault_map[c] for c in codes if c and c in self._fault_map), None)

    async def _reason_from_code(self, now: float) -> None:
        """A fault code that arrives after the event opened gives a reason nobody gave yet."""
        code = self._fault_code
        event = self._open
        if code is None or event is None or code not in self._fault_map or event.reasons:
            return
        reason = self._fault_map[code]

        def write(db: sqlite_utils.Database) -> None:
            fresh = records.open_event(db, self._station)
            if fresh is not None and not fresh.reasons:
                records.set_reasons(db, self._station, fresh, ((fresh.start, reason),), now=now,
                                    actor=SYSTEM_FAULT_CODE, note=f"fault code {code}")

        await self._store.write(write)
        await self._resync()
        await self._refresh(now)

    async def _mark_known(self, now: float) -> None:
        current = self._current
        if current is None:
            return
        await self._store.write(lambda db: records.extend_interval(db, current[0], until=now))
        self._known_written = now

    async def _resync(self) -> None:
        self._open = await self._store.read(lambda db: records.open_event(db, self._station))
        self.tracker.event_open = self._open is not None
        self.tracker.paused = bool(self._open and self._open.paused)

    def _trim(self, now: float) -> None:
        if self._intervals and self._intervals[0].end < now - KEEP_S:
            self._intervals = [i for i in self._intervals if i.end >= now - KEEP_S]

    def _known_intervals(self, now: float) -> tuple[Interval, ...]:
        current = self._current
        tail = () if current is None or now <= current[1] else (
            Interval(start=current[1], end=now, state=current[2], fault_code=current[3]),)
        return (*self._intervals, *tail)

    # Figures ---------------------------------------------------------------------------------------------------
    async def _inputs(self, since: float, until: float, *, now: float, from_memory: bool) -> Inputs:
        cycle = self._section.ideal_cycle_s

        def read(db: sqlite_utils.Database) -> tuple[Any, ...]:
            stored = () if from_memory else tuple(records.intervals(db, self._station, since=since, until=until))
            return (stored, tuple(records.events(db, self._station, since=since, until=until)),
                    tuple(records.counts(db, self._station, since=since, until=until, default_cycle_s=cycle)),
                    tuple(records.lot_periods(db, self._station, since=since, until=min(until, now))))

        stored, events, counts, periods = await self._store.read(read)
        if from_memory:
            intervals = tuple(i for i in self._known_intervals(now) if i.end > since and i.start < until)
        else:
            intervals = stored
            current = self._current
            if current is not None and current[1] < until and now > current[1]:
                live = Interval(start=current[1], end=now, state=current[2], fault_code=current[3])
                intervals = (*(i for i in stored if i.start != current[1]), live)
        return Inputs(intervals=intervals, events=events, counts=counts, lot_periods=periods, now=now)

    def _figures(self, window: Any, inputs: Inputs, all_stops: Any = None) -> Figures:
        return window_figures(window, inputs, micro_stop_s=self._section.micro_stop_s,
                              ideal_cycle_s=self._section.ideal_cycle_s,
                              no_order_is_planned=self._section.no_order_is_planned, all_stops=all_stops)

    async def _refresh(self, now: float) -> None:
        """The live figures; computed in a worker thread (pure functions over immutable inputs), off the loop."""
        shift = self._calendar.shift_at(now)
        day_start = now - 86400
        inputs = await self._inputs(min(day_start, shift.start if shift else now), now + 1, now=now, from_memory=True)
        hour_starts = self._calendar.hour_starts(shift.start, shift.end) if shift is not None else []

        def build() -> tuple[Figures | None, tuple[HourRow, ...]]:
            if shift is None:
                return None, ()
            window = shift_window(shift)
            found = stops(inputs, micro_stop_s=self._section.micro_stop_s)
            hours: list[HourRow] = []
            for hour in hour_windows(window, hour_starts=hour_starts):
                if hour.start > now:
                    break
                part = self._figures(hour, inputs, found)
                cycle = part.ideal_cycle_s or self._section.ideal_cycle_s
                hours.append(HourRow(start=hour.start, end=hour.end,
                                     planned_count=part.planned_s / cycle if cycle else None,
                                     actual_count=part.good + part.scrap, oee=part.oee))
            return self._figures(window, inputs, found), tuple(hours)

        figures, hours = await asyncio.to_thread(build)
        self._refreshed = now
        waiting = tuple(e for e in inputs.events if e.waiting and e.start >= day_start)
        self._live.set(LiveOee(state=self.tracker.state, shift=shift, figures=figures, hours=hours,
                              open_event=self._open, waiting=waiting, updated_at=now))

    async def _close_shifts(self, now: float) -> None:
        if self._first_known is None:
            return
        for shift in self._calendar.windows(max(self._first_known, now - 2 * 86400), now):
            if shift.end > now or shift.start in self._closed_shifts or shift.end <= self._first_known:
                continue
            stop = self.tracker.stop_start
            if stop is not None and stop < shift.end and not self.tracker.event_open:
                continue     # a stop across the end that may still become downtime: close once it is known
            inputs = await self._inputs(shift.start, shift.end, now=now, from_memory=False)
            figures = self._figures(shift_window(shift), inputs)
            summary = shift_json(shift, figures, section=self._section)
            await self._store.write(functools.partial(
                records.close_shift, station=self._station, shift=shift.name, day=shift.day.isoformat(),
                start=shift.start, end=shift.end, figures=summary, now=now, actor=SYSTEM_OEE))
            self._closed_shifts.add(shift.start)

    # What the screens call -------------------------------------------------------------------------------------
    async def reason_tree(self) -> list[ReasonCategory]:
        """The downtime reasons of the master data as categories -> reasons, for the touch prompt."""
        reasons = await self._store.read(downtime_reasons)
        tree: dict[str, list[DowntimeReason]] = {}
        names: dict[str, str] = {}
        for reason in reasons:
            tree.setdefault(reason.category, []).append(reason)
            names.setdefault(reason.category, reason.category_ko or reason.category)
        return [ReasonCategory(name=name, name_ko=names[name], reasons=tuple(items)) for name, items in tree.items()]

    async def set_reason(self, event_id: int, reason_code: str, *, since: float | None = None) -> DowntimeEvent:
        """Give (or change) a downtime event's reason, for all of it or from ``since`` on (a split)."""
        session = self._auth.require(Permission.SET_DOWNTIME_REASON)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> DowntimeEvent:
            event = self._event_for_change(db, event_id, reason_code)
            if since is not None and not event.start < since < (event.end if event.end is not None else now):
                raise ProductionError("a split must fall inside the downtime event")
            points = set_reason(event.reasons, reason_code, start=event.start, since=since)
            return records.set_reasons(db, self._station, event, points, now=now, actor=session.username)

        event = await self._store.write(write)
        self._queue.put_nowait(("sync",))
        return event

    async def split(self, event_id: int, *, at: float, first: str, second: str) -> DowntimeEvent:
        """One downtime event with two reasons: ``first`` until ``at``, ``second`` from then on."""
        session = self._auth.require(Permission.SET_DOWNTIME_REASON)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> DowntimeEvent:
            event = self._event_for_change(db, event_id, first)
            self._event_for_change(db, event_id, second)
            if not event.start < at < (event.end if event.end is not None else now):
                raise ProductionError("a split must fall inside the downtime event")
            return records.set_reasons(db, self._station, event, ((event.start, first), (at, second)), now=now,
                                       actor=session.username, note="split")

        event = await self._store.write(write)
        self._queue.put_nowait(("sync",))
        return event

    def _event_for_change(self, db: sqlite_utils.Database, event_id: int, reason_code: str) -> DowntimeEvent:
        event = records.event_by_id(db, event_id)
        if event is None:
            raise ProductionError("no downtime event {event_id}", event_id=event_id)
        if reason_code not in {r.code for r in downtime_reasons(db)}:
            raise ProductionError("unknown downtime reason {reason_code!r}", reason_code=reason_code)
        return event

    async def set_calendar(self, *, shifts: list[dict[str, Any]], days_off: list[str] | None = None) -> None:
        """A new shift calendar from a supervisor: it counts from the next figure on."""
        session = self._auth.require(Permission.EDIT_SHIFT_CALENDAR)
        calendar = {**calendar_of(self._section), "shifts": shifts}
        if days_off is not None:
            calendar["days_off"] = days_off
        checked = calendar_of(self._checked_calendar(calendar))
        now = self._clock.now()
        await self._store.write(lambda db: keep_calendar(db, checked, before=calendar_of(self._section),
                                                         station=self._station, actor=session.username, now=now))
        self._apply_calendar(calendar)
        self._queue.put_nowait(("refresh",))
        await self._queue.join()

    def _masterdata_hook(self, db: sqlite_utils.Database, data: dict[str, Any], *, source: str, version: str,
                         actor: str = SYSTEM_MES) -> None:
        """A bundle's shift calendar (MES or files), kept in the master data's own transaction (refused with it
        if wrong). ``actor`` is the MES, or the user who imported the files."""
        try:
            keep_bundle_calendar(db, data, section=self._section, station=self._station, actor=actor,
                                 now=self._clock.now())
        except ValueError as exc:
            raise ProductionError("the shift calendar is not valid: {problem}", problem=str(exc)) from None

    async def _on_masterdata(self, data: dict[str, Any]) -> None:
        """After the master data committed: the bundle's calendar counts at once."""
        raw = data.get("shift_calendar")
        if raw is not None:
            self._apply_calendar(calendar_of_bundle(raw, current=self._section))
            self._queue.put_nowait(("refresh",))

    async def _follow_stored_calendar(self) -> None:
        """A calendar stored by another process (``hmi masterdata import``) counts here too, within seconds."""
        stored = await self._store.read(stored_calendar)
        if stored is None or jsonutil.dumps(stored) == jsonutil.dumps(calendar_of(self._section)):
            return
        try:
            self._apply_calendar(stored)
        except ProductionError as exc:
            log.warning("OEE: the stored shift calendar is not used: %s", exc)

    def _checked_calendar(self, calendar: dict[str, Any]) -> OeeSection:
        try:
            return section_with(self._section, calendar)
        except ValueError as exc:
            raise ProductionError("the shift calendar is not valid: {problem}", problem=str(exc)) from None

    def _apply_calendar(self, calendar: dict[str, Any]) -> None:
        self._section = self._checked_calendar(calendar)
        self._calendar = ShiftCalendar.from_config(self._section)

    async def day_report(self, day: date) -> DayReport:
        """A local day's shifts: figures, OEE per hour, the Pareto of downtime by reason and micro-stops."""
        self._auth.require(Permission.VIEW_OEE_REPORT)
        now = self._clock.now()
        shifts = [s for s in self._calendar.on_day(day) if s.start < now]
        if not shifts:
            return DayReport(day=day, shifts=(), pareto=(), micro_stops=0, micro_stop_s=0.0)
        inputs = await self._inputs(shifts[0].start, shifts[-1].end, now=now, from_memory=False)

        def build() -> DayReport:
            found = stops(inputs, micro_stop_s=self._section.micro_stop_s)
            return day_report(day, shifts, inputs=inputs, now=now,
                              figures=lambda window: self._figures(window, inputs, found),
                              hour_starts=lambda s: self._calendar.hour_starts(s.start, s.end))

        return await asyncio.to_thread(build)

    async def lot_figures(self, lot_no: str) -> Figures | None:
        """A lot's figures over the planned time of the shifts it ran in (None: it ran in no shift)."""
        self._auth.require(Permission.VIEW_OEE_REPORT)
        return await self._figures_of(lot_no, "SELECT started_at, ended_at FROM lots WHERE lot_no = ? AND station = ?")

    async def work_order_figures(self, order_no: str) -> Figures | None:
        """A work order's figures over the planned time in which its lots ran at this station."""
        self._auth.require(Permission.VIEW_OEE_REPORT)
        return await self._figures_of(order_no, "SELECT started_at, ended_at FROM lots WHERE work_order = ? "
                                                "AND station = ? ORDER BY started_at")

    async def _figures_of(self, name: str, sql: str) -> Figures | None:
        now = self._clock.now()
        rows = await self._store.read(lambda db: db.execute(sql, [name, self._station]).fetchall())
        periods = [(float(a), float(b) if b is not None else now) for a, b in rows]
        if not periods:
            raise ProductionError("no lot {lot_no!r}", lot_no=name)
        start, end = min(p[0] for p in periods), max(p[1] for p in periods)
        shifts = self._calendar.windows(start, end)
        if not shifts:
            return None
        window = restricted_window(name, combined_window(name, [shift_window(s) for s in shifts]), periods)
        inputs = await self._inputs(start, end, now=now, from_memory=False)
        return self._figures(window, inputs)

    async def shift_summaries(self, *, since: float, until: float) -> list[dict[str, Any]]:
        """Closed shifts' figures from their summary records (a month is one small read)."""
        self._auth.require(Permission.VIEW_OEE_REPORT)
        return await self._store.read(lambda db: records.summaries(db, self._station, since=since, until=until))

    async def export_csv(self, day: date) -> str:
        """The day report as CSV: one row per shift and per hour, then the Pareto of downtime by reason."""
        return report_csv(await self.day_report(day), local=self._calendar.local)

    def local_day(self, ts: float) -> date:
        return self._calendar.local(ts).date()

    def local(self, ts: float) -> datetime:
        """An instant on the station's shift clock (its configured time zone)."""
        return self._calendar.local(ts)

    def reason_spans_of(self, event: DowntimeEvent) -> list[tuple[float, float, str]]:
        end = event.end if event.end is not None else self._clock.now()
        return [(s.start, s.end, s.reason) for s in reason_spans(event.reasons, start=event.start, end=end)]

    def shifts_of(self, day: date) -> list[ShiftWindow]:
        return self._calendar.on_day(day)
