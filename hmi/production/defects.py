"""Defects: recorded by hand or proposed from a measurement tag; voided only with a reason.

``recorded`` is the event other areas (labels, SPC) subscribe to: each listener is awaited after
the defect has committed; a failing listener is logged and never undoes the record.
Proposals are kept in station.db until the operator handles them (see ``proposals``): a restart
brings them back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.observable import Event, EventView, Observable, ObservableView, Readable, Unsubscribe
from hmi.production import proposals, records
from hmi.production.config import DefectAction, DefectCheck, ProductionSection
from hmi.production.proposals import DefectProposal
from hmi.production.records import Defect, ProductionError
from hmi.production.text_rules import checked_text
from hmi.recording import Change, record_change
from hmi.store import Store
from hmi.tags import Sample, TagBus

log = logging.getLogger(__name__)

MAX_QTY = 100_000
MAX_FIELD = 200
EQUIPMENT_ACTOR = "system:equipment"
STOP_WAIT_S = 3.0  # automatic records and proposals in flight get this long to commit at stop

__all__ = ["DefectProposal", "DefectService"]


class DefectService:
    def __init__(self, *, store: Store, auth: AuthService, clock: Clock, bus: TagBus, station_id: str,
                 config: ProductionSection, active_lot: Readable[records.Lot | None],
                 snapshot: Callable[[], dict[str, Any]]) -> None:
        self._store = store
        self._auth = auth
        self._clock = clock
        self._bus = bus
        self._station = station_id
        self._config = config
        self._active = active_lot
        self._snapshot = snapshot
        self._recorded: Event[Defect] = Event("defect.recorded")
        self.recorded: EventView[Defect] = self._recorded.view()
        self._proposals: Observable[tuple[DefectProposal, ...]] = Observable(())
        self.proposals: ObservableView[tuple[DefectProposal, ...]] = self._proposals.view()
        self._outside: dict[str, bool] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._unsubscribe: Unsubscribe | None = None
        self._unsubscribe_lot: Unsubscribe | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start_service(self) -> None:
        self._loop = asyncio.get_running_loop()  # samples may be published from outside a coroutine
        pending = await self._store.read(lambda db: proposals.pending(db, self._station))
        self._proposals.set(tuple(pending))
        for proposal in pending:  # still outside after the restart = the same excursion, not a new proposal
            self._outside[str(proposal.measurement.get("tag", ""))] = True
        tags = [check.tag for check in self._config.defect_checks]
        if tags:
            self._unsubscribe = self._bus.subscribe(self._on_sample, tags=tags)
        self._unsubscribe_lot = self._active.subscribe(lambda _lot: self._close_orphans())

    def _close_orphans(self) -> None:
        """Proposals close with their lot: after Finish or Abort, and at start for a lot that ended meanwhile."""
        lot = self._active.value
        orphans = [p for p in self._proposals.value if lot is None or p.lot_no != lot.lot_no]
        if orphans:
            self._proposals.set(tuple(p for p in self._proposals.value if p not in orphans))
            self._spawn(self._close(orphans))

    async def _close(self, orphans: list[DefectProposal]) -> None:
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> None:
            for proposal in orphans:
                with contextlib.suppress(proposals.ProposalAlreadyHandled):
                    proposals.remove(db, proposal, station=self._station, actor=EQUIPMENT_ACTOR, ts=now,
                                     action="defect.proposal_closed",
                                     after={"measurement": proposal.measurement, "why": "the lot ended"})

        try:
            await self._store.write(write)
        except Exception:
            log.exception("closing the proposals of an ended lot failed")

    async def stop_service(self) -> None:
        if self._unsubscribe_lot is not None:
            self._unsubscribe_lot()
            self._unsubscribe_lot = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        tasks = list(self._tasks)
        if tasks:  # let the writes in flight commit (the edge loses nothing); only a hung one is cut
            _done, late = await asyncio.wait(tasks, timeout=STOP_WAIT_S)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def idle(self) -> None:
        """Wait until automatic records in flight have committed (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # Recording ------------------------------------------------------------------------------------------
    async def record(self, *, code: str, qty: int = 1, location: str = "", note: str = "", serial: str = "",
                     lot_no: str | None = None, measurement: dict[str, Any] | None = None,
                     recipe: dict[str, Any] | None = None) -> Defect:
        """Record a defect against the active lot, or against a scanned lot number."""
        session = self._auth.require(Permission.RECORD_DEFECT)
        return await self._record(actor=session.username, origin="manual", code=code, qty=qty, location=location,
                                  note=note, serial=serial, lot_no=lot_no, measurement=measurement,
                                  recipe=recipe if recipe is not None else self._snapshot())

    async def _record(self, *, actor: str, origin: str, code: str, qty: int, location: str, note: str, serial: str,
                      lot_no: str | None, measurement: dict[str, Any] | None,
                      recipe: dict[str, Any] | None, proposal: DefectProposal | None = None) -> Defect:
        if not isinstance(qty, int) or isinstance(qty, bool) or not 1 <= qty <= MAX_QTY:
            raise ProductionError("quantity must be a whole number from 1 to {most}", most=MAX_QTY)
        location = checked_text(location, field="Location", max_length=MAX_FIELD, multiline=False)
        serial = checked_text(serial, field="Serial", max_length=MAX_FIELD, multiline=False)
        note = checked_text(note, field="Note", max_length=self._config.max_note_length)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Defect:
            if proposal is not None:  # confirmed: the proposal goes with the defect, or neither happens
                proposals.remove(db, proposal, station=self._station, actor=actor, ts=now,
                                 action="defect.proposal_confirmed", after={"measurement": proposal.measurement})
            lot = (records.lot_by_number(db, lot_no.strip()) if lot_no else records.active_lot(db, self._station))
            if lot is None:
                if lot_no:
                    raise ProductionError("no lot {lot_no!r}", lot_no=lot_no)
                raise ProductionError("no active lot: scan or type the lot number")
            known = {c.code: c for c in records.defect_codes(db)}
            if code not in known:
                raise ProductionError("unknown defect code {code!r}", code=code)
            defect_code = known[code]
            cursor = db.execute(
                "INSERT INTO defects (lot_id, code, name, name_ko, category, severity, qty, location, note, serial, "
                "measurement, recipe, origin, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?)",
                [lot.id, code, defect_code.name, defect_code.name_ko, defect_code.category, defect_code.severity, qty,
                 location, note, serial, None if measurement is None else jsonutil.dumps(measurement),
                 None if recipe is None else jsonutil.dumps(recipe), origin, now, actor])
            defect = records.defect_by_id(db, int(cursor.lastrowid or 0))
            assert defect is not None
            payload = {"defect_id": defect.id, "lot_id": lot.lot_no, "work_order_id": lot.work_order,
                       "product_id": lot.product, "operation_id": lot.operation, "code": code,
                       "category": defect.category, "severity": defect.severity, "quantity": qty,
                       "location": location, "note": note,
                       "serial": serial, "measurement": measurement, "recipe": recipe, "origin": origin,
                       "recorded_at": now}
            record_change(db, Change(ts=now, station=self._station, actor=actor, action="defect.record",
                                     object_type="defect", object_id=str(defect.id), after=payload,
                                     event_type="defect.recorded", subject=lot.subject))
            return defect

        defect = await self._store.write(write)
        await self._recorded.emit(defect)   # the defect is saved; a listener (label printing) failing cannot hide that
        return defect

    async def of_lot(self, lot_id: int) -> list[Defect]:
        """The defects recorded in a lot, as the defects screen lists them."""
        self._auth.require(Permission.RECORD_DEFECT)
        return await self._store.read(lambda db: records.defects_of_lot(db, lot_id))

    async def void(self, *, defect_id: int, reason: str) -> Defect:
        session = self._auth.require(Permission.VOID_DEFECT)
        reason = checked_text(reason, field="Reason", max_length=self._config.max_note_length, required=True)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Defect:
            defect = records.defect_by_id(db, defect_id)
            if defect is None:
                raise ProductionError("no defect {defect_id}", defect_id=defect_id)
            if defect.voided:
                raise ProductionError("defect {defect_id} is already void", defect_id=defect_id)
            db.execute("UPDATE defects SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?",
                       [now, session.username, reason, defect_id])
            record_change(db, Change(ts=now, station=self._station, actor=session.username, action="defect.void",
                                     object_type="defect", object_id=str(defect_id), before={"voided": False},
                                     after={"voided": True, "reason": reason},
                                     event_type="defect.voided",
                                     event_payload={"defect_id": defect_id, "lot_id": defect.lot_no,
                                                    "code": defect.code, "reason": reason},
                                     subject=f"lot/{defect.lot_no}"))
            voided = records.defect_by_id(db, defect_id)
            assert voided is not None
            return voided

        return await self._store.write(write)

    # Automatic detection -----------------------------------------------------------------------------------
    def _on_sample(self, sample: Sample) -> None:
        """Runs on the loop for every sample of a checked tag: only edge detection here, writes in a task."""
        if not sample.quality.is_good or isinstance(sample.value, bool) or not isinstance(sample.value, int | float):
            return
        for check in self._config.defect_checks:
            if check.tag != sample.tag:
                continue
            value = float(sample.value)
            code = (check.code_low if check.lo is not None and value < check.lo else
                    check.code_high if check.hi is not None and value > check.hi else "")
            was_outside = self._outside.get(check.tag, False)
            self._outside[check.tag] = bool(code)
            lot = self._active.value
            if not code or was_outside or lot is None or not lot.status.active:
                continue  # one proposal per excursion, and only while a lot runs
            measurement = {"tag": check.tag, "value": value, "unit": check.unit, "lo": check.lo, "hi": check.hi,
                           "ts": sample.ts, "quality": sample.quality.value}
            recipe = self._snapshot()
            if check.action is DefectAction.RECORD:
                self._spawn(self._auto_record(check, lot.lot_no, code, measurement, recipe))
            else:
                self._spawn(self._propose(check, lot, code, measurement, recipe))

    async def _propose(self, check: DefectCheck, lot: records.Lot, code: str, measurement: dict[str, Any],
                       recipe: dict[str, Any]) -> None:
        """Saved before it is shown: a proposal the operator saw survives a power cut."""
        now = self._clock.now()
        try:
            proposal = await self._store.write(lambda db: proposals.add(
                db, station=self._station, lot_no=lot.lot_no, product=lot.product, code=code,
                measurement=measurement, recipe=recipe, ts=now))
        except Exception:
            log.exception("defect proposal on %s not saved", check.tag)
            return
        if proposal is not None:   # None: SPC proposed this defect for this lot already
            self._show_proposal(proposal)

    def _show_proposal(self, proposal: DefectProposal) -> None:
        """A saved proposal (a limit crossed here, or an SPC rule broken) goes on screen until it is answered."""
        self._proposals.set((*self._proposals.value, proposal))

    async def _auto_record(self, check: DefectCheck, lot_no: str, code: str, measurement: dict[str, Any],
                           recipe: dict[str, Any]) -> None:
        try:
            await self._record(actor=EQUIPMENT_ACTOR, origin="automatic", code=code, qty=1, location="", note="",
                               serial="", lot_no=lot_no, measurement=measurement, recipe=recipe)
        except ProductionError as exc:
            log.warning("automatic defect on %s not recorded: %s", check.tag, exc)

    def _spawn(self, coro: Any) -> None:
        loop = self._loop or asyncio.get_running_loop()
        task = loop.create_task(coro, name="auto-defect")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def confirm_proposal(self, proposal_id: int, *, qty: int = 1, note: str = "") -> Defect:
        session = self._auth.require(Permission.RECORD_DEFECT)
        proposal = next((p for p in self._proposals.value if p.id == proposal_id), None)
        if proposal is None:
            raise ProductionError("this proposal was already handled")
        try:
            defect = await self._record(actor=session.username, origin="automatic", code=proposal.code, qty=qty,
                                        location="", note=note, serial="", lot_no=proposal.lot_no,
                                        measurement=proposal.measurement, recipe=proposal.recipe, proposal=proposal)
        except proposals.ProposalAlreadyHandled:  # a second tap: the first one recorded it
            self._forget(proposal_id)
            raise
        self._forget(proposal_id)
        return defect

    async def dismiss_proposal(self, proposal_id: int) -> None:
        """The operator judged the proposal no defect; the decision is audited with the measurement."""
        session = self._auth.require(Permission.RECORD_DEFECT)
        proposal = next((p for p in self._proposals.value if p.id == proposal_id), None)
        if proposal is None:
            return
        now = self._clock.now()
        with contextlib.suppress(proposals.ProposalAlreadyHandled):  # a second tap: the first one handled it
            await self._store.write(lambda db: proposals.remove(
                db, proposal, station=self._station, actor=session.username, ts=now,
                action="defect.proposal_dismissed", after={"measurement": proposal.measurement}))
        self._forget(proposal_id)

    def _forget(self, proposal_id: int) -> None:
        self._proposals.set(tuple(p for p in self._proposals.value if p.id != proposal_id))
