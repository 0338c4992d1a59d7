"""Lots: start, count, pause/resume, finish, abort and correct, with the rules in one place.

Every action re-reads the lot inside its write transaction (the database is the truth, not the
screen), asks the lot machine (``hmi.production.lot_machine``) what the action does in the lot's
state, and writes the change, a lot_events row, the audit entry and the outbox event together.

Parts from the counter tag follow one rule (README, Production): while the lot runs they are its good
count; during a pause they are held apart as pause counts, which the operator accepts or assigns at
resume; after Finish, until the next lot starts, they are the finished lot's late counts (the counter
sits at the line's end, so they are that lot's parts in transit). Finishing records exactly the
counts the operator confirmed; counter parts that arrived after the confirmation are late counts.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import sqlite_utils

from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.observable import Observable, ObservableView, Unsubscribe
from hmi.production import records
from hmi.production.config import ProductionSection
from hmi.production.lot_machine import CountKind, LotAction, counter_kind, transition
from hmi.production.records import Lot, LotStatus, ProductionError
from hmi.production.text_rules import LotPattern, checked_text
from hmi.recording import Change, record_change
from hmi.store import Store
from hmi.tags import Sample, TagBus

log = logging.getLogger(__name__)

MAX_COUNT_STEP = 100_000
MAX_LOT_NUMBER = 64
COUNTER_ACTOR = "system:counter"


def _dumps(value: Any) -> str | None:
    from hmi import jsonutil

    return None if value is None else jsonutil.dumps(value)


class PauseCounts(StrEnum):
    """What the operator does at resume with the parts counted during the pause."""

    ACCEPT = "accept"              # they are this lot's good parts
    SCRAP = "scrap"                # this lot's parts, but scrap
    NOT_THIS_LOT = "not_this_lot"  # not this lot's parts: kept for the record, in no count


@dataclass(slots=True)
class _Step:
    """What one action writes: the lot's columns, its lot_events row, its audit entry and outbox event."""

    kind: str
    audit_action: str
    sets: dict[str, Any] = field(default_factory=dict)
    good: int = 0
    scrap: int = 0
    reason: str | None = None
    data: Any = None
    event_type: str | None = None
    payload: dict[str, Any] | None = None


def _whole(value: object, *, kind: str, least: int, most: int) -> int:
    """A count from a person or a caller: an int (not a bool, not a float) within sane bounds."""
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        if least < 0:
            raise ProductionError("{count_kind} correction must be a whole number from -{most} to {most}",
                                  count_kind=kind, most=most)
        raise ProductionError("{count_kind} count must be a whole number from 0 to {most}",
                              count_kind=kind, most=most)
    return value


def next_free_number(db: sqlite_utils.Database, station: str, pattern: LotPattern, example: str) -> str | None:
    """The next lot number the rule accepts: the newest used one (or the example), its last digits + 1."""
    row = db.execute("SELECT lot_no FROM lots WHERE station = ? ORDER BY id DESC LIMIT 50", [station]).fetchall()
    used = [r[0] for r in row if _matches(pattern, r[0])]
    seed = used[0] if used else example
    if not seed:
        return None
    candidate = seed
    for _ in range(1000):
        if _matches(pattern, candidate) and records.lot_by_number(db, candidate) is None:
            return candidate
        digits = re.search(r"(\d+)(?!.*\d)", candidate)
        if digits is None:
            return None
        width = len(digits.group(1))
        candidate = candidate[:digits.start(1)] + str(int(digits.group(1)) + 1).zfill(width) + candidate[digits.end(1):]
    return None


def _matches(pattern: LotPattern, text: str) -> bool:
    return len(text) <= MAX_LOT_NUMBER and pattern.fullmatch(text) is not None


