"""Alarm rows in station.db. Plain functions on a connection: the service runs them on the writer
thread (one transaction per batch of transitions) and the tests run them directly."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.alarms.definitions import AlarmDefinition
from hmi.alarms.journal import JournalEntry, JournalFilter
from hmi.alarms.model import AlarmRecord, Transition
from hmi.recording import Change, record_change, record_changes

_STATE_COLUMNS = ("alarm_id", "state", "condition", "active", "acked", "shelved_until", "shelve_reason",
                  "shelved_by", "suppressed", "out_of_service", "oos_reason", "since", "value")
_UPSERT = (
    f"INSERT INTO alarm_state ({', '.join(_STATE_COLUMNS)}) VALUES ({', '.join('?' * len(_STATE_COLUMNS))})"
    " ON CONFLICT(alarm_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _STATE_COLUMNS[1:])
)


def save_transitions(db: sqlite_utils.Database, transitions: Sequence[Transition], *,
                     definitions: dict[str, AlarmDefinition], station: str) -> None:
    """The state, a journal row, an audit entry and an outbox event for each transition.

    Runs on the writer thread, a batch at a time: a flood of 1,000 alarms is a handful of
    ``executemany`` calls (sqlite lets go of the GIL inside them), not 6,000 statements.
    """
    states: dict[str, list[Any]] = {}          # the last state of each alarm in the batch
    journal: list[list[Any]] = []
    changes: list[Change] = []
    for t in transitions:
        definition = definitions.get(t.alarm_id)
        tag = definition.tag if definition else ""
        priority = definition.priority.value if definition else ""
        states[t.alarm_id] = [t.row[c] for c in _STATE_COLUMNS]
        journal.append([t.ts, t.alarm_id, tag, priority, t.kind.value, t.before.value, t.after.value,
                        None if t.value is None else jsonutil.dumps(t.value), t.user, t.comment])
        limit = definition.limit if definition else None
        payload: dict[str, Any] = {   # hmi.sync.contract.AlarmTransition
            "alarm_id": t.alarm_id, "tag": tag, "priority": priority, "transition": t.kind.value,
            "state": t.after.value, "previous_state": t.before.value, "value": t.value, "comment": t.comment,
            "limit": limit if limit is not None and math.isfinite(limit) else None,
        }
        changes.append(Change(
            ts=t.ts, station=station, actor=t.user, action=f"alarm.{t.kind.value}", object_type="alarm",
            object_id=t.alarm_id, before={"state": t.before.value}, after={"state": t.after.value, "value": t.value},
            event_type=f"alarm.{t.kind.value}", event_payload=payload, subject=f"alarm/{t.alarm_id}"))
    db.conn.executemany(_UPSERT, list(states.values()))
    db.conn.executemany(
        "INSERT INTO alarm_journal (ts, alarm_id, tag, priority, transition, state_before, state_after,"
        " value, user, comment) VALUES (?,?,?,?,?,?,?,?,?,?)", journal)
    record_changes(db, changes)


def load_records(db: sqlite_utils.Database) -> list[AlarmRecord]:
    rows = db.execute(f"SELECT {', '.join(_STATE_COLUMNS)} FROM alarm_state").fetchall()
    return [AlarmRecord.from_row(dict(zip(_STATE_COLUMNS, row, strict=True))) for row in rows]


@dataclass(frozen=True, slots=True)
class LimitOverride:
    alarm_id: str
    limit: float
    deadband: float | None


def load_limits(db: sqlite_utils.Database) -> list[LimitOverride]:
    rows = db.execute("SELECT alarm_id, limit_value, deadband FROM alarm_limit").fetchall()
    return [LimitOverride(r[0], r[1], r[2]) for r in rows]


def save_limit(db: sqlite_utils.Database, *, alarm_id: str, limit: float, deadband: float | None,
               before: dict[str, Any], ts: float, station: str, actor: str) -> None:
    db.execute(
        "INSERT INTO alarm_limit (alarm_id, limit_value, deadband, updated_at, updated_by) VALUES (?,?,?,?,?)"
        " ON CONFLICT(alarm_id) DO UPDATE SET limit_value = excluded.limit_value, deadband = excluded.deadband,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [alarm_id, limit, deadband, ts, actor],
    )
    record_change(db, Change(ts=ts, station=station, actor=actor, action="alarm.limit_changed",
                             object_type="alarm", object_id=alarm_id, before=before,
                             after={"limit": limit, "deadband": deadband}))


def journal(db: sqlite_utils.Database, query: JournalFilter) -> list[JournalEntry]:
    where: list[str] = []
    args: list[Any] = []
    if query.since is not None:
        where.append("ts >= ?")
        args.append(query.since)
    if query.until is not None:
        where.append("ts < ?")
        args.append(query.until)
    if query.tag:
        where.append("(tag LIKE ? OR alarm_id LIKE ?)")
        args += [f"%{query.tag}%"] * 2
    for column, value in (("priority", query.priority), ("state_after", query.state), ("user", query.user)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    sql = ("SELECT seq, ts, alarm_id, tag, priority, transition, state_before, state_after, value, user, comment"
           " FROM alarm_journal")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC LIMIT ?"
    rows = db.execute(sql, [*args, query.limit]).fetchall()
    return [JournalEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], jsonutil.loads(r[8]), r[9], r[10])
            for r in rows]
