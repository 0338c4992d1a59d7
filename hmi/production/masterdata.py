"""Master data: the bundle the station works from, validated whole and applied in one transaction.

The same bundle (a JSON-able dict, images base64) comes from local files (``hmi masterdata import``)
or from the MES. ``apply_masterdata`` checks everything first and then replaces the cache inside the
caller's transaction, so a bad bundle changes nothing. Format: hmi/production/MASTERDATA.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import reprlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hmi import jsonutil, toml_text
from hmi.oee.config import ShiftConfig, check_shifts_apart, parse_days_off
from hmi.recording import Change, record_change
from hmi.spc import masterdata as spc_masterdata

BUNDLE_FORMAT = 1
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._/-]+$")]
Text = Annotated[str, Field(min_length=1, max_length=500)]


class _Model(BaseModel):
    # NaN and ±inf are refused: a NaN limit compares false with every value and never flags anything.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# Whole numbers stay within what SQLite stores as an INTEGER (and far below), so a huge number is
# refused at --check instead of overflowing at the import.
SmallInt = Annotated[int, Field(ge=0, le=1_000_000)]


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class StepKind(StrEnum):
    INFO = "info"          # read only: next is enough
    CONFIRM = "confirm"    # the operator confirms it was done
    CHECKLIST = "checklist"
    MEASURE = "measure"    # a measured value, checked against limits


class Product(_Model):
    code: Code
    name: Text
    name_ko: str = ""
    colour: str = ""


class Operation(_Model):
    code: Code
    name: Text
    name_ko: str = ""
    sequence: SmallInt = 0


class WorkOrder(_Model):
    order_no: Code
    product: Code
    operation: Code
    planned_qty: Annotated[int, Field(gt=0, le=10_000_000)]
    due: str = ""


class Step(_Model):
    kind: StepKind
    text: Annotated[str, Field(min_length=1, max_length=20_000)]   # Markdown
    text_ko: str = ""
    image: str = ""                                                  # a name in the bundle's images
    items: list[Text] = []                                           # checklist items
    unit: str = ""
    lo: float | None = None
    hi: float | None = None
    nominal: float | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> Step:
        if self.kind is StepKind.CHECKLIST and not self.items:
            raise ValueError("a checklist step needs at least one entry in items")
        if self.kind is StepKind.MEASURE:
            if self.lo is None and self.hi is None:
                raise ValueError("a measure step needs lo, hi or both")
            if self.lo is not None and self.hi is not None and not self.lo < self.hi:
                raise ValueError(f"lo ({self.lo}) is above hi ({self.hi}): lo must be below hi" if self.lo > self.hi
                                 else f"lo ({self.lo}) must be below hi ({self.hi}), not equal to it")
            if self.nominal is not None and ((self.lo is not None and self.nominal < self.lo)
                                             or (self.hi is not None and self.nominal > self.hi)):
                raise ValueError(f"nominal ({self.nominal}) must lie within lo..hi")
        return self

    @property
    def needs_signoff(self) -> bool:
        return self.kind is not StepKind.INFO


class Instruction(_Model):
    instruction_id: Code
    version: Annotated[int, Field(ge=1, le=1_000_000)]
    product: Code
    operation: Code
    title: Text
    title_ko: str = ""
    changes: str = ""        # what changed against the previous version, shown at acknowledgement
    changes_ko: str = ""
    steps: Annotated[list[Step], Field(min_length=1)]
    source_file: str = ""    # where the loader found it, for error messages; not stored


class DefectCode(_Model):
    code: Code
    name: Text
    name_ko: Text
    category: Text
    category_ko: str = ""
    severity: Severity


class DowntimeReason(_Model):
    code: Code
    name: Text
    name_ko: Text
    # The touch reason tree groups reasons by category (e.g. "Equipment" -> "Rectifier fault").
    category: str = ""
    category_ko: str = ""


class IdealCycleTime(_Model):
    """The ideal cycle time of a product at an operation (OEE performance); give cycle_s or rate_per_h."""

    product: Code
    operation: Code
    cycle_s: Annotated[float, Field(gt=0, le=86_400)] | None = None
    rate_per_h: Annotated[float, Field(gt=0, le=1_000_000)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> IdealCycleTime:
        if (self.cycle_s is None) == (self.rate_per_h is None):
            raise ValueError("give cycle_s (seconds per part) or rate_per_h (parts per hour), one of them")
        return self

    @property
    def seconds(self) -> float:
        return self.cycle_s if self.cycle_s is not None else 3600.0 / float(self.rate_per_h or 1.0)


class AlarmLimit(_Model):
    """A new limit for one of the station's configured alarms (the MES owns the numbers, config the alarm)."""

    alarm_id: Code
    limit: float
    deadband: Annotated[float, Field(ge=0)] | None = None


