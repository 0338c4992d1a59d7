"""The SPC part of the master data bundle: versioned limit sets and the cause / action touch lists.

``hmi/production/masterdata.py`` validates and applies the whole bundle; it calls in here for these
keys so that SPC's rules live in one place. A limit set is kept for ever under its version: a
version sent again with other numbers is refused (a changed set needs a new version), so a lot's
report can always name the limits it ran under.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field, model_validator

from hmi.spc.kinds import ChartType

if TYPE_CHECKING:
    from hmi.spc.limits import LimitSet

Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._/-]+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpcLimitSetEntry(_Model):
    product: Code
    operation: str = ""
    characteristic: Code
    version: Annotated[str, Field(min_length=1, max_length=64)]
    chart: ChartType
    subgroup_size: Annotated[int, Field(ge=1, le=50)] = 1
    cl: float
    ucl: float | None = None
    lcl: float | None = None
    usl: float | None = None
    lsl: float | None = None
    dispersion_cl: float | None = None     # the MR / R / S chart; derived from σ when left out
    dispersion_ucl: float | None = None
    dispersion_lcl: float | None = None

    @model_validator(mode="after")
    def _usable(self) -> SpcLimitSetEntry:
        self.limit_set(source="check")   # raises LimitsError (a ValueError) with the reason
        given = [self.dispersion_cl, self.dispersion_ucl, self.dispersion_lcl]
        if any(v is not None for v in given) and not all(v is not None for v in given):
            raise ValueError("give dispersion_cl, dispersion_ucl and dispersion_lcl together, or none")
        return self

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.product, self.operation, self.characteristic, self.version)

    def limit_set(self, *, source: str) -> LimitSet:
        from hmi.spc.limits import DispersionLimits, LimitSet  # numpy: only once a bundle carries SPC limits

        disp = None
        if self.dispersion_cl is not None and self.dispersion_ucl is not None and self.dispersion_lcl is not None:
            disp = DispersionLimits(cl=self.dispersion_cl, ucl=self.dispersion_ucl, lcl=self.dispersion_lcl)
        return LimitSet(chart=self.chart, cl=self.cl, ucl=self.ucl, lcl=self.lcl, usl=self.usl, lsl=self.lsl,
                        subgroup_size=self.subgroup_size, version=self.version, product=self.product,
                        operation=self.operation, characteristic=self.characteristic, source=source,
                        dispersion=disp)


class SpcReasonEntry(_Model):
    code: Code
    name: Annotated[str, Field(min_length=1, max_length=200)]
    name_ko: str = ""


def bundle_problems(limits: list[SpcLimitSetEntry], causes: list[SpcReasonEntry], actions: list[SpcReasonEntry],
                    products: set[str], operations: set[str]) -> list[tuple[str, str]]:
    """(field, message) for what the models cannot see alone: duplicates and unknown products."""
    problems: list[tuple[str, str]] = []
    seen: set[tuple[str, str, str, str]] = set()
    for i, entry in enumerate(limits):
        if entry.key in seen:
            problems.append((f"spc_limits[{i}]", f"{entry.characteristic} version {entry.version} of "
                                                 f"{entry.product} appears twice"))
        seen.add(entry.key)
        if entry.product not in products:
            problems.append((f"spc_limits[{i}].product", f"unknown product {entry.product!r}"))
        if entry.operation and entry.operation not in operations:
            problems.append((f"spc_limits[{i}].operation", f"unknown operation {entry.operation!r}"))
    for section, entries in (("spc_causes", causes), ("spc_actions", actions)):
        codes = [e.code for e in entries]
        for dup in sorted({c for c in codes if codes.count(c) > 1}):
            problems.append((f"{section}.code", f"{dup!r} appears more than once"))
    return problems


_COLUMNS = ("product", "operation", "characteristic", "version", "chart", "subgroup_size", "cl", "ucl", "lcl",
            "usl", "lsl", "disp_cl", "disp_ucl", "disp_lcl")


def _row(entry: SpcLimitSetEntry) -> tuple[Any, ...]:
    return (entry.product, entry.operation, entry.characteristic, entry.version, entry.chart.value,
            entry.subgroup_size, entry.cl, entry.ucl, entry.lcl, entry.usl, entry.lsl, entry.dispersion_cl,
            entry.dispersion_ucl, entry.dispersion_lcl)


def stored_conflicts(db: sqlite_utils.Database, limits: list[SpcLimitSetEntry]) -> list[tuple[str, str]]:
    """A version the station already holds must come back with the same numbers."""
    problems: list[tuple[str, str]] = []
    for i, entry in enumerate(limits):
        row = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM spc_limit_sets WHERE product = ? AND operation = ? "
                         "AND characteristic = ? AND version = ?", list(entry.key)).fetchone()
        if row is not None and tuple(row) != _row(entry):
            problems.append((f"spc_limits[{i}]", f"{entry.characteristic} version {entry.version} of "
                                                 f"{entry.product} was received before with other limits; "
                                                 "a changed set needs a new version"))
    return problems


def apply(db: sqlite_utils.Database, *, limits: list[SpcLimitSetEntry], causes: list[SpcReasonEntry],
          actions: list[SpcReasonEntry], source: str, ts: float) -> None:
    """Keep new limit-set versions (known ones stay as they were) and replace the touch lists."""
    placeholders = ", ".join("?" for _ in range(len(_COLUMNS) + 3))
    db.conn.executemany(
        f"INSERT OR IGNORE INTO spc_limit_sets ({', '.join(_COLUMNS)}, trial, source, received_at) "
        f"VALUES ({placeholders})", [(*_row(e), 0, source, ts) for e in limits])
    db.execute("DELETE FROM spc_reasons")
    db.conn.executemany("INSERT INTO spc_reasons (kind, code, name, name_ko) VALUES (?, ?, ?, ?)",
                        [("cause", r.code, r.name, r.name_ko) for r in causes]
                        + [("action", r.code, r.name, r.name_ko) for r in actions])
