"""The outbox seen from the sync engine: what to send next, and what the MES said about it.

All functions take a sqlite_utils Database; the ones that change rows run inside ``Store.write``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi import audit, jsonutil
from hmi.outbox import _COLUMNS, OutboxEvent, _event
from hmi.refusal import Refusal
from hmi.sync import anchor
from hmi.sync.connector import EventOutcome, Outcome
from hmi.sync.quarantined import QuarantinedEvent

# A pending event waits while an earlier event of the same subject sits in quarantine.
_NOT_BLOCKED = (
    "NOT (o.subject IS NOT NULL AND EXISTS (SELECT 1 FROM outbox q WHERE q.status = 'quarantined'"
    " AND q.subject = o.subject AND q.seq < o.seq))"
)
_O_COLUMNS = ", ".join(f"o.{c.strip()}" for c in _COLUMNS.split(","))


def next_batch(db: sqlite_utils.Database, *, limit: int) -> list[OutboxEvent]:
    rows = db.execute(
        f"SELECT {_O_COLUMNS} FROM outbox o WHERE o.status = 'pending' AND {_NOT_BLOCKED} ORDER BY o.seq LIMIT ?",
        [limit],
    ).fetchall()
    return [_event(r) for r in rows]


@dataclass(frozen=True, slots=True)
class Backlog:
    pending: int              # waiting to be sent (including the blocked ones)
    blocked: int              # waiting behind a quarantined event of the same subject
    quarantined: int
    oldest_at: float | None   # when the oldest waiting event happened


def backlog(db: sqlite_utils.Database) -> Backlog:
    pending, oldest = db.execute(
        "SELECT count(*), min(occurred_at) FROM outbox WHERE status = 'pending'").fetchone()
    quarantined = db.execute("SELECT count(*) FROM outbox WHERE status = 'quarantined'").fetchone()[0]
    blocked = 0
    if quarantined:
        blocked = db.execute(
            f"SELECT count(*) FROM outbox o WHERE o.status = 'pending' AND NOT {_NOT_BLOCKED}").fetchone()[0]
    return Backlog(int(pending), int(blocked), int(quarantined), oldest)


def quarantined(db: sqlite_utils.Database, *, limit: int = 200) -> list[QuarantinedEvent]:
    rows = db.execute(
        f"SELECT {_O_COLUMNS}, o.quarantine_reason, o.quarantined_at,"
        " (SELECT count(*) FROM outbox w WHERE w.status = 'pending' AND w.subject = o.subject AND w.seq > o.seq)"
        " FROM outbox o WHERE o.status = 'quarantined' ORDER BY o.seq LIMIT ?",
        [limit],
    ).fetchall()
    return [QuarantinedEvent(_event(r[:11]), r[11] or "", r[12] or 0.0, int(r[13] or 0)) for r in rows]


def apply_outcomes(
    db: sqlite_utils.Database, outcomes: Sequence[EventOutcome], *, now: float, station_id: str
) -> None:
    """Record what the MES said. One transaction: a crash leaves the events to be sent again (deduped)."""
    delivered = [(now, o.event_id) for o in outcomes if o.outcome is Outcome.DELIVERED]
    if delivered:
        db.conn.executemany(
            "UPDATE outbox SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL"
            " WHERE event_id = ? AND status = 'pending'",
            delivered,
        )
        anchor.acknowledge_delivered(db, [event_id for _, event_id in delivered])
    failed = [(o.reason, o.event_id) for o in outcomes if o.outcome is Outcome.TRANSIENT]
    if failed:
        db.conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE event_id = ? AND status = 'pending'",
            failed,
        )
    for outcome in outcomes:
        if outcome.outcome is Outcome.REJECTED:
            _quarantine(db, outcome, now=now, station_id=station_id)


def _quarantine(db: sqlite_utils.Database, outcome: EventOutcome, *, now: float, station_id: str) -> None:
    row = db.execute("SELECT seq, type, subject FROM outbox WHERE event_id = ? AND status = 'pending'",
                     [outcome.event_id]).fetchone()
    if row is None:
        return
    reason = outcome.reason or "rejected by the MES (no reason given)"
    db.execute(
        "UPDATE outbox SET status = 'quarantined', quarantined_at = ?, quarantine_reason = ?,"
        " attempts = attempts + 1, last_error = ? WHERE event_id = ?",
        [now, reason, reason, outcome.event_id],
    )
    audit.append(db, ts=now, station=station_id, actor="system:mes", action="sync.quarantine",
                 object_type="outbox_event", object_id=outcome.event_id, before={"status": "pending"},
                 after={"status": "quarantined", "seq": row[0], "type": row[1], "subject": row[2],
                        "reason": reason})


class NotQuarantined(Refusal, LookupError):
    """The event waits for no decision (any more): someone resolved it first."""


def resolve(
    db: sqlite_utils.Database, *, event_id: str, action: str, actor: str, reason: str, now: float,
    station_id: str,
) -> None:
    """A supervisor sends a quarantined event again ('retry') or gives it up ('skip'). Audited."""
    row = db.execute("SELECT status, quarantine_reason, seq, subject FROM outbox WHERE event_id = ?",
                     [event_id]).fetchone()
    if row is None or row[0] != "quarantined":
        raise NotQuarantined("event {event_id} is not in quarantine", event_id=event_id)
    status = {"retry": "pending", "skip": "skipped"}[action]
    db.execute(
        "UPDATE outbox SET status = ?, resolved_by = ?, resolution_reason = ?, last_error = NULL WHERE event_id = ?",
        [status, actor, reason, event_id],
    )
    after: dict[str, Any] = {"status": status, "reason": reason, "seq": row[2], "subject": row[3]}
    audit.append(db, ts=now, station=station_id, actor=actor, action=f"sync.{action}",
                 object_type="outbox_event", object_id=event_id,
                 before={"status": "quarantined", "mes_reason": row[1]}, after=after)


def get_state(db: sqlite_utils.Database, key: str) -> Any:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return None if row is None else jsonutil.loads(row[0])


def set_state(db: sqlite_utils.Database, key: str, value: Any) -> None:
    db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?)"
               " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, jsonutil.dumps(value)])
