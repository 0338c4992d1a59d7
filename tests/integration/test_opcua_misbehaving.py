"""The station against an OPC-UA server that publishes NaN, arrays, Uncertain values and values that
never change (issue 14 items 9-12, issue 15 item 1): ``tests/peers/opcua_peer.py``; and against one that
drops the station's subscription while the session lives (item 2): ``tests/peers/forgetful_opcua.py``."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Iterator

import pytest

from hmi.clock import SystemClock
from hmi.config import StationConfig
from hmi.station import Station
from hmi.status import ComponentStatus, Health
from hmi.tags import Quality
from tests.conftest import station_config
from tests.equipment_support import Recorder, until
from tests.peers.forgetful_opcua import ForgetfulOpcUa
from tests.peers.opcua_peer import OpcUaPeer
from tests.peers.revising_opcua import RevisingOpcUa

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


@pytest.fixture
def clock() -> SystemClock:
    """Real time: staleness and heartbeats are judged by the service's own watchdog here."""
    return SystemClock()


async def test_an_unchanging_value_stays_good_and_the_history_gets_heartbeat_rows(
        peer: OpcUaPeer, make_station: Callable[..., Station]) -> None:
    # OPC-UA reports by exception: Steady never changes, so no notification follows the first one.
    config = config_for(peer, {"steady": {"address": f"opcua://peer/{peer.address('Steady')}", "interval_s": 0.2}},
                        historian={"heartbeat_s": 0.5, "commit_interval_s": 0.2},
                        equipment={"min_stale_s": 0.5, "stale_factor": 2.0})
    station = make_station(config)
    recorder = Recorder(station.bus)
    await station.historian.start()
    await station.equipment.start()
    try:
        first = await recorder.wait_for(lambda s: s.tag == "steady" and s.quality is Quality.GOOD, within=20)
        # Five heartbeats (0.5 s apart) span several stale limits (0.5 s) with no notification at all: the
        # subscription's keep-alives (about every second, not yet overdue) vouch for the value.
        await until(lambda: len([s for s in recorder.of("steady") if s.ts > first.ts]) >= 6, within=20)
        await station.historian.flush()
        rows = await station.historian.raw("steady", first.ts - 1, time.time() + 1)
        at_now = (await station.historian.values_at(["steady"], time.time()))["steady"]
    finally:
        await station.equipment.stop()
        await station.historian.stop()
    samples = recorder.of("steady")
    since_first = samples[samples.index(first):]
    assert [s for s in since_first if s.quality is not Quality.GOOD] == []
    # The value's source time is older than the "connecting" placeholder: the newest word is GOOD anyway.
    assert max(samples, key=lambda s: s.ts).quality is Quality.GOOD
    # At most the "connecting" placeholder (stamped before the value arrived) is not GOOD; after it, a
    # flat GOOD line of heartbeat rows.
    not_good = [n for n, (_ts, _v, q) in enumerate(rows) if q is not Quality.GOOD]
    assert len(not_good) <= 1, rows
    after = rows[not_good[-1] + 1:] if not_good else rows
    assert len(after) >= 4 and {q for _ts, _v, q in after} == {Quality.GOOD}, rows
    assert all(v == pytest.approx(3.25) for _ts, v, _q in after)
    assert at_now is not None and at_now.quality is Quality.GOOD   # the trend cursor reads the flat line


