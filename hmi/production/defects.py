"""Defects: recorded by hand or proposed from a measurement tag; voided only with a reason.

``recorded`` is the domain hook other areas (labels) subscribe to: each callback is awaited after
the defect has committed; a failing callback is logged and never undoes the record.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.observable import Observable, Unsubscribe
from hmi.production import records
from hmi.production.config import DefectAction, DefectCheck, ProductionSection
from hmi.production.records import Defect, ProductionError
from hmi.production.text_rules import checked_text
from hmi.recording import Change, record_change
from hmi.store import Store
from hmi.tags import Sample, TagBus

log = logging.getLogger(__name__)

MAX_QTY = 100_000
MAX_FIELD = 200


@dataclass(frozen=True, slots=True)
class DefectProposal:
    """A measurement left its defect limits during a lot; the operator confirms or dismisses it."""

    id: int
    lot_no: str
    code: str
    measurement: dict[str, Any]
    recipe: dict[str, Any] = field(default_factory=dict)


class DefectService:
    def __init__(self, *, store: Store, auth: AuthService, clock: Clock, bus: TagBus, station_id: str,
                 config: ProductionSection, active_lot: Observable[records.Lot | None],
                 snapshot: Callable[[], dict[str, Any]]) -> None:
        self._store = store
        self._auth = auth
        self._clock = clock
        self._bus = bus
        self._station = station_id
        self._config = config
        self._active = active_lot
        self._snapshot = snapshot
        self.recorded: list[Callable[[Defect], Awaitable[None]]] = []
        self.proposals: Observable[tuple[DefectProposal, ...]] = Observable(())
        self._next_proposal = 1
        self._outside: dict[str, bool] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._unsubscribe: Unsubscribe | None = None

    async def start_service(self) -> None:
        tags = [check.tag for check in self._config.defect_checks]
        if tags:
            self._unsubscribe = self._bus.subscribe(self._on_sample, tags=tags)

    async def stop_service(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

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
                      recipe: dict[str, Any] | None) -> Defect:
        if not isinstance(qty, int) or isinstance(qty, bool) or not 1 <= qty <= MAX_QTY:
            raise ProductionError("quantity must be a whole number from 1 to {most}", most=MAX_QTY)
        location = checked_text(location, field="Location", max_length=MAX_FIELD, multiline=False)
        serial = checked_text(serial, field="Serial", max_length=MAX_FIELD, multiline=False)
        note = checked_text(note, field="Note", max_length=self._config.max_note_length)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Defect:
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
            payload = {"defect_id": defect.id, "lot_no": lot.lot_no, "work_order": lot.work_order,
                       "product": lot.product, "code": code, "category": defect.category,
                       "severity": defect.severity, "qty": qty, "location": location, "note": note,
                       "serial": serial, "measurement": measurement, "recipe": recipe, "origin": origin,
                       "recorded_at": now}
            record_change(db, Change(ts=now, station=self._station, actor=actor, action="defect.record",
                                     object_type="defect", object_id=str(defect.id), after=payload,
                                     event_type="defect.recorded", subject=lot.subject))
            return defect

        defect = await self._store.write(write)
        for callback in list(self.recorded):
            try:
                await callback(defect)
            except Exception:  # the defect is saved; a hook (label printing) failing must not hide that
                log.exception("a defect.recorded hook failed for defect %s", defect.id)
        return defect

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
                                     event_payload={"defect_id": defect_id, "lot_no": defect.lot_no,
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
                proposal = DefectProposal(id=self._next_proposal, lot_no=lot.lot_no, code=code,
                                          measurement=measurement, recipe=recipe)
                self._next_proposal += 1
                self.proposals.set((*self.proposals.value, proposal))

    async def _auto_record(self, check: DefectCheck, lot_no: str, code: str, measurement: dict[str, Any],
                           recipe: dict[str, Any]) -> None:
        try:
            await self._record(actor="equipment", origin="automatic", code=code, qty=1, location="", note="",
                               serial="", lot_no=lot_no, measurement=measurement, recipe=recipe)
        except ProductionError as exc:
            log.warning("automatic defect on %s not recorded: %s", check.tag, exc)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro, name="auto-defect")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def confirm_proposal(self, proposal_id: int, *, qty: int = 1, note: str = "") -> Defect:
        proposal = next((p for p in self.proposals.value if p.id == proposal_id), None)
        if proposal is None:
            raise ProductionError("this proposal was already handled")
        session = self._auth.require(Permission.RECORD_DEFECT)
        defect = await self._record(actor=session.username, origin="automatic", code=proposal.code, qty=qty,
                                    location="", note=note, serial="", lot_no=proposal.lot_no,
                                    measurement=proposal.measurement, recipe=proposal.recipe)
        self.proposals.set(tuple(p for p in self.proposals.value if p.id != proposal_id))
        return defect

    async def dismiss_proposal(self, proposal_id: int) -> None:
        """The operator judged the proposal no defect; the decision is audited with the measurement."""
        session = self._auth.require(Permission.RECORD_DEFECT)
        proposal = next((p for p in self.proposals.value if p.id == proposal_id), None)
        if proposal is None:
            return
        self.proposals.set(tuple(p for p in self.proposals.value if p.id != proposal_id))
        now = self._clock.now()
        await self._store.write(lambda db: record_change(db, Change(
            ts=now, station=self._station, actor=session.username, action="defect.proposal_dismissed",
            object_type="lot", object_id=proposal.lot_no,
            after={"code": proposal.code, "measurement": proposal.measurement})))
