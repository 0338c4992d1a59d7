"""The alarm service on a real store: persistence across restart, audit, outbox, permissions, limits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hmi import audit, outbox
from hmi.alarms import AlarmActionError, AlarmState, Priority
from hmi.alarms.journal import JournalFilter
from hmi.auth import PermissionDenied, Role
from hmi.auth.users import add_user
from hmi.clock import ManualClock
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import station_config

PINS = {Role.OPERATOR: ("1001", "2468"), Role.SUPERVISOR: ("3001", "3579"), Role.ADMIN: ("9001", "9753")}


def alarm_config(**extra: Any) -> Any:
    alarms = {
        "temp_hi": {"tag": "Bath1.Temp", "kind": "hi", "limit": 23.0, "deadband": 0.5, "priority": "high",
                    "message_en": "Bath 1 temperature high", "message_ko": "1번 조 온도 높음",
                    "suppress_when": {"tag": "Machine.State", "equals": "maintenance"}},
        "temp_hihi": {"tag": "Bath1.Temp", "kind": "hihi", "limit": 26.0, "priority": "critical",
                      "message_en": "Bath 1 temperature very high", "latching": True},
        "volt_hi": {"tag": "Rectifier1.Voltage", "kind": "hi", "limit": 22.0, "priority": "medium",
                    "message_en": "Rectifier voltage high", "max_shelve_s": 3600},
        **extra,
    }
    return station_config(alarms=alarms, connections={}, tags={})


async def add_users(station: Station) -> None:
    def create(db: Any) -> None:
        for role, (username, pin) in PINS.items():
            add_user(db, username=username, display_name=role.value, role=role, pin=pin, badge=None,
                     min_pin_length=4, ts=1.0, station=station.station_id, actor="test")

    await station.store.write(create)


async def login(station: Station, role: Role) -> None:
    await station.auth.logout()
    await station.auth.login_pin(*PINS[role])


def publish(station: Station, tag: str, value: Any, quality: Quality = Quality.GOOD) -> None:
    station.bus.publish(Sample(tag, station.clock.now(), value, quality))


@pytest.fixture
async def running(make_station: Callable[..., Station]) -> Any:
    station = make_station(alarm_config())
    await station.start()
    await add_users(station)
    yield station
    await station.stop()


async def test_transitions_are_journaled_audited_and_sent_to_the_mes(running: Station) -> None:
    station = running
    publish(station, "Bath1.Temp", 24.0)
    await station.alarms.flush()
    await login(station, Role.OPERATOR)
    assert await station.alarms.acknowledge(["temp_hi"], comment="chiller checked") == 1
    publish(station, "Bath1.Temp", 22.0)
    await station.alarms.flush()

    await login(station, Role.SUPERVISOR)
    entries = await station.alarms.journal(JournalFilter(tag="Bath1"))
    assert [(e.transition, e.state_after, e.user) for e in reversed(entries)] == [
        ("raised", "unack_active", "system"),
        ("acknowledged", "ack_active", "1001"),
        ("returned", "normal", "system"),
    ]
    assert entries[1].comment == "chiller checked" and entries[0].value == 22.0
    events = await station.store.read(lambda db: outbox.pending(db))
    alarm_events = [e for e in events if e.type.startswith("alarm.")]
    assert [e.type for e in alarm_events] == ["alarm.raised", "alarm.acknowledged", "alarm.returned"]
    assert alarm_events[1].payload["actor"] == "1001" and alarm_events[0].payload["value"] == 24.0
    assert alarm_events[0].subject == "alarm/temp_hi"
    actions = [e.action for e in await station.store.read(lambda db: audit.entries(db, object_type="alarm"))]
    assert actions == ["alarm.returned", "alarm.acknowledged", "alarm.raised"]
    assert (await station.store.read(audit.verify)).ok


async def test_active_and_unacknowledged_alarms_survive_a_restart(
        make_station: Callable[..., Station], tmp_path: Path, clock: ManualClock) -> None:
    first = make_station(alarm_config(), data_dir=tmp_path / "d")
    await first.start()
    await add_users(first)
    publish(first, "Bath1.Temp", 27.0)           # hi and hihi
    publish(first, "Rectifier1.Voltage", 23.0)
    clock.advance(5)
    await login(first, Role.SUPERVISOR)
    await first.alarms.acknowledge(["temp_hi"])
    await first.alarms.shelve("volt_hi", duration_s=600, reason="probe being replaced")
    publish(first, "Bath1.Temp", 20.0)           # hi returns; hihi stays latched, unacked
    await first.alarms.flush()
    before = {v.alarm_id: (v.state, v.since, v.value, v.shelved_until) for v in first.alarms.views()}
    await first.stop()
    first.close()

    second = make_station(alarm_config(), data_dir=tmp_path / "d")
    await second.start()
    after = {v.alarm_id: (v.state, v.since, v.value, v.shelved_until) for v in second.alarms.views()}
    assert after == before
    assert after["temp_hihi"][0] is AlarmState.UNACK_ACTIVE and after["volt_hi"][0] is AlarmState.SHELVED
    assert "temp_hi" not in after                # acknowledged and returned: normal
    # The shelve still runs out on time after the restart.
    clock.advance(600)
    second.alarms.tick()
    assert second.alarms.view("volt_hi").state is AlarmState.UNACK_ACTIVE
    await second.stop()


async def test_who_may_do_what(running: Station) -> None:
    station = running
    publish(station, "Rectifier1.Voltage", 23.0)
    with pytest.raises(PermissionDenied):
        await station.alarms.acknowledge(["volt_hi"])              # nobody logged in
    await login(station, Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        await station.alarms.shelve("volt_hi", duration_s=60, reason="x")
    with pytest.raises(PermissionDenied):
        await station.alarms.remove_from_service("volt_hi", reason="x")
    with pytest.raises(PermissionDenied):
        await station.alarms.journal()
    assert await station.alarms.acknowledge(["volt_hi"]) == 1
    await login(station, Role.SUPERVISOR)
    await station.alarms.shelve("volt_hi", duration_s=60, reason="probe swap")
    with pytest.raises(PermissionDenied):
        await station.alarms.remove_from_service("volt_hi", reason="x")
    await login(station, Role.ADMIN)
    await station.alarms.remove_from_service("volt_hi", reason="rectifier replaced")
    assert station.alarms.view("volt_hi").state is AlarmState.OUT_OF_SERVICE
    assert station.alarms.view("volt_hi").oos_reason == "rectifier replaced"


async def test_summary_for_the_banner(running: Station, clock: ManualClock) -> None:
    station = running
    publish(station, "Rectifier1.Voltage", 23.0)
    clock.advance(1)
    publish(station, "Bath1.Temp", 24.0)
    summary = station.alarms.summary()
    assert summary.unacked[Priority.HIGH] == 1 and summary.unacked[Priority.MEDIUM] == 1
    assert summary.newest_unacked is not None and summary.newest_unacked.alarm_id == "temp_hi"
    clock.advance(1)
    publish(station, "Bath1.Temp", 27.0)
    assert station.alarms.summary().newest_unacked.alarm_id == "temp_hihi"  # type: ignore[union-attr]
    publish(station, "Machine.State", "maintenance")
    summary = station.alarms.summary()
    assert summary.suppressed == 1 and summary.unacked[Priority.HIGH] == 0
    assert [v.alarm_id for v in station.alarms.views(include_overlaid=False)] == ["temp_hihi", "volt_hi"]
    await station.alarms.flush()


async def test_limits_from_the_mes_apply_and_persist(
        make_station: Callable[..., Station], tmp_path: Path) -> None:
    first = make_station(alarm_config(), data_dir=tmp_path / "d")
    await first.start()
    publish(first, "Rectifier1.Voltage", 21.0)
    await first.alarms._set_limit("volt_hi", limit=20.0, deadband=0.2)  # the MES's path
    assert first.alarms.view("volt_hi").state is AlarmState.UNACK_ACTIVE  # re-evaluated at once
    with pytest.raises(AlarmActionError):
        await first.alarms._set_limit("nope", limit=1.0)
    await first.stop()
    first.close()
    second = make_station(alarm_config(), data_dir=tmp_path / "d")
    await second.start()
    assert second.alarms.core.definitions["volt_hi"].limit == 20.0
    assert second.alarms.core.definitions["volt_hi"].deadband == 0.2
    await second.stop()


async def test_a_flood_is_written_in_few_transactions(make_station: Callable[..., Station]) -> None:
    alarms = {f"a{i}": {"tag": f"T{i}", "kind": "hi", "limit": 1.0, "message_en": f"T{i} high"}
              for i in range(300)}
    station = make_station(station_config(alarms=alarms, connections={}, tags={}))
    await station.start()
    writes = 0
    original = station.store.write

    async def counting(fn: Any) -> Any:
        nonlocal writes
        writes += 1
        return await original(fn)

    station.store.write = counting  # type: ignore[method-assign]
    for i in range(300):
        publish(station, f"T{i}", 5.0)
    await station.alarms.flush()
    assert writes <= 3
    count = await station.store.read(lambda db: db.execute("SELECT count(*) FROM alarm_journal").fetchone()[0])
    assert count == 300
    await station.stop()
