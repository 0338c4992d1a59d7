"""A lot's story for people: count events summarised, limits and values in words, users by name.

A lot counted by the line has thousands of one-part "count" rows; the lot page and the report show
runs of them as one line ("counter · 412 times · +412 good") and the totals by source.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hmi.config import TagSection
from hmi.production.records import Lot, LotEvent
from hmi.production.report_texts import ENGLISH, ReportTexts

_SUMMED = frozenset({"count", "pause_count", "late_count"})


@dataclass(frozen=True, slots=True)
class EventRun:
    """One event, or a run of consecutive count events of one kind by one actor."""

    first_ts: float
    last_ts: float
    kind: str
    actor: str
    times: int
    good: int
    scrap: int
    parts: int          # pause and late counts (held apart from good)
    reason: str | None
    data: Any


def summarise_events(events: Sequence[LotEvent]) -> list[EventRun]:
    runs: list[EventRun] = []
    for e in events:
        parts = int(e.data.get("parts", 0)) if isinstance(e.data, dict) else 0
        last = runs[-1] if runs else None
        if last is not None and e.kind in _SUMMED and last.kind == e.kind and last.actor == e.actor:
            runs[-1] = EventRun(last.first_ts, e.ts, e.kind, e.actor, last.times + 1, last.good + e.good_delta,
                                last.scrap + e.scrap_delta, last.parts + parts, None, None)
        else:
            runs.append(EventRun(e.ts, e.ts, e.kind, e.actor, 1, e.good_delta, e.scrap_delta, parts, e.reason, e.data))
    return runs


@dataclass(frozen=True, slots=True)
class CountTotals:
    by_people_good: int
    by_people_scrap: int
    by_counter: int
    pause_accepted: int
    pause_scrapped: int
    pause_not_this_lot: int
    late: int


def count_totals(lot: Lot, events: Sequence[LotEvent]) -> CountTotals:
    people_good = sum(e.good_delta for e in events if e.kind == "count" and not e.actor.startswith("system:"))
    people_scrap = sum(e.scrap_delta for e in events if e.kind == "count" and not e.actor.startswith("system:"))
    counter = sum(e.good_delta for e in events if e.kind == "count" and e.actor.startswith("system:"))
    resumed = [e for e in events if e.kind == "resumed" and isinstance(e.data, dict) and e.data.get("pause_counts")]
    def decided(to: str) -> int:
        return sum(int(e.data["pause_counts"]) for e in resumed if e.data.get("pause_counts_to") == to)
    return CountTotals(people_good, people_scrap, counter, decided("accept"), decided("scrap"),
                       lot.pause_other, lot.late_good)


def limits_words(lo: float | None, hi: float | None, unit: str = "", *, texts: ReportTexts = ENGLISH) -> str:
    """"13 … 17 µm", "at most 1.5", "at least 13"; never "None … 1.5"."""
    u = f" {unit}" if unit else ""
    if lo is None and hi is None:
        return ""
    if lo is None:
        return texts("at most {limit}", limit=f"{hi:g}{u}")
    if hi is None:
        return texts("at least {limit}", limit=f"{lo:g}{u}")
    return f"{lo:g} … {hi:g}{u}"


def value_text(tags: Mapping[str, TagSection], tag: str, value: Any, *, texts: ReportTexts = ENGLISH) -> str:
    """A value as the tag's display format and unit; "no value" for none (a BAD or STALE sample)."""
    config = tags.get(tag)
    if value is None:
        return texts("no value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(float(value)):
        return str(value)
    text = config.format.format(value) if config is not None else f"{value:g}"
    return f"{text} {config.unit}".strip() if config is not None else text


def tag_name(tags: Mapping[str, TagSection], tag: str, *, texts: ReportTexts = ENGLISH) -> str:
    config = tags.get(tag)
    if config is None:
        return tag
    return texts.pick(config.description, config.description_ko) or tag
