"""The station against an OPC-UA server that publishes NaN, arrays, Uncertain values and values that
never change (issue 14 items 9-12, issue 15 item 1): ``tests/peers/opcua_peer.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from hmi.config import StationConfig
from hmi.station import Station
from hmi.status import Health
from hmi.tags import Quality
from tests.conftest import station_config
from tests.equipment_support import Recorder
from tests.peers.opcua_peer import OpcUaPeer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def peer() -> Iterator[OpcUaPeer]:
    server = OpcUaPeer()
    server.start()
    yield server
    server.stop()


def config_for(peer: OpcUaPeer, tags: dict[str, dict[str, object]], **extra: object) -> StationConfig:
    connection = {"driver": "opcua", "endpoint": peer.endpoint, "reconnect_min_s": 0.2, "reconnect_max_s": 1.0,
                  "watchdog_s": 0.3, "timeout_s": 2.0}
    return station_config(connections={"peer": connection}, tags=tags, **extra)


async def test_a_nan_from_the_server_enters_the_station_as_bad_with_no_value(
        peer: OpcUaPeer, make_station: Callable[..., Station]) -> None:
    station = make_station(config_for(peer, {"probe": {"address": f"opcua://peer/{peer.address('NotANumber')}"}}))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        sample = await recorder.wait_for(lambda s: s.tag == "probe" and s.quality is not Quality.STALE, within=20)
    finally:
        await station.equipment.stop()
    assert sample.quality is Quality.BAD and sample.value is None
    assert "not a finite number" in (sample.error or "")
    assert not [s for s in recorder.of("probe") if s.value is not None]
    assert station.equipment.connections["peer"].value.health is Health.OK
