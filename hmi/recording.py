"""Every change of record is written with its audit entry and its outbox event, in one transaction.

Services call ``record_change`` inside the function they hand to ``Store.write``, right after
writing the record itself; the three commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi import audit, outbox


@dataclass(frozen=True, slots=True)
class Change:
    ts: float
    station: str
    actor: str            # username, or "system" / "equipment" for automatic changes
    action: str           # lot.start, defect.void, user.add, …
    object_type: str
    object_id: str
    before: Any = None
    after: Any = None
    event_type: str | None = None       # the outbox event, when the MES must hear of it
    event_payload: dict[str, Any] | None = None
    subject: str | None = None


def record_change(db: sqlite_utils.Database, change: Change) -> outbox.OutboxEvent | None:
    audit.append_many(db, [_audit_entry(change)])
    event = _outbox_event(change)
    if event is None:
        return None
    return outbox.enqueue(db, station_id=event.station_id, type=event.type, payload=event.payload,
                          occurred_at=event.occurred_at, subject=event.subject)


def record_changes(db: sqlite_utils.Database, changes: Sequence[Change]) -> None:
    """Many changes at once, in order: one audit insert and one outbox insert (an alarm flood)."""
    audit.append_many(db, [_audit_entry(change) for change in changes])
    outbox.enqueue_many(db, [event for change in changes if (event := _outbox_event(change)) is not None])


def _audit_entry(change: Change) -> audit.NewEntry:
    return audit.NewEntry(ts=change.ts, station=change.station, actor=change.actor, action=change.action,
                          object_type=change.object_type, object_id=change.object_id, before=change.before,
                          after=change.after)


def _outbox_event(change: Change) -> outbox.NewEvent | None:
    if change.event_type is None:
        return None
    payload = change.event_payload if change.event_payload is not None else (change.after or {})
    return outbox.NewEvent(station_id=change.station, type=change.event_type, payload={**payload, "actor": change.actor},
                           occurred_at=change.ts, subject=change.subject)