class LotService:
    def __init__(self, *, store: Store, auth: AuthService, clock: Clock, bus: TagBus, station_id: str,
                 config: ProductionSection, signoffs_missing: Callable[[sqlite_utils.Database, Lot], list[int]]) -> None:
        self._store = store
        self._auth = auth
        self._clock = clock
        self._bus = bus
        self._station = station_id
        self._config = config
        self._signoffs_missing = signoffs_missing
        self._active: Observable[Lot | None] = Observable(None)
        self.active: ObservableView[Lot | None] = self._active.view()
        # The newest finished lot while no lot runs: late counts and their display follow it.
        self._last_finished: Observable[Lot | None] = Observable(None)
        self.last_finished: ObservableView[Lot | None] = self._last_finished.view()
        self._counter_last: float | None = None
        self._counter_pending = 0
        self._counter_task: asyncio.Task[None] | None = None
        self._unsubscribe: Unsubscribe | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # Called in the write transaction of every action, with the lot before and after (downtime: a pause).
        self.change_hooks: list[Callable[..., None]] = []

    # Lifecycle of the service ----------------------------------------------------------------------
    async def load(self) -> None:
        def read(db: sqlite_utils.Database) -> tuple[Lot | None, Lot | None]:
            latest = records.latest_lot(db, self._station)
            active = latest if latest is not None and latest.status.active else None
            finished = latest if latest is not None and latest.status is LotStatus.FINISHED else None
            return active, finished

        active, finished = await self._store.read(read)
        self._active.set(active)
        self._last_finished.set(finished)

    async def start_service(self) -> None:
        self._loop = asyncio.get_running_loop()  # samples may be published from outside a coroutine
        await self.load()
        if self._config.counter_tag:
            self._unsubscribe = self._bus.subscribe(self._on_counter, tags=[self._config.counter_tag])

    async def stop_service(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._counter_task is not None:
            await asyncio.gather(self._counter_task, return_exceptions=True)
            self._counter_task = None

    async def idle(self) -> None:
        """Wait until a counter update in flight has committed (tests, shutdown)."""
        while self._counter_task is not None and not self._counter_task.done():
            await asyncio.gather(self._counter_task, return_exceptions=True)

    # Process values ---------------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """The configured recipe/process values as the bus knows them now, with their quality."""
        values: dict[str, Any] = {}
        for tag in self._config.snapshot_tags:
            sample = self._bus.latest(tag)
            values[tag] = (None if sample is None else
                           {"value": sample.value, "quality": sample.quality.value, "ts": sample.ts})
        return values

    # Queries ------------------------------------------------------------------------------------------
    async def suggest_lot_number(self) -> str | None:
        """The next free lot number the station's rule accepts (shown with a refusal, or prefilled)."""
        def read(db: sqlite_utils.Database) -> str | None:
            pattern, example = records.lot_number_rule(db)
            return None if pattern is None else next_free_number(db, self._station, pattern, example)

        return await self._store.read(read)

    # Actions ------------------------------------------------------------------------------------------
    async def search(self, *, text: str = "", since: float | None = None, until: float | None = None) -> list[Lot]:
        """Lots by number, order or product within a time range, for the lot history."""
        self._auth.require(Permission.VIEW_LOT_HISTORY)
        return await self._store.read(lambda db: records.search_lots(db, text=text, since=since, until=until))

    async def start(self, *, work_order: str, lot_no: str) -> Lot:
        session = self._auth.require(Permission.START_LOT)
        lot_no = checked_text(lot_no, field="Lot number", max_length=MAX_LOT_NUMBER, required=True, multiline=False)
        now = self._clock.now()
        params = self.snapshot()

        def write(db: sqlite_utils.Database) -> Lot:
            current = records.active_lot(db, self._station)
            if current is not None:
                raise ProductionError("lot {lot_no} is still {status}; finish or abort it before starting "
                                      "another", lot_no=current.lot_no, status=current.status)
            order = records.work_order(db, work_order)
            if order is None:
                raise ProductionError("unknown work order {work_order!r}", work_order=work_order)
            pattern, example = records.lot_number_rule(db)
            if pattern is not None and not _matches(pattern, lot_no):
                proposal = next_free_number(db, self._station, pattern, example)
                if proposal:
                    raise ProductionError("lot number {lot_no!r} is not in this station's form, like {example}; "
                                          "the next free number is {proposal}",
                                          lot_no=lot_no, example=example or proposal, proposal=proposal)
                raise ProductionError("lot number {lot_no!r} is not in this station's form", lot_no=lot_no)
            if records.lot_by_number(db, lot_no) is not None:
                raise ProductionError("lot number {lot_no} was used before", lot_no=lot_no)
            doc = records.instruction_for(db, order.product, order.operation)
            if doc is not None and not records.acknowledged(db, self._station, doc.instruction_id, doc.version):
                raise ProductionError("instruction {instruction_id} version {version} must be acknowledged "
                                      "before a lot starts",
                                      instruction_id=doc.instruction_id, version=doc.version)
            cursor = db.execute(
                "INSERT INTO lots (lot_no, station, work_order, product, operation, instruction_id, "
                "instruction_version, status, started_at, started_by, params_start) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [lot_no, self._station, order.order_no, order.product, order.operation,
                 doc.instruction_id if doc else None, doc.version if doc else None, LotStatus.RUNNING.value, now,
                 session.username, _dumps(params)])
            lot_id = int(cursor.lastrowid or 0)
            self._event(db, lot_id, now, session.username, "started", data={"params": params})
            lot = records.lot_by_id(db, lot_id)
            assert lot is not None
            self._record(db, lot, now, session.username, "lot.start", None, "lot.started", {
                **_ids(lot), "quantity_planned": order.planned_qty, "instruction_id": lot.instruction_id,
                "instruction_version": lot.instruction_version, "params": params, "started_at": now})
            return lot

        lot = await self._store.write(write)
        self._last_finished.set(None)
        self._active.set(lot)
        return lot

    async def add_count(self, *, good: int = 0, scrap: int = 0) -> Lot:
        """Good and scrap parts counted by the signed-in person (+1, +N); the counter tag has its own path."""
        session = self._auth.require(Permission.RECORD_COUNT)
        good = _whole(good, kind="good", least=0, most=MAX_COUNT_STEP)
        scrap = _whole(scrap, kind="scrap", least=0, most=MAX_COUNT_STEP)
        if good == 0 and scrap == 0:
            raise ProductionError("nothing to count")

        def step(_db: sqlite_utils.Database, lot: Lot) -> _Step:
            return _Step(kind="count", audit_action="lot.count", good=good, scrap=scrap,
                         sets={"good": lot.good + good, "scrap": lot.scrap + scrap})

        return await self._act(LotAction.COUNT, session.username, step)

    async def pause(self, *, reason_code: str) -> Lot:
        session = self._auth.require(Permission.PAUSE_LOT)

        def step(db: sqlite_utils.Database, lot: Lot) -> _Step:
            reasons = {r.code: r for r in records.downtime_reasons(db)}
            if reason_code not in reasons:
                raise ProductionError("unknown downtime reason {reason_code!r}", reason_code=reason_code)
            return _Step(kind="paused", audit_action="lot.pause", reason=reason_code,
                         sets={"pause_reason": reason_code, "pause_pending": 0}, event_type="lot.paused",
                         payload={**_ids(lot), "reason": reason_code, "reason_name": reasons[reason_code].name})

        return await self._act(LotAction.PAUSE, session.username, step)

    async def resume(self, *, pause_counts: PauseCounts | None = None) -> Lot:
        """Resume; parts the counter counted during the pause must be accepted or assigned here."""
        session = self._auth.require(Permission.PAUSE_LOT)
        now = self._clock.now()

        def step(db: sqlite_utils.Database, lot: Lot) -> _Step:
            pending = lot.pause_pending
            if pending and pause_counts is None:
                raise ProductionError("{quantity} parts were counted during the pause; accept them or assign "
                                      "them before resuming", quantity=pending)
            paused_at = db.execute("SELECT max(ts) FROM lot_events WHERE lot_id = ? AND kind = ?",
                                   [lot.id, "paused"]).fetchone()[0]
            downtime = max(0.0, now - float(paused_at or now))
            sets: dict[str, Any] = {"pause_reason": None, "pause_pending": 0}
            good = scrap = 0
            decision = pause_counts.value if pending and pause_counts is not None else None
            if pause_counts is PauseCounts.ACCEPT:
                good = pending
            elif pause_counts is PauseCounts.SCRAP:
                scrap = pending
            elif pause_counts is PauseCounts.NOT_THIS_LOT:
                sets["pause_other"] = lot.pause_other + pending
            sets.update(good=lot.good + good, scrap=lot.scrap + scrap)
            data: dict[str, Any] = {"downtime_s": downtime}
            if pending:
                data.update(pause_counts=pending, pause_counts_to=decision)
            return _Step(kind="resumed", audit_action="lot.resume", reason=lot.pause_reason, good=good, scrap=scrap,
                         sets=sets, data=data, event_type="lot.resumed",
                         payload={**_ids(lot), "reason": lot.pause_reason, "downtime_s": downtime,
                                  "pause_counts": {"quantity": pending, "to": decision}})

        return await self._act(LotAction.RESUME, session.username, step)

    async def finish(self, *, confirm_good: int, confirm_scrap: int) -> Lot:
        """Finish with exactly the counts the operator confirmed; counter parts since then are late counts."""
        session = self._auth.require(Permission.FINISH_LOT)
        confirm_good = _whole(confirm_good, kind="good", least=0, most=2**31)
        confirm_scrap = _whole(confirm_scrap, kind="scrap", least=0, most=2**31)
        now = self._clock.now()
        params = self.snapshot()

        def step(db: sqlite_utils.Database, lot: Lot) -> _Step:
            if lot.good + lot.scrap == 0:
                raise ProductionError("lot {lot_no} has no counts yet; count the parts before finishing",
                                      lot_no=lot.lot_no)
            if lot.pause_pending:
                raise ProductionError("{quantity} parts were counted during the pause; accept them or assign "
                                      "them before resuming", quantity=lot.pause_pending)
            # Only counter parts may arrive unseen after the confirmation (they become late counts); a
            # person's count since then, or a correction, means the operator must confirm again.
            if (confirm_good > lot.good or confirm_scrap != lot.scrap
                    or lot.good - confirm_good > _trailing_counter_parts(db, lot.id)):
                raise ProductionError("the counts changed to {good} good / {scrap} scrap; confirm again",
                                      good=lot.good, scrap=lot.scrap)
            missing = self._signoffs_missing(db, lot)
            if missing:
                steps = ", ".join(str(i + 1) for i in missing)
                raise ProductionError("instruction steps {steps} are not signed off yet", steps=steps)
            late = lot.good - confirm_good
            return _Step(kind="finished", audit_action="lot.finish", data={"params": params, "late_good": late},
                         good=-late,
                         sets={"ended_at": now, "ended_by": session.username, "params_end": _dumps(params),
                               "pause_reason": None, "good": confirm_good, "late_good": lot.late_good + late},
                         event_type="lot.finished",
                         payload={**_ids(lot), "good": confirm_good, "scrap": confirm_scrap, "late_good": late,
                                  "params": params, "finished_at": now})

        lot = await self._act(LotAction.FINISH, session.username, step)
        self._last_finished.set(lot)
        return lot

    async def abort(self, *, reason: str) -> Lot:
        session = self._auth.require(Permission.ABORT_LOT)
        reason = checked_text(reason, field="Reason", max_length=self._config.max_note_length, required=True)
        now = self._clock.now()
        params = self.snapshot()

        def step(_db: sqlite_utils.Database, lot: Lot) -> _Step:
            return _Step(kind="aborted", audit_action="lot.abort", reason=reason,
                         sets={"ended_at": now, "ended_by": session.username, "abort_reason": reason,
                               "params_end": _dumps(params), "pause_reason": None},
                         event_type="lot.aborted",
                         payload={**_ids(lot), "reason": reason, "good": lot.good, "scrap": lot.scrap})

        return await self._act(LotAction.ABORT, session.username, step)

    async def correct(self, *, lot_no: str, good_delta: int, scrap_delta: int, reason: str) -> Lot:
        """A correction of counts is a new record with a reason; the old counts stay in the history."""
        session = self._auth.require(Permission.CORRECT_LOT)
        good_delta = _whole(good_delta, kind="good", least=-MAX_COUNT_STEP, most=MAX_COUNT_STEP)
        scrap_delta = _whole(scrap_delta, kind="scrap", least=-MAX_COUNT_STEP, most=MAX_COUNT_STEP)
        reason = checked_text(reason, field="Reason", max_length=self._config.max_note_length, required=True)

        def step(_db: sqlite_utils.Database, lot: Lot) -> _Step:
            if lot.good + good_delta < 0 or lot.scrap + scrap_delta < 0:
                raise ProductionError("a correction cannot make a count negative")
            return _Step(kind="corrected", audit_action="lot.correct", good=good_delta, scrap=scrap_delta,
                         reason=reason, sets={"good": lot.good + good_delta, "scrap": lot.scrap + scrap_delta},
                         event_type="lot.corrected",
                         payload={**_ids(lot), "good": lot.good + good_delta, "scrap": lot.scrap + scrap_delta,
                                  "good_delta": good_delta, "scrap_delta": scrap_delta, "reason": reason})

        return await self._act(LotAction.CORRECT, session.username, step, lot_no=lot_no)

    # The one transition function ------------------------------------------------------------------------
    async def _act(self, action: LotAction, actor: str, step: Callable[[sqlite_utils.Database, Lot], _Step], *,
                   lot_no: str | None = None) -> Lot:
        """Read the lot, move it through the lot machine, write the step with its audit and event."""
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Lot:
            if lot_no is not None:
                lot = records.lot_by_number(db, lot_no)
                if lot is None:
                    raise ProductionError("no lot {lot_no!r}", lot_no=lot_no)
            else:
                lot = self._require_active(db)
            after_state = transition(lot.status, action, lot_no=lot.lot_no)
            change = step(db, lot)
            sets = {**change.sets, "status": after_state.value}
            columns = ", ".join(f"{name} = ?" for name in sets)
            db.execute(f"UPDATE lots SET {columns} WHERE id = ?", [*sets.values(), lot.id])
            self._event(db, lot.id, now, actor, change.kind, good=change.good, scrap=change.scrap,
                        reason=change.reason, data=change.data)
            after = records.lot_by_id(db, lot.id)
            assert after is not None
            record_change(db, Change(ts=now, station=self._station, actor=actor, action=change.audit_action,
                                     object_type="lot", object_id=lot.lot_no, before=_audit_state(lot),
                                     after=_audit_state(after) | ({"reason": change.reason} if change.reason else {}),
                                     event_type=change.event_type, event_payload=change.payload,
                                     subject=lot.subject))
            for hook in self.change_hooks:
                hook(db, lot, after, actor=actor, ts=now)
            return after

        lot = await self._store.write(write)
        current = self._active.value
        if lot.status.active:
            self._active.set(lot)
        elif current is not None and current.id == lot.id:
            self._active.set(None)
        finished = self._last_finished.value
        if finished is not None and finished.id == lot.id:
            self._last_finished.set(lot if lot.status is LotStatus.FINISHED else None)
        return lot

    # Counter tag --------------------------------------------------------------------------------------
    def _on_counter(self, sample: Sample) -> None:
        """Counter deltas; the first value after a (re)start and a counter reset only set the base."""
        if not sample.quality.is_good or not _is_number(sample.value):
            return
        value = float(sample.value)  # type: ignore[arg-type]
        last, self._counter_last = self._counter_last, value
        if last is None or value <= last:
            return
        self._counter_pending += int(value - last)
        if self._counter_task is None or self._counter_task.done():
            loop = self._loop or asyncio.get_running_loop()
            self._counter_task = loop.create_task(self._drain_counter(), name="lot-counter")

    async def _drain_counter(self) -> None:
        """One write at a time, coalescing bursts; the lot's state says where the parts go."""
        while self._counter_pending > 0:
            parts, self._counter_pending = min(self._counter_pending, MAX_COUNT_STEP), 0
            try:
                await self._count_from_counter(parts)
            except ProductionError as exc:
                log.info("counter parts not recorded: %s", exc)

    async def _count_from_counter(self, parts: int) -> Lot | None:
        """Parts from the counter tag, as the machine identity: counted, pause counts or late counts."""
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Lot | None:
            lot = records.latest_lot(db, self._station)
            kind = counter_kind(lot.status) if lot is not None else None
            if lot is None or kind is None:
                return None   # no lot yet, or the last one was aborted: these parts belong to no lot
            transition(lot.status, LotAction.COUNTER, lot_no=lot.lot_no)
            column = {CountKind.COUNT: "good", CountKind.PAUSE: "pause_pending", CountKind.LATE: "late_good"}[kind]
            db.execute(f"UPDATE lots SET {column} = {column} + ? WHERE id = ?", [parts, lot.id])
            self._event(db, lot.id, now, COUNTER_ACTOR, kind.value, good=parts if kind is CountKind.COUNT else 0,
                        data=None if kind is CountKind.COUNT else {"parts": parts})
            after = records.lot_by_id(db, lot.id)
            assert after is not None
            late = kind is CountKind.LATE
            record_change(db, Change(ts=now, station=self._station, actor=COUNTER_ACTOR, action=f"lot.{kind.value}",
                                     object_type="lot", object_id=lot.lot_no, before=_audit_state(lot),
                                     after=_audit_state(after), event_type="lot.late_counted" if late else None,
                                     event_payload={**_ids(lot), "quantity": parts, "late_good": after.late_good}
                                     if late else None, subject=lot.subject))
            return after

        lot = await self._store.write(write)
        if lot is not None:
            if lot.status.active:
                current = self._active.value
                if current is not None and current.id == lot.id:
                    self._active.set(lot)
            else:
                finished = self._last_finished.value
                if finished is not None and finished.id == lot.id:
                    self._last_finished.set(lot)
        return lot

    # Helpers on the writer thread ------------------------------------------------------------------------
    def _require_active(self, db: sqlite_utils.Database) -> Lot:
        lot = records.active_lot(db, self._station)
        if lot is None:
            raise ProductionError("no active lot at this station")
        return lot

    @staticmethod
    def _event(db: sqlite_utils.Database, lot_id: int, ts: float, actor: str, kind: str, *, good: int = 0,
               scrap: int = 0, reason: str | None = None, data: Any = None) -> None:
        db.execute("INSERT INTO lot_events (lot_id, ts, actor, kind, good_delta, scrap_delta, reason, data) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [lot_id, ts, actor, kind, good, scrap, reason, _dumps(data)])

    def _record(self, db: sqlite_utils.Database, lot: Lot, ts: float, actor: str, action: str, before: Any,
                event_type: str, payload: dict[str, Any]) -> None:
        record_change(db, Change(ts=ts, station=self._station, actor=actor, action=action, object_type="lot",
                                 object_id=lot.lot_no, before=before, after=_audit_state(lot),
                                 event_type=event_type, event_payload=payload, subject=lot.subject))


def _trailing_counter_parts(db: sqlite_utils.Database, lot_id: int) -> int:
    """Good parts the counter added since the lot's last other event (what may have come after a confirmation)."""
    parts = 0
    for actor, kind, good in db.execute("SELECT actor, kind, good_delta FROM lot_events WHERE lot_id = ? "
                                        "ORDER BY id DESC LIMIT 10000", [lot_id]):
        if actor != COUNTER_ACTOR or kind != CountKind.COUNT.value:
            break
        parts += int(good)
    return parts


def _ids(lot: Lot) -> dict[str, Any]:
    """The lot's identifiers under the names of plugins/mes/EVENTS.md."""
    return {"lot_id": lot.lot_no, "work_order_id": lot.work_order, "product_id": lot.product,
            "operation_id": lot.operation}


def _audit_state(lot: Lot) -> dict[str, Any]:
    state: dict[str, Any] = {"status": lot.status.value, "good": lot.good, "scrap": lot.scrap}
    for name in ("pause_pending", "pause_other", "late_good"):
        if getattr(lot, name):
            state[name] = getattr(lot, name)
    return state


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
