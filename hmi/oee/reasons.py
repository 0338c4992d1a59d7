"""A downtime event's reasons as change points: one reason for all of it, or split at an instant.

``[(start, "DT-RECT")]`` is one reason; ``[(start, "DT-RECT"), (t, "DT-MAT")]`` splits the event at t.
A reason given later (or changed) replaces the points from its instant on, so the history of who set
what lives in the audit trail, and the event itself always says what counts now.
"""

from __future__ import annotations

from collections.abc import Sequence

from hmi.oee.calculation import UNASSIGNED, ReasonSpan

ReasonPoint = tuple[float, str]


def set_reason(points: Sequence[ReasonPoint], reason: str, *, start: float, since: float | None = None
               ) -> tuple[ReasonPoint, ...]:
    """The event's reason from ``since`` (default: its start) on; earlier points are kept."""
    at = start if since is None or since <= start else since
    kept = tuple(p for p in points if p[0] < at)
    if not kept and at > start:
        kept = ((start, UNASSIGNED),)
    return (*kept, (at, reason))


def reason_spans(points: Sequence[ReasonPoint], *, start: float, end: float) -> tuple[ReasonSpan, ...]:
    """Change points as spans covering [start, end); no point at all is one unassigned span."""
    ordered = sorted((max(start, ts), reason) for ts, reason in points if ts < end) or [(start, UNASSIGNED)]
    if ordered[0][0] > start:
        ordered.insert(0, (start, UNASSIGNED))
    edges = [ts for ts, _ in ordered[1:]] + [end]
    return tuple(ReasonSpan(ts, hi, reason) for (ts, reason), hi in zip(ordered, edges, strict=True) if hi > ts)


def current_reason(points: Sequence[ReasonPoint]) -> str:
    return max(points, key=lambda p: p[0])[1] if points else UNASSIGNED
