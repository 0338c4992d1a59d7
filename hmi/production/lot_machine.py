"""A lot's lifecycle as one table: (state, action) -> state, and one pure function that applies it.

It knows nothing of the store, the clock or the loop: the lot service reads the lot in its write
transaction, asks ``transition`` what the action does, and writes the answer. Counter parts are
routed by state too (``counter_kind``): counted while running, kept apart as pause counts while
paused, and as late counts on a finished lot (parts in transit to the counter at the line's end).
"""

from __future__ import annotations

from enum import StrEnum

from hmi.production.records import LotStatus, ProductionError


class LotAction(StrEnum):
    COUNT = "count"                    # parts counted by a person (+1, +N) or by the counter while running
    PAUSE = "pause"
    RESUME = "resume"
    FINISH = "finish"
    ABORT = "abort"
    CORRECT = "correct"                # a supervisor's correction, any state
    COUNTER = "counter"                # parts from the counter tag: routed by counter_kind()


class CountKind(StrEnum):
    """Where parts from the counter tag go, by the lot's state (lot_events.kind)."""

    COUNT = "count"                    # onto the running lot's good count
    PAUSE = "pause_count"              # held apart until the operator accepts or assigns them at resume
    LATE = "late_count"                # after Finish: the finished lot's parts in transit, kept apart


R, P, F, A = LotStatus.RUNNING, LotStatus.PAUSED, LotStatus.FINISHED, LotStatus.ABORTED

TRANSITIONS: dict[tuple[LotStatus, LotAction], LotStatus] = {
    (R, LotAction.COUNT): R,
    (R, LotAction.PAUSE): P,
    (P, LotAction.RESUME): R,
    (R, LotAction.FINISH): F,
    (P, LotAction.FINISH): F,
    (R, LotAction.ABORT): A,
    (P, LotAction.ABORT): A,
    (R, LotAction.CORRECT): R,
    (P, LotAction.CORRECT): P,
    (F, LotAction.CORRECT): F,
    (A, LotAction.CORRECT): A,
    (R, LotAction.COUNTER): R,
    (P, LotAction.COUNTER): P,
    (F, LotAction.COUNTER): F,
}

_COUNTER_KIND: dict[LotStatus, CountKind] = {R: CountKind.COUNT, P: CountKind.PAUSE, F: CountKind.LATE}

def transition(state: LotStatus, action: LotAction, *, lot_no: str) -> LotStatus:
    """The state after ``action``; a ProductionError saying why when the table has no such move."""
    after = TRANSITIONS.get((state, action))
    if after is not None:
        return after
    if state is P and action in (LotAction.COUNT, LotAction.PAUSE):
        raise ProductionError("lot {lot_no} is paused; resume it first", lot_no=lot_no)
    if state is R and action is LotAction.RESUME:
        raise ProductionError("lot {lot_no} is not paused", lot_no=lot_no)
    raise ProductionError("lot {lot_no} is {status}; it cannot {action}", lot_no=lot_no, status=state, action=action)


def counter_kind(state: LotStatus) -> CountKind | None:
    """Where counter parts go in this state; None for a lot that takes none (aborted)."""
    return _COUNTER_KIND.get(state)
