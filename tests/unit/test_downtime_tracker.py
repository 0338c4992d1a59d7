"""The downtime tracker (a pure state machine) under random states, pauses, resumes and ticks (hypothesis),
against a model written from the rules: one event at a time; a stop of at least the threshold is downtime
from its start; a shorter one is not; a pause holds its event open until the line runs and it is resumed."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from hmi.oee.states import State
from hmi.oee.tracker import Closed, DowntimeTracker, Opened

THRESHOLD = 30.0
STATES = (State.RUNNING, State.STOPPED, State.FAULT, State.SETUP, State.UNKNOWN)


class Tracking(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tracker = DowntimeTracker(micro_stop_s=THRESHOLD)
        self.now = 0.0
        self.open: Opened | None = None
        self.events: list[tuple[float, float]] = []
        self.stop_start: float | None = None       # the model's own machine stop
        self.paused = False

    def _apply(self, actions: list[Opened | Closed]) -> None:
        for action in actions:
            if isinstance(action, Opened):
                assert self.open is None, "a second event opened while one was open"
                assert action.start <= self.now
                self.open = action
            else:
                assert self.open is not None, "an event closed that was not open"
                assert action.end >= self.open.start
                self.events.append((self.open.start, action.end))
                self.open = None

    @rule(seconds=st.sampled_from((1.0, 5.0, 20.0, 29.0, 30.0, 31.0, 120.0)))
    def time_passes(self, seconds: float) -> None:
        self.now += seconds

    @rule()
    def tick(self) -> None:
        self._apply(self.tracker.tick(self.now))
        if self.stop_start is not None and self.now - self.stop_start >= THRESHOLD:
            assert self.open is not None, "a stop at the threshold has no event"

    @rule(state=st.sampled_from(STATES))
    def state(self, state: State) -> None:
        ended = self.stop_start
        was_open = self.open is not None
        self._apply(self.tracker.on_state(self.now, state))
        if state.is_stop:
            if self.stop_start is None:
                self.stop_start = self.now
            return
        if ended is not None:
            self.stop_start = None
            long_enough = self.now - ended >= THRESHOLD
            if long_enough and not was_open and not self.paused:
                assert self.events and self.events[-1] == (ended, self.now), "a long stop left no event"
            if not long_enough and not was_open and not self.paused:
                assert self.open is None and (not self.events or self.events[-1][1] <= ended), \
                    "a micro-stop became downtime"
        if self.paused:
            assert self.open is not None, "a pause's event closed while paused"

    @rule()
    def pause(self) -> None:
        if self.paused:
            return
        self.paused = True
        self._apply(self.tracker.on_pause(self.now))
        assert self.open is not None

    @rule()
    def resume(self) -> None:
        if not self.paused:
            return
        self.paused = False
        self._apply(self.tracker.on_resume(self.now))
        if self.stop_start is None:
            assert self.open is None, "resumed with the line running, the event stayed open"
        else:
            assert self.open is not None, "resumed with the line stopped, the event closed"

    @invariant()
    def events_never_overlap(self) -> None:
        for (_, a_end), (b_start, _) in zip(self.events, self.events[1:], strict=False):
            assert b_start >= a_end


Tracking.TestCase.settings = settings(max_examples=150, stateful_step_count=50, deadline=None)
test_downtime_tracker = Tracking.TestCase
