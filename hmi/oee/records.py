"""OEE records in station.db: state intervals, downtime events with their reasons, shift summaries.

Functions run inside ``Store.write``/``Store.read``. Each change of a downtime event writes its
audit entry and its outbox event in the same transaction (``hmi.recording``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi.oee.calculation import Count, Interval
from hmi.oee.reasons import ReasonPoint, current_reason
from hmi.oee.states import State
from hmi.recording import Change, record_change


@dataclass(frozen=True, slots=True)
class DowntimeEvent:
    id: int
    start: float
    end: float | None
    state: str
    source: str
    paused: bool
    fault_code: str | None
    lot_no: str | None
    reasons: tuple[ReasonPoint, ...]

    @property
    def reason(self) -> str:
        return current_reason(self.reasons)

    @property
    def waiting(self) -> bool:
        """No reason given for some of it yet."""
        from hmi.oee.calculation import UNASSIGNED

        return not self.reasons or any(code == UNASSIGNED for _, code in self.reasons)


_EVENT_COLUMNS = "id, start_ts, end_ts, state, source, paused, fault_code, lot_no, reasons"


def _event(row: Sequence[Any]) -> DowntimeEvent:
    points = tuple((float(ts), str(code)) for ts, code in json.loads(row[8]))
    return DowntimeEvent(id=int(row[0]), start=float(row[1]), end=None if row[2] is None else float(row[2]),
                         state=str(row[3]), source=str(row[4]), paused=bool(row[5]), fault_code=row[6],
                         lot_no=row[7], reasons=points)


def subject(station: str) -> str:
    # One subject for every OEE event of a station: the MES gets them in the order they happened.
    return f"station/{station}"


def _payload(event: DowntimeEvent) -> dict[str, Any]:
    return {"event_id": event.id, "start": event.start, "end": event.end, "state": event.state,
            "source": event.source, "fault_code": event.fault_code, "lot_id": event.lot_no,
            "reason": event.reason, "reasons": [{"from": ts, "reason": code} for ts, code in event.reasons]}


def _audit(event: DowntimeEvent) -> dict[str, Any]:
    return {"start": event.start, "end": event.end, "reasons": [list(p) for p in event.reasons],
            "paused": event.paused}


# Machine state intervals -----------------------------------------------------------------------------
def begin_interval(db: sqlite_utils.Database, station: str, *, ts: float, state: State,
                   fault_code: str | None) -> int:
    cursor = db.execute("INSERT INTO machine_states (station, start_ts, end_ts, state, fault_code) "
                        "VALUES (?, ?, ?, ?, ?)", [station, ts, ts, state.value, fault_code])
    return int(cursor.lastrowid or 0)


def extend_interval(db: sqlite_utils.Database, interval_id: int, *, until: float) -> None:
    db.execute("UPDATE machine_states SET end_ts = max(end_ts, ?) WHERE id = ?", [until, interval_id])


def intervals(db: sqlite_utils.Database, station: str, *, since: float, until: float) -> list[Interval]:
    return [Interval(start=float(a), end=float(b), state=State(s), fault_code=c) for a, b, s, c in db.execute(
        "SELECT start_ts, end_ts, state, fault_code FROM machine_states WHERE station = ? AND end_ts > ? "
        "AND start_ts < ? ORDER BY start_ts, id", [station, since, until]) if b > a]


def known_until(db: sqlite_utils.Database, station: str) -> float | None:
    row = db.execute("SELECT max(end_ts) FROM machine_states WHERE station = ?", [station]).fetchone()
    return None if row[0] is None else float(row[0])


# Downtime events ---------------------------------------------------------------------------------------
def open_event(db: sqlite_utils.Database, station: str) -> DowntimeEvent | None:
    row = db.execute(f"SELECT {_EVENT_COLUMNS} FROM downtime_events WHERE station = ? AND end_ts IS NULL",
                     [station]).fetchone()
    return None if row is None else _event(row)


def event_by_id(db: sqlite_utils.Database, event_id: int) -> DowntimeEvent | None:
    row = db.execute(f"SELECT {_EVENT_COLUMNS} FROM downtime_events WHERE id = ?", [event_id]).fetchone()
    return None if row is None else _event(row)


def events(db: sqlite_utils.Database, station: str, *, since: float, until: float) -> list[DowntimeEvent]:
    return [_event(r) for r in db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM downtime_events WHERE station = ? AND start_ts < ? "
        "AND (end_ts IS NULL OR end_ts > ?) ORDER BY start_ts, id", [station, until, since])]


def start_event(db: sqlite_utils.Database, station: str, *, start: float, now: float, state: str, source: str,
                fault_code: str | None, reason: str | None, actor: str, lot_no: str | None,
                paused: bool = False) -> DowntimeEvent:
    points: list[ReasonPoint] = [(start, reason)] if reason else []
    cursor = db.execute(
        "INSERT INTO downtime_events (station, start_ts, state, source, paused, fault_code, lot_no, reasons) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [station, start, state, source, int(paused), fault_code, lot_no,
                                            json.dumps(points)])
    event = event_by_id(db, int(cursor.lastrowid or 0))
    assert event is not None
    record_change(db, Change(ts=now, station=station, actor=actor, action="downtime.start", object_type="downtime",
                             object_id=str(event.id), after=_audit(event), event_type="downtime.started",
                             event_payload=_payload(event), subject=subject(station)))
    return event


def end_event(db: sqlite_utils.Database, station: str, event: DowntimeEvent, *, end: float, now: float,
              actor: str) -> DowntimeEvent:
    db.execute("UPDATE downtime_events SET end_ts = ?, paused = 0 WHERE id = ?", [max(end, event.start), event.id])
    after = event_by_id(db, event.id)
    assert after is not None
    record_change(db, Change(ts=now, station=station, actor=actor, action="downtime.end", object_type="downtime",
                             object_id=str(event.id), before=_audit(event), after=_audit(after),
                             event_type="downtime.ended",
                             event_payload={**_payload(after), "duration_s": (after.end or end) - after.start},
                             subject=subject(station)))
    return after


def set_paused(db: sqlite_utils.Database, event: DowntimeEvent, *, paused: bool) -> None:
    db.execute("UPDATE downtime_events SET paused = ? WHERE id = ?", [int(paused), event.id])


def set_reasons(db: sqlite_utils.Database, station: str, event: DowntimeEvent, points: Sequence[ReasonPoint], *,
                now: float, actor: str, note: str | None = None) -> DowntimeEvent:
    """The event's reasons now (one, or a split); the audit entry keeps what they were before."""
    db.execute("UPDATE downtime_events SET reasons = ? WHERE id = ?", [json.dumps([list(p) for p in points]),
                                                                       event.id])
    after = event_by_id(db, event.id)
    assert after is not None
    payload = {**_payload(after), "previous": [{"from": ts, "reason": code} for ts, code in event.reasons]}
    if note:
        payload["note"] = note
    record_change(db, Change(ts=now, station=station, actor=actor, action="downtime.reason",
                             object_type="downtime", object_id=str(event.id), before=_audit(event),
                             after=_audit(after), event_type="downtime.reason_set", event_payload=payload,
                             subject=subject(station)))
    return after


