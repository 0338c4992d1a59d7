"""SPC rows in station.db: limit sets, charted points and violations with their assignable causes.

Each writer runs inside the caller's ``Store.write``; a violation is written with its points, its
audit entry, its outbox event (``spc.violation``) and, when configured, its defect proposal, in one
transaction (hmi/recording.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.recording import Change, record_change
from hmi.spc.engine import ChartPoint
from hmi.spc.kinds import ChartType
from hmi.spc.limits import DispersionLimits, LimitSet

SPC_ACTOR = "system:spc"


@dataclass(frozen=True, slots=True)
class ViolationRecord:
    id: int
    characteristic: str
    lot_no: str
    product: str
    operation: str
    rule: str
    index: int
    points: list[dict[str, Any]]
    limit_version: str
    trial: bool
    sample_ts: float
    recorded_at: float
    needs_cause: bool
    cause_code: str | None
    action_code: str | None
    cause_note: str | None
    cause_by: str | None
    cause_at: float | None
    proposal_id: int | None


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    name: str
    name_ko: str


_SET_COLUMNS = ("product, operation, characteristic, version, chart, subgroup_size, cl, ucl, lcl, usl, lsl, "
                "disp_cl, disp_ucl, disp_lcl, trial, source")


def _limit_set(row: Sequence[Any]) -> LimitSet:
    disp = DispersionLimits(cl=row[11], ucl=row[12], lcl=row[13]) if row[11] is not None else None
    return LimitSet(product=row[0], operation=row[1], characteristic=row[2], version=row[3], chart=ChartType(row[4]),
                    subgroup_size=row[5], cl=row[6], ucl=row[7], lcl=row[8], usl=row[9], lsl=row[10],
                    dispersion=disp, trial=bool(row[14]), source=row[15])


def limit_set_for_lot(db: sqlite_utils.Database, *, product: str, operation: str, characteristic: str,
                      lot_no: str, started_at: float) -> LimitSet | None:
    """The centre's newest version received before the lot started; else this lot's own trial set."""
    row = db.execute(
        f"SELECT {_SET_COLUMNS} FROM spc_limit_sets WHERE product = ? AND characteristic = ? AND trial = 0 "
        "AND operation IN (?, '') AND received_at <= ? ORDER BY operation = ? DESC, seq DESC LIMIT 1",
        [product, characteristic, operation, started_at, operation]).fetchone()
    if row is None:
        row = db.execute(f"SELECT {_SET_COLUMNS} FROM spc_limit_sets WHERE characteristic = ? AND trial = 1 "
                         "AND lot_no = ? ORDER BY seq DESC LIMIT 1", [characteristic, lot_no]).fetchone()
    return None if row is None else _limit_set(row)


def limit_versions(db: sqlite_utils.Database, characteristic: str) -> list[LimitSet]:
    """Every set the station holds for a characteristic, oldest first."""
    rows = db.execute(f"SELECT {_SET_COLUMNS} FROM spc_limit_sets WHERE characteristic = ? ORDER BY seq",
                      [characteristic]).fetchall()
    return [_limit_set(r) for r in rows]


def add_trial_set(db: sqlite_utils.Database, limits: LimitSet, *, lot_no: str, station: str, ts: float) -> None:
    """Trial limits are kept like any set, flagged trial, and never picked over a set from the centre."""
    d = limits.dispersion
    db.execute(
        "INSERT INTO spc_limit_sets (product, operation, characteristic, version, chart, subgroup_size, cl, ucl, "
        "lcl, usl, lsl, disp_cl, disp_ucl, disp_lcl, trial, source, lot_no, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'trial', ?, ?)",
        [limits.product, limits.operation, limits.characteristic, limits.version, limits.chart.value,
         limits.subgroup_size, limits.cl, limits.ucl, limits.lcl, limits.usl, limits.lsl,
         d.cl if d else None, d.ucl if d else None, d.lcl if d else None, lot_no, ts])
    record_change(db, Change(ts=ts, station=station, actor=SPC_ACTOR, action="spc.trial_limits",
                             object_type="spc_characteristic", object_id=limits.characteristic,
                             after={"lot_no": lot_no, "version": limits.version, "cl": limits.cl, "ucl": limits.ucl,
                                    "lcl": limits.lcl, "warnings": list(limits.warnings)}))


def add_points(db: sqlite_utils.Database, rows: Sequence[tuple[str, str, ChartPoint, str]]) -> None:
    """(characteristic, lot, point, limit version) rows; a point already written is left alone."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO spc_points (characteristic, lot_no, idx, ts, value, dispersion, sample_size, raw, "
        "limit_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(c, lot, p.index, p.ts, p.value, p.dispersion, p.sample_size, jsonutil.dumps(list(p.raw)), v)
         for c, lot, p, v in rows])


@dataclass(frozen=True, slots=True)
class StoredPoint:
    index: int
    ts: float
    value: float
    dispersion: float | None
    sample_size: float
    raw: list[float]
    limit_version: str


