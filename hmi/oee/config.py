"""The ``[oee]`` section of station.toml: machine state tag, state map, fault codes, shifts and targets.

Shift times are local wall-clock times in ``timezone``; a shift whose end is not after its start
ends on the next day. Breaks are planned stops inside a shift.
"""

from __future__ import annotations

import itertools
import re
import zoneinfo
from datetime import date, time
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hmi.oee.states import State

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
Clock = Annotated[str, Field(pattern=_CLOCK.pattern)]


class _Strict(BaseModel):
    # Same rules as hmi.config.Strict; defined here so hmi.config can import this module without a cycle.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)


def clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


class ShiftConfig(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._ -]+$")]
    name_ko: str = ""
    start: Clock
    end: Clock
    breaks: list[tuple[Clock, Clock]] = []
    days: list[str] = list(WEEKDAYS)            # the weekdays on which the shift starts
    oee_target: Annotated[float, Field(gt=0, le=1)] | None = None

    def span_minutes(self) -> tuple[int, int]:
        """Start and end in minutes from the start day's midnight (end > start; may pass 1440)."""
        start, end = _minutes(self.start), _minutes(self.end)
        return start, end if end > start else end + 1440

    def break_minutes(self) -> list[tuple[int, int]]:
        """Each break in minutes from the start day's midnight, placed inside the shift."""
        start, _ = self.span_minutes()
        placed = []
        for lo, hi in self.breaks:
            b_lo, b_hi = _minutes(lo), _minutes(hi)
            if b_lo < start:
                b_lo += 1440
            while b_hi <= b_lo:
                b_hi += 1440
            placed.append((b_lo, b_hi))
        return placed

    @field_validator("days")
    @classmethod
    def _weekdays(cls, value: list[str]) -> list[str]:
        wrong = [d for d in value if d not in WEEKDAYS]
        if wrong:
            raise ValueError(f"unknown weekday {wrong[0]!r}; expected some of {', '.join(WEEKDAYS)}")
        if not value:
            raise ValueError("a shift needs at least one weekday")
        return value

    @model_validator(mode="after")
    def _breaks_inside(self) -> ShiftConfig:
        start, end = self.span_minutes()
        placed = sorted(self.break_minutes())
        for (lo, hi), (text_lo, text_hi) in zip(self.break_minutes(), self.breaks, strict=True):
            if _minutes(text_hi) < _minutes(text_lo) and end <= 1440:
                # Only a shift that crosses midnight has a break that may: anything else is a typing mistake.
                raise ValueError(f"break {text_lo}-{text_hi} ends before it starts (the shift {self.start}-"
                                 f"{self.end} does not cross midnight)")
            if lo < start or hi > end:
                raise ValueError(f"break {text_lo}-{text_hi} lies outside the shift {self.start}-{self.end}")
        for (_, a_hi), (b_lo, _) in itertools.pairwise(placed):
            if b_lo < a_hi:
                raise ValueError("breaks overlap")
        return self


class OeeSection(_Strict):
    state_tag: Annotated[str, Field(min_length=1)]
    # Raw tag value (as text: "1", "true", "RUN") -> canonical state. A canonical name maps to itself.
    states: dict[str, State] = {}
    fault_code_tag: str = ""
    # PLC fault code (as text) -> downtime reason code of the master data.
    fault_reasons: dict[str, Annotated[str, Field(min_length=1, max_length=64)]] = {}
    # Stops at least this long are downtime events; shorter ones are micro-stops.
    micro_stop_s: Annotated[float, Field(gt=0, le=3600)] = 30.0
    # Used by a replay and by lots whose product/operation has no ideal cycle time in the master data.
    ideal_cycle_s: Annotated[float, Field(gt=0, le=86_400)] | None = None
    timezone: str = "UTC"
    shifts: Annotated[list[ShiftConfig], Field(min_length=1)]
    days_off: list[date] = []
    # Time with no running or paused lot is a planned stop (no order), not a loss.
    no_order_is_planned: bool = True

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; write it like 'Asia/Seoul' or 'UTC'") from None
        return value

    @field_validator("days_off", mode="before")
    @classmethod
    def _dates(cls, value: object) -> object:
        return parse_days_off(value)

    @model_validator(mode="after")
    def _shifts_apart(self) -> OeeSection:
        check_shifts_apart(self.shifts)
        return self


def parse_days_off(value: object) -> object:
    """TOML and JSON dates arrive as text in strict validation: parse them here with a clear message."""
    if isinstance(value, list):
        out = []
        for item in value:
            try:
                out.append(item if isinstance(item, date) else date.fromisoformat(str(item)))
            except ValueError:
                raise ValueError(f"days_off: {item!r} is not a date; write it like 2026-12-25") from None
        return out
    return value


def check_shifts_apart(shifts: list[ShiftConfig]) -> None:
    """Shift names are unique and no two shifts of the week overlap (station.toml and a bundle alike)."""
    names = [s.name for s in shifts]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(f"shift name {name!r} appears more than once")
    week = 7 * 1440
    spans: list[tuple[int, int, str]] = []
    for shift in shifts:
        lo, hi = shift.span_minutes()
        for day in shift.days:
            base = WEEKDAYS.index(day) * 1440
            spans += [((base + lo) % week, (base + lo) % week + hi - lo, shift.name)]
    spans.sort()
    wrapped = spans + [(lo + week, hi + week, name) for lo, hi, name in spans[:1]]
    for (_, a_hi, a), (b_lo, _, b) in itertools.pairwise(wrapped):
        if b_lo < a_hi:
            raise ValueError(f"shifts {a!r} and {b!r} overlap")
