"""OEE after ISO 22400-2, as pure functions over state intervals, stops and counts.

- planned = the window's planned production time (shift time minus breaks and, live, no-order time);
- unknown = planned time without a known state (the station was off): neither run nor downtime;
- downtime = planned time inside stops at least ``micro_stop_s`` long (downtime events);
- run = planned - unknown - downtime: micro-stops stay in run time and lower performance;
- A = run / planned, P = ideal cycle x total / run (above 1 is kept and flagged), Q = good / total.

A stop counts once in every window whose planned time it overlaps: an event across a shift boundary
is split at the boundary, its time going to each side.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from hmi.oee.calendar import ShiftWindow, Span, intersect
from hmi.oee.states import State

UNASSIGNED = "unassigned"


@dataclass(frozen=True, slots=True)
class Interval:
    """The machine was in ``state`` over [start, end)."""

    start: float
    end: float
    state: State
    fault_code: str | None = None


@dataclass(frozen=True, slots=True)
class ReasonSpan:
    start: float
    end: float
    reason: str


@dataclass(frozen=True, slots=True)
class Stop:
    """A run of non-running known states; a downtime event when at least the micro-stop threshold long."""

    start: float
    end: float
    state: State
    downtime: bool
    reasons: tuple[ReasonSpan, ...]

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Count:
    ts: float
    good: int
    scrap: int
    ideal_cycle_s: float | None = None     # the lot's own; None: the window's default


@dataclass(frozen=True, slots=True)
class Window:
    name: str
    start: float
    end: float
    planned: tuple[Span, ...]
    oee_target: float | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    window: Window
    planned_s: float
    run_s: float
    unknown_s: float
    downtime_s: float
    downtime_events: int
    micro_stops: int
    micro_stop_total_s: float
    good: int
    scrap: int
    ideal_cycle_s: float | None
    availability: float | None
    performance: float | None
    quality: float | None
    oee: float | None
    downtime_s_by_reason: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _length(spans: Iterable[Span]) -> float:
    return sum(hi - lo for lo, hi in spans)


def _merged(spans: Iterable[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        elif lo < hi:
            out.append((lo, hi))
    return tuple(out)


def find_stops(intervals: Sequence[Interval], *, micro_stop_s: float,
               reason_for: Callable[[str | None], str | None] = lambda code: None) -> list[Stop]:
    """Touching non-running intervals form one stop; its reason is the first fault code that maps to one."""
    stops: list[Stop] = []
    run: list[Interval] = []

    def close() -> None:
        if not run:
            return
        start, end = run[0].start, run[-1].end
        reason = next((r for r in (reason_for(i.fault_code) for i in run if i.fault_code) if r), None)
        stops.append(Stop(start=start, end=end, state=run[0].state, downtime=end - start >= micro_stop_s,
                          reasons=(ReasonSpan(start, end, reason or UNASSIGNED),)))
        run.clear()

    for interval in sorted(intervals, key=lambda i: i.start):
        if interval.state.is_stop and (not run or run[-1].end == interval.start):
            run.append(interval)
            continue
        close()
        if interval.state.is_stop:
            run.append(interval)
    close()
    return stops


def compute(window: Window, *, intervals: Sequence[Interval], stops: Sequence[Stop], counts: Sequence[Count],
            ideal_cycle_s: float | None) -> Figures:
    """The figures of one window (an hour, a shift, a day, a lot's or a work order's planned time)."""
    planned = _merged(window.planned)
    planned_s = _length(planned)
    known = _merged((i.start, i.end) for i in intervals if i.state is not State.UNKNOWN)
    unknown_s = planned_s - _length(intersect(planned, known))
    downtime_s = micro_s = 0.0
    events = micro = 0
    by_reason: dict[str, float] = {}
    for stop in stops:
        inside = _length(intersect(planned, ((stop.start, stop.end),)))
        if inside <= 0:
            continue
        if stop.downtime:
            downtime_s += inside
            events += 1
            for span in stop.reasons:
                part = _length(intersect(planned, ((span.start, span.end),)))
                if part > 0:
                    by_reason[span.reason] = by_reason.get(span.reason, 0.0) + part
        else:
            micro_s += inside
            micro += 1
    run_s = max(0.0, planned_s - unknown_s - downtime_s)
    good = scrap = 0
    ideal_time = 0.0
    missing_ideal = False
    for count in counts:
        if window.start <= count.ts < window.end:
            good += count.good
            scrap += count.scrap
            cycle = count.ideal_cycle_s if count.ideal_cycle_s is not None else ideal_cycle_s
            if cycle is None:
                missing_ideal = True
            else:
                ideal_time += cycle * (count.good + count.scrap)
    total = good + scrap
    availability = run_s / planned_s if planned_s > 0 else None
    performance = ideal_time / run_s if run_s > 0 and not missing_ideal else None
    quality = good / total if total > 0 else None
    oee = (availability * performance * quality
           if availability is not None and performance is not None and quality is not None else None)
    warnings: list[str] = []
    if performance is not None and performance > 1.0:
        warnings.append("performance above 100 %: the ideal cycle time is probably wrong")
    if missing_ideal:
        warnings.append("no ideal cycle time: performance cannot be computed")
    shown_cycle = ideal_time / total if total > 0 and not missing_ideal else ideal_cycle_s
    return Figures(window=window, planned_s=planned_s, run_s=run_s, unknown_s=unknown_s, downtime_s=downtime_s,
                   downtime_events=events, micro_stops=micro, micro_stop_total_s=micro_s, good=good, scrap=scrap,
                   ideal_cycle_s=shown_cycle, availability=availability, performance=performance, quality=quality,
                   oee=oee, downtime_s_by_reason=by_reason, warnings=tuple(warnings))


def shift_window(shift: ShiftWindow, *, no_order: Sequence[Span] = ()) -> Window:
    """A shift as a window; no-order time (when it counts as planned stop) leaves its planned time."""
    from hmi.oee.calendar import subtract

    return Window(name=shift.name, start=shift.start, end=shift.end, planned=subtract(shift.planned, no_order),
                  oee_target=shift.oee_target)


def hour_windows(window: Window, *, hour_starts: Sequence[float]) -> list[Window]:
    """The window cut at the given hour boundaries (local clock hours, given by the caller)."""
    edges = [window.start] + [h for h in hour_starts if window.start < h < window.end] + [window.end]
    return [Window(name=f"{window.name}@{lo:.0f}", start=lo, end=hi, planned=intersect(window.planned, ((lo, hi),)),
                   oee_target=window.oee_target) for lo, hi in itertools.pairwise(edges)]


def combined_window(name: str, windows: Sequence[Window]) -> Window:
    """Several windows as one (a day from its shifts)."""
    return Window(name=name, start=min(w.start for w in windows), end=max(w.end for w in windows),
                  planned=_merged(s for w in windows for s in w.planned))


def restricted_window(name: str, window: Window, periods: Sequence[Span]) -> Window:
    """The planned time of ``window`` inside ``periods`` (a lot's or a work order's active time)."""
    merged = _merged(periods)
    return Window(name=name, start=max(window.start, merged[0][0]) if merged else window.start,
                  end=min(window.end, merged[-1][1]) if merged else window.start,
                  planned=intersect(_merged(window.planned), merged), oee_target=window.oee_target)
