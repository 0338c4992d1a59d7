"""The shift calendar: which shifts happen between two instants, with their breaks, in real time.

Nothing is cached by the hour: a new calendar answers from the next call on (a change takes effect
at once). Times are epoch seconds; shifts are placed on local dates of the configured time zone, so
a shift that crosses midnight or a daylight-saving change keeps its wall-clock times.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hmi.oee.config import WEEKDAYS, OeeSection, ShiftConfig

Span = tuple[float, float]


@dataclass(frozen=True, slots=True)
class ShiftWindow:
    """One occurrence of a shift: its span, its breaks (planned stops) and its target."""

    name: str
    day: date                       # the local date the shift starts on
    start: float
    end: float
    breaks: tuple[Span, ...]
    oee_target: float | None = None

    @property
    def planned(self) -> tuple[Span, ...]:
        """The shift minus its breaks: where production is planned."""
        return subtract(((self.start, self.end),), self.breaks)


def subtract(spans: Sequence[Span], holes: Sequence[Span]) -> tuple[Span, ...]:
    """Sorted disjoint spans minus holes (any order)."""
    out: list[Span] = []
    cuts = sorted(holes)
    for lo, hi in spans:
        cursor = lo
        for c_lo, c_hi in cuts:
            if c_hi <= cursor or c_lo >= hi:
                continue
            if c_lo > cursor:
                out.append((cursor, c_lo))
            cursor = max(cursor, c_hi)
        if cursor < hi:
            out.append((cursor, hi))
    return tuple(out)


def intersect(spans: Sequence[Span], other: Sequence[Span]) -> tuple[Span, ...]:
    """Overlap of two sets of sorted disjoint spans."""
    out: list[Span] = []
    i = j = 0
    b = sorted(other)
    while i < len(spans) and j < len(b):
        lo, hi = max(spans[i][0], b[j][0]), min(spans[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if spans[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


class ShiftCalendar:
    def __init__(self, *, shifts: Sequence[ShiftConfig], days_off: Sequence[date] = (), timezone: str = "UTC") -> None:
        self.shifts = tuple(shifts)
        self.days_off = frozenset(days_off)
        self.tz = zoneinfo.ZoneInfo(timezone)

    @classmethod
    def from_config(cls, section: OeeSection) -> ShiftCalendar:
        return cls(shifts=section.shifts, days_off=section.days_off, timezone=section.timezone)

    def _at(self, day: date, minutes: int) -> float:
        moment = datetime.combine(day, datetime.min.time(), tzinfo=self.tz) + timedelta(minutes=minutes)
        # Wall-clock arithmetic: re-attach the zone so a DST change keeps the local time.
        local = moment.replace(tzinfo=None)
        return local.replace(tzinfo=self.tz).timestamp()

    def on_day(self, day: date) -> list[ShiftWindow]:
        """The shifts that start on this local date, in order."""
        if day in self.days_off:
            return []
        out = []
        for shift in self.shifts:
            if WEEKDAYS[day.weekday()] not in shift.days:
                continue
            lo, hi = shift.span_minutes()
            breaks = tuple((self._at(day, b_lo), self._at(day, b_hi)) for b_lo, b_hi in sorted(shift.break_minutes()))
            out.append(ShiftWindow(name=shift.name, day=day, start=self._at(day, lo), end=self._at(day, hi),
                                   breaks=breaks, oee_target=shift.oee_target))
        return sorted(out, key=lambda w: w.start)

    def windows(self, start: float, end: float) -> list[ShiftWindow]:
        """Every shift that overlaps [start, end), in order."""
        first = datetime.fromtimestamp(start, self.tz).date() - timedelta(days=1)
        last = datetime.fromtimestamp(end, self.tz).date()
        out: list[ShiftWindow] = []
        day = first
        while day <= last:
            out += [w for w in self.on_day(day) if w.start < end and w.end > start]
            day += timedelta(days=1)
        return out

    def shift_at(self, ts: float) -> ShiftWindow | None:
        found = self.windows(ts, ts + 1e-6)
        return found[0] if found else None

    def hour_starts(self, start: float, end: float) -> list[float]:
        """Local clock-hour boundaries inside [start, end) (half-hour zones and DST included)."""
        first = datetime.fromtimestamp(start, self.tz).replace(minute=0, second=0, microsecond=0)
        out: list[float] = []
        ts = first.timestamp()
        while ts < end:
            if ts >= start:
                out.append(ts)
            ts += 3600.0
        return out

    def local(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, self.tz)
