"""The supervisor's day: each shift's figures and its hours, the Pareto of downtime by reason, micro-stops,
and the same as CSV. Pure functions over the figures the OEE service computes from its records."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hmi.oee.calculation import Figures, Window, hour_windows, shift_window
from hmi.oee.calendar import ShiftWindow
from hmi.oee.figures import Inputs
from hmi.oee.records import DowntimeEvent


@dataclass(frozen=True, slots=True)
class ShiftReport:
    shift: ShiftWindow
    figures: Figures
    hours: tuple[tuple[float, Figures], ...]


@dataclass(frozen=True, slots=True)
class DayReport:
    day: date
    shifts: tuple[ShiftReport, ...]
    pareto: tuple[tuple[str, float], ...]       # reason -> downtime seconds, largest first
    micro_stops: int
    micro_stop_s: float
    events: tuple[DowntimeEvent, ...] = field(default=())


def day_report(day: date, shifts: Sequence[ShiftWindow], *, inputs: Inputs, now: float,
               figures: Callable[[Window], Figures], hour_starts: Callable[[ShiftWindow], list[float]]) -> DayReport:
    out: list[ShiftReport] = []
    pareto: dict[str, float] = {}
    micro, micro_s = 0, 0.0
    for shift in shifts:
        window = shift_window(shift)
        whole = figures(window)
        hours = tuple((h.start, figures(h)) for h in hour_windows(window, hour_starts=hour_starts(shift))
                      if h.start < now)
        out.append(ShiftReport(shift=shift, figures=whole, hours=hours))
        for reason, seconds in whole.downtime_s_by_reason.items():
            pareto[reason] = pareto.get(reason, 0.0) + seconds
        micro += whole.micro_stops
        micro_s += whole.micro_stop_total_s
    ranked = tuple(sorted(pareto.items(), key=lambda kv: (-kv[1], kv[0])))
    return DayReport(day=day, shifts=tuple(out), pareto=ranked, micro_stops=micro, micro_stop_s=micro_s,
                     events=inputs.events)


def report_csv(report: DayReport, *, local: Callable[[float], datetime]) -> str:
    """One row per shift and per hour, then the Pareto of downtime by reason and the micro-stops."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "shift", "start", "end", "planned_s", "run_s", "unknown_s", "availability",
                     "performance", "quality", "oee", "good", "scrap", "micro_stops", "downtime_s"])

    def row(kind: str, name: str, start: float, end: float, f: Figures) -> list[Any]:
        return [kind, name, local(start).isoformat(), local(end).isoformat(), round(f.planned_s, 1),
                round(f.run_s, 1), round(f.unknown_s, 1),
                *("" if v is None else round(v, 4) for v in (f.availability, f.performance, f.quality, f.oee)),
                f.good, f.scrap, f.micro_stops, round(f.downtime_s, 1)]

    for shift in report.shifts:
        writer.writerow(row("shift", shift.shift.name, shift.shift.start, shift.shift.end, shift.figures))
        for start, figures in shift.hours:
            writer.writerow(row("hour", shift.shift.name, start, figures.window.end, figures))
    writer.writerow([])
    writer.writerow(["reason", "downtime_s"])
    for reason, seconds in report.pareto:
        writer.writerow([reason, round(seconds, 1)])
    writer.writerow(["micro_stops", report.micro_stops])
    writer.writerow(["micro_stop_s", round(report.micro_stop_s, 1)])
    return out.getvalue()
