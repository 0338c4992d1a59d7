"""Work instructions at the station: which one applies, acknowledging a new version, signing steps."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.observable import Event, EventView
from hmi.production import records
from hmi.production.masterdata import StepKind
from hmi.production.records import InstructionDoc, Lot, ProductionError, Signoff
from hmi.recording import Change, record_change
from hmi.store import Store

log = logging.getLogger(__name__)


class OutOfLimit(ProductionError):
    """The measured value is outside its limits: ask the operator to confirm it a second time."""


@dataclass(frozen=True, slots=True)
class InstructionStatus:
    doc: InstructionDoc | None
    acknowledged: bool
    previous_version: int | None    # the version this station used before, if any


def missing_signoffs(db: sqlite_utils.Database, lot: Lot) -> list[int]:
    """Indexes of the lot's instruction steps that need a sign-off and have none."""
    if lot.instruction_id is None:
        return []
    row = db.execute("SELECT steps FROM md_instructions WHERE instruction_id = ? AND version = ?",
                     [lot.instruction_id, lot.instruction_version]).fetchone()
    if row is None:  # the master data moved on; the lot keeps what it signed
        return []
    steps = jsonutil.loads(row[0])
    signed = {r[0] for r in db.execute("SELECT DISTINCT step_index FROM signoffs WHERE lot_id = ?", [lot.id])}
    return [i for i, step in enumerate(steps) if step["kind"] != StepKind.INFO.value and i not in signed]


class InstructionService:
    def __init__(self, *, store: Store, auth: AuthService, clock: Clock, station_id: str) -> None:
        self._store = store
        self._auth = auth
        self._clock = clock
        self._station = station_id
        # Awaited after each signoff commits (SPC charts a measure step's value); a failing listener is logged.
        self._signed: Event[Signoff] = Event("instruction.signed")
        self.signed: EventView[Signoff] = self._signed.view()

    async def status_for(self, work_order: str) -> InstructionStatus:
        def read(db: sqlite_utils.Database) -> InstructionStatus:
            order = records.work_order(db, work_order)
            doc = records.instruction_for(db, order.product, order.operation) if order else None
            if doc is None:
                return InstructionStatus(None, True, None)
            row = db.execute("SELECT max(version) FROM instruction_acks WHERE station = ? AND instruction_id = ? "
                             "AND version < ?", [self._station, doc.instruction_id, doc.version]).fetchone()
            return InstructionStatus(doc, records.acknowledged(db, self._station, doc.instruction_id, doc.version),
                                     row[0])
        return await self._store.read(read)

    async def signoffs(self, lot_id: int) -> list[records.Signoff]:
        """The steps signed in a lot, as its instruction page shows them (open, as the instruction is)."""
        return await self._store.read(lambda db: records.signoffs_of_lot(db, lot_id))

    async def image(self, name: str) -> bytes | None:
        """A work instruction's image (open, as the instruction is)."""
        return await self._store.read(lambda db: records.image(db, name))

    async def acknowledge(self, *, instruction_id: str, version: int) -> None:
        session = self._auth.require(Permission.SIGN_INSTRUCTION)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> None:
            if db.execute("SELECT 1 FROM md_instructions WHERE instruction_id = ? AND version = ?",
                          [instruction_id, version]).fetchone() is None:
                raise ProductionError("no instruction {instruction_id} version {version}",
                                      instruction_id=instruction_id, version=version)
            if records.acknowledged(db, self._station, instruction_id, version):
                return
            db.execute("INSERT INTO instruction_acks (station, instruction_id, version, username, ts) "
                       "VALUES (?, ?, ?, ?, ?)", [self._station, instruction_id, version, session.username, now])
            record_change(db, Change(ts=now, station=self._station, actor=session.username,
                                     action="instruction.acknowledge", object_type="instruction",
                                     object_id=f"{instruction_id}@{version}", after={"version": version}))

        await self._store.write(write)

    async def sign(self, *, step_index: int, value: Any = True, confirm_out_of_limit: bool = False) -> Signoff:
        """Sign a step of the active lot's instruction. A measured value outside its limits raises
        OutOfLimit unless ``confirm_out_of_limit`` (the second confirmation); it is then flagged."""
        session = self._auth.require(Permission.SIGN_INSTRUCTION)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> Signoff:
            lot = records.active_lot(db, self._station)
            if lot is None:
                raise ProductionError("no active lot: start a lot before signing its instruction")
            if lot.instruction_id is None:
                raise ProductionError("lot {lot_no} has no work instruction", lot_no=lot.lot_no)
            row = db.execute("SELECT steps FROM md_instructions WHERE instruction_id = ? AND version = ?",
                             [lot.instruction_id, lot.instruction_version]).fetchone()
            if row is None:
                raise ProductionError("instruction {instruction_id} version {instruction_version} is no "
                                      "longer in the master data", instruction_id=lot.instruction_id,
                                      instruction_version=lot.instruction_version)
            steps = jsonutil.loads(row[0])
            if not isinstance(step_index, int) or not 0 <= step_index < len(steps):
                raise ProductionError("no step {step}",
                                      step=step_index + 1 if isinstance(step_index, int) else step_index)
            step = steps[step_index]
            kind = StepKind(step["kind"])
            stored, out = self._check_value(kind, step, value, confirm_out_of_limit)
            cursor = db.execute(
                "INSERT INTO signoffs (lot_id, instruction_id, instruction_version, step_index, step_kind, value, "
                "unit, lo, hi, out_of_limit, username, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [lot.id, lot.instruction_id, lot.instruction_version, step_index, kind.value, jsonutil.dumps(stored),
                 step.get("unit", ""), step.get("lo"), step.get("hi"), int(out), session.username, now])
            after = {"lot_id": lot.lot_no, "instruction_id": lot.instruction_id,
                     "instruction_version": lot.instruction_version,
                     "step": step_index + 1, "kind": kind.value, "value": stored, "unit": step.get("unit", ""),
                     "lo": step.get("lo"), "hi": step.get("hi"), "out_of_limit": out}
            record_change(db, Change(ts=now, station=self._station, actor=session.username,
                                     action="instruction.sign", object_type="signoff",
                                     object_id=str(cursor.lastrowid), after=after, event_type="instruction.signed",
                                     subject=lot.subject))
            signed = next(s for s in records.signoffs_of_lot(db, lot.id) if s.id == cursor.lastrowid)
            return signed

        signoff = await self._store.write(write)
        await self._signed.emit(signoff)
        return signoff

    @staticmethod
    def _check_value(kind: StepKind, step: dict[str, Any], value: Any, confirmed: bool) -> tuple[Any, bool]:
        if kind in (StepKind.INFO, StepKind.CONFIRM):
            if value is not True:
                raise ProductionError("this step is signed by confirming it")
            return True, False
        if kind is StepKind.CHECKLIST:
            items = list(step.get("items", []))
            if not isinstance(value, list | tuple) or sorted(value) != sorted(items):
                raise ProductionError("every item of the checklist must be ticked")
            return list(items), False
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ProductionError("{value!r} is not a number", value=value) from None
        if not math.isfinite(number):
            raise ProductionError("{value!r} is not a number", value=value)
        lo, hi = step.get("lo"), step.get("hi")
        out = (lo is not None and number < lo) or (hi is not None and number > hi)
        if out and not confirmed:
            unit = step.get("unit", "")
            raise OutOfLimit("{number:g} {unit} is outside the limits {lo} … {hi} {unit}; "
                             "confirm again to record it flagged", number=number, unit=unit,
                             lo=lo if lo is not None else "−∞", hi=hi if hi is not None else "∞")
        return number, bool(out)
