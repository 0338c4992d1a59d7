"""The production records as the services hand them out, and the queries that read them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlite_utils

from hmi import jsonutil
from hmi.production.masterdata import Step
from hmi.refusal import Refusal

if TYPE_CHECKING:
    from hmi.production.text_rules import LotPattern


class LotStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABORTED = "aborted"

    @property
    def active(self) -> bool:
        return self in (LotStatus.RUNNING, LotStatus.PAUSED)


class ProductionError(Refusal):
    """A rule of production refused the action; the message is shown to the operator."""


@dataclass(frozen=True, slots=True)
class Lot:
    id: int
    lot_no: str
    station: str
    work_order: str
    product: str
    operation: str
    instruction_id: str | None
    instruction_version: int | None
    status: LotStatus
    good: int
    scrap: int
    pause_reason: str | None
    started_at: float
    started_by: str
    ended_at: float | None
    ended_by: str | None
    abort_reason: str | None
    params_start: dict[str, Any] | None
    params_end: dict[str, Any] | None
    pause_pending: int = 0      # counter parts of the current pause, waiting to be accepted or assigned
    pause_other: int = 0        # pause counts assigned "not this lot"
    late_good: int = 0          # counter parts after Finish (in transit at the line's end)
    planned_qty: int = 0        # the work order's planned quantity
    started_by_name: str = ""   # the display name of started_by (people read names, not user ids)
    ended_by_name: str = ""

    @property
    def subject(self) -> str:
        return f"lot/{self.lot_no}"


@dataclass(frozen=True, slots=True)
class LotEvent:
    id: int
    lot_id: int
    ts: float
    actor: str
    kind: str
    good_delta: int
    scrap_delta: int
    reason: str | None
    data: Any


@dataclass(frozen=True, slots=True)
class Defect:
    id: int
    lot_id: int
    lot_no: str
    code: str
    name: str
    name_ko: str
    category: str
    severity: str
    qty: int
    location: str
    note: str
    serial: str
    measurement: dict[str, Any] | None
    recipe: dict[str, Any] | None
    origin: str
    recorded_at: float
    recorded_by: str
    voided_at: float | None
    voided_by: str | None
    void_reason: str | None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclass(frozen=True, slots=True)
class Signoff:
    id: int
    lot_id: int
    instruction_id: str
    instruction_version: int
    step_index: int
    step_kind: str
    value: Any
    unit: str
    lo: float | None
    hi: float | None
    out_of_limit: bool
    username: str
    ts: float
    display_name: str = ""      # the signer's name, for people


@dataclass(frozen=True, slots=True)
class WorkOrder:
    order_no: str
    product: str
    product_name: str
    product_name_ko: str
    operation: str
    operation_name: str
    operation_name_ko: str
    planned_qty: int
    due: str


@dataclass(frozen=True, slots=True)
class InstructionDoc:
    instruction_id: str
    version: int
    product: str
    operation: str
    title: str
    title_ko: str
    changes: str
    steps: list[Step]
    changes_ko: str = ""


@dataclass(frozen=True, slots=True)
class DefectCode:
    code: str
    name: str
    name_ko: str
    category: str
    severity: str
    category_ko: str = ""


@dataclass(frozen=True, slots=True)
class DowntimeReason:
    code: str
    name: str
    name_ko: str
    category: str = ""          # the reason tree: categories -> reasons
    category_ko: str = ""


_LOT_COLUMNS = ("id, lot_no, station, work_order, product, operation, instruction_id, instruction_version, status, "
                "good, scrap, pause_reason, started_at, started_by, ended_at, ended_by, abort_reason, params_start, "
                "params_end, pause_pending, pause_other, late_good, "
                "coalesce((SELECT planned_qty FROM md_work_orders w WHERE w.order_no = lots.work_order), 0), "
                "coalesce((SELECT display_name FROM users u WHERE u.username = lots.started_by), lots.started_by), "
                "coalesce((SELECT display_name FROM users u WHERE u.username = lots.ended_by), lots.ended_by, '')")


def _lot(row: Any) -> Lot:
    return Lot(*row[:8], LotStatus(row[8]), *row[9:17], jsonutil.loads(row[17]), jsonutil.loads(row[18]),  # type: ignore[call-arg]
               *row[19:25])


def lot_by_id(db: sqlite_utils.Database, lot_id: int) -> Lot | None:
    row = db.execute(f"SELECT {_LOT_COLUMNS} FROM lots WHERE id = ?", [lot_id]).fetchone()
    return None if row is None else _lot(row)


def lot_by_number(db: sqlite_utils.Database, lot_no: str) -> Lot | None:
    row = db.execute(f"SELECT {_LOT_COLUMNS} FROM lots WHERE lot_no = ?", [lot_no]).fetchone()
    return None if row is None else _lot(row)


def active_lot(db: sqlite_utils.Database, station: str) -> Lot | None:
    active = [s.value for s in LotStatus if s.active]
    row = db.execute(f"SELECT {_LOT_COLUMNS} FROM lots WHERE station = ? AND status IN (?, ?) "
                     "ORDER BY id DESC LIMIT 1", [station, *active]).fetchone()
    return None if row is None else _lot(row)


def latest_lot(db: sqlite_utils.Database, station: str) -> Lot | None:
    """The station's newest lot, whatever its state (late counts go to it when it is finished)."""
    row = db.execute(f"SELECT {_LOT_COLUMNS} FROM lots WHERE station = ? ORDER BY id DESC LIMIT 1",
                     [station]).fetchone()
    return None if row is None else _lot(row)


