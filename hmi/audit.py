"""The audit trail: append-only and hash-chained, so an edited, deleted or reordered entry shows.

Each entry's hash covers its own fields and the previous entry's hash. The newest hash is also
kept in settings, so removing entries from the end is caught too. Triggers refuse UPDATE and
DELETE; the chain catches what someone does around them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi import jsonutil

GENESIS = "0" * 64
HEAD_KEY = "audit.head"


@dataclass(frozen=True, slots=True)
class NewEntry:
    """What a caller says happened; the chain adds the sequence number and the hashes."""

    ts: float
    station: str
    actor: str
    action: str
    object_type: str
    object_id: str
    before: Any = None
    after: Any = None


@dataclass(frozen=True, slots=True)
class AuditEntry(NewEntry):
    """An entry as stored, with its place in the chain."""

    seq: int = 0


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    entries: int
    first_broken: int | None = None
    reason: str = ""


def entry_hash(prev_hash: str, *, seq: int, ts: float, station: str, actor: str, action: str,
               object_type: str, object_id: str, before: str | None, after: str | None) -> str:
    body = jsonutil.dumps([seq, repr(float(ts)), station, actor, action, object_type, object_id, before, after])
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


_INSERT = ("INSERT INTO audit (seq, ts, station, actor, action, object_type, object_id, before, after, prev_hash, hash)"
           " VALUES (?,?,?,?,?,?,?,?,?,?,?)")


def append(
    db: sqlite_utils.Database,
    *,
    ts: float,
    station: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any = None,
    after: Any = None,
) -> int:
    """Add one entry. Call inside the writer's transaction, together with the change it describes."""
    return append_many(db, [NewEntry(ts=ts, station=station, actor=actor, action=action, object_type=object_type,
                                     object_id=object_id, before=before, after=after)])


def append_many(db: sqlite_utils.Database, entries: Sequence[NewEntry]) -> int:
    """Add entries in order with one insert and one head update (an alarm flood writes hundreds at once).

    Returns the sequence number of the last entry (0 when there were none).
    """
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS)
    if not entries:
        return 0
    rows: list[tuple[Any, ...]] = []
    for entry in entries:
        seq += 1
        object_id = str(entry.object_id)
        before_json = None if entry.before is None else jsonutil.dumps(entry.before)
        after_json = None if entry.after is None else jsonutil.dumps(entry.after)
        digest = entry_hash(prev, seq=seq, ts=entry.ts, station=entry.station, actor=entry.actor,
                            action=entry.action, object_type=entry.object_type, object_id=object_id,
                            before=before_json, after=after_json)
        rows.append((seq, entry.ts, entry.station, entry.actor, entry.action, entry.object_type, object_id,
                     before_json, after_json, prev, digest))
        prev = digest
    db.conn.executemany(_INSERT, rows)
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [HEAD_KEY, jsonutil.dumps({"seq": seq, "hash": prev})],
    )
    return seq


def verify(db: sqlite_utils.Database) -> VerifyResult:
    prev = GENESIS
    expected_seq = 1
    count = 0
    cursor = db.execute(
        "SELECT seq, ts, station, actor, action, object_type, object_id, before, after, prev_hash, hash"
        " FROM audit ORDER BY seq"
    )
    for seq, ts, station, actor, action, object_type, object_id, before, after, prev_hash, digest in cursor:
        if seq != expected_seq:
            return VerifyResult(False, count, expected_seq, f"entry {expected_seq} is missing (next is {seq})")
        if prev_hash != prev:
            return VerifyResult(False, count, seq, f"entry {seq} does not follow entry {seq - 1} (moved or replaced)")
        actual = entry_hash(prev, seq=seq, ts=ts, station=station, actor=actor, action=action,
                            object_type=object_type, object_id=object_id, before=before, after=after)
        if actual != digest:
            return VerifyResult(False, count, seq, f"entry {seq} was changed after it was written")
        prev = digest
        expected_seq += 1
        count += 1
    head_row = db.execute("SELECT value FROM settings WHERE key = ?", [HEAD_KEY]).fetchone()
    head = jsonutil.loads(head_row[0]) if head_row else None
    if head is None and count:
        return VerifyResult(False, count, count, "the record of the newest entry is missing")
    if head is not None and (head["seq"] != count or head["hash"] != prev):
        return VerifyResult(False, count, count + 1, f"entries after {count} were removed (newest was {head['seq']})")
    return VerifyResult(True, count)


def entries(db: sqlite_utils.Database, *, limit: int = 200, object_type: str | None = None,
            object_id: str | None = None) -> list[AuditEntry]:
    where, args = [], []
    if object_type:
        where.append("object_type = ?")
        args.append(object_type)
    if object_id:
        where.append("object_id = ?")
        args.append(object_id)
    sql = "SELECT seq, ts, station, actor, action, object_type, object_id, before, after FROM audit"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC LIMIT ?"
    rows = db.execute(sql, [*args, limit]).fetchall()
    return [AuditEntry(seq=r[0], ts=r[1], station=r[2], actor=r[3], action=r[4], object_type=r[5], object_id=r[6],
                       before=jsonutil.loads(r[7]), after=jsonutil.loads(r[8]))
            for r in rows]
