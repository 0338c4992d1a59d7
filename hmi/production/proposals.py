"""Pending defect proposals in station.db, so a restart of the station loses none of them.

Each function runs inside the caller's ``Store.write``/``Store.read`` function and writes its audit
entry with the row; removing a proposal is only ever part of confirming or dismissing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.production.records import ProductionError
from hmi.recording import Change, record_change


class ProposalAlreadyHandled(ProductionError):
    """Another tap confirmed or dismissed it first."""


@dataclass(frozen=True, slots=True)
class DefectProposal:
    """A measurement left its defect limits during a lot; the operator confirms or dismisses it."""

    id: int
    lot_no: str
    code: str
    measurement: dict[str, Any]
    recipe: dict[str, Any] = field(default_factory=dict)
    product: str = ""
    proposed_at: float = 0.0


def add(db: sqlite_utils.Database, *, station: str, lot_no: str, product: str, code: str,
        measurement: dict[str, Any], recipe: dict[str, Any], ts: float,
        actor: str = "system:equipment") -> DefectProposal | None:
    """Save a proposal, or return None when this defect is already proposed for this lot.

    The limit check and SPC often see the same part: the operator answers it once, whichever saved
    first. Checked here, in the writer's transaction: the screens' list is updated only later, on the loop.
    """
    if db.execute("SELECT 1 FROM defect_proposals WHERE station = ? AND lot_no = ? AND code = ? LIMIT 1",
                  [station, lot_no, code]).fetchone() is not None:
        return None
    cursor = db.execute(
        "INSERT INTO defect_proposals (station, lot_no, product, code, measurement, recipe, proposed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [station, lot_no, product, code, jsonutil.dumps(measurement), jsonutil.dumps(recipe), ts])
    proposal = DefectProposal(id=int(cursor.lastrowid or 0), lot_no=lot_no, code=code, measurement=measurement,
                              recipe=recipe, product=product, proposed_at=ts)
    record_change(db, Change(ts=ts, station=station, actor=actor, action="defect.proposed",
                             object_type="lot", object_id=lot_no,
                             after={"proposal_id": proposal.id, "product": product, "code": code,
                                    "measurement": measurement, "recipe": recipe}))
    return proposal


def pending(db: sqlite_utils.Database, station: str) -> list[DefectProposal]:
    rows = db.execute(
        "SELECT id, lot_no, code, measurement, recipe, product, proposed_at FROM defect_proposals "
        "WHERE station = ? ORDER BY id", [station]).fetchall()
    return [DefectProposal(id=row[0], lot_no=row[1], code=row[2], measurement=jsonutil.loads(row[3]) or {},
                           recipe=jsonutil.loads(row[4]) or {}, product=row[5], proposed_at=row[6])
            for row in rows]


def remove(db: sqlite_utils.Database, proposal: DefectProposal, *, station: str, actor: str, ts: float,
           action: str, after: dict[str, Any]) -> None:
    """Take the proposal out of the pending list, audited as ``action`` (confirmed or dismissed).

    Raises when another tap already handled it, so the caller's transaction (a defect record) rolls back.
    """
    deleted = db.execute("DELETE FROM defect_proposals WHERE id = ? AND station = ?", [proposal.id, station])
    if deleted.rowcount != 1:
        raise ProposalAlreadyHandled("this proposal was already handled")
    record_change(db, Change(ts=ts, station=station, actor=actor, action=action, object_type="lot",
                             object_id=proposal.lot_no,
                             after={"proposal_id": proposal.id, "code": proposal.code, **after}))
