"""The live SPC service: measurements in, charts per lot, violations acted on within a second.

On the loop it only classifies (O(1) per point: the incremental rules); every write goes to the
store's writer thread. A violation is one transaction: its row, the chart points so far, its audit
entry, its ``spc.violation`` outbox event and (when configured) the defect proposal. A rule that
keeps holding on the following points extends the same excursion and acts once. The alarm goes
through the alarm engine: each characteristic has a discrete alarm on the tag ``spc.<code>``
(``alarm_definitions``), which this service sets to the number of rules violated at the newest point.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils

from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.observable import Event, EventView, Observable, ObservableView, Readable, Unsubscribe
from hmi.production import proposals
from hmi.production.records import Lot, ProductionError, Signoff
from hmi.production.text_rules import checked_text
from hmi.spc import records
from hmi.spc.capability import Capability, capability
from hmi.spc.config import Action, CharacteristicConfig, Source, SpcSection, Trigger
from hmi.spc.engine import CharacteristicChart, ChartPoint
from hmi.spc.kinds import ChartType, LimitsError
from hmi.spc.limits import LimitSet, trial_attributes, trial_variables
from hmi.spc.records import SPC_ACTOR, Reason, ViolationRecord
from hmi.spc.rules import RULE_TEXT, rule_window
from hmi.store import Store
from hmi.tags import TagBus
from hmi.tags.sample import Quality, Sample

log = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 1.0      # chart points are written in batches at most this old
PART_WAIT_S = 1.0           # a part trigger waits this long for its measurement to arrive
STOP_WAIT_S = 5.0
MAX_NOTE = 2000


def alarm_tag(code: str) -> str:
    return f"spc.{code}"


@dataclass(frozen=True, slots=True)
class CharacteristicStatus:
    """One line of the station overview."""

    code: str
    name: str
    name_ko: str
    unit: str
    chart: ChartType
    state: str                       # idle, no_limits, baseline, in_control, violation
    lot_no: str | None
    points: int
    limit_version: str
    trial: bool
    latest_rule: str | None          # the newest violation of this lot
    latest_at: float | None
    awaiting_cause: int


@dataclass(frozen=True, slots=True)
class ChartView:
    """What the SPC chart screen draws."""

    status: CharacteristicStatus
    limits: LimitSet | None
    points: tuple[ChartPoint, ...]
    capability: Capability | None


@dataclass(slots=True)
class _Live:
    code: str
    config: CharacteristicConfig
    lot: Lot | None = None
    chart: CharacteristicChart | None = None
    ready: bool = False                   # limits resolved for the lot
    early: list[tuple[float, float, float]] = field(default_factory=list)   # values before ready
    baseline: list[tuple[float, float, float]] = field(default_factory=list)  # trial: (value, size, ts)
    previous_rules: frozenset[str] = frozenset()
    unflushed: list[ChartPoint] = field(default_factory=list)
    latest: ViolationRecord | None = None
    awaiting_cause: int = 0
    alarm_value: int = 0
    part_pending_since: float | None = None
    measured_since_part: Sample | None = None
    last_trigger: Any = None
    window_best: Sample | None = None
    defect_count: float = 0.0
    sample_start_good: int | None = None


class SpcService:
    name = "spc"

    def __init__(self, *, store: Store, bus: TagBus, auth: AuthService, clock: Clock, station_id: str,
                 config: SpcSection, active_lot: Readable[Lot | None], snapshot: Callable[[], dict[str, Any]],
                 show_proposal: Callable[[proposals.DefectProposal], None] | None = None) -> None:
        self._store = store
        self._bus = bus
        self._auth = auth
        self._clock = clock
        self._station = station_id
        self._config = config
        self._active = active_lot
        self._snapshot = snapshot
        self._show_proposal = show_proposal
        self._live = {code: _Live(code=code, config=c) for code, c in config.characteristics.items()}
        self._by_tag: dict[str, list[_Live]] = {}
        for live in self._live.values():
            if live.config.source is Source.TAG:
                self._by_tag.setdefault(live.config.tag, []).append(live)
                if live.config.trigger is Trigger.PART:
                    self._by_tag.setdefault(live.config.trigger_tag, []).append(live)
        self._revision: Observable[int] = Observable(0)     # bumps on every new point or violation
        self.revision: ObservableView[int] = self._revision.view()
        self._violation_recorded: Event[ViolationRecord] = Event("spc.violation")
        self.violation_recorded: EventView[ViolationRecord] = self._violation_recorded.view()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._stopping = False
        self._unsubscribe: list[Unsubscribe] = []
        self._flusher: asyncio.Task[None] | None = None
        self._windows: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lot_change: asyncio.Task[None] | None = None

    # Lifecycle ------------------------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if not self._live:
            return
        if self._by_tag:
            self._unsubscribe.append(self._bus.subscribe(self._on_sample, tags=list(self._by_tag)))
        self._unsubscribe.append(self._active.subscribe(self._on_lot))
        self._flusher = self._loop.create_task(self._flush_forever(), name="spc-flush")
        if any(live.config.source is Source.TAG and live.config.trigger is Trigger.WINDOW
               for live in self._live.values()):
            self._windows = self._loop.create_task(self._windows_forever(), name="spc-windows")

    async def stop(self) -> None:
        self._stopping = True   # listeners (defects, signoffs) still call in while later components stop
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        for forever in (self._flusher, self._windows):
            if forever is not None:
                forever.cancel()
                await asyncio.gather(forever, return_exceptions=True)
        self._flusher = self._windows = None
        tasks = list(self._tasks)
        if tasks:
            _done, late = await asyncio.wait(tasks, timeout=STOP_WAIT_S)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self._flush()

    async def lot_summary(self, lot: Lot) -> list[dict[str, Any]]:
        """A lot's SPC summary (characteristics, Cpk, violations and causes), for its page and its report.

        A lot history view, as ``alarms.during`` is: it needs the permission the lot's page needs."""
        from hmi.spc.report import lot_summary  # the report imports this module

        self._auth.require(Permission.VIEW_LOT_HISTORY)

        await self.idle()   # the points charted so far are in station.db
        return await self._store.read(lambda db: lot_summary(db, lot.lot_no, self._config))

    async def idle(self) -> None:
        """Wait until the writes in flight have committed (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._lot_change is not None:
            await asyncio.gather(self._lot_change, return_exceptions=True)
        await self._flush()

    # Lots -----------------------------------------------------------------------------------------------
    def _on_lot(self, lot: Lot | None) -> None:
        current = next((live.lot for live in self._live.values() if live.lot is not None), None)
        if lot is not None and not lot.status.active:
            lot = None
        if (lot.lot_no if lot else None) == (current.lot_no if current else None):
            for live in self._live.values():   # the same lot, newer counts
                if live.lot is not None and lot is not None:
                    live.lot = lot
                    if live.config.source is Source.DEFECTS:
                        self._defect_sample(live)
            return
        previous = self._lot_change
        self._lot_change = self._spawn(self._switch_lot(lot, previous))

    async def _switch_lot(self, lot: Lot | None, previous: asyncio.Task[None] | None) -> None:
        if previous is not None:
            await asyncio.gather(previous, return_exceptions=True)
        await self._flush()
        for live in self._live.values():
            self._set_alarm(live, 0)
            live.lot, live.chart, live.ready = None, None, False
            live.early, live.baseline, live.unflushed = [], [], []
            live.previous_rules, live.latest, live.awaiting_cause = frozenset(), None, 0
            live.part_pending_since = live.measured_since_part = live.window_best = None
            live.defect_count, live.sample_start_good = 0.0, None
            if lot is None or not _matches(live.config, lot):
                continue
            live.lot = lot
            try:
                await self._prepare(live, lot)
            except Exception:   # one characteristic's trouble must not keep the others from charting
                log.exception("SPC %s: the chart for lot %s could not be prepared", live.code, lot.lot_no)
        self._revision.set(self._revision.value + 1)

    async def _prepare(self, live: _Live, lot: Lot) -> None:
        """Find the lot's limit set (and, after a restart, its chart so far), then take the early values."""
        code = live.code

        def read(db: sqlite_utils.Database) -> tuple[LimitSet | None, list[records.StoredPoint], list[ViolationRecord]]:
            limits = records.limit_set_for_lot(db, product=lot.product, operation=lot.operation, characteristic=code,
                                               lot_no=lot.lot_no, started_at=lot.started_at)
            return (limits, records.points_of(db, code, lot_no=lot.lot_no),
                    records.violations(db, lot_no=lot.lot_no, characteristic=code))

        limits, stored, found = await self._store.read(read)
        if live.lot is None or live.lot.lot_no != lot.lot_no:
            return   # the lot ended meanwhile (a newer copy of the same lot, with its counts, is fine)
        live.sample_start_good = lot.good
        if limits is not None:
            live.chart = self._new_chart(live, limits)
            for point in stored:   # rebuild the rules' state silently: these points acted already
                self._replay(live, point)
        else:
            live.baseline = [(p.value if live.config.chart_type.is_attribute else v, p.sample_size, p.ts)
                             for p in stored for v in (p.raw if not live.config.chart_type.is_attribute else [0.0])]
        if found:
            live.latest = found[-1]
            live.awaiting_cause = sum(1 for v in found if v.needs_cause and v.cause_code is None)
        live.ready = True
        early, live.early = live.early, []
        for value, size, ts in early:
            self._take(live, value, size, ts)

    def _new_chart(self, live: _Live, limits: LimitSet) -> CharacteristicChart:
        cfg = live.config
        if limits.chart is not cfg.chart_type:
            log.warning("SPC %s: limit set %s is for a %s chart, the config says %s; using the limit set's",
                        live.code, limits.version, limits.chart.value, cfg.chart_type.value)
        return CharacteristicChart(limits=limits, rules=cfg.rule_names)

    @staticmethod
    def _replay(live: _Live, point: records.StoredPoint) -> None:
        assert live.chart is not None
        if live.chart.limits.chart.is_attribute:
            count = point.raw[0] if point.raw else point.value * point.sample_size
            made: ChartPoint | None = live.chart.add_count(count, point.sample_size, point.ts)
        else:
            made = None
            for value in point.raw:
                made = live.chart.add_value(value, point.ts)
        if made is not None:
            live.previous_rules = frozenset(made.rules)

    # Measurements -------------------------------------------------------------------------------------
    def _on_sample(self, sample: Sample) -> None:
        """On the loop for each sample of a charted or trigger tag: classify, never write here."""
        for live in self._by_tag.get(sample.tag, ()):
            cfg = live.config
            if cfg.trigger is Trigger.PART and sample.tag == cfg.trigger_tag:
                self._on_part_trigger(live, sample)
            elif sample.tag == cfg.tag:
                value = _good_number(sample)
                if value is None:
                    continue
                if cfg.trigger is Trigger.SAMPLE:
                    self._value(live, value, sample.ts)
                elif cfg.trigger is Trigger.PART:
                    live.measured_since_part = sample
                    if live.part_pending_since is not None:
                        live.part_pending_since = None
                        live.measured_since_part = None
                        self._value(live, value, sample.ts)
                else:
                    live.window_best = sample

    def _on_part_trigger(self, live: _Live, sample: Sample) -> None:
        if sample.value == live.last_trigger:
            return
        first = live.last_trigger is None
        live.last_trigger = sample.value
        if first:
            return   # the counter's first value is where it stands, not a finished part
        measured = live.measured_since_part
        if measured is not None:    # the part's value came before its trigger
            live.measured_since_part = None
            value = _good_number(measured)
            if value is not None:
                self._value(live, value, measured.ts)
            return
        live.part_pending_since = sample.ts
        self._spawn(self._part_timeout(live, sample.ts))

    async def _part_timeout(self, live: _Live, since: float) -> None:
        """The part's value never changed (the same value as the last part): take the latest one."""
        await asyncio.sleep(PART_WAIT_S)
        if live.part_pending_since != since:
            return
        live.part_pending_since = None
        latest = self._bus.latest(live.config.tag)
        value = _good_number(latest) if latest is not None else None
        if value is not None and latest is not None:
            self._value(live, value, max(latest.ts, since))

    async def _windows_forever(self) -> None:
        windows = [live for live in self._live.values()
                   if live.config.source is Source.TAG and live.config.trigger is Trigger.WINDOW]
        period = min(live.config.window_s for live in windows)
        next_due = {live.code: self._clock.now() + live.config.window_s for live in windows}
        while True:
            await asyncio.sleep(min(period, 1.0))
            now = self._clock.now()
            for live in windows:
                if now < next_due[live.code]:
                    continue
                next_due[live.code] = now + live.config.window_s
                best, live.window_best = live.window_best, None
                value = _good_number(best) if best is not None else None
                if value is not None and best is not None:
                    self._value(live, value, best.ts)

    async def _on_signoff(self, signoff: Signoff) -> None:
        """An instruction step was signed: a measure step's value can be a characteristic's point."""
        lot = self._active.value
        if lot is None:
            return
        for live in self._live.values():
            cfg = live.config
            if (cfg.source is Source.INSTRUCTION and cfg.instruction_step == signoff.step_index
                    and signoff.step_kind == "measure" and live.lot is not None and live.lot.id == signoff.lot_id):
                value = signoff.value
                if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
                    self._value(live, float(value), signoff.ts)

    async def _on_defect(self, defect: Any) -> None:
        """A defect was recorded: it counts in the current sample of the defects characteristics."""
        for live in self._live.values():
            cfg = live.config
            if cfg.source is not Source.DEFECTS or live.lot is None or defect.lot_no != live.lot.lot_no:
                continue
            if not cfg.defect_codes or defect.code in cfg.defect_codes:
                live.defect_count += 1 if cfg.chart_type in (ChartType.P, ChartType.NP) else defect.qty

    def _defect_sample(self, live: _Live) -> None:
        """Close a defects sample once its parts are made: count and parts become one attribute point."""
        lot = live.lot
        if lot is None or live.sample_start_good is None:
            return
        parts = lot.good + lot.scrap - live.sample_start_good
        if parts < live.config.sample_parts:
            return
        live.sample_start_good = lot.good + lot.scrap
        count, live.defect_count = min(live.defect_count, float(parts)), 0.0
        self._attribute(live, count, float(parts), self._clock.now())

    def _value(self, live: _Live, value: float, ts: float) -> None:
        if live.lot is None:
            return
        if not live.ready:
            live.early.append((value, 1.0, ts))
            return
        self._take(live, value, 1.0, ts)

    def _attribute(self, live: _Live, count: float, size: float, ts: float) -> None:
        if live.lot is None:
            return
        if not live.ready:
            live.early.append((count, size, ts))
            return
        self._take(live, count, size, ts)

    def _take(self, live: _Live, value: float, size: float, ts: float) -> None:
        if live.chart is None:
            self._collect_baseline(live, value, size, ts)
            return
        try:
            if live.chart.limits.chart.is_attribute:
                point: ChartPoint | None = live.chart.add_count(value, size, ts)
            else:
                point = live.chart.add_value(value, ts)
        except LimitsError as exc:
            log.warning("SPC %s: value %r not charted: %s", live.code, value, exc)
            return
        if point is None:
            return
        live.unflushed.append(point)
        fired = frozenset(point.rules)
        new = [rule for rule in point.rules if rule not in live.previous_rules]
        live.previous_rules = fired
        if Action.ALARM in live.config.actions:
            self._set_alarm(live, len(fired))
        for rule in new:
            self._spawn(self._record(live, point, rule))
        self._revision.set(self._revision.value + 1)

    def _collect_baseline(self, live: _Live, value: float, size: float, ts: float) -> None:
        cfg = live.config
        live.baseline.append((value, size, ts))
        if not cfg.trial or live.lot is None:
            return
        per_point = 1 if cfg.chart_type.is_attribute else cfg.subgroup
        if len(live.baseline) < cfg.trial_subgroups * per_point:
            return
        lot = live.lot
        values = [v for v, _, _ in live.baseline]
        try:
            if cfg.chart_type.is_attribute:
                trial = trial_attributes(cfg.chart_type, values, [s for _, s, _ in live.baseline])
            else:
                trial = trial_variables(cfg.chart_type, values, cfg.subgroup)
        except LimitsError as exc:
            log.warning("SPC %s: no trial limits from the baseline: %s", live.code, exc)
            live.baseline.clear()
            return
        trial = replace(trial, product=lot.product, operation=cfg.operation, characteristic=live.code,
                        version=f"trial-{lot.lot_no}")
        baseline, live.baseline = live.baseline, []
        live.chart = self._new_chart(live, trial)
        now = self._clock.now()
        self._spawn(self._store.write(lambda db: records.add_trial_set(db, trial, lot_no=lot.lot_no,
                                                                       station=self._station, ts=now)))
        for value, size, ts in baseline:   # phase I: the baseline is judged against its own limits
            self._take(live, value, size, ts)

    def _set_alarm(self, live: _Live, value: int) -> None:
        if Action.ALARM not in live.config.actions or value == live.alarm_value:
            return
        live.alarm_value = value
        self._bus.publish(Sample(tag=alarm_tag(live.code), ts=self._clock.now(), value=value, quality=Quality.GOOD))

    # Recording ------------------------------------------------------------------------------------------
    async def _record(self, live: _Live, point: ChartPoint, rule: str) -> None:
        lot, chart = live.lot, live.chart
        if lot is None or chart is None:
            return
        cfg = live.config
        limits = chart.limits
        first = point.index - rule_window(rule) + 1
        span = [{"index": p.index, "value": p.value, "ts": p.ts} for p in chart.points if first <= p.index <= point.index]
        points = [p for p in live.unflushed]
        live.unflushed = []
        now = self._clock.now()
        measurement = {"tag": cfg.tag, "characteristic": live.code, "value": point.value, "raw": list(point.raw),
                       "unit": cfg.unit, "rule": rule, "limit_set_version": limits.version, "trial": limits.trial,
                       "cl": limits.cl, "ucl": point.limits.ucl, "lcl": point.limits.lcl, "lo": limits.lsl,
                       "hi": limits.usl, "ts": point.ts, "quality": Quality.GOOD.value}
        recipe = self._snapshot() if Action.PROPOSE in cfg.actions else {}
        needs_cause = rule in cfg.cause_rules
        payload = {"lot_id": lot.lot_no, "work_order_id": lot.work_order, "product_id": lot.product,
                   "operation_id": lot.operation, "characteristic": live.code, "rule": rule,
                   "rule_text": RULE_TEXT[rule], "index": point.index, "points": span, "value": point.value,
                   "unit": cfg.unit, "limit_set_version": limits.version, "trial": limits.trial, "cl": limits.cl,
                   "ucl": point.limits.ucl, "lcl": point.limits.lcl, "usl": limits.usl, "lsl": limits.lsl,
                   "sample_ts": point.ts, "actions": [a.value for a in cfg.actions], "needs_cause": needs_cause}

        def write(db: sqlite_utils.Database) -> tuple[ViolationRecord, proposals.DefectProposal | None]:
            records.add_points(db, [(live.code, lot.lot_no, p, limits.version) for p in points])
            proposal = None
            low = cfg.defect_code_low and point.value < point.limits.cl
            code = cfg.defect_code_low if low else cfg.defect_code
            if Action.PROPOSE in cfg.actions:   # None when a limit check proposed this defect for the lot
                proposal = proposals.add(db, station=self._station, lot_no=lot.lot_no, product=lot.product,
                                         code=code, measurement=measurement, recipe=recipe, ts=now, actor=SPC_ACTOR)
            violation_id = records.add_violation(
                db, station=self._station, characteristic=live.code, lot=lot, rule=rule, point=point, span=span,
                limits=limits, needs_cause=needs_cause, ts=now,
                payload={**payload, "proposal_id": proposal.id if proposal else None},
                proposal_id=proposal.id if proposal else None)
            found = records.violation_by_id(db, violation_id)
            assert found is not None
            return found, proposal

        try:
            violation, proposal = await self._store.write(write)
        except Exception:
            live.unflushed = points + live.unflushed
            log.exception("SPC %s: violation %s at point %s not saved", live.code, rule, point.index)
            return
        if live.lot is not None and live.lot.lot_no == lot.lot_no:
            live.latest = violation
            live.awaiting_cause += int(needs_cause)
        if proposal is not None and self._show_proposal is not None:
            self._show_proposal(proposal)
        self._revision.set(self._revision.value + 1)
        await self._violation_recorded.emit(violation)

    async def _flush_forever(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_INTERVAL_S)
            try:
                await self._flush()
            except Exception:
                log.exception("SPC points not saved; kept for the next try")

    async def _flush(self) -> None:
        rows: list[tuple[str, str, ChartPoint, str]] = []
        taken: list[tuple[_Live, list[ChartPoint]]] = []
        for live in self._live.values():
            if live.unflushed and live.lot is not None and live.chart is not None:
                points, live.unflushed = live.unflushed, []
                taken.append((live, points))
                rows += [(live.code, live.lot.lot_no, p, live.chart.limits.version) for p in points]
        if not rows:
            return
        try:
            await self._store.write(lambda db: records.add_points(db, rows))
        except Exception:
            for live, points in taken:
                live.unflushed = points + live.unflushed
            raise

    def _spawn(self, coro: Any) -> asyncio.Task[Any] | None:
        if self._stopping:
            coro.close()
            return None
        loop = self._loop or asyncio.get_running_loop()
        task = loop.create_task(coro, name="spc")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # For the screens ----------------------------------------------------------------------------------
    def characteristics(self) -> list[CharacteristicStatus]:
        """The station overview: every characteristic, in control or its latest violation."""
        self._auth.require(Permission.VIEW_TRENDS)
        return [self._status(live) for live in self._live.values()]

    def chart(self, code: str) -> ChartView:
        self._auth.require(Permission.VIEW_TRENDS)
        live = self._live.get(code)
        if live is None:
            raise ProductionError("no SPC characteristic {code!r}", code=code)
        points = tuple(live.chart.points) if live.chart is not None else ()
        cap = None
        if live.chart is not None and not live.chart.limits.chart.is_attribute:
            limits = live.chart.limits
            values = [v for p in points for v in p.raw]
            cap = capability(values, n=limits.subgroup_size, lsl=limits.lsl, usl=limits.usl,
                             use_s=limits.chart is ChartType.XBAR_S, violations=sum(len(p.rules) for p in points))
        return ChartView(status=self._status(live), limits=live.chart.limits if live.chart else None, points=points,
                         capability=cap)

    def _status(self, live: _Live) -> CharacteristicStatus:
        cfg = live.config
        chart = live.chart
        if live.lot is None:
            state = "idle"
        elif chart is None:
            state = "baseline" if cfg.trial else "no_limits"
        elif live.previous_rules:
            state = "violation"
        else:
            state = "in_control"
        latest = live.latest
        return CharacteristicStatus(
            code=live.code, name=cfg.name, name_ko=cfg.name_ko, unit=cfg.unit,
            chart=chart.limits.chart if chart else cfg.chart_type, state=state,
            lot_no=live.lot.lot_no if live.lot else None, points=chart.count if chart else len(live.baseline),
            limit_version=chart.limits.version if chart else "", trial=bool(chart and chart.limits.trial),
            latest_rule=latest.rule if latest else None, latest_at=latest.recorded_at if latest else None,
            awaiting_cause=live.awaiting_cause)

    async def violations(self, *, lot_no: str | None = None, characteristic: str | None = None,
                         awaiting_cause: bool = False) -> list[ViolationRecord]:
        self._auth.require(Permission.VIEW_TRENDS)
        return await self._store.read(lambda db: records.violations(db, lot_no=lot_no, characteristic=characteristic,
                                                                    awaiting_cause=awaiting_cause))

    async def reasons(self) -> tuple[list[Reason], list[Reason]]:
        """The touch lists (assignable causes, corrective actions) from the master data."""
        self._auth.require(Permission.VIEW_TRENDS)
        return await self._store.read(lambda db: (records.reasons(db, "cause"), records.reasons(db, "action")))

    async def record_cause(self, violation_id: int, *, cause_code: str, action_code: str, note: str = "") -> None:
        """The operator's assignable cause and corrective action for a violation; audited as that operator."""
        session = self._auth.require(Permission.RECORD_DEFECT)
        now = self._clock.now()
        note = checked_text(note, field="Note", max_length=MAX_NOTE)

        def write(db: sqlite_utils.Database) -> ViolationRecord:
            violation = records.violation_by_id(db, violation_id)
            if violation is None:
                raise ProductionError("no SPC violation {violation_id}", violation_id=violation_id)
            if cause_code not in {r.code for r in records.reasons(db, "cause")}:
                raise ProductionError("unknown assignable cause {code!r}", code=cause_code)
            if action_code not in {r.code for r in records.reasons(db, "action")}:
                raise ProductionError("unknown corrective action {code!r}", code=action_code)
            records.set_cause(db, violation, cause_code=cause_code, action_code=action_code, note=note,
                              actor=session.username, station=self._station, ts=now)
            return violation

        violation = await self._store.write(write)
        live = self._live.get(violation.characteristic)
        if live is not None and violation.needs_cause and violation.cause_code is None and live.awaiting_cause:
            live.awaiting_cause -= 1
        self._revision.set(self._revision.value + 1)

    async def capability_between(self, code: str, *, since: float | None = None, until: float | None = None,
                                 lot_no: str | None = None) -> Capability | None:
        """Capability over a lot, a shift or a chosen range, from the stored points."""
        self._auth.require(Permission.VIEW_TRENDS)
        await self._flush()
        live = self._live.get(code)
        if live is None:
            raise ProductionError("no SPC characteristic {code!r}", code=code)
        return await self._store.read(lambda db: characteristic_capability(db, live.config, code, lot_no=lot_no,
                                                                           since=since, until=until))


