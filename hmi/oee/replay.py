"""``hmi oee replay``: the live station's OEE code over a machine log, per shift.

The log is CSV with ``ts,state,good_total,scrap_total,fault_code``: ``ts`` ISO 8601 with its offset,
``state`` a canonical name or a raw value the config maps, totals as running counter values. Each row
holds until the next; time before the first and after the last row is unknown.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hmi.oee.calculation import Count, Figures, Interval, compute, find_stops, shift_window
from hmi.oee.calendar import ShiftCalendar, ShiftWindow
from hmi.oee.config import OeeSection
from hmi.oee.states import State, StateMap, UnmappedState, raw_key

COLUMNS = ("ts", "state", "good_total", "scrap_total", "fault_code")


class ReplayError(Exception):
    """The log or the config cannot be replayed; the message names the file, the line and what was expected."""


@dataclass(frozen=True, slots=True)
class MachineLog:
    intervals: tuple[Interval, ...]
    counts: tuple[Count, ...]
    first: float
    last: float


def _total(text: str, where: str, column: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise ReplayError(f"{where}: {column}: expected a whole number; got {text!r}") from None
    if value < 0:
        raise ReplayError(f"{where}: {column}: expected a counter value (0 or more); got {value}")
    return value


def _delta(now: int | None, before: int | None) -> int:
    if now is None or before is None:
        return 0
    return now - before if now >= before else now   # a counter that went back was reset


def read_log(path: Path, *, states: StateMap) -> MachineLog:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ReplayError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    rows: list[tuple[float, State, int | None, int | None, str | None]] = []
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ReplayError(f"{path}: line 1: missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}")
        try:
            for row in reader:
                where = f"{path}: line {reader.line_num}"
                text = (row["ts"] or "").strip()
                try:
                    moment = datetime.fromisoformat(text)
                except ValueError:
                    raise ReplayError(f"{where}: ts: expected ISO 8601 with an offset "
                                      f"(2026-12-01T06:00:00+09:00); got {text!r}") from None
                if moment.tzinfo is None:
                    raise ReplayError(f"{where}: ts: {text!r} has no offset; write it like 2026-12-01T06:00:00+09:00")
                ts = moment.timestamp()
                if rows and ts < rows[-1][0]:
                    raise ReplayError(f"{where}: ts: {text} is before the row above; rows must be in time order")
                raw_state = (row["state"] or "").strip()
                try:
                    state = states.state(raw_state) if raw_state else State.UNKNOWN
                except UnmappedState as exc:
                    raise ReplayError(f"{where}: state: {exc}") from None
                code = (row["fault_code"] or "").strip() or None
                rows.append((ts, state, _total(row["good_total"] or "", where, "good_total"),
                             _total(row["scrap_total"] or "", where, "scrap_total"), code))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ReplayError(f"{path}: not a readable CSV file ({exc})") from None
    if not rows:
        raise ReplayError(f"{path}: no rows; expected a header {','.join(COLUMNS)} and one row per state change")
    intervals = [Interval(start=a[0], end=b[0], state=a[1], fault_code=a[4])
                 for a, b in itertools.pairwise(rows) if b[0] > a[0]]
    counts: list[Count] = []
    good_before = scrap_before = None
    for ts, _, good, scrap, _ in rows:
        g, s = _delta(good, good_before), _delta(scrap, scrap_before)
        if g or s:
            counts.append(Count(ts=ts, good=g, scrap=s))
        good_before = good if good is not None else good_before
        scrap_before = scrap if scrap is not None else scrap_before
    return MachineLog(intervals=tuple(intervals), counts=tuple(counts), first=rows[0][0], last=rows[-1][0])


def replay(section: OeeSection, log: MachineLog, *, ideal_cycle_s: float | None = None) -> list[tuple[ShiftWindow,
                                                                                                      Figures]]:
    """Per-shift figures for every shift the log overlaps."""
    cycle = ideal_cycle_s if ideal_cycle_s is not None else section.ideal_cycle_s
    calendar = ShiftCalendar.from_config(section)
    reasons = {raw_key(k): v for k, v in section.fault_reasons.items()}
    stops = find_stops(log.intervals, micro_stop_s=section.micro_stop_s,
                       reason_for=lambda code: reasons.get(raw_key(code)) if code else None)
    end = log.last if log.last > log.first else log.first + 1e-6
    return [(shift, compute(shift_window(shift), intervals=log.intervals, stops=stops, counts=log.counts,
                            ideal_cycle_s=cycle))
            for shift in calendar.windows(log.first, end)]


def _iso(ts: float, calendar: ShiftCalendar) -> str:
    return calendar.local(ts).isoformat()


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def shift_json(shift: ShiftWindow, figures: Figures, *, section: OeeSection) -> dict[str, Any]:
    calendar = ShiftCalendar.from_config(section)
    return {
        "shift": shift.name,
        "start": _iso(shift.start, calendar),
        "end": _iso(shift.end, calendar),
        "breaks": [[_iso(lo, calendar), _iso(hi, calendar)] for lo, hi in shift.breaks],
        "planned_s": round(figures.planned_s, 3),
        "run_s": round(figures.run_s, 3),
        "unknown_s": round(figures.unknown_s, 3),
        "ideal_cycle_s": None if figures.ideal_cycle_s is None else round(figures.ideal_cycle_s, 6),
        "micro_stop_s": section.micro_stop_s,
        "availability": _ratio(figures.availability),
        "performance": _ratio(figures.performance),
        "quality": _ratio(figures.quality),
        "oee": _ratio(figures.oee),
        "oee_target": shift.oee_target,
        "good": figures.good,
        "scrap": figures.scrap,
        "micro_stops": figures.micro_stops,
        "downtime_events": figures.downtime_events,
        "downtime_s_by_reason": {k: round(v, 3) for k, v in sorted(figures.downtime_s_by_reason.items())},
        "warnings": list(figures.warnings),
    }


def replay_json(section: OeeSection, log: MachineLog, *, ideal_cycle_s: float | None = None) -> list[dict[str, Any]]:
    return [shift_json(shift, figures, section=section)
            for shift, figures in replay(section, log, ideal_cycle_s=ideal_cycle_s)]


def text_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    def pct(value: float | None) -> str:
        return "  n/a" if value is None else f"{value * 100:5.1f}%"

    lines = []
    for row in rows:
        lines.append(f"{row['shift']:<8} {row['start']} .. {row['end']}  A {pct(row['availability'])}  "
                     f"P {pct(row['performance'])}  Q {pct(row['quality'])}  OEE {pct(row['oee'])}  "
                     f"good {row['good']} scrap {row['scrap']}  micro-stops {row['micro_stops']}  "
                     f"unknown {row['unknown_s']:.0f} s")
        for reason, seconds in row["downtime_s_by_reason"].items():
            lines.append(f"           downtime {reason}: {seconds:.0f} s")
        lines += [f"           warning: {w}" for w in row["warnings"]]
    return lines
