"""The equipment service without equipment: scaling, deadband, STALE on a controllable clock, health."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel

from hmi.clock import ManualClock
from hmi.config import Scaling
from hmi.equipment.driver import DriverSink, EquipmentDriver, TagBinding
from hmi.equipment.scaling import to_engineering, to_raw, within_deadband
from hmi.equipment.service import driver_factory
from hmi.station import Station
from hmi.status import ComponentStatus, Health
from hmi.tags import Quality, Sample
from plugins.modbus import registers
from tests.conftest import station_config


class FakeOptions(BaseModel):
    pass


class FakeDriver(EquipmentDriver):
    """Stands in for a plugin: the test pushes samples and states through its sink."""

    config_model: ClassVar[type[BaseModel]] = FakeOptions
    last: ClassVar[FakeDriver | None] = None

    def __init__(self, *, connection: str, options: Any, tags: list[TagBinding], sink: DriverSink) -> None:
        super().__init__(connection=connection, options=options, tags=tags, sink=sink)
        FakeDriver.last = self

    async def start(self) -> None:
        self.sink.set_state(ComponentStatus(Health.OK, "connected"))

    async def stop(self) -> None:
        pass

    async def read(self, tag: str) -> Sample:
        raise NotImplementedError

    async def write(self, tag: str, value: Any) -> None:
        raise NotImplementedError


@pytest.fixture
def fake_station(make_station: Callable[..., Station]) -> Callable[..., Station]:
    """Stations whose connections all run a FakeDriver, injected (no patched plugin lookup)."""
    return lambda config: make_station(config, equipment_drivers=driver_factory(FakeDriver))


def _config(**tag_overrides: Any):  # type: ignore[no-untyped-def]
    tags = {
        "speed": {"address": "modbus://plc/ir/1", "unit": "m/min", "interval_s": 1.0, "deadband": 0.05,
                  "scaling": {"raw_lo": 0, "raw_hi": 100, "eng_lo": 0, "eng_hi": 1}, **tag_overrides},
        "temp": {"address": "modbus://plc/ir/2", "interval_s": 0.5},
    }
    return station_config(connections={"plc": {"driver": "modbus"}}, tags=tags,
                          equipment={"stale_factor": 3.0, "min_stale_s": 1.0})


async def test_scaling_deadband_and_stale_on_a_manual_clock(
        fake_station: Callable[..., Station], clock: ManualClock) -> None:
    station = fake_station(_config())
    seen: list[Sample] = []
    station.bus.subscribe(seen.append)
    service = station.equipment
    await service.start()
    try:
        sink = FakeDriver.last.sink  # type: ignore[union-attr]
        sink.publish(Sample("speed", clock.now(), 120, Quality.GOOD))
        sink.publish(Sample("speed", clock.now(), 122, Quality.GOOD))    # 1.22 vs 1.20: inside the deadband
        sink.publish(Sample("speed", clock.now(), 130, Quality.GOOD))
        assert [s.value for s in seen if s.tag == "speed"] == [pytest.approx(1.2), pytest.approx(1.3)]
        clock.advance(2.0)            # temp expected every 0.5 s: 2 s without is STALE; speed (1 s x 3) is not
        service.check_stale()
        assert station.bus.latest("temp").quality is Quality.STALE      # type: ignore[union-attr]
        assert station.bus.latest("speed").quality is Quality.GOOD      # type: ignore[union-attr]
        clock.advance(1.5)
        service.check_stale()
        stale = station.bus.latest("speed")
        # A STALE sample carries no value (the station's rule); the last GOOD one was 1.3.
        assert stale is not None and stale.quality is Quality.STALE and stale.value is None
        assert "no update for 3.5 s" in (stale.error or "")
        count = len(seen)
        service.check_stale()
        assert len(seen) == count     # STALE is said once, not every check
        sink.alive()                  # the connection vouches for unchanged values (OPC-UA keep-alive)
        sink.publish(Sample("speed", clock.now(), 130, Quality.GOOD))
        assert station.bus.latest("speed").quality is Quality.GOOD      # type: ignore[union-attr]
        sink.set_state(ComponentStatus(Health.FAILED, "down", last_error="connection refused"))
        bad = station.bus.latest("speed")
        assert bad is not None and bad.quality is Quality.BAD and "connection refused" in (bad.error or "")
        assert station.status["equipment"].value.health is Health.FAILED
        assert station.status["equipment"].value.last_error == "plc: connection refused"
        recent = service.recent("speed")
        assert len(recent) >= 4
        assert recent[-1] == bad        # kept compactly, given back as the samples that were published
        assert [s.quality for s in recent[-3:]] == [Quality.STALE, Quality.GOOD, Quality.BAD]
    finally:
        await service.stop()


async def test_an_unchanged_value_marked_stale_by_a_stall_is_good_again_once_its_connection_vouches(
        fake_station: Callable[..., Station], clock: ManualClock) -> None:
    """A loop stall longer than the STALE limit marks an unchanging OPC-UA value (a setpoint) STALE. Its
    subscription sends no new value for it, only keep-alives: those must bring it back, or it stays
    STALE for good. After a reconnect, though, only a fresh value may."""
    station = fake_station(_config())
    service = station.equipment
    await service.start()
    try:
        sink = FakeDriver.last.sink  # type: ignore[union-attr]
        sink.set_state(ComponentStatus(Health.OK, "connected"))
        sink.publish(Sample("speed", clock.now(), 130, Quality.GOOD))
        clock.advance(4.0)                         # the stall: nothing for 4 s (limit 3 s)
        service.check_stale()
        assert station.bus.latest("speed").quality is Quality.STALE      # type: ignore[union-attr]
        clock.advance(0.3)
        sink.alive()                               # the keep-alive the stall held back
        service.check_stale()
        back = station.bus.latest("speed")
        assert back is not None and back.quality is Quality.GOOD and back.value == pytest.approx(1.3)

        clock.advance(4.0)
        service.check_stale()
        assert station.bus.latest("speed").quality is Quality.STALE      # type: ignore[union-attr]
        sink.set_state(ComponentStatus(Health.CONNECTING, "reconnecting"))
        sink.set_state(ComponentStatus(Health.OK, "connected"))          # a new session: the old value is not vouched for
        clock.advance(0.3)
        sink.alive()
        service.check_stale()
        assert station.bus.latest("speed").quality is Quality.STALE      # type: ignore[union-attr]
        sink.publish(Sample("speed", clock.now(), 140, Quality.GOOD))
        assert station.bus.latest("speed").value == pytest.approx(1.4)  # type: ignore[union-attr]
    finally:
        await service.stop()


def test_scaling_round_trips_and_deadband_ignores_bools() -> None:
    s = Scaling(raw_lo=4000, raw_hi=20000, eng_lo=0, eng_hi=250)
    assert to_engineering(12000, s) == pytest.approx(125.0)
    assert to_raw(125.0, s) == pytest.approx(12000)
    assert to_engineering(True, s) is True
    assert not within_deadband(True, False, 1.0)
    assert within_deadband(1.0, 1.04, 0.05) and not within_deadband(1.0, 1.06, 0.05)


@pytest.mark.parametrize("order", [("big", "big"), ("little", "big"), ("big", "little"), ("little", "little")])
def test_register_codec_round_trips(order: tuple[str, str]) -> None:
    from hmi.config import DataType

    byte_order, word_order = order
    for kind, value in [(DataType.INT32, -5), (DataType.FLOAT64, 2.5), (DataType.UINT16, 65535)]:
        words = registers.encode(value, kind, byte_order=byte_order, word_order=word_order)
        assert registers.decode(words, kind, byte_order=byte_order, word_order=word_order) == value


class EagerDriver(FakeDriver):
    """Publishes a GOOD value before it says OK, as a driver that subscribes before reporting does."""

    async def start(self) -> None:
        self.sink.set_state(ComponentStatus(Health.CONNECTING, "connecting"))
        self.sink.publish(Sample("temp", 0.0, 21.5, Quality.GOOD))
        self.sink.set_state(ComponentStatus(Health.OK, "connected"))


async def test_no_sample_is_good_before_its_connection_says_ok(make_station: Callable[..., Station]) -> None:
    station = make_station(_config(), equipment_drivers=driver_factory(EagerDriver))
    seen: list[tuple[Quality, Health]] = []
    station.bus.subscribe(lambda s: seen.append((s.quality, station.equipment.connections["plc"].value.health)),
                          tags=["temp"])
    await station.equipment.start()
    try:
        assert (Quality.GOOD, Health.OK) in seen                 # held, then published once OK
        assert (Quality.GOOD, Health.CONNECTING) not in seen
        assert station.bus.latest("temp").value == 21.5          # type: ignore[union-attr]
    finally:
        await station.equipment.stop()


async def test_one_failing_driver_does_not_stop_the_connections_after_it(
        make_station: Callable[..., Station]) -> None:
    made: list[str] = []

    def factory(*, connection: str, section: Any, tags: list[TagBinding], sink: DriverSink) -> EquipmentDriver:
        if connection == "broken":
            raise RuntimeError("plugin bug")
        made.append(connection)
        return FakeDriver(connection=connection, options=None, tags=tags, sink=sink)

    class Crashing(FakeDriver):
        async def start(self) -> None:
            raise OSError("start failed")

    def factory2(*, connection: str, section: Any, tags: list[TagBinding], sink: DriverSink) -> EquipmentDriver:
        if connection == "crashing":
            return Crashing(connection=connection, options=None, tags=tags, sink=sink)
        return factory(connection=connection, section=section, tags=tags, sink=sink)

    tags = {"a": {"address": "modbus://broken/ir/1"}, "b": {"address": "modbus://crashing/ir/1"},
            "c": {"address": "modbus://fine/ir/1"}}
    config = station_config(connections={"broken": {"driver": "modbus"}, "crashing": {"driver": "modbus"},
                                         "fine": {"driver": "modbus"}}, tags=tags)
    station = make_station(config, equipment_drivers=factory2)
    await station.equipment.start()
    try:
        states = {name: obs.value for name, obs in station.equipment.connections.items()}
        assert states["fine"].health is Health.OK and made == ["fine"]
        assert states["broken"].health is Health.FAILED and "plugin bug" in (states["broken"].last_error or "")
        assert states["crashing"].health is Health.FAILED and "start failed" in (states["crashing"].last_error or "")
        assert station.bus.latest("a").quality is Quality.BAD     # type: ignore[union-attr]
    finally:
        await station.equipment.stop()


async def test_bad_and_stale_samples_carry_no_value_and_non_finite_numbers_are_bad(
        fake_station: Callable[..., Station], clock: ManualClock) -> None:
    station = fake_station(_config())
    await station.equipment.start()
    try:
        sink = FakeDriver.last.sink  # type: ignore[union-attr]
        sink.publish(Sample("temp", clock.now(), 20.0, Quality.GOOD))
        sink.publish(Sample("temp", clock.now(), 2123, Quality.BAD, error="device says no"))
        bad = station.bus.latest("temp")
        assert bad is not None and bad.value is None and bad.error == "device says no"
        for number in (float("nan"), float("inf"), -float("inf")):
            sink.publish(Sample("temp", clock.now(), 20.0, Quality.GOOD))
            sink.publish(Sample("temp", clock.now(), number, Quality.GOOD))
            poisoned = station.bus.latest("temp")
            assert poisoned is not None and poisoned.quality is Quality.BAD and poisoned.value is None
            assert "not a finite number" in (poisoned.error or "")
        sink.publish(Sample("temp", clock.now(), 20.0, Quality.GOOD))
        sink.set_state(ComponentStatus(Health.CONNECTING, "lost", last_error="reset"))
        stale = station.bus.latest("temp")
        assert stale is not None and stale.quality is Quality.STALE and stale.value is None
    finally:
        await station.equipment.stop()
