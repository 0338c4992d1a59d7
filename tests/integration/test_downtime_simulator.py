"""The simulator's state and fault-code tags over real OPC-UA: a fault opens a downtime event with its reason."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest

from hmi.clock import SystemClock
from hmi.oee import records
from hmi.station import Station
from plugins.simulators.process import MachineState
from tests.equipment_support import ThreadedSimulator, config_for, demo_raw, until

pytestmark = pytest.mark.integration


@pytest.fixture
def clock() -> SystemClock:               # the samples carry the simulator's real source timestamps
    return SystemClock()


@pytest.fixture
def sim() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=9, tick_s=0.05)
    yield simulator
    simulator.close()


async def test_a_fault_with_its_code_becomes_a_downtime_event_with_the_mapped_reason(
        sim: ThreadedSimulator, make_station: Callable[..., Station]) -> None:
    oee = {**demo_raw()["oee"], "micro_stop_s": 1.0}
    station = make_station(config_for(sim.sim, oee=oee))
    await station.start()
    try:
        assert station.oee is not None
        await until(lambda: station.oee is not None and station.oee.tracker.state.value == "running", within=30)

        async def fault() -> None:
            sim.sim.process.force_stop(MachineState.FAULT, 2.5, fault_code=102)

        await sim.acall(fault)

        async def ended() -> list[records.DowntimeEvent]:
            return await station.store.read(lambda db: [e for e in records.events(db, station.station_id, since=0,
                                                                                      until=4e9) if e.end])

        for _ in range(300):
            found = await ended()
            if found:
                break
            await asyncio.sleep(0.1)
        [event] = found
        assert event.reason == "DT-BATH" and event.state == "fault" and event.fault_code == "102"
        assert 2.0 < (event.end or 0) - event.start < 4.0
    finally:
        await station.stop()
