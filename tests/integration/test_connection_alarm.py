"""A lost equipment connection raises its alarm through the alarm engine and returns to normal when
the connection is back: against the real simulator's OPC-UA server, stopped and started again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest

from hmi import outbox
from hmi.alarms import AlarmState, Priority
from hmi.alarms.connections import connection_alarm_definitions
from hmi.auth import Role
from hmi.auth.users import add_user
from hmi.station import Station
from hmi.status import Health
from tests.equipment_support import ThreadedSimulator, config_for, demo_raw, until

pytestmark = pytest.mark.integration

ALARM = "connection.line_opcua"


@pytest.fixture(scope="module")
def sim() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=11)
    yield simulator
    simulator.close()


def test_priority_is_diagnostic_unless_configured_per_station_or_connection() -> None:
    raw = demo_raw()
    from hmi.config import parse_config
    from tests.conftest import DEMO_CONFIG

    defaults = connection_alarm_definitions(parse_config(raw, source=DEMO_CONFIG))
    assert {d.priority for d in defaults.values()} == {Priority.DIAGNOSTIC}
    assert set(defaults) == {"connection.line_opcua", "connection.rectifier_plc"}
    raw["equipment"] = {**raw.get("equipment", {}), "connection_alarm_priority": "low",
                        "connection_alarm_priorities": {"rectifier_plc": "high"}}
    chosen = connection_alarm_definitions(parse_config(raw, source=DEMO_CONFIG))
    assert chosen["connection.line_opcua"].priority is Priority.LOW
    assert chosen["connection.rectifier_plc"].priority is Priority.HIGH
    assert chosen["connection.line_opcua"].message("ko") != chosen["connection.line_opcua"].message("en")


async def test_lost_connection_raises_its_alarm_and_recovery_returns_it(
        sim: ThreadedSimulator, make_station: Callable[..., Station]) -> None:
    station = make_station(config_for(sim.sim))
    await station.start()
    try:
        await until(lambda: station.equipment.connections["line_opcua"].value.health is Health.OK, within=30)
        await station.alarms.flush()
        assert station.alarms.view(ALARM).state is AlarmState.NORMAL   # connected: no alarm
        assert station.alarms.summary().unacked[Priority.DIAGNOSTIC] == 0

        await sim.acall(sim.sim.stop_opcua)
        await until(lambda: station.alarms.view(ALARM).active, within=30)
        summary = station.alarms.summary()
        assert summary.unacked[Priority.DIAGNOSTIC] == 1
        assert summary.newest_unacked is not None and summary.newest_unacked.alarm_id == ALARM
        assert station.alarms.view(ALARM).state is AlarmState.UNACK_ACTIVE
        # The Modbus connection is unaffected: its alarm stays normal.
        assert station.alarms.view("connection.rectifier_plc").state is AlarmState.NORMAL

        await sim.acall(sim.sim.start_opcua)
        await until(lambda: not station.alarms.view(ALARM).active, within=30)
        await station.alarms.flush()
        assert station.alarms.view(ALARM).state is AlarmState.UNACK_RTN   # back, still to be acknowledged

        def supervisor(db) -> None:  # type: ignore[no-untyped-def]
            add_user(db, username="3001", display_name="Sup", role=Role.SUPERVISOR, pin="3579", badge=None,
                     min_pin_length=4, ts=1.0, station=station.station_id, actor="test")

        await station.store.write(supervisor)
        await station.auth.login_pin("3001", "3579")
        entries = await station.alarms.journal()
        mine = [(e.transition, e.state_after) for e in reversed(entries) if e.alarm_id == ALARM]
        assert mine[:2] == [("raised", "unack_active"), ("returned", "unack_rtn")], mine
        events = await station.store.read(lambda db: outbox.pending(db))
        assert [e.type for e in events if e.subject == f"alarm/{ALARM}"][:2] == ["alarm.raised", "alarm.returned"]
    finally:
        await station.stop()
        await asyncio.sleep(0)
