"""The reference MES's own SQLite file: every event it accepted, once (deduplicated by event_id)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    received_seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- the order the MES accepted them in
    event_id TEXT NOT NULL UNIQUE,                    -- the idempotency key
    station_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    subject TEXT,
    schema_version INTEGER NOT NULL,
    occurred_at REAL NOT NULL,
    payload TEXT NOT NULL,
    received_at REAL NOT NULL,
    via TEXT NOT NULL DEFAULT 'rest'
);
CREATE TABLE IF NOT EXISTS rejections (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    station_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_heads (             -- each station's newest audit chain head (its anchor)
    station_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    mac TEXT,
    received_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (               -- every attempt, duplicates included
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    at REAL NOT NULL
);
"""

REQUIRED = ("event_id", "station_id", "seq", "type", "schema_version", "occurred_at", "payload")


@dataclass(frozen=True, slots=True)
class Verdict:
    event_id: str
    status: str          # accepted | duplicate | rejected | deferred
    reason: str = ""


class ReceivedEvents:
    def __init__(self, *, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def record(self, station_id: str, events: list[Any], *, rejects: dict[str, str], via: str = "rest") -> list[Verdict]:
        """Take a batch in order. ``rejects`` maps event ids the MES refuses to the reason."""
        verdicts: list[Verdict] = []
        refused_subjects: set[str] = set()
        now = time.time()
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for raw in events:
                    verdicts.append(self._one(station_id, raw, rejects, refused_subjects, now, via))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return verdicts

    def _one(self, station_id: str, raw: Any, rejects: dict[str, str], refused: set[str], now: float,
             via: str) -> Verdict:
        event_id = str(raw.get("event_id", "")) if isinstance(raw, dict) else ""
        problem = _schema_problem(raw, station_id)
        if problem is None and event_id in rejects:
            problem = rejects[event_id]
        subject = raw.get("subject") if isinstance(raw, dict) else None
        if problem is not None:
            if subject:
                refused.add(subject)
            self._conn.execute("INSERT INTO rejections (event_id, station_id, reason, at) VALUES (?,?,?,?)",
                               [event_id, station_id, problem, now])
            return Verdict(event_id, "rejected", problem)
        if subject and subject in refused:
            return Verdict(event_id, "deferred", f"an earlier event of {subject} was rejected")
        self._conn.execute("INSERT INTO deliveries (event_id, at) VALUES (?, ?)", [event_id, now])
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO events (event_id, station_id, seq, type, subject, schema_version, occurred_at,"
            " payload, received_at, via) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [event_id, station_id, raw["seq"], raw["type"], subject, raw["schema_version"], raw["occurred_at"],
             json.dumps(raw["payload"], ensure_ascii=False), now, via],
        )
        if raw["type"] == "audit.head" and cursor.rowcount == 1:
            self._keep_head(station_id, raw["payload"], now)
        return Verdict(event_id, "accepted" if cursor.rowcount == 1 else "duplicate")

    def _keep_head(self, station_id: str, payload: dict[str, Any], now: float) -> None:
        """Keep the newest head only: a station replaying an older one does not rewind what the MES holds."""
        self._conn.execute(
            "INSERT INTO audit_heads (station_id, seq, hash, mac, received_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(station_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac,"
            " received_at = excluded.received_at WHERE excluded.seq > audit_heads.seq",
            [station_id, int(payload.get("seq", 0)), str(payload.get("hash", "")), payload.get("mac"), now])

    def audit_head(self, station_id: str) -> tuple[int, str, str | None] | None:
        """(seq, hash, mac) of the newest audit head the station sent, or None."""
        with self._lock:
            row = self._conn.execute("SELECT seq, hash, mac FROM audit_heads WHERE station_id = ?",
                                     [station_id]).fetchone()
        return None if row is None else (int(row[0]), str(row[1]), row[2])

    def events(self, station_id: str | None = None) -> list[tuple[int, str, int, str]]:
        """(received_seq, event_id, seq, type) in the order the MES accepted them."""
        sql = "SELECT received_seq, event_id, seq, type FROM events"
        args: list[Any] = []
        if station_id:
            sql += " WHERE station_id = ?"
            args.append(station_id)
        with self._lock:
            return [tuple(r) for r in self._conn.execute(sql + " ORDER BY received_seq", args)]

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {
                "events": self._conn.execute("SELECT count(*) FROM events").fetchone()[0],
                "deliveries": self._conn.execute("SELECT count(*) FROM deliveries").fetchone()[0],
                "rejections": self._conn.execute("SELECT count(*) FROM rejections").fetchone()[0],
            }


def _schema_problem(raw: Any, station_id: str) -> str | None:
    if not isinstance(raw, dict):
        return "an event must be a JSON object"
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        return f"missing fields: {', '.join(missing)}"
    if raw["station_id"] != station_id:
        return f"station_id {raw['station_id']!r} does not match the URL ({station_id!r})"
    if raw["schema_version"] != 1:
        return f"unsupported schema_version {raw['schema_version']!r} (this MES reads 1)"
    if not isinstance(raw["payload"], dict):
        return "payload must be a JSON object"
    return None