class ShiftCalendar(_Model):
    """A bundle's shift calendar (MES or files): it replaces station.toml's [[oee.shifts]], days_off and
    no_order_is_planned from then on. Checked whole here, so a bad one is refused with its file and key."""

    shifts: Annotated[list[ShiftConfig], Field(min_length=1)]
    days_off: list[date] = []            # ISO dates
    no_order_is_planned: bool | None = None   # None: station.toml's setting stays

    @field_validator("days_off", mode="before")
    @classmethod
    def _dates(cls, value: object) -> object:
        return parse_days_off(value)

    @model_validator(mode="after")
    def _apart(self) -> ShiftCalendar:
        check_shifts_apart(self.shifts)
        return self


class Bundle(_Model):
    format: Literal[1] = 1
    version: Annotated[str, Field(min_length=1, max_length=64)]
    lot_number_pattern: Annotated[str, Field(min_length=1, max_length=200)]
    lot_number_example: str = ""
    products: list[Product]
    operations: list[Operation]
    work_orders: list[WorkOrder] = []
    instructions: list[Instruction] = []
    defect_codes: Annotated[list[DefectCode], Field(min_length=1)]
    downtime_reasons: Annotated[list[DowntimeReason], Field(min_length=1)]
    ideal_cycle_times: list[IdealCycleTime] = []   # OEE: per product and operation (hmi/oee)
    shift_calendar: ShiftCalendar | None = None    # OEE: shifts, breaks and days off (hmi/oee), optional
    images: dict[str, str] = {}          # name -> base64 PNG/JPEG
    limits: list[AlarmLimit] = []        # alarm limits to set at run time (optional)
    spc_limits: list[spc_masterdata.SpcLimitSetEntry] = []   # SPC limit sets, versioned (hmi/spc/masterdata.py)
    spc_causes: list[spc_masterdata.SpcReasonEntry] = []     # assignable causes (touch list)
    spc_actions: list[spc_masterdata.SpcReasonEntry] = []    # corrective actions (touch list)
    origin: str = ""                     # the file the top-level sections came from (for messages)

    @field_validator("lot_number_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        from hmi.production.text_rules import (
            compile_lot_pattern,  # text_rules -> records; keep the import light
        )

        compile_lot_pattern(value)
        return value


@dataclass(frozen=True, slots=True)
class MasterDataProblem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


