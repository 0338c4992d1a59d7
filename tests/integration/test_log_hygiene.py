"""Log hygiene at the default level (issue 14 item 18): no pymodbus frame dumps, no asyncua traceback
for a server that closed cleanly, one line per change of a connection's state with the reason."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator

import pytest

from hmi.logging_setup import quiet_libraries
from hmi.station import Station
from hmi.status import Health
from hmi.tags import Quality
from tests.conftest import station_config
from tests.equipment_support import Recorder, until
from tests.peers.eager_opcua import EagerOpcUa
from tests.peers.modbus_peer import MisbehavingModbusServer
from tests.peers.opcua_peer import OpcUaPeer

pytestmark = pytest.mark.integration


@pytest.fixture
def default_levels(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The levels 'hmi run' sets without --verbose; restored afterwards."""
    names = ("asyncua", "pymodbus", "httpx", "aiomqtt")
    before = {name: logging.getLogger(name).level for name in names}
    quiet_libraries(verbose=False)
    caplog.set_level(logging.INFO)
    for name in names:   # caplog.set_level lowers the root only; the libraries keep the station's levels
        logging.getLogger(name).setLevel(logging.getLogger(name).level)
    yield caplog
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)


def _transitions(states: list[Health]) -> int:
    return sum(1 for a, b in itertools.pairwise(states) if a is not b)


async def test_a_misbehaving_modbus_device_logs_no_frame_dumps(
        default_levels: pytest.LogCaptureFixture, make_station: Callable[..., Station]) -> None:
    peer = MisbehavingModbusServer(size=250, illegal={100})
    await peer.start()
    tags = {"past_end": {"address": "modbus://plc/hr/250?type=float32", "interval_s": 0.1},
            "refused": {"address": "modbus://plc/hr/100", "interval_s": 0.1, "data_type": "uint16"},
            "fine": {"address": "modbus://plc/hr/98", "interval_s": 0.1, "data_type": "uint16"}}
    station = make_station(station_config(
        connections={"plc": {"driver": "modbus", "port": peer.port, "timeout_s": 0.3, "retries": 1,
                             "reconnect_min_s": 0.1, "reconnect_max_s": 0.3}}, tags=tags))
    recorder = Recorder(station.bus)
    health: list[Health] = []
    await station.equipment.start()
    station.equipment.connections["plc"].subscribe(lambda s: health.append(s.health))
    try:
        await recorder.wait_for(lambda s: s.tag == "fine" and s.quality is Quality.GOOD)
        peer.silent = True
        await recorder.wait_for(lambda s: s.tag == "fine" and s.quality is Quality.BAD)
        peer.silent = False
        await recorder.wait_for(lambda s: s.tag == "fine" and s.quality is Quality.GOOD)
    finally:
        await station.equipment.stop()
        await peer.stop()
    records = default_levels.records
    assert not [r for r in records if ">>>>>" in r.getMessage() or r.name.startswith("pymodbus")]
    tracebacks = [r for r in records if r.exc_info]     # a silent device is routine, not a crash
    assert not tracebacks, [(r.name, r.getMessage()) for r in tracebacks]
    said = [r.getMessage() for r in records if r.name == "hmi.equipment.service" and "connection plc:" in r.getMessage()]
    assert len(said) == _transitions([Health.CONNECTING, *health]), said
    assert any("ok -> failed: no answer from 127.0.0.1" in text for text in said), said


@pytest.mark.parametrize("verbose", [True, False])
async def test_an_opcua_server_that_closes_cleanly_logs_no_traceback(
        default_levels: pytest.LogCaptureFixture, make_station: Callable[..., Station], verbose: bool) -> None:
    if verbose:
        quiet_libraries(verbose=True)
    peer = OpcUaPeer()
    peer.start()
    stopped = False
    try:
        station = make_station(station_config(
            connections={"peer": {"driver": "opcua", "endpoint": peer.endpoint, "reconnect_min_s": 0.2,
                                  "reconnect_max_s": 0.5, "watchdog_s": 0.3, "timeout_s": 2.0}},
            tags={"steady": {"address": f"opcua://peer/{peer.address('Steady')}"}}))
        health: list[Health] = []
        await station.equipment.start()
        station.equipment.connections["peer"].subscribe(lambda s: health.append(s.health))
        try:
            await until(lambda: station.equipment.connections["peer"].value.health is Health.OK, within=20)
            peer.stop()
            stopped = True
            await until(lambda: station.equipment.connections["peer"].value.health is not Health.OK, within=20)
        finally:
            await station.equipment.stop()
    finally:
        quiet_libraries(verbose=False)
        if not stopped:
            peer.stop()
    records = default_levels.records
    # The station's client side only (asyncua.server is the peer talking about itself).
    noisy = [r for r in records if r.name.startswith("asyncua.client") and (r.exc_info or r.levelno >= logging.WARNING)]
    if verbose:   # the clean close does make asyncua complain: with --verbose it is heard ...
        assert any("was called but connection is closed" in r.getMessage() for r in noisy), \
            "the peer's clean close provoked nothing"
        return
    # ... and at the default level none of it is
    assert not noisy, [(r.name, r.getMessage()) for r in noisy]
    assert not [r for r in records if "unknown subscription" in r.getMessage()
                or "was called but connection is closed" in r.getMessage()]
    said = [r.getMessage() for r in records if r.name == "hmi.equipment.service" and "connection peer:" in r.getMessage()]
    assert len(said) == _transitions([Health.CONNECTING, *health]) and said, said


@pytest.mark.parametrize("verbose", [True, False])
async def test_subscriptions_made_while_notifications_flow_log_no_unknown_subscription_by_default(
        default_levels: pytest.LogCaptureFixture, make_station: Callable[..., Station], verbose: bool) -> None:
    # Many tags, one per subscription: each new subscription publishes while the earlier ones' Publish
    # requests are out, before its CreateSubscription is answered (the race seen at demo start).
    peer = EagerOpcUa()
    peer.start()
    try:
        if verbose:
            quiet_libraries(verbose=True)
        names = ("NotANumber", "Steady", "Levels", "Uncertain")
        station = make_station(station_config(
            connections={"peer": {"driver": "opcua", "endpoint": peer.endpoint, "reconnect_min_s": 0.2,
                                  "reconnect_max_s": 0.5, "watchdog_s": 0.3, "timeout_s": 2.0,
                                  "publishing_interval_s": 0.02, "max_items_per_subscription": 1}},
            tags={f"t{n}_{name}": {"address": f"opcua://peer/{peer.address(name)}", "interval_s": 0.05,
                                   **({"array": True} if name == "Levels" else {})}
                  for n in range(3) for name in names}))
        recorder = Recorder(station.bus)
        await station.equipment.start()
        try:
            await until(lambda: station.equipment.connections["peer"].value.health is Health.OK, within=30)
            # The last subscription made still delivers its value: the dropped first message held none.
            await recorder.wait_for(lambda s: s.tag == "t2_Steady" and s.quality is Quality.GOOD, within=20)
        finally:
            await station.equipment.stop()
    finally:
        quiet_libraries(verbose=False)
        peer.stop()
    unknown = [r for r in default_levels.records if "unknown subscription" in r.getMessage()]
    if verbose:   # the race happened: asyncua says so with --verbose ...
        assert unknown, "the peer did not provoke the race"
    else:         # ... and the default log has none of it
        assert not unknown, [r.getMessage() for r in unknown]