def search_lots(db: sqlite_utils.Database, *, text: str = "", since: float | None = None,
                until: float | None = None, limit: int = 200) -> list[Lot]:
    """Lots whose number, work order or product contains ``text``, newest first."""
    where: list[str] = ["1 = 1"]
    args: list[Any] = []
    if text.strip():
        like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(lot_no LIKE ? ESCAPE '\\' OR work_order LIKE ? ESCAPE '\\' OR product LIKE ? ESCAPE '\\')")
        args += [like, like, like]
    if since is not None:
        where.append("started_at >= ?")
        args.append(since)
    if until is not None:
        where.append("started_at < ?")
        args.append(until)
    rows = db.execute(f"SELECT {_LOT_COLUMNS} FROM lots WHERE {' AND '.join(where)} ORDER BY started_at DESC, id DESC "
                      "LIMIT ?", [*args, limit]).fetchall()
    return [_lot(r) for r in rows]


def lot_events(db: sqlite_utils.Database, lot_id: int) -> list[LotEvent]:
    rows = db.execute("SELECT id, lot_id, ts, actor, kind, good_delta, scrap_delta, reason, data FROM lot_events "
                      "WHERE lot_id = ? ORDER BY id", [lot_id]).fetchall()
    return [LotEvent(*r[:8], jsonutil.loads(r[8])) for r in rows]  # type: ignore[call-arg]


_DEFECT_COLUMNS = ("d.id, d.lot_id, l.lot_no, d.code, d.name, d.name_ko, d.category, d.severity, d.qty, d.location, "
                   "d.note, d.serial, d.measurement, d.recipe, d.origin, d.recorded_at, d.recorded_by, d.voided_at, "
                   "d.voided_by, d.void_reason")


def _defect(row: Any) -> Defect:
    return Defect(*row[:12], jsonutil.loads(row[12]), jsonutil.loads(row[13]), *row[14:])  # type: ignore[call-arg]


def defects_of_lot(db: sqlite_utils.Database, lot_id: int) -> list[Defect]:
    rows = db.execute(f"SELECT {_DEFECT_COLUMNS} FROM defects d JOIN lots l ON l.id = d.lot_id WHERE d.lot_id = ? "
                      "ORDER BY d.id", [lot_id]).fetchall()
    return [_defect(r) for r in rows]


