"""Lots: start, count, pause/resume, finish, abort and correct, with the rules in one place.

Every action re-reads the lot inside its write transaction (the database is the truth, not the
screen), writes the change, a lot_events row, the audit entry and the outbox event together.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import sqlite_utils

from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.observable import Observable, Unsubscribe
from hmi.production import records
from hmi.production.config import ProductionSection
from hmi.production.records import Lot, LotStatus, ProductionError
from hmi.production.text_rules import checked_text
from hmi.recording import Change, record_change
from hmi.store import Store
from hmi.tags import Sample, TagBus

log = logging.getLogger(__name__)

MAX_COUNT_STEP = 100_000
MAX_LOT_NUMBER = 64


def _dumps(value: Any) -> str | None:
    from hmi import jsonutil

    return None if value is None else jsonutil.dumps(value)


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
        self.active: Observable[Lot | None] = Observable(None)
        self._counter_base: float | None = None
        self._counter_task: asyncio.Task[None] | None = None
        self._unsubscribe: Unsubscribe | None = None

    # Lifecycle of the service ----------------------------------------------------------------------
    async def load(self) -> None:
        self.active.set(await self._store.read(lambda db: records.active_lot(db, self._station)))

    async def start_service(self) -> None:
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
        if self._counter_task is not None:
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

    # Actions ------------------------------------------------------------------------------------------
    async def start(self, *, work_order: str, lot_no: str) -> Lot:
        session = self._auth.require(Permission.START_LOT)
        lot_no = checked_text(lot_no, field="Lot number", max_length=MAX_LOT_NUMBER, required=True, multiline=False)
        now = self._clock.now()
        params = self.snapshot()
        counter = self._bus.latest(self._config.counter_tag) if self._config.counter_tag else None

        def write(db: sqlite_utils.Database) -> Lot:
            current = records.active_lot(db, self._station)
            if current is not None:
                raise ProductionError("lot {lot_no} is still {status}; finish or abort it before starting "
                                      "another", lot_no=current.lot_no, status=current.status)
            order = records.work_order(db, work_order)
            if order is None:
                raise ProductionError("unknown work order {work_order!r}", work_order=work_order)
            pattern, example = records.lot_number_rule(db)
            if pattern is not None and not pattern.fullmatch(lot_no):
                if example:
                    raise ProductionError("lot number {lot_no!r} does not match the pattern {pattern} "
                                          "(like {example})", lot_no=lot_no, pattern=pattern.pattern, example=example)
                raise ProductionError("lot number {lot_no!r} does not match the pattern {pattern}",
                                      lot_no=lot_no, pattern=pattern.pattern)
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
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
                [lot_no, self._station, order.order_no, order.product, order.operation,
                 doc.instruction_id if doc else None, doc.version if doc else None, now, session.username,
                 _dumps(params)])
            lot_id = int(cursor.lastrowid or 0)
            self._event(db, lot_id, now, session.username, "started", data={"params": params})
            lot = records.lot_by_id(db, lot_id)
            assert lot is not None
            self._record(db, lot, now, session.username, "lot.start", None, "lot.started", {
                "lot_no": lot.lot_no, "work_order": lot.work_order, "product": lot.product,
                "operation": lot.operation, "instruction": lot.instruction_id,
                "instruction_version": lot.instruction_version, "params": params, "started_at": now})
            return lot

        lot = await self._store.write(write)
        self._counter_base = (float(counter.value) if counter is not None and isinstance(counter.value, int | float)
                              and not isinstance(counter.value, bool) else None)
        self.active.set(lot)
        return lot

    async def add_count(self, *, good: int = 0, scrap: int = 0, actor: str | None = None) -> Lot:
        """Good and scrap parts made since the last count (manual +1/+N, or the counter tag)."""
        username = actor or self._auth.require(Permission.RECORD_COUNT).username
        for name, value in (("good", good), ("scrap", scrap)):
            if not isinstance(value, int) or value < 0 or value > MAX_COUNT_STEP:
                raise ProductionError("{count_kind} count must be a whole number from 0 to {most}",
                                      count_kind=name, most=MAX_COUNT_STEP)
        if good == 0 and scrap == 0:
            raise ProductionError("nothing to count")
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Lot:
            lot = self._require_active(db, running=True)
            db.execute("UPDATE lots SET good = good + ?, scrap = scrap + ? WHERE id = ?", [good, scrap, lot.id])
            self._event(db, lot.id, now, username, "count", good=good, scrap=scrap)
            after = records.lot_by_id(db, lot.id)
            assert after is not None
            record_change(db, Change(ts=now, station=self._station, actor=username, action="lot.count",
                                     object_type="lot", object_id=lot.lot_no,
                                     before={"good": lot.good, "scrap": lot.scrap},
                                     after={"good": after.good, "scrap": after.scrap}))
            return after

        lot = await self._store.write(write)
        self.active.set(lot)
        return lot

    async def pause(self, *, reason_code: str) -> Lot:
        session = self._auth.require(Permission.PAUSE_LOT)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Lot:
            lot = self._require_active(db, running=True)
            reasons = {r.code: r for r in records.downtime_reasons(db)}
            if reason_code not in reasons:
                raise ProductionError("unknown downtime reason {reason_code!r}", reason_code=reason_code)
            db.execute("UPDATE lots SET status = 'paused', pause_reason = ? WHERE id = ?", [reason_code, lot.id])
            self._event(db, lot.id, now, session.username, "paused", reason=reason_code)
            after = records.lot_by_id(db, lot.id)
            assert after is not None
            self._record(db, after, now, session.username, "lot.pause", {"status": lot.status.value}, "lot.paused",
                         {"lot_no": lot.lot_no, "reason": reason_code, "reason_name": reasons[reason_code].name})
            return after

        lot = await self._store.write(write)
        self.active.set(lot)
        return lot

    async def resume(self) -> Lot:
        session = self._auth.require(Permission.PAUSE_LOT)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Lot:
            lot = self._require_active(db)
            if lot.status is not LotStatus.PAUSED:
                raise ProductionError("lot {lot_no} is not paused", lot_no=lot.lot_no)
            paused_at = db.execute("SELECT max(ts) FROM lot_events WHERE lot_id = ? AND kind = 'paused'",
                                   [lot.id]).fetchone()[0]
            downtime = max(0.0, now - float(paused_at or now))
            db.execute("UPDATE lots SET status = 'running', pause_reason = NULL WHERE id = ?", [lot.id])
            self._event(db, lot.id, now, session.username, "resumed", reason=lot.pause_reason,
                        data={"downtime_s": downtime})
            after = records.lot_by_id(db, lot.id)
            assert after is not None
            self._record(db, after, now, session.username, "lot.resume", {"status": "paused"}, "lot.resumed",
                         {"lot_no": lot.lot_no, "reason": lot.pause_reason, "downtime_s": downtime})
            return after

        lot = await self._store.write(write)
        self.active.set(lot)
        return lot

    async def finish(self, *, confirm_good: int, confirm_scrap: int) -> Lot:
        """Finish with the counts the operator saw and confirmed; refused if they changed meanwhile."""
        session = self._auth.require(Permission.FINISH_LOT)
        now = self._clock.now()
        params = self.snapshot()

        def write(db: sqlite_utils.Database) -> Lot:
            lot = self._require_active(db)
            if lot.good + lot.scrap == 0:
                raise ProductionError("lot {lot_no} has no counts yet; count the parts before finishing",
                                      lot_no=lot.lot_no)
            if (lot.good, lot.scrap) != (confirm_good, confirm_scrap):
                raise ProductionError("the counts changed to {good} good / {scrap} scrap; confirm again",
                                      good=lot.good, scrap=lot.scrap)
            missing = self._signoffs_missing(db, lot)
            if missing:
                steps = ", ".join(str(i + 1) for i in missing)
                raise ProductionError("instruction steps {steps} are not signed off yet", steps=steps)
            db.execute("UPDATE lots SET status = 'finished', ended_at = ?, ended_by = ?, params_end = ?, "
                       "pause_reason = NULL WHERE id = ?", [now, session.username, _dumps(params), lot.id])
            self._event(db, lot.id, now, session.username, "finished", data={"params": params})
            after = records.lot_by_id(db, lot.id)
            assert after is not None
            self._record(db, after, now, session.username, "lot.finish", {"status": lot.status.value}, "lot.finished",
                         {"lot_no": lot.lot_no, "work_order": lot.work_order, "good": lot.good, "scrap": lot.scrap,
                          "params": params, "finished_at": now})
            return after

        lot = await self._store.write(write)
        self._counter_base = None
        self.active.set(None)
        return lot

    async def abort(self, *, reason: str) -> Lot:
        session = self._auth.require(Permission.ABORT_LOT)
        reason = checked_text(reason, field="Reason", max_length=self._config.max_note_length, required=True)
        now = self._clock.now()
        params = self.snapshot()

        def write(db: sqlite_utils.Database) -> Lot:
            lot = self._require_active(db)
            db.execute("UPDATE lots SET status = 'aborted', ended_at = ?, ended_by = ?, abort_reason = ?, "
                       "params_end = ?, pause_reason = NULL WHERE id = ?",
                       [now, session.username, reason, _dumps(params), lot.id])
            self._event(db, lot.id, now, session.username, "aborted", reason=reason)
            after = records.lot_by_id(db, lot.id)
            assert after is not None
            self._record(db, after, now, session.username, "lot.abort", {"status": lot.status.value}, "lot.aborted",
                         {"lot_no": lot.lot_no, "reason": reason, "good": lot.good, "scrap": lot.scrap})
            return after

        lot = await self._store.write(write)
        self._counter_base = None
        self.active.set(None)
        return lot

    async def correct(self, *, lot_no: str, good_delta: int, scrap_delta: int, reason: str) -> Lot:
        """A correction of counts is a new record with a reason; the old counts stay in the history."""
        session = self._auth.require(Permission.CORRECT_LOT)
        reason = checked_text(reason, field="Reason", max_length=self._config.max_note_length, required=True)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Lot:
            lot = records.lot_by_number(db, lot_no)
            if lot is None:
                raise ProductionError("no lot {lot_no!r}", lot_no=lot_no)
            if lot.good + good_delta < 0 or lot.scrap + scrap_delta < 0:
                raise ProductionError("a correction cannot make a count negative")
            db.execute("UPDATE lots SET good = good + ?, scrap = scrap + ? WHERE id = ?",
                       [good_delta, scrap_delta, lot.id])
            self._event(db, lot.id, now, session.username, "corrected", good=good_delta, scrap=scrap_delta,
                        reason=reason)
            after = records.lot_by_id(db, lot.id)
            assert after is not None
            record_change(db, Change(ts=now, station=self._station, actor=session.username, action="lot.correct",
                                     object_type="lot", object_id=lot.lot_no,
                                     before={"good": lot.good, "scrap": lot.scrap},
                                     after={"good": after.good, "scrap": after.scrap, "reason": reason},
                                     event_type="lot.corrected", subject=lot.subject))
            return after

        lot = await self._store.write(write)
        if self.active.value is not None and self.active.value.id == lot.id:
            self.active.set(lot)
        return lot

    # Counter tag --------------------------------------------------------------------------------------
    def _on_counter(self, sample: Sample) -> None:
        lot = self.active.value
        if lot is None or lot.status is not LotStatus.RUNNING or not sample.quality.is_good:
            return
        if not _is_number(sample.value):
            return
        if self._counter_base is None:
            self._counter_base = float(sample.value) - lot.good  # type: ignore[arg-type]
            return
        if self._counter_task is None or self._counter_task.done():
            self._counter_task = asyncio.get_running_loop().create_task(self._sync_counter(), name="lot-counter")

    async def _sync_counter(self) -> None:
        """Bring the lot's good count up to the counter; one write at a time, coalescing bursts."""
        while True:
            lot = self.active.value
            sample = self._bus.latest(self._config.counter_tag)
            if lot is None or sample is None or self._counter_base is None or not _is_number(sample.value):
                return
            made = int(float(sample.value) - self._counter_base)  # type: ignore[arg-type]
            step = made - lot.good
            if step <= 0:
                if step < 0:  # the counter was reset: count from here on
                    self._counter_base = float(sample.value) - lot.good  # type: ignore[arg-type]
                return
            try:
                await self.add_count(good=min(step, MAX_COUNT_STEP), actor="equipment")
            except ProductionError as exc:
                log.warning("counter update not recorded: %s", exc)
                return

    # Helpers on the writer thread ------------------------------------------------------------------------
    def _require_active(self, db: sqlite_utils.Database, *, running: bool = False) -> Lot:
        lot = records.active_lot(db, self._station)
        if lot is None:
            raise ProductionError("no active lot at this station")
        if running and lot.status is not LotStatus.RUNNING:
            raise ProductionError("lot {lot_no} is paused; resume it first", lot_no=lot.lot_no)
        return lot

    @staticmethod
    def _event(db: sqlite_utils.Database, lot_id: int, ts: float, actor: str, kind: str, *, good: int = 0,
               scrap: int = 0, reason: str | None = None, data: Any = None) -> None:
        db.execute("INSERT INTO lot_events (lot_id, ts, actor, kind, good_delta, scrap_delta, reason, data) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [lot_id, ts, actor, kind, good, scrap, reason, _dumps(data)])

    def _record(self, db: sqlite_utils.Database, lot: Lot, ts: float, actor: str, action: str, before: Any,
                event_type: str, payload: dict[str, Any]) -> None:
        record_change(db, Change(ts=ts, station=self._station, actor=actor, action=action, object_type="lot",
                                 object_id=lot.lot_no, before=before,
                                 after={"status": lot.status.value, "good": lot.good, "scrap": lot.scrap},
                                 event_type=event_type, event_payload=payload, subject=lot.subject))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