class MasterDataError(Exception):
    """The bundle cannot be used; nothing was changed. ``problems`` lists every mistake found."""

    def __init__(self, problems: list[MasterDataProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True)
class ApplyResult:
    version: str
    source: str
    sha256: str
    counts: dict[str, int]


def validate_bundle(raw: dict[str, Any]) -> Bundle:
    """Every problem of the bundle at once, each naming its file and field; or the checked bundle."""
    given = raw.get("origin") if isinstance(raw, dict) else None
    origin = given if isinstance(given, str) and given else "<bundle>"   # str() of a deep table recurses
    deep = toml_text.too_deep(raw)
    if deep is not None:
        raise MasterDataError([MasterDataProblem(origin, deep, f"values are nested too deeply (at most "
                                                               f"{toml_text.MAX_DEPTH} levels)")])
    try:
        bundle = Bundle.model_validate(raw)
    except ValidationError as exc:
        raise MasterDataError([_pydantic_problem(raw, origin, err) for err in exc.errors()]) from None
    problems = _cross_check(bundle, origin)
    if problems:
        raise MasterDataError(problems)
    return bundle


def _file_of(raw: Any, origin: str, loc: tuple[Any, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "instructions" and isinstance(raw, dict):
        try:
            return str(raw["instructions"][loc[1]].get("source_file") or origin)
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
    return origin


def _pydantic_problem(raw: Any, origin: str, err: Any) -> MasterDataProblem:
    loc = tuple(err.get("loc", ()))
    file = _file_of(raw, origin, loc)
    if file != origin:  # an instruction's own file: name the field inside that file
        loc = loc[2:]
    field = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
    kind = err.get("type", "")
    if kind == "missing":
        message = "required field is missing"
    elif kind == "extra_forbidden":
        message = "unknown field (check the spelling)"
    elif kind == "value_error":
        message = str((err.get("ctx") or {}).get("error", err.get("msg")))
    elif kind == "finite_number":
        message = f"expected a finite number (not nan or inf); got {_SHOWN.repr(err.get('input'))}"
    else:
        message = f"{err.get('msg', 'invalid value')}; got {_SHOWN.repr(err.get('input'))}"
    return MasterDataProblem(file, field, message)


_SHOWN = reprlib.Repr()  # a refused value quoted short: a 5,000-character text or a deep table stays readable
_SHOWN.maxstring = 80
_SHOWN.maxother = 80
_SHOWN.maxlevel = 3


def _duplicates(values: list[str]) -> set[str]:
    seen: set[str] = set()
    return {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]


def _cross_check(bundle: Bundle, origin: str) -> list[MasterDataProblem]:
    problems: list[MasterDataProblem] = []
    for section, key in (("products", "code"), ("operations", "code"), ("work_orders", "order_no"),
                         ("defect_codes", "code"), ("downtime_reasons", "code"), ("limits", "alarm_id")):
        for dup in sorted(_duplicates([getattr(item, key) for item in getattr(bundle, section)])):
            problems.append(MasterDataProblem(origin, f"{section}.{key}", f"{dup!r} appears more than once"))
    products = {p.code for p in bundle.products}
    operations = {o.code for o in bundle.operations}
    for i, order in enumerate(bundle.work_orders):
        if order.product not in products:
            problems.append(MasterDataProblem(origin, f"work_orders[{i}].product",
                                              f"unknown product {order.product!r}"))
        if order.operation not in operations:
            problems.append(MasterDataProblem(origin, f"work_orders[{i}].operation",
                                              f"unknown operation {order.operation!r}"))
    seen: set[tuple[str, int]] = set()
    for i, ins in enumerate(bundle.instructions):
        where = ins.source_file or origin
        if (ins.instruction_id, ins.version) in seen:
            problems.append(MasterDataProblem(where, f"instructions[{i}]",
                                              f"{ins.instruction_id} version {ins.version} appears twice"))
        seen.add((ins.instruction_id, ins.version))
        if ins.product not in products:
            problems.append(MasterDataProblem(where, "product", f"unknown product {ins.product!r}"))
        if ins.operation not in operations:
            problems.append(MasterDataProblem(where, "operation", f"unknown operation {ins.operation!r}"))
        for j, step in enumerate(ins.steps):
            if step.image and step.image not in bundle.images:
                problems.append(MasterDataProblem(where, f"steps[{j}].image", f"image {step.image!r} not found"))
    seen_cycles: set[tuple[str, str]] = set()
    for i, cycle in enumerate(bundle.ideal_cycle_times):
        if (cycle.product, cycle.operation) in seen_cycles:
            problems.append(MasterDataProblem(origin, f"ideal_cycle_times[{i}]",
                                              f"{cycle.product} at {cycle.operation} appears more than once"))
        seen_cycles.add((cycle.product, cycle.operation))
        if cycle.product not in products:
            problems.append(MasterDataProblem(origin, f"ideal_cycle_times[{i}].product",
                                              f"unknown product {cycle.product!r}"))
        if cycle.operation not in operations:
            problems.append(MasterDataProblem(origin, f"ideal_cycle_times[{i}].operation",
                                              f"unknown operation {cycle.operation!r}"))
    problems += [MasterDataProblem(origin, f, m) for f, m in spc_masterdata.bundle_problems(
        bundle.spc_limits, bundle.spc_causes, bundle.spc_actions, products, operations)]
    for name, data in bundle.images.items():
        try:
            blob = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            problems.append(MasterDataProblem(origin, f"images.{name}", "not base64 data (expected the image as base64 text)"))
            continue
        if not (blob.startswith(b"\x89PNG\r\n\x1a\n") or blob.startswith(b"\xff\xd8\xff")):
            problems.append(MasterDataProblem(name, "", "not a PNG or JPEG image"))
    return problems


def apply_masterdata(db: sqlite_utils.Database, bundle: dict[str, Any] | Bundle, *, source: str, version: str,
                     ts: float, station: str, actor: str) -> ApplyResult:
    """Validate, then replace the cache; run inside ``Store.write`` so it commits whole or not at all.

    The accepted bundle is kept in ``md_bundles`` (the last good copy). Raises MasterDataError,
    having written nothing, when anything is wrong.
    """
    checked = bundle if isinstance(bundle, Bundle) else validate_bundle(bundle)
    if version != checked.version:
        raise MasterDataError([MasterDataProblem(checked.origin or source, "version",
                                                 f"bundle says {checked.version!r}, caller says {version!r}")])
    stored = checked.model_dump(mode="json", exclude={"origin"})
    for ins in stored["instructions"]:
        ins.pop("source_file", None)
    conflicts = spc_masterdata.stored_conflicts(db, checked.spc_limits)
    if conflicts:
        raise MasterDataError([MasterDataProblem(checked.origin or source, f, m) for f, m in conflicts])
    text = jsonutil.dumps(stored)
    digest = hashlib.sha256(text.encode()).hexdigest()
    for table in ("md_products", "md_operations", "md_work_orders", "md_images", "md_defect_codes",
                  "md_downtime_reasons", "md_ideal_cycle_times"):
        db.execute(f"DELETE FROM {table}")
    # A running or paused lot keeps the instruction version it started with (its remaining steps are
    # still signed against it), even when the new bundle changes or drops that instruction.
    from hmi.production.records import LotStatus  # records imports this module: import when used

    active = [status.value for status in LotStatus if status.active]
    db.execute("DELETE FROM md_instructions WHERE (instruction_id, version) NOT IN (SELECT instruction_id, "
               "instruction_version FROM lots WHERE status IN (?, ?) AND instruction_id IS NOT NULL)", active)
    db.conn.executemany("INSERT INTO md_products VALUES (?, ?, ?, ?)",
                        [(p.code, p.name, p.name_ko, p.colour) for p in checked.products])
    db.conn.executemany("INSERT INTO md_operations VALUES (?, ?, ?, ?)",
                        [(o.code, o.name, o.name_ko, o.sequence) for o in checked.operations])
    db.conn.executemany("INSERT INTO md_work_orders VALUES (?, ?, ?, ?, ?)",
                        [(w.order_no, w.product, w.operation, w.planned_qty, w.due) for w in checked.work_orders])
    db.conn.executemany(
        "INSERT OR IGNORE INTO md_instructions (instruction_id, version, product, operation, title, title_ko, "
        "changes, steps, changes_ko) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i.instruction_id, i.version, i.product, i.operation, i.title, i.title_ko, i.changes,
          jsonutil.dumps([s.model_dump(mode="json") for s in i.steps]), i.changes_ko) for i in checked.instructions])
    db.conn.executemany("INSERT INTO md_images VALUES (?, ?, ?)",
                        [(name, hashlib.sha256(base64.b64decode(data)).hexdigest(), base64.b64decode(data))
                         for name, data in checked.images.items()])
    db.conn.executemany("INSERT INTO md_defect_codes VALUES (?, ?, ?, ?, ?, ?)",
                        [(d.code, d.name, d.name_ko, d.category, d.category_ko, d.severity.value)
                         for d in checked.defect_codes])
    db.conn.executemany("INSERT INTO md_downtime_reasons (code, name, name_ko, category, category_ko) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [(r.code, r.name, r.name_ko, r.category, r.category_ko) for r in checked.downtime_reasons])
    db.conn.executemany("INSERT INTO md_ideal_cycle_times (product, operation, cycle_s) VALUES (?, ?, ?)",
                        [(c.product, c.operation, c.seconds) for c in checked.ideal_cycle_times])
    spc_masterdata.apply(db, limits=checked.spc_limits, causes=checked.spc_causes, actions=checked.spc_actions,
                         source=source, ts=ts)
    db.execute("INSERT INTO md_bundles (version, source, applied_at, sha256, bundle) VALUES (?, ?, ?, ?, ?)",
               [checked.version, source, ts, digest, text])
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('production.lot_number_pattern', ?)",
               [jsonutil.dumps({"pattern": checked.lot_number_pattern, "example": checked.lot_number_example})])
    counts = {"products": len(checked.products), "operations": len(checked.operations),
              "work_orders": len(checked.work_orders), "instructions": len(checked.instructions),
              "defect_codes": len(checked.defect_codes), "downtime_reasons": len(checked.downtime_reasons),
              "ideal_cycle_times": len(checked.ideal_cycle_times),
              "images": len(checked.images), "limits": len(checked.limits), "spc_limits": len(checked.spc_limits)}
    record_change(db, Change(ts=ts, station=station, actor=actor, action="masterdata.apply",
                             object_type="masterdata", object_id=checked.version,
                             after={"source": source, "sha256": digest, "counts": counts}))
    return ApplyResult(version=checked.version, source=source, sha256=digest, counts=counts)


def last_good_bundle(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The newest accepted bundle, as it was applied."""
    row = db.execute("SELECT bundle FROM md_bundles ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else jsonutil.loads(row[0])


def current_version(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT version FROM md_bundles ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])
