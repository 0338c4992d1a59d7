"""The live station's inputs to ``hmi.oee.calculation``: its records turned into intervals, stops and counts.

Downtime comes from the downtime event records (machine stops and operator pauses alike, with their
reasons); micro-stops from the state intervals that no event covers. An event's time while the
state was unknown (the station was off) is left out of it: unknown is neither run nor downtime.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hmi.oee.calculation import Count, Figures, Interval, Stop, Window, compute, find_stops, intersect
from hmi.oee.calendar import Span, subtract
from hmi.oee.reasons import reason_spans
from hmi.oee.records import DowntimeEvent
from hmi.oee.states import State


@dataclass(frozen=True, slots=True)
class Inputs:
    intervals: tuple[Interval, ...]
    events: tuple[DowntimeEvent, ...]
    counts: tuple[Count, ...]
    lot_periods: tuple[Span, ...]
    now: float


def stops(inputs: Inputs, *, micro_stop_s: float) -> list[Stop]:
    known = tuple(sorted((i.start, i.end) for i in inputs.intervals if i.state is not State.UNKNOWN))
    out: list[Stop] = []
    covered: list[Span] = []
    for event in inputs.events:
        end = event.end if event.end is not None else inputs.now
        if end <= event.start:
            continue
        covered.append((event.start, end))
        spans = reason_spans(event.reasons, start=event.start, end=end)
        # A pause holds the event whatever the tag says; a machine stop only where the state was known.
        pieces = ((event.start, end),) if event.source == "pause" else intersect(known, ((event.start, end),))
        for lo, hi in pieces:
            clipped = tuple(type(s)(max(s.start, lo), min(s.end, hi), s.reason) for s in spans
                            if s.end > lo and s.start < hi)
            out.append(Stop(start=lo, end=hi, state=State(event.state) if event.state in State._value2member_map_
                            else State.STOPPED, downtime=True, reasons=clipped))
    for stop in find_stops(inputs.intervals, micro_stop_s=micro_stop_s):
        if not intersect(tuple(sorted(covered)), ((stop.start, stop.end),)):
            out.append(stop)
    return sorted(out, key=lambda s: s.start)


def window_figures(window: Window, inputs: Inputs, *, micro_stop_s: float, ideal_cycle_s: float | None,
                   no_order_is_planned: bool, all_stops: Sequence[Stop] | None = None) -> Figures:
    """A window's figures; time with no lot is taken out of its planned time when the config says so."""
    if no_order_is_planned:
        no_order = subtract(((window.start, window.end),), inputs.lot_periods)
        window = Window(name=window.name, start=window.start, end=window.end,
                        planned=subtract(window.planned, no_order), oee_target=window.oee_target)
    # Live, time after now is not known yet: it is neither planned-and-lost nor run.
    if window.end > inputs.now:
        window = Window(name=window.name, start=window.start, end=window.end,
                        planned=subtract(window.planned, ((inputs.now, window.end),)), oee_target=window.oee_target)
    return compute(window, intervals=inputs.intervals, counts=inputs.counts, ideal_cycle_s=ideal_cycle_s,
                   stops=all_stops if all_stops is not None else stops(inputs, micro_stop_s=micro_stop_s))
