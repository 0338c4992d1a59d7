"""The lot machine against a reference model written out in words, over random sequences (hypothesis)."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from hmi.production.lot_machine import TRANSITIONS, CountKind, LotAction, counter_kind, transition
from hmi.production.records import LotStatus, ProductionError


def model(state: LotStatus, action: LotAction) -> LotStatus | None:
    """What a plant expects, independent of the table."""
    if action is LotAction.CORRECT:
        return state                                   # a correction never changes the state
    if action is LotAction.COUNTER:
        return None if state is LotStatus.ABORTED else state
    if state is LotStatus.RUNNING:
        return {LotAction.COUNT: LotStatus.RUNNING, LotAction.PAUSE: LotStatus.PAUSED,
                LotAction.FINISH: LotStatus.FINISHED, LotAction.ABORT: LotStatus.ABORTED}.get(action)
    if state is LotStatus.PAUSED:
        return {LotAction.RESUME: LotStatus.RUNNING, LotAction.FINISH: LotStatus.FINISHED,
                LotAction.ABORT: LotStatus.ABORTED}.get(action)
    return None                                        # a finished or aborted lot is closed


class LotLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = LotStatus.RUNNING
        self.good = 0
        self.pause_counts = 0
        self.late = 0

    @rule(action=st.sampled_from(list(LotAction)))
    def act(self, action: LotAction) -> None:
        expected = model(self.state, action)
        try:
            after = transition(self.state, action, lot_no="L1")
        except ProductionError as exc:
            assert expected is None, f"{action} refused in {self.state}: {exc}"
            assert "{" not in str(exc) and "L1" in str(exc)
            return
        assert after is expected
        if action is LotAction.COUNTER:
            kind = counter_kind(self.state)
            if kind is CountKind.COUNT:
                self.good += 1
            elif kind is CountKind.PAUSE:
                self.pause_counts += 1
            else:
                assert kind is CountKind.LATE
                self.late += 1
        self.state = after

    @invariant()
    def counter_parts_go_by_state(self) -> None:
        assert self.late == 0 or self.state in (LotStatus.FINISHED,)
        assert counter_kind(LotStatus.ABORTED) is None


TestLotLife = LotLife.TestCase


def test_every_entry_of_the_table_is_the_model() -> None:
    for (state, action), after in TRANSITIONS.items():
        assert model(state, action) is after
    for state in LotStatus:
        for action in LotAction:
            assert ((state, action) in TRANSITIONS) == (model(state, action) is not None)


def test_status_strings_come_from_the_enum_only() -> None:
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "hmi" / "production" / "lots.py").read_text(encoding="utf-8")
    for status in LotStatus:
        assert f"'{status.value}'" not in source, status