async def test_an_array_is_a_list_or_one_element_and_never_a_string(
        peer: OpcUaPeer, make_station: Callable[..., Station]) -> None:
    levels = peer.address("Levels")
    station = make_station(config_for(peer, {
        "levels": {"address": f"opcua://peer/{levels}", "array": True},
        "level_3": {"address": f"opcua://peer/{levels}?index=2"},
        "level_9": {"address": f"opcua://peer/{levels}?index=9"},
        "levels_unsaid": {"address": f"opcua://peer/{levels}"},
        "names": {"address": f"opcua://peer/{peer.address('Names')}", "array": True, "data_type": "string"},
        "name_2": {"address": f"opcua://peer/{peer.address('Names')}?index=1", "data_type": "string"},
        "name_3": {"address": f"opcua://peer/{peer.address('Names')}?index=2", "data_type": "string"},
    }))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        got = {tag: await recorder.wait_for(lambda s, t=tag: s.tag == t and s.quality in (Quality.GOOD, Quality.BAD),
                                            within=20)
               for tag in ("levels", "level_3", "level_9", "levels_unsaid", "names", "name_2", "name_3")}
    finally:
        await station.equipment.stop()
    assert (got["levels"].value, got["levels"].quality) == ([1.5, 2.5, 3.5], Quality.GOOD)
    assert (got["level_3"].value, got["level_3"].quality) == (3.5, Quality.GOOD)
    assert got["level_9"].quality is Quality.BAD and "no index 9" in (got["level_9"].error or "")
    unsaid = got["levels_unsaid"]
    assert unsaid.quality is Quality.BAD and unsaid.value is None
    assert "array of 3 value(s): set array = true" in (unsaid.error or "")
    # A null element keeps its position: the array is refused, never ["first", "third"] with third moved up.
    assert got["names"].quality is Quality.BAD and got["names"].value is None
    assert "empty (null) element(s) at 1 of 3" in (got["names"].error or "")
    assert got["name_2"].quality is Quality.BAD and "element 1 of the array is empty" in (got["name_2"].error or "")
    assert (got["name_3"].value, got["name_3"].quality) == ("third", Quality.GOOD)


def test_hmi_read_of_an_uncertain_value_agrees_with_subscriptions(
        peer: OpcUaPeer, capsys: pytest.CaptureFixture[str]) -> None:
    from hmi.cli.main import main

    code = main(["read", f"opcua://{peer.endpoint}/{peer.address('Uncertain')}", "--json", "--timeout", "15"])
    out = capsys.readouterr().out
    assert code == 0, out
    answer = json.loads(out)
    assert (answer["value"], answer["quality"]) == (43.0, "UNCERTAIN")
    assert "UncertainLastUsableValue" in answer["error"]


async def test_a_subscription_delivers_the_uncertain_value_as_read_does(
        peer: OpcUaPeer, make_station: Callable[..., Station]) -> None:
    station = make_station(config_for(peer, {"maybe": {"address": f"opcua://peer/{peer.address('Uncertain')}"}}))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        sample = await recorder.wait_for(lambda s: s.tag == "maybe" and s.quality is Quality.UNCERTAIN, within=20)
    finally:
        await station.equipment.stop()
    assert sample.value == 43.0


@pytest.fixture
def forgetful() -> Iterator[ForgetfulOpcUa]:
    server = ForgetfulOpcUa()
    server.start()
    yield server
    server.stop()


async def test_a_subscription_the_server_drops_is_failed_with_the_reason_then_made_again(
        forgetful: ForgetfulOpcUa, make_station: Callable[..., Station], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="hmi.connections.supervisor")
    station = make_station(config_for(forgetful, {"steady": {"address": f"opcua://peer/{forgetful.address('Steady')}"}}))
    recorder = Recorder(station.bus)
    states: list[ComponentStatus] = []
    await station.equipment.start()
    status = station.equipment.connections["peer"]
    status.subscribe(states.append)
    try:
        await recorder.wait_for(lambda s: s.tag == "steady" and s.quality is Quality.GOOD, within=20)
        await until(lambda: status.value.health is Health.OK, within=20)
        forgotten = len(recorder.of("steady"))
        assert forgetful.forget_subscriptions() == 1
        # The session lives on (reads work), the subscription is silent: FAILED with why, not CONNECTING.
        await until(lambda: status.value.details.get("state") == "failed", within=30)
        failed = status.value
        mark = len(recorder.of("steady"))
        quiet = recorder.of("steady")[forgotten:mark]
        await until(lambda: status.value.health is Health.OK, within=30)
        await until(lambda: any(s.quality is Quality.GOOD for s in recorder.of("steady")[mark:]), within=30)
        again = next(s for s in recorder.of("steady")[mark:] if s.quality is Quality.GOOD)
        assert forgetful.subscription_count() == 1          # subscribed again on a new client
    finally:
        await station.equipment.stop()
    assert failed.health is Health.FAILED
    assert "stopped answering subscription" in (failed.last_error or ""), failed
    assert not [s for s in states if s.details.get("state") == "connecting" and s.last_error]
    assert [r for r in caplog.records if "stopped answering subscription" in r.getMessage()]   # logged at once
    assert again.value == pytest.approx(3.25)
    # The tag's quality follows the subscription, not the session: STALE as soon as the keep-alives stop
    # (while reads still work), BAD once the subscription is FAILED, GOOD when it is made again.
    assert quiet and quiet[0].quality is Quality.STALE and quiet[0].value is None, quiet
    assert "no update for" in (quiet[0].error or ""), quiet
    assert [s.quality for s in quiet if s.quality is not Quality.STALE] in ([], [Quality.BAD]), quiet
    after_failed = recorder.of("steady")[mark - 1:]
    assert after_failed[0].quality in (Quality.STALE, Quality.BAD) and after_failed[-1].quality is Quality.GOOD


