"""The live downtime tracker: a pure state machine over the machine state, pauses and time.

Time comes from the caller and decisions are return values (``Opened``, ``Closed``), as in
``hmi.alarms.core``. A stop opens a downtime event once it has lasted ``micro_stop_s``; a shorter
one stays a micro-stop (the figures find those in the state intervals). An operator's pause is the
same event: it opens one, or holds the machine's open one; the event closes when neither the
machine stop nor the pause holds it any more. A state that is not known (BAD tag, station off)
ends a stop, as in a replay: unknown time is neither run nor downtime.
"""

from __future__ import annotations

from dataclasses import dataclass

from hmi.oee.states import State


@dataclass(frozen=True, slots=True)
class Opened:
    start: float
    state: State
    fault_code: str | None
    source: str = "machine"          # or "pause"


@dataclass(frozen=True, slots=True)
class Closed:
    end: float


Action = Opened | Closed


class DowntimeTracker:
    def __init__(self, *, micro_stop_s: float) -> None:
        self.micro_stop_s = micro_stop_s
        self.state = State.UNKNOWN
        self.stop_start: float | None = None      # the machine's current stop
        self.stop_state: State | None = None
        self.stop_code: str | None = None          # the first fault code seen in this stop
        self.event_open = False
        self.paused = False
        self._resumed_after: float | None = None   # restart: the last instant known before it

    def restore(self, *, event_open: bool, paused: bool, known_until: float | None) -> None:
        """After a restart: an event still open in the store continues if the machine is still stopped."""
        self.event_open = event_open
        self.paused = paused
        self._resumed_after = known_until if event_open else None

    def on_state(self, ts: float, state: State, fault_code: str | None = None) -> list[Action]:
        out: list[Action] = []
        before, self.state = self.state, state
        if state.is_stop:
            if self.stop_start is None:
                self.stop_start, self.stop_state, self.stop_code = ts, state, fault_code
            elif fault_code and not self.stop_code:
                self.stop_code = fault_code
            self._resumed_after = None
            return out
        # Running or unknown: the machine's stop (if any) ends here.
        if self.stop_start is not None:
            if not self.event_open and ts - self.stop_start >= self.micro_stop_s:
                out += self._open(self.stop_start)
            self.stop_start = self.stop_state = self.stop_code = None
            if self.event_open and not self.paused:
                out.append(self._close(ts))
        elif self._resumed_after is not None and before is State.UNKNOWN and state is State.RUNNING:
            # Restarted with an event open and the machine runs: it ended when the station went off.
            if self.event_open and not self.paused:
                out.append(self._close(self._resumed_after))
            self._resumed_after = None
        return out

    def on_fault_code(self, code: str | None) -> None:
        if code and self.stop_start is not None and not self.stop_code:
            self.stop_code = code

    def tick(self, now: float) -> list[Action]:
        """Open the event of a stop that has now lasted the threshold."""
        if self.stop_start is not None and not self.event_open and now - self.stop_start >= self.micro_stop_s:
            return self._open(self.stop_start)
        return []

    def on_pause(self, ts: float) -> list[Action]:
        self.paused = True
        if self.event_open:
            return []
        self.event_open = True
        return [Opened(start=ts, state=State.STOPPED, fault_code=None, source="pause")]

    def on_resume(self, ts: float) -> list[Action]:
        self.paused = False
        if self.event_open and self.stop_start is None:
            return [self._close(ts)]
        return []

    def _open(self, start: float) -> list[Action]:
        self.event_open = True
        return [Opened(start=start, state=self.stop_state or State.STOPPED, fault_code=self.stop_code)]

    def _close(self, end: float) -> Closed:
        self.event_open = False
        return Closed(end=end)
