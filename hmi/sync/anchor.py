"""Anchoring the audit chain at the MES: its signed head goes out through the outbox, after what it covers.

A chain kept only in station.db can be cut and its head record replayed by anyone who can write the
file. So each sync puts the newest head (sequence number, hash, HMAC) in the outbox as an
``audit.head`` event, in order behind the events already waiting; when the MES acknowledges its
delivery, the station keeps that head as ``audit.anchor`` and ``hmi audit verify`` reports any rewind
below it. At most one head event waits at a time (a newer head follows once it is delivered), so a
head the MES refuses, whose quarantine is itself audited, cannot feed a loop of new heads.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from hmi import audit, jsonutil, outbox

EVENT_TYPE = "audit.head"
ACTOR = "system:audit"
_SENT_KEY = "audit_head_enqueued"   # sync_state: {"seq": the newest head put in the outbox, "outbox_seq": its event}


def head_to_send(db: sqlite_utils.Database) -> audit.Head | None:
    """The head to put in the outbox now: newer than the last one sent, and that one no longer waiting."""
    current = audit.head(db)
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [_SENT_KEY]).fetchone()
    if row is None:
        return current if current.seq else None
    sent = jsonutil.loads(row[0])
    if current.seq <= int(sent["seq"]):
        return None
    waiting = db.execute("SELECT 1 FROM outbox WHERE seq = ? AND status = 'pending'", [int(sent["outbox_seq"])])
    return None if waiting.fetchone() else current


def enqueue_head(db: sqlite_utils.Database, *, station_id: str, now: float) -> audit.Head | None:
    """Put the signed head in the outbox (in the writer's transaction); None when there is nothing new."""
    current = head_to_send(db)
    if current is None:
        return None
    event = outbox.enqueue(db, station_id=station_id, type=EVENT_TYPE, occurred_at=now,
                           subject=f"audit/{station_id}",
                           payload={"actor": ACTOR, "seq": current.seq, "hash": current.hash,
                                    "mac": audit.head_mac(db, current)})
    db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [_SENT_KEY, jsonutil.dumps({"seq": current.seq, "outbox_seq": event.seq})])
    return current


def acknowledge_delivered(db: sqlite_utils.Database, event_ids: Sequence[str]) -> None:
    """The MES took these events: any head among them becomes the station's anchor."""
    if not event_ids:
        return
    marks = ",".join("?" * len(event_ids))
    rows = db.execute(f"SELECT payload FROM outbox WHERE type = ? AND event_id IN ({marks})",
                      [EVENT_TYPE, *event_ids]).fetchall()
    for (payload,) in rows:
        taken = jsonutil.loads(payload)
        audit.acknowledge_head(db, audit.Head(int(taken["seq"]), str(taken["hash"])))
