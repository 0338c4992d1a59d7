"""Random sequences of values, quality changes, acks, shelves, suppressions and restarts (hypothesis),
checked against a small reference model of ISA-18.2. Restarts go through the real persistence."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from hmi.alarms import AlarmActionError, AlarmDefinition, AlarmState, Transition
from hmi.alarms.core import AlarmCore
from hmi.alarms.persistence import load_records, save_transitions
from hmi.store.migrator import migrate
from hmi.tags import Quality, Sample

DEFINITIONS = {
    alarm_id: AlarmDefinition.model_validate_json(json.dumps(fields), strict=True)
    for alarm_id, fields in {
        "hi": {"tag": "T", "kind": "hi", "limit": 10.0, "message_en": "T high", "max_shelve_s": 100.0,
               "suppress_when": {"tag": "M", "equals": 1}},
        "hihi": {"tag": "T", "kind": "hihi", "limit": 20.0, "message_en": "T very high", "latching": True,
                 "max_shelve_s": 100.0},
    }.items()
}
LIMITS = {"hi": 10.0, "hihi": 20.0}


@dataclass
class Model:
    """ISA-18.2 as a person would write it down, independent of the engine's code."""

    latching: bool
    condition: bool = False
    active: bool = False
    acked: bool = True
    shelved_until: float | None = None
    suppressed: bool = False
    oos: bool = False

    @property
    def overlaid(self) -> bool:
        return self.oos or self.suppressed or self.shelved_until is not None

    def state(self) -> AlarmState:
        if self.oos:
            return AlarmState.OUT_OF_SERVICE
        if self.suppressed:
            return AlarmState.SUPPRESSED
        if self.shelved_until is not None:
            return AlarmState.SHELVED
        if self.active:
            return AlarmState.ACK_ACTIVE if self.acked else AlarmState.UNACK_ACTIVE
        return AlarmState.NORMAL if self.acked else AlarmState.UNACK_RTN

    def leave_overlay(self) -> None:
        if not self.overlaid and self.active:
            self.acked = False

    def value(self, in_alarm: bool) -> None:
        if in_alarm == self.condition:
            return
        self.condition = in_alarm
        if in_alarm and not self.active:
            self.active = True
            if not self.overlaid:
                self.acked = False
        elif not in_alarm and not self.latching:
            self.active = False


class AlarmMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.db = sqlite_utils.Database(memory=True)
        migrate(self.db, Path(":memory:"))
        self.core = AlarmCore(definitions=DEFINITIONS)
        self.models = {a: Model(latching=d.latching) for a, d in DEFINITIONS.items()}
        self.now = 1_800_000_000.0

    def _store(self, transitions: list[Transition]) -> None:
        for t in transitions:
            # Each transition carries the state the engine is in right after it.
            assert t.after is AlarmState(t.row["state"])
        with self.db.conn:
            save_transitions(self.db, transitions, definitions=DEFINITIONS, station="S")

    def _attempt(self, allowed: bool, action: Any) -> None:
        try:
            transition = action()
        except AlarmActionError:
            assert not allowed, "the engine refused an action the model allows"
            return
        assert allowed, "the engine allowed an action the model refuses"
        self._store([transition])

    @rule(value=st.floats(min_value=0, max_value=30, allow_nan=False))
    def sample(self, value: float) -> None:
        out: list[Transition] = []
        self.core.on_sample(Sample("T", self.now, value, Quality.GOOD), self.now, out)
        for alarm_id, model in self.models.items():
            model.value(value >= LIMITS[alarm_id])
        self._store(out)

    @rule(quality=st.sampled_from([Quality.BAD, Quality.STALE, Quality.UNCERTAIN]),
          value=st.one_of(st.none(), st.floats(min_value=0, max_value=30)))
    def bad_sample(self, quality: Quality, value: float | None) -> None:
        out: list[Transition] = []
        self.core.on_sample(Sample("T", self.now, value, quality), self.now, out)
        assert out == []  # a value that cannot be trusted changes nothing

    @rule(machine_state=st.sampled_from([0, 1]))
    def machine(self, machine_state: int) -> None:
        out: list[Transition] = []
        self.core.on_sample(Sample("M", self.now, machine_state, Quality.GOOD), self.now, out)
        model = self.models["hi"]
        if bool(machine_state) != model.suppressed:
            model.suppressed = bool(machine_state)
            model.leave_overlay()
        self._store(out)

    @rule(alarm_id=st.sampled_from(list(DEFINITIONS)))
    def acknowledge(self, alarm_id: str) -> None:
        model = self.models[alarm_id]
        allowed = not model.acked
        self._attempt(allowed, lambda: self.core.acknowledge(alarm_id, now=self.now, user="op"))
        if allowed:
            model.acked = True

    @rule(alarm_id=st.sampled_from(list(DEFINITIONS)), duration=st.sampled_from([10.0, 50.0, 100.0, 150.0]))
    def shelve(self, alarm_id: str, duration: float) -> None:
        model = self.models[alarm_id]
        allowed = not model.oos and duration <= 100.0
        self._attempt(allowed, lambda: self.core.shelve(alarm_id, now=self.now, user="sup", duration_s=duration,
                                                        reason="test"))
        if allowed:
            model.shelved_until = self.now + duration

    @rule(alarm_id=st.sampled_from(list(DEFINITIONS)))
    def unshelve(self, alarm_id: str) -> None:
        model = self.models[alarm_id]
        allowed = model.shelved_until is not None
        self._attempt(allowed, lambda: self.core.unshelve(alarm_id, now=self.now, user="sup"))
        if allowed:
            model.shelved_until = None
            model.leave_overlay()

    @rule(alarm_id=st.sampled_from(list(DEFINITIONS)))
    def out_of_service(self, alarm_id: str) -> None:
        model = self.models[alarm_id]
        allowed = not model.oos
        self._attempt(allowed, lambda: self.core.remove_from_service(alarm_id, now=self.now, user="adm",
                                                                     reason="test"))
        if allowed:
            model.oos = True
            model.shelved_until = None

    @rule(alarm_id=st.sampled_from(list(DEFINITIONS)))
    def in_service(self, alarm_id: str) -> None:
        model = self.models[alarm_id]
        allowed = model.oos
        self._attempt(allowed, lambda: self.core.return_to_service(alarm_id, now=self.now, user="adm"))
        if allowed:
            model.oos = False
            model.leave_overlay()

    @rule(alarm_id=st.sampled_from(list(DEFINITIONS)))
    def reset(self, alarm_id: str) -> None:
        model = self.models[alarm_id]
        allowed = model.latching and model.active and not model.condition
        self._attempt(allowed, lambda: self.core.reset(alarm_id, now=self.now, user="sup"))
        if allowed:
            model.active = False
            model.acked = True

    @rule(seconds=st.sampled_from([1.0, 30.0, 120.0]))
    def time_passes(self, seconds: float) -> None:
        self.now += seconds
        out: list[Transition] = []
        self.core.tick(self.now, out)
        for model in self.models.values():
            if model.shelved_until is not None and self.now >= model.shelved_until:
                model.shelved_until = None
                model.leave_overlay()
        self._store(out)

    @precondition(lambda self: True)
    @rule()
    def restart(self) -> None:
        self.core = AlarmCore(definitions=DEFINITIONS)
        self.core.restore(load_records(self.db))

    @invariant()
    def matches_the_model(self) -> None:
        for alarm_id, model in self.models.items():
            record = self.core.records[alarm_id]
            assert record.state is model.state(), alarm_id
            assert (record.active, record.acked, record.condition) == (model.active, model.acked, model.condition)
            assert record.shelved_until == model.shelved_until
            # Never lose an unacknowledged alarm: the banner and the list look at not_normal.
            assert (record.state is not AlarmState.NORMAL) == (alarm_id in self.core.not_normal)

    @invariant()
    def persisted_state_is_the_live_state(self) -> None:
        stored = {r.alarm_id: r for r in load_records(self.db)}
        for alarm_id, record in self.core.records.items():
            if alarm_id in stored:
                assert stored[alarm_id].row() == record.row()
            else:
                assert record.state is AlarmState.NORMAL and not record.condition

    def teardown(self) -> None:
        self.db.close()


AlarmMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=40, deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow])
TestAlarmStateMachine = AlarmMachine.TestCase