def characteristic_capability(db: sqlite_utils.Database, config: CharacteristicConfig, code: str, *,
                              lot_no: str | None = None, since: float | None = None,
                              until: float | None = None) -> Capability | None:
    """Capability of a variables characteristic from station.db (None for attribute charts)."""
    chart = config.chart_type
    if chart.is_attribute:
        return None
    points = records.points_of(db, code, lot_no=lot_no, since=since, until=until)
    found = records.violations(db, lot_no=lot_no, characteristic=code, limit=100_000)
    if since is not None or until is not None:
        found = [v for v in found if (since is None or v.sample_ts >= since) and (until is None or v.sample_ts <= until)]
    sets = {(p.limit_version) for p in points}
    spec = None
    if points:
        versions = {s.version: s for s in records.limit_versions(db, code)}
        spec = versions.get(points[-1].limit_version)
    values = [v for p in points for v in p.raw]
    cap = capability(values, n=config.subgroup, lsl=spec.lsl if spec else None, usl=spec.usl if spec else None,
                     use_s=chart is ChartType.XBAR_S, violations=len(found))
    if len(sets) > 1:
        cap = replace(cap, warnings=(*cap.warnings, f"the range spans {len(sets)} limit-set versions"),
                      kinds=(*cap.kinds, "several_versions"))
    return cap


def _matches(config: CharacteristicConfig, lot: Lot) -> bool:
    return config.product == lot.product and (not config.operation or config.operation == lot.operation)


def _good_number(sample: Sample) -> float | None:
    """Only GOOD finite numbers are measurements; BAD/STALE carry no value and UNCERTAIN is not charted."""
    value = sample.value
    if not sample.quality.is_good or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None