# Counts and lots ----------------------------------------------------------------------------------------
def counts(db: sqlite_utils.Database, station: str, *, since: float, until: float,
           default_cycle_s: float | None) -> list[Count]:
    """Parts made, from the lots' events: counted, accepted at resume, corrected, late; never twice.

    Finish moves counter parts that came after the confirmation to late counts (a negative delta on
    the 'finished' row): they were made once, so that row is left out.
    """
    cycles = {(p, o): float(c) for p, o, c in db.execute("SELECT product, operation, cycle_s FROM md_ideal_cycle_times")}
    out: list[Count] = []
    for ts, kind, good, scrap, data, product, operation in db.execute(
            "SELECT e.ts, e.kind, e.good_delta, e.scrap_delta, e.data, l.product, l.operation FROM lot_events e "
            "JOIN lots l ON l.id = e.lot_id WHERE l.station = ? AND e.ts >= ? AND e.ts < ? AND e.kind != 'finished' "
            "ORDER BY e.ts, e.id", [station, since, until]):
        if kind == "late_count":
            good = int(json.loads(data or "{}").get("parts", 0))
        if not good and not scrap:
            continue
        out.append(Count(ts=float(ts), good=int(good), scrap=int(scrap),
                         ideal_cycle_s=cycles.get((product, operation), default_cycle_s)))
    return out


def lot_periods(db: sqlite_utils.Database, station: str, *, since: float, until: float) -> list[tuple[float, float]]:
    """When a lot was running or paused: the rest is 'no order' time."""
    return [(float(a), float(b if b is not None else until)) for a, b in db.execute(
        "SELECT started_at, ended_at FROM lots WHERE station = ? AND started_at < ? "
        "AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at", [station, until, since])]


def ideal_cycle(db: sqlite_utils.Database, product: str, operation: str) -> float | None:
    row = db.execute("SELECT cycle_s FROM md_ideal_cycle_times WHERE product = ? AND operation = ?",
                     [product, operation]).fetchone()
    return None if row is None else float(row[0])


# Shift summaries ------------------------------------------------------------------------------------------
def summary_exists(db: sqlite_utils.Database, station: str, start: float) -> bool:
    return db.execute("SELECT 1 FROM oee_shift_summaries WHERE station = ? AND start_ts = ?",
                      [station, start]).fetchone() is not None


def close_shift(db: sqlite_utils.Database, *, station: str, shift: str, day: str, start: float, end: float,
                figures: dict[str, Any], now: float, actor: str) -> bool:
    """The shift's summary record with its audit entry and ``oee.shift_closed``; False if it was closed before."""
    if summary_exists(db, station, start):
        return False
    db.execute("INSERT INTO oee_shift_summaries (station, shift, day, start_ts, end_ts, figures) "
               "VALUES (?, ?, ?, ?, ?, ?)", [station, shift, day, start, end, json.dumps(figures)])
    record_change(db, Change(ts=now, station=station, actor=actor, action="oee.shift_close", object_type="shift",
                             object_id=f"{day}/{shift}", after={"oee": figures.get("oee")},
                             event_type="oee.shift_closed", event_payload={**figures, "day": day},
                             subject=subject(station)))
    return True


def summaries(db: sqlite_utils.Database, station: str, *, since: float, until: float) -> list[dict[str, Any]]:
    return [{**json.loads(f), "day": d} for d, f in db.execute(
        "SELECT day, figures FROM oee_shift_summaries WHERE station = ? AND start_ts >= ? AND start_ts < ? "
        "ORDER BY start_ts", [station, since, until])]