async def test_a_publish_loop_the_server_ends_is_logged_at_once_shown_failed_and_restarted(
        forgetful: ForgetfulOpcUa, make_station: Callable[..., Station], caplog: pytest.LogCaptureFixture) -> None:
    # BadNoSubscription on one Publish ends asyncua's publish loop for good (issue 14 item 2): the peer
    # kills the task; nothing in the station is planted.
    caplog.set_level(logging.ERROR, logger="hmi.connections.supervisor")
    station = make_station(config_for(forgetful, {"steady": {"address": f"opcua://peer/{forgetful.address('Steady')}"}}))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    status = station.equipment.connections["peer"]
    try:
        await until(lambda: status.value.health is Health.OK, within=20)
        await recorder.wait_for(lambda s: s.tag == "steady" and s.quality is Quality.GOOD, within=20)
        forgetful.refuse_next_publish()
        loop = asyncio.get_running_loop()
        refused_at = loop.time()
        await until(lambda: status.value.details.get("state") == "failed", within=30)
        failed, failed_after = status.value, loop.time() - refused_at
        logged = [r.getMessage() for r in caplog.records if "publish loop ended" in r.getMessage()]
        mark = len(recorder.of("steady"))
        await until(lambda: status.value.health is Health.OK, within=30)
        await until(lambda: any(s.quality is Quality.GOOD for s in recorder.of("steady")[mark:]), within=30)
    finally:
        await station.equipment.stop()
    assert failed.health is Health.FAILED
    assert "publish loop ended (the server says this session has no subscription)" in (failed.last_error or ""), failed
    assert logged, "not logged when it happened"
    assert failed_after < 10, failed_after   # a keep-alive or two, not the dead-subscription timeout
    bad = [s for s in recorder.of("steady")[:mark] if s.quality is Quality.BAD]
    assert bad and bad[-1].value is None and "publish loop ended" in (bad[-1].error or "")


@pytest.fixture
def revising() -> Iterator[RevisingOpcUa]:
    server = RevisingOpcUa(min_publishing_interval_ms=250)
    server.start()
    yield server
    server.stop()


async def test_a_server_that_revises_the_interval_still_keeps_alive_about_every_watchdog_period(
        revising: RevisingOpcUa, make_station: Callable[..., Station]) -> None:
    config = config_for(revising, {"steady": {"address": f"opcua://peer/{revising.address('Steady')}", "interval_s": 0.2}},
                        equipment={"min_stale_s": 0.5, "stale_factor": 2.0})
    station = make_station(config)
    recorder = Recorder(station.bus)
    await station.equipment.start()
    status = station.equipment.connections["peer"]
    loop = asyncio.get_running_loop()
    try:
        first = await recorder.wait_for(lambda s: s.tag == "steady" and s.quality is Quality.GOOD, within=20)
        await until(lambda: status.value.health is Health.OK, within=20)
        calm_from = loop.time()
        await until(lambda: loop.time() - calm_from > 3.0, within=10)   # six stale limits, no notification
        calm = recorder.of("steady")[recorder.of("steady").index(first):]
        assert revising.forget_subscriptions() == 1
        forgotten_at = loop.time()
        await until(lambda: status.value.details.get("state") == "failed", within=60)
        failed_after = loop.time() - forgotten_at
    finally:
        await station.equipment.stop()
    # asyncua asked the server for a keep-alive every 22 s (90 × 250 ms); the driver asked again for ~1 s.
    assert 90 in revising.keepalive_counts and revising.keepalive_counts[-1] == 4, revising.keepalive_counts
    assert [s for s in calm if s.quality is not Quality.GOOD] == []
    assert failed_after < 3 * 1.0 + 2.0 + 4.0, failed_after    # not 3 × 22 s