def defect_by_id(db: sqlite_utils.Database, defect_id: int) -> Defect | None:
    row = db.execute(f"SELECT {_DEFECT_COLUMNS} FROM defects d JOIN lots l ON l.id = d.lot_id WHERE d.id = ?",
                     [defect_id]).fetchone()
    return None if row is None else _defect(row)


def signoffs_of_lot(db: sqlite_utils.Database, lot_id: int) -> list[Signoff]:
    rows = db.execute("SELECT id, lot_id, instruction_id, instruction_version, step_index, step_kind, value, unit, "
                      "lo, hi, out_of_limit, username, ts, coalesce((SELECT display_name FROM users u "
                      "WHERE u.username = signoffs.username), username) FROM signoffs WHERE lot_id = ? ORDER BY id",
                      [lot_id]).fetchall()
    return [Signoff(*r[:6], jsonutil.loads(r[6]), r[7], r[8], r[9], bool(r[10]), r[11], r[12], r[13])  # type: ignore[call-arg]
            for r in rows]


# Master data ------------------------------------------------------------------------------------------
def work_orders(db: sqlite_utils.Database) -> list[WorkOrder]:
    rows = db.execute(
        "SELECT w.order_no, w.product, coalesce(p.name, w.product), coalesce(p.name_ko, ''), w.operation, "
        "coalesce(o.name, w.operation), coalesce(o.name_ko, ''), w.planned_qty, w.due FROM md_work_orders w "
        "LEFT JOIN md_products p ON p.code = w.product LEFT JOIN md_operations o ON o.code = w.operation "
        "ORDER BY w.due, w.order_no").fetchall()
    return [WorkOrder(*r) for r in rows]


def work_order(db: sqlite_utils.Database, order_no: str) -> WorkOrder | None:
    return next((w for w in work_orders(db) if w.order_no == order_no), None)


def instruction_for(db: sqlite_utils.Database, product: str, operation: str) -> InstructionDoc | None:
    """The newest version of the instruction for this product and operation."""
    row = db.execute("SELECT instruction_id, version, product, operation, title, title_ko, changes, steps, changes_ko "
                     "FROM md_instructions WHERE product = ? AND operation = ? ORDER BY version DESC LIMIT 1",
                     [product, operation]).fetchone()
    if row is None:
        return None
    instruction_id, version, product, operation, title, title_ko, changes, steps, changes_ko = row
    return InstructionDoc(instruction_id, version, product, operation, title, title_ko, changes,
                          [Step.model_validate(s) for s in jsonutil.loads(steps)], changes_ko)


def image(db: sqlite_utils.Database, name: str) -> bytes | None:
    row = db.execute("SELECT data FROM md_images WHERE name = ?", [name]).fetchone()
    return None if row is None else bytes(row[0])


def defect_codes(db: sqlite_utils.Database) -> list[DefectCode]:
    rows = db.execute("SELECT code, name, name_ko, category, severity, category_ko FROM md_defect_codes "
                      "ORDER BY category, code").fetchall()
    return [DefectCode(*r) for r in rows]


def downtime_reasons(db: sqlite_utils.Database) -> list[DowntimeReason]:
    return [DowntimeReason(*r) for r in db.execute(
        "SELECT code, name, name_ko, category, category_ko FROM md_downtime_reasons ORDER BY code")]


def lot_number_rule(db: sqlite_utils.Database) -> tuple[LotPattern | None, str]:
    """The pattern lot numbers must match (RE2: linear time, so no pattern can freeze the writer)."""
    from hmi.production.text_rules import compile_lot_pattern

    row = db.execute("SELECT value FROM settings WHERE key = 'production.lot_number_pattern'").fetchone()
    if row is None:
        return None, ""
    rule = jsonutil.loads(row[0])
    return compile_lot_pattern(rule["pattern"]), str(rule.get("example", ""))


def acknowledged(db: sqlite_utils.Database, station: str, instruction_id: str, version: int) -> bool:
    return db.execute("SELECT 1 FROM instruction_acks WHERE station = ? AND instruction_id = ? AND version = ?",
                      [station, instruction_id, version]).fetchone() is not None
