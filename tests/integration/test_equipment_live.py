"""The station against the simulator: OPC-UA and Modbus values arrive, go STALE/BAD when the server
goes away, and come back GOOD without restarting the station; writes are permission-checked and audited."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterator

import pytest

from hmi.auth import Role
from hmi.auth.permissions import PermissionDenied
from hmi.auth.users import add_user
from hmi.equipment.service import WriteRefused
from hmi.station import Station
from hmi.status import Health
from hmi.tags import Quality
from tests.equipment_support import Recorder, ThreadedSimulator, config_for, good

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def sim() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=7, extra_namespaces=3)
    yield simulator
    simulator.close()


async def test_values_arrive_from_both_protocols_with_units_of_the_config(
        sim: ThreadedSimulator, make_station: Callable[..., Station]) -> None:
    station = make_station(config_for(sim.sim))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        temp = await recorder.wait_for(good("bath_temp"))
        volts = await recorder.wait_for(good("rectifier_voltage"))
        speed = await recorder.wait_for(good("conveyor_speed"))
        running = await recorder.wait_for(good("conveyor_running"))
        for _ in range(100):   # the last subscriptions may still be being created
            if station.status["equipment"].value.health is Health.OK:
                break
            await asyncio.sleep(0.1)
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()
    assert 15.0 < float(temp.value) < 25.0        # type: ignore[arg-type]
    assert 10.0 < float(volts.value) < 20.0       # type: ignore[arg-type]
    assert 0.5 < float(speed.value) < 2.0         # scaled from raw x100 # type: ignore[arg-type]
    assert running.value is True
    assert abs(temp.ts - __import__("time").time()) < 5  # the source timestamp, not a made-up one
    assert station.status["equipment"].value.health is Health.OK


async def test_opcua_loss_turns_values_stale_then_bad_and_recovers_without_restart(
        sim: ThreadedSimulator, make_station: Callable[..., Station], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    station = make_station(config_for(sim.sim))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        await recorder.wait_for(good("bath_temp"))
        await sim.acall(sim.sim.stop_opcua)
        lost = await recorder.wait_for(lambda s: s.tag == "bath_temp" and s.quality in (Quality.STALE, Quality.BAD))
        assert lost.error
        await recorder.wait_for(lambda s: s.tag == "bath_temp" and s.quality is Quality.BAD)
        assert station.equipment.connections["line_opcua"].value.health is Health.FAILED
        assert station.equipment.connections["line_opcua"].value.last_error
        # The Modbus side is unaffected meanwhile.
        assert station.bus.latest("rectifier_voltage").quality is Quality.GOOD  # type: ignore[union-attr]
        assert station.status["equipment"].value.health is Health.DEGRADED
        mark = len(recorder.samples)
        # The restarted server registers its namespaces in another order: nsu= addressing must follow.
        sim.sim.opcua.extra_namespaces = 1
        await sim.acall(sim.sim.start_opcua)
        back = await recorder.wait_for(lambda s: s.tag == "bath_temp" and s.quality is Quality.GOOD
                                       and recorder.samples.index(s) >= mark, within=30)
        assert back.value is not None and 15.0 < float(back.value) < 25.0  # type: ignore[arg-type]
        # The log tells an integrator when the connection went and came back, without asyncua's tracebacks.
        said = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "hmi.equipment.service"]
        assert any(level == logging.WARNING and "connection line_opcua" in text for level, text in said)
        assert said[-1][0] == logging.INFO and "connection line_opcua" in said[-1][1]
        assert not [r for r in caplog.records if r.name.startswith("asyncua") and r.levelno >= logging.ERROR]
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()


async def test_modbus_loss_turns_values_stale_and_recovers(
        sim: ThreadedSimulator, make_station: Callable[..., Station]) -> None:
    station = make_station(config_for(sim.sim))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        await recorder.wait_for(good("rectifier_current"))
        await sim.acall(sim.sim.modbus.stop)
        await recorder.wait_for(lambda s: s.tag == "rectifier_current" and s.quality in (Quality.STALE, Quality.BAD))
        mark = len(recorder.samples)
        await sim.acall(sim.sim.modbus.start)
        await recorder.wait_for(lambda s: s.tag == "rectifier_current" and s.quality is Quality.GOOD
                                and recorder.samples.index(s) >= mark, within=20)
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()


async def _login(station: Station, role: Role) -> None:
    username = {Role.OPERATOR: "op1", Role.SUPERVISOR: "sup1"}[role]

    def create(db) -> None:  # type: ignore[no-untyped-def]
        add_user(db, username=username, display_name=username, role=role, pin="2468", badge=None,
                 min_pin_length=4, ts=station.clock.now(), station=station.station_id, actor="test")

    await station.store.write(create)
    await station.auth.login_pin(username, "2468")


async def test_write_with_permission_is_read_back_and_audited(
        sim: ThreadedSimulator, make_station: Callable[..., Station]) -> None:
    station = make_station(config_for(sim.sim))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        await recorder.wait_for(good("bath_temp_sp"))
        await recorder.wait_for(good("conveyor_speed_sp"))
        await _login(station, Role.SUPERVISOR)
        outcome = await station.equipment.write("bath_temp_sp", 21.5)
        assert outcome.confirmed and outcome.read_back == pytest.approx(21.5)
        assert outcome.old == pytest.approx(20.0)
        speed = await station.equipment.write("conveyor_speed_sp", "1.5")   # typed on screen as text
        assert speed.confirmed and speed.read_back == pytest.approx(1.5)
        assert sim.sim.bank.get(1, "hr", 0) == [150]                          # raw x100 on the wire
        with pytest.raises(WriteRefused, match="above the upper limit"):
            await station.equipment.write("bath_temp_sp", 80)
        with pytest.raises(WriteRefused, match="not writable"):
            await station.equipment.write("bath_temp", 20)
        rows = await station.store.read(lambda db: list(db.query(
            "select actor, action, object_id, before, after from audit where action like 'tag.%' order by seq")))
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()
        await sim.acall(_reset_setpoints(sim))
    assert [(r["actor"], r["action"], r["object_id"]) for r in rows] == [
        ("sup1", "tag.write", "bath_temp_sp"), ("sup1", "tag.write", "conveyor_speed_sp")]
    assert json.loads(rows[0]["after"])["value"] == 21.5
    assert json.loads(rows[0]["before"])["value"] == pytest.approx(20.0)


def _reset_setpoints(sim: ThreadedSimulator):  # type: ignore[no-untyped-def]
    async def reset() -> None:
        await sim.sim.opcua.publish({"Bath.TemperatureSetpoint": 20.0})
        sim.sim.bank.set(1, "hr", 0, [120])
    return reset


async def test_write_without_permission_is_refused_and_nothing_is_written(
        sim: ThreadedSimulator, make_station: Callable[..., Station]) -> None:
    station = make_station(config_for(sim.sim))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        await recorder.wait_for(good("bath_temp_sp"))
        with pytest.raises(PermissionDenied):
            await station.equipment.write("bath_temp_sp", 22.0)   # nobody logged in
        await _login(station, Role.OPERATOR)
        with pytest.raises(PermissionDenied):
            await station.equipment.write("bath_temp_sp", 22.0)
        value = await sim.acall(lambda: sim.sim.opcua.read("Bath.TemperatureSetpoint"))
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()
    assert value == pytest.approx(20.0)


async def test_bad_tags_get_a_clear_error_each_and_the_others_keep_working(
        sim: ThreadedSimulator, make_station: Callable[..., Station]) -> None:
    from tests.equipment_support import demo_raw

    tags = {name: demo_raw()["tags"][name] for name in ("bath_temp", "rectifier_voltage")}
    ns = "nsu=urn:station-hmi:anodizing-line"
    tags["malformed"] = {"address": "opcua://line_opcua/this is not a node id"}
    tags["missing_node"] = {"address": f"opcua://line_opcua/{ns};s=Bath.DoesNotExist"}
    tags["wrong_namespace"] = {"address": "opcua://line_opcua/nsu=urn:nobody;s=Bath.Temperature"}
    tags["out_of_range"] = {"address": "modbus://rectifier_plc/hr/20000", "data_type": "uint16"}
    tags["unknown_connection"] = {"address": "modbus://plc9/hr/40001"}
    tags["bad_type"] = {"address": "modbus://rectifier_plc/hr/40001?type=float128"}
    station = make_station(config_for(sim.sim, tags=tags))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        await recorder.wait_for(good("bath_temp"))
        await recorder.wait_for(good("rectifier_voltage"))
        errors = {}
        for name in ("malformed", "missing_node", "wrong_namespace", "out_of_range", "unknown_connection", "bad_type"):
            sample = await recorder.wait_for(lambda s, n=name: s.tag == n and s.quality is Quality.BAD)
            assert sample.value is None
            errors[name] = sample.error or ""
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()
    assert "not a node id" in errors["malformed"]
    assert "BadNodeIdUnknown" in errors["missing_node"]
    assert "no namespace 'urn:nobody'" in errors["wrong_namespace"]
    assert "illegal data address" in errors["out_of_range"]
    assert "no connection named 'plc9'" in errors["unknown_connection"]
    assert "unknown type 'float128'" in errors["bad_type"]
    assert "unknown_connection" in station.equipment.tag_errors   # found before any driver started