def points_of(db: sqlite_utils.Database, characteristic: str, *, lot_no: str | None = None,
              since: float | None = None, until: float | None = None) -> list[StoredPoint]:
    sql = ("SELECT idx, ts, value, dispersion, sample_size, raw, limit_version FROM spc_points "
           "WHERE characteristic = ?")
    args: list[Any] = [characteristic]
    if lot_no is not None:
        sql += " AND lot_no = ?"
        args.append(lot_no)
    if since is not None:
        sql += " AND ts >= ?"
        args.append(since)
    if until is not None:
        sql += " AND ts <= ?"
        args.append(until)
    rows = db.execute(sql + " ORDER BY lot_no, idx", args).fetchall()
    return [StoredPoint(index=r[0], ts=r[1], value=r[2], dispersion=r[3], sample_size=r[4],
                        raw=jsonutil.loads(r[5]) or [], limit_version=r[6]) for r in rows]


def add_violation(db: sqlite_utils.Database, *, station: str, characteristic: str, lot: Any, rule: str,
                  point: ChartPoint, span: list[dict[str, Any]], limits: LimitSet, needs_cause: bool, ts: float,
                  payload: dict[str, Any], proposal_id: int | None) -> int:
    cursor = db.execute(
        "INSERT INTO spc_violations (station, characteristic, lot_no, product, operation, rule, idx, points, "
        "limit_version, trial, sample_ts, recorded_at, needs_cause, proposal_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [station, characteristic, lot.lot_no, lot.product, lot.operation, rule, point.index, jsonutil.dumps(span),
         limits.version, int(limits.trial), point.ts, ts, int(needs_cause), proposal_id])
    violation_id = int(cursor.lastrowid or 0)
    record_change(db, Change(ts=ts, station=station, actor=SPC_ACTOR, action="spc.violation",
                             object_type="spc_violation", object_id=str(violation_id),
                             after={**payload, "violation_id": violation_id}, event_type="spc.violation",
                             subject=lot.subject))
    return violation_id


_VIOLATION_COLUMNS = ("id, characteristic, lot_no, product, operation, rule, idx, points, limit_version, trial, "
                      "sample_ts, recorded_at, needs_cause, cause_code, action_code, cause_note, cause_by, cause_at, "
                      "proposal_id")


def _violation(row: Sequence[Any]) -> ViolationRecord:
    return ViolationRecord(id=row[0], characteristic=row[1], lot_no=row[2], product=row[3], operation=row[4],
                           rule=row[5], index=row[6], points=jsonutil.loads(row[7]) or [], limit_version=row[8],
                           trial=bool(row[9]), sample_ts=row[10], recorded_at=row[11], needs_cause=bool(row[12]),
                           cause_code=row[13], action_code=row[14], cause_note=row[15], cause_by=row[16],
                           cause_at=row[17], proposal_id=row[18])


def violations(db: sqlite_utils.Database, *, lot_no: str | None = None, characteristic: str | None = None,
               awaiting_cause: bool = False, limit: int = 1000) -> list[ViolationRecord]:
    sql = f"SELECT {_VIOLATION_COLUMNS} FROM spc_violations WHERE 1 = 1"
    args: list[Any] = []
    if lot_no is not None:
        sql += " AND lot_no = ?"
        args.append(lot_no)
    if characteristic is not None:
        sql += " AND characteristic = ?"
        args.append(characteristic)
    if awaiting_cause:
        sql += " AND needs_cause = 1 AND cause_code IS NULL"
    rows = db.execute(sql + " ORDER BY id DESC LIMIT ?", [*args, limit]).fetchall()
    return [_violation(r) for r in reversed(rows)]


def violation_by_id(db: sqlite_utils.Database, violation_id: int) -> ViolationRecord | None:
    row = db.execute(f"SELECT {_VIOLATION_COLUMNS} FROM spc_violations WHERE id = ?", [violation_id]).fetchone()
    return None if row is None else _violation(row)


def reasons(db: sqlite_utils.Database, kind: str) -> list[Reason]:
    rows = db.execute("SELECT code, name, name_ko FROM spc_reasons WHERE kind = ? ORDER BY code", [kind]).fetchall()
    return [Reason(code=r[0], name=r[1], name_ko=r[2]) for r in rows]


def set_cause(db: sqlite_utils.Database, violation: ViolationRecord, *, cause_code: str, action_code: str,
              note: str, actor: str, station: str, ts: float) -> None:
    db.execute("UPDATE spc_violations SET cause_code = ?, action_code = ?, cause_note = ?, cause_by = ?, "
               "cause_at = ? WHERE id = ?", [cause_code, action_code, note, actor, ts, violation.id])
    record_change(db, Change(ts=ts, station=station, actor=actor, action="spc.cause", object_type="spc_violation",
                             object_id=str(violation.id),
                             before={"cause_code": violation.cause_code, "action_code": violation.action_code},
                             after={"cause_code": cause_code, "action_code": action_code, "note": note,
                                    "rule": violation.rule, "characteristic": violation.characteristic,
                                    "lot_no": violation.lot_no}))
