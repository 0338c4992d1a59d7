"""The alarm state machine on its own: limits with deadband, on/off delays, kinds, overlays, latching."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hmi.alarms import AlarmActionError, AlarmDefinition, AlarmState, Transition, TransitionKind
from hmi.alarms.core import AlarmCore
from hmi.clock import ManualClock
from hmi.config import ConfigError
from hmi.tags import Quality, Sample
from tests.conftest import station_config


def definition(**fields: Any) -> AlarmDefinition:
    base: dict[str, Any] = {"tag": "T", "kind": "hi", "limit": 10.0, "message_en": "T high"}
    return AlarmDefinition.model_validate_json(json.dumps({**base, **fields}), strict=True)


class Harness:
    def __init__(self, clock: ManualClock, **definitions: AlarmDefinition) -> None:
        self.clock = clock
        self.core = AlarmCore(definitions=definitions)
        self.log: list[Transition] = []

    def feed(self, value: Any, *, tag: str = "T", quality: Quality = Quality.GOOD) -> list[Transition]:
        out: list[Transition] = []
        self.core.on_sample(Sample(tag, self.clock.now(), value, quality), self.clock.now(), out)
        self.log += out
        return out

    def wait(self, seconds: float) -> list[Transition]:
        self.clock.advance(seconds)
        out: list[Transition] = []
        self.core.tick(self.clock.now(), out)
        self.log += out
        return out

    def state(self, alarm_id: str = "a") -> AlarmState:
        return self.core.records[alarm_id].state


def test_hi_limit_with_deadband(clock: ManualClock) -> None:
    h = Harness(clock, a=definition(deadband=1.0))
    assert h.feed(9.9) == [] and h.state() is AlarmState.NORMAL
    [raised] = h.feed(10.0)
    assert raised.kind is TransitionKind.RAISED and raised.after is AlarmState.UNACK_ACTIVE and raised.value == 10.0
    assert h.feed(9.5) == []                      # inside the deadband: still active
    [returned] = h.feed(8.9)
    assert returned.kind is TransitionKind.RETURNED and returned.after is AlarmState.UNACK_RTN
    h.core.acknowledge("a", now=clock.now(), user="1001")
    assert h.state() is AlarmState.NORMAL


def test_lo_and_lolo_limits(clock: ManualClock) -> None:
    h = Harness(clock, lo=definition(kind="lo", limit=5.0, deadband=0.5),
                lolo=definition(kind="lolo", limit=2.0))
    h.feed(4.0)
    assert h.state("lo") is AlarmState.UNACK_ACTIVE and h.state("lolo") is AlarmState.NORMAL
    h.feed(1.0)
    assert h.state("lolo") is AlarmState.UNACK_ACTIVE
    h.feed(5.2)
    assert h.state("lo") is AlarmState.UNACK_ACTIVE   # 5.2 < 5.0 + 0.5
    h.feed(5.6)
    assert h.state("lo") is AlarmState.UNACK_RTN and h.state("lolo") is AlarmState.UNACK_RTN


def test_on_delay_needs_the_condition_to_hold(clock: ManualClock) -> None:
    h = Harness(clock, a=definition(on_delay_s=5.0))
    h.feed(12)
    assert h.wait(4.9) == [] and h.state() is AlarmState.NORMAL
    h.feed(8)                                     # back before the delay ran out: nothing
    assert h.wait(10) == [] and h.state() is AlarmState.NORMAL
    h.feed(12)
    h.wait(3)
    h.feed(12.5)                                  # a further sample does not restart the delay
    [raised] = h.wait(2)
    assert raised.kind is TransitionKind.RAISED and h.state() is AlarmState.UNACK_ACTIVE
    assert raised.ts == clock.now() and raised.value == 12.5


def test_off_delay_holds_the_alarm(clock: ManualClock) -> None:
    h = Harness(clock, a=definition(off_delay_s=3.0))
    h.feed(11)
    h.core.acknowledge("a", now=clock.now(), user="1001")
    h.feed(5)
    assert h.wait(2.9) == [] and h.state() is AlarmState.ACK_ACTIVE
    [returned] = h.wait(0.1)
    assert returned.kind is TransitionKind.RETURNED and h.state() is AlarmState.NORMAL


def test_bad_quality_holds_the_condition_and_raises_its_own_alarm(clock: ManualClock) -> None:
    h = Harness(clock, a=definition(), q=definition(kind="bad_quality", limit=None, priority="diagnostic"))
    h.feed(11)
    h.feed(0, quality=Quality.BAD)
    assert h.state("a") is AlarmState.UNACK_ACTIVE       # a BAD value neither raises nor clears
    assert h.state("q") is AlarmState.UNACK_ACTIVE
    h.feed("not a number")
    assert h.state("a") is AlarmState.UNACK_ACTIVE and h.state("q") is AlarmState.UNACK_RTN


def test_deviation_from_a_setpoint_tag(clock: ManualClock) -> None:
    h = Harness(clock, d=definition(tag="I", kind="deviation", setpoint_tag="SP", limit=5.0, deadband=1.0))
    h.feed(100, tag="I")
    assert h.state("d") is AlarmState.NORMAL            # no setpoint known yet
    h.feed(110, tag="SP")
    assert h.state("d") is AlarmState.UNACK_ACTIVE      # the setpoint moved away from the value
    h.feed(106, tag="I")
    assert h.state("d") is AlarmState.UNACK_ACTIVE      # |106-110| = 4 >= 5 - 1
    h.feed(107, tag="I")
    assert h.state("d") is AlarmState.UNACK_RTN


def test_discrete_and_rate_of_change(clock: ManualClock) -> None:
    h = Harness(clock, s=definition(tag="State", kind="discrete", limit=None, normal_value="running"),
                r=definition(tag="Speed", kind="rate_of_change", limit=0.5))
    h.feed("running", tag="State")
    assert h.state("s") is AlarmState.NORMAL
    h.feed("fault", tag="State")
    assert h.state("s") is AlarmState.UNACK_ACTIVE
    h.feed(1.0, tag="Speed")
    clock.advance(1)
    h.feed(1.2, tag="Speed")
    assert h.state("r") is AlarmState.NORMAL
    clock.advance(1)
    h.feed(2.0, tag="Speed")                            # 0.8 per second
    assert h.state("r") is AlarmState.UNACK_ACTIVE


def test_shelve_hides_and_auto_unshelve_announces_again(clock: ManualClock) -> None:
    h = Harness(clock, a=definition(max_shelve_s=600))
    h.feed(11)
    with pytest.raises(AlarmActionError, match="reason"):
        h.core.shelve("a", now=clock.now(), user="3001", duration_s=60, reason="  ")
    with pytest.raises(AlarmActionError, match="at most 10"):
        h.core.shelve("a", now=clock.now(), user="3001", duration_s=601, reason="sensor swap")
    h.core.acknowledge("a", now=clock.now(), user="1001")
    t = h.core.shelve("a", now=clock.now(), user="3001", duration_s=60, reason="sensor swap")
    assert t.after is AlarmState.SHELVED and t.comment == "sensor swap"
    assert h.wait(59) == []
    [unshelved] = h.wait(1)
    assert unshelved.kind is TransitionKind.UNSHELVED and unshelved.user == "system"
    assert h.state() is AlarmState.UNACK_ACTIVE         # still active: announced anew


def test_suppressed_by_design_while_in_maintenance(clock: ManualClock) -> None:
    h = Harness(clock, a=definition(suppress_when={"tag": "Machine.State", "equals": "maintenance"}))
    h.feed("maintenance", tag="Machine.State")
    assert h.state() is AlarmState.SUPPRESSED
    h.feed(11)
    assert h.state() is AlarmState.SUPPRESSED
    h.feed("running", tag="Machine.State")
    assert h.state() is AlarmState.UNACK_ACTIVE


def test_unacknowledged_return_survives_an_overlay(clock: ManualClock) -> None:
    h = Harness(clock, a=definition(suppress_when={"tag": "M", "equals": 1}))
    h.feed(11)
    h.feed(1)
    h.feed(1, tag="M")
    assert h.state() is AlarmState.SUPPRESSED
    h.feed(0, tag="M")
    assert h.state() is AlarmState.UNACK_RTN


def test_latched_alarm_stays_until_reset(clock: ManualClock) -> None:
    h = Harness(clock, a=definition(latching=True))
    h.feed(11)
    with pytest.raises(AlarmActionError, match="still in alarm"):
        h.core.reset("a", now=clock.now(), user="3001")
    h.feed(1)
    h.core.acknowledge("a", now=clock.now(), user="1001")
    assert h.state() is AlarmState.ACK_ACTIVE           # the process is normal, the alarm is latched
    t = h.core.reset("a", now=clock.now(), user="3001")
    assert t.after is AlarmState.NORMAL


def test_out_of_service_needs_a_reason_and_returns(clock: ManualClock) -> None:
    h = Harness(clock, a=definition())
    with pytest.raises(AlarmActionError, match="reason"):
        h.core.remove_from_service("a", now=clock.now(), user="9001", reason="")
    h.core.remove_from_service("a", now=clock.now(), user="9001", reason="gauge removed for calibration")
    h.feed(11)
    assert h.state() is AlarmState.OUT_OF_SERVICE
    with pytest.raises(AlarmActionError, match="out of service"):
        h.core.shelve("a", now=clock.now(), user="3001", duration_s=60, reason="x")
    h.core.return_to_service("a", now=clock.now(), user="9001")
    assert h.state() is AlarmState.UNACK_ACTIVE


def test_limit_replaced_at_run_time(clock: ManualClock) -> None:
    h = Harness(clock, a=definition())
    h.feed(11)
    h.core.replace_limit("a", limit=20.0, deadband=0.0)
    h.feed(11)
    assert h.state() is AlarmState.UNACK_RTN
    with pytest.raises(AlarmActionError):
        h.core.replace_limit("a", limit=float("nan"))


def test_config_errors_name_the_alarm_key() -> None:
    with pytest.raises(ConfigError) as error:
        station_config(alarms={"t_hi": {"tag": "T", "kind": "hi", "message_en": "x"},
                               "t_x": {"tag": "T", "kind": "hi", "limit": 1, "message_en": "x", "prio": "high"}})
    text = str(error.value)
    assert "alarms.t_hi" in text and "needs 'limit'" in text
    assert "alarms.t_x.prio" in text and "unknown key" in text


def test_demo_config_has_alarms() -> None:
    assert len(station_config().alarms) >= 5
