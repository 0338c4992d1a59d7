"""The outbox: events for the MES, written in the same transaction as the record they describe.

The sync engine drains it in order. ``event_id`` (UUIDv7) is the idempotency key the MES uses to
see each event once; ``seq`` is the per-station order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils
import uuid6

from hmi import audit, jsonutil

log = logging.getLogger(__name__)

# Who put a cleaned payload on record (see ``_note_cleaned``).
OUTBOX_ACTOR = "system:mes"

PAYLOAD_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    seq: int
    event_id: str
    station_id: str
    type: str
    schema_version: int
    occurred_at: float
    subject: str | None
    payload: dict[str, Any]
    status: str
    attempts: int
    last_error: str | None

    def envelope(self) -> dict[str, Any]:
        """The event as the MES receives it."""
        return {
            "event_id": self.event_id,
            "station_id": self.station_id,
            "seq": self.seq,
            "type": self.type,
            "schema_version": self.schema_version,
            "occurred_at": self.occurred_at,
            "subject": self.subject,
            "payload": self.payload,
        }


def new_event_id() -> str:
    return str(uuid6.uuid7())


_INSERT = ("INSERT INTO outbox (event_id, station_id, type, schema_version, occurred_at, subject, payload)"
           " VALUES (?,?,?,?,?,?,?)")


@dataclass(frozen=True, slots=True)
class NewEvent:
    station_id: str
    type: str
    payload: dict[str, Any]
    occurred_at: float
    subject: str | None = None
    schema_version: int = PAYLOAD_SCHEMA_VERSION

    def row(self) -> tuple[Any, ...]:
        return self.strict_row()[0]

    def strict_row(self) -> tuple[tuple[Any, ...], dict[str, str]]:
        """The row to insert, with a payload any JSON parser reads, and what had to be cleaned for that.

        A NaN or unencodable text must not make an event the MES can never be sent (issue 15): it is
        replaced (NaN -> null) here, where it enters the outbox, and the change is audited.
        """
        payload, problems = jsonutil.strict(self.payload)
        return (new_event_id(), self.station_id, self.type, self.schema_version, self.occurred_at, self.subject,
                jsonutil.dumps_strict(payload)), problems


def _note_cleaned(db: sqlite_utils.Database, row: tuple[Any, ...], problems: dict[str, str]) -> None:
    """Put the cleaning of a payload on record, in the transaction that enqueues it."""
    log.warning("outbox event %s (%s): payload cleaned for JSON: %s", row[0], row[2],
                "; ".join(f"{k}: {v}" for k, v in problems.items()))
    audit.append(db, ts=row[4], station=row[1], actor=OUTBOX_ACTOR, action="outbox.payload_cleaned",
                 object_type="outbox_event", object_id=row[0], after={"type": row[2], "problems": problems})


def enqueue(
    db: sqlite_utils.Database,
    *,
    station_id: str,
    type: str,
    payload: dict[str, Any],
    occurred_at: float,
    subject: str | None = None,
    schema_version: int = PAYLOAD_SCHEMA_VERSION,
) -> OutboxEvent:
    """Add one event. Call inside the writer's transaction, with the record it describes."""
    row, problems = NewEvent(station_id=station_id, type=type, payload=payload, occurred_at=occurred_at,
                             subject=subject, schema_version=schema_version).strict_row()
    cursor = db.execute(_INSERT, list(row))
    if problems:
        _note_cleaned(db, row, problems)
    return OutboxEvent(int(cursor.lastrowid or 0), row[0], station_id, type, schema_version, occurred_at,
                       subject, jsonutil.loads(row[6]), "pending", 0, None)


def enqueue_many(db: sqlite_utils.Database, events: Sequence[NewEvent]) -> None:
    """Add events in order with one insert; their ``seq`` follows that order."""
    rows = [event.strict_row() for event in events]
    db.conn.executemany(_INSERT, [row for row, _ in rows])
    for row, problems in rows:
        if problems:
            _note_cleaned(db, row, problems)


_COLUMNS = "seq, event_id, station_id, type, schema_version, occurred_at, subject, payload, status, attempts, last_error"


def _event(row: tuple[Any, ...]) -> OutboxEvent:
    return OutboxEvent(row[0], row[1], row[2], row[3], row[4], row[5], row[6], jsonutil.loads(row[7]),
                       row[8], row[9], row[10])


def pending(db: sqlite_utils.Database, *, limit: int = 100, after_seq: int = 0) -> list[OutboxEvent]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
        [after_seq, limit],
    ).fetchall()
    return [_event(r) for r in rows]


def by_status(db: sqlite_utils.Database, status: str, *, limit: int = 500) -> list[OutboxEvent]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE status = ? ORDER BY seq LIMIT ?",
                      [status, limit]).fetchall()
    return [_event(r) for r in rows]


def backlog(db: sqlite_utils.Database) -> tuple[int, float | None]:
    """How many events wait, and when the oldest of them happened."""
    count, oldest = db.execute(
        "SELECT count(*), min(occurred_at) FROM outbox WHERE status = 'pending'"
    ).fetchone()
    return int(count), oldest
