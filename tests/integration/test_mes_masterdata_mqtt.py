"""MQTT master data: a new station applies the retained bundle within seconds, not at its next periodic pull;
its reader's end is noticed, and it is restarted."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiomqtt
import pytest

from hmi.station import Station
from hmi.status import Health
from hmi.sync.config import SyncSection
from hmi.sync.engine import Connection
from plugins.mes.mqtt import MqttConnector, MqttOptions
from plugins.mes.reference_mes.server import demo_masterdata
from tests.mes_helpers import context, make_engine, wait_for
from tests.mosquitto import Mosquitto

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not Mosquitto.available(), reason="mosquitto is not installed")]

# The shipped pull interval: the bug made a new station wait this long for the retained bundle.
DEFAULT_PULL = SyncSection(poll_interval_s=0.05, masterdata_interval_s=300.0)


@pytest.fixture
async def broker(tmp_path: Path) -> AsyncIterator[Mosquitto]:
    server = Mosquitto(folder=tmp_path / "broker")
    await server.start()
    yield server
    await server.stop()


async def publish_retained(broker: Mosquitto, connector: MqttConnector, bundle: dict[str, object]) -> None:
    async with aiomqtt.Client("127.0.0.1", broker.port) as mes:
        await mes.publish(connector.topics.masterdata, json.dumps(bundle).encode(), qos=1, retain=True)


async def test_a_new_station_applies_the_retained_bundle_within_seconds(station: Station, broker: Mosquitto) -> None:
    connector = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, timeout_s=3),
                              context=context(station))
    bundle = demo_masterdata()
    await publish_retained(broker, connector, bundle)
    engine = make_engine(station, connector, settings=DEFAULT_PULL)
    await engine.start()
    try:
        await wait_for(lambda: engine.snapshot.value.masterdata_version == bundle["version"], within=10,
                       what="the retained master data applied")
        # A new bundle published while the station runs is applied as it arrives, too.
        await publish_retained(broker, connector, {**bundle, "version": "2026.12-next"})
        await wait_for(lambda: engine.snapshot.value.masterdata_version == "2026.12-next", within=10,
                       what="the next bundle applied")
    finally:
        await engine.stop()


async def test_the_master_data_reader_dying_while_idle_is_logged_shown_and_restarted(
        station: Station, broker: Mosquitto, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="plugins.mes.mqtt")
    connector = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, timeout_s=3),
                              context=context(station))
    fast = DEFAULT_PULL.model_copy(update={"backoff_initial_s": 0.05, "backoff_max_s": 0.2})
    engine = make_engine(station, connector, settings=fast)
    connections: list[Connection] = []
    engine.snapshot.subscribe(lambda snap: connections.append(snap.connection))
    await engine.start()
    try:
        await wait_for(lambda: engine.snapshot.value.connection is Connection.ONLINE, what="online")
        await broker.stop()                               # nothing to send: only the reader can notice
        await wait_for(lambda: any("lost the connection to the MQTT broker" in r.getMessage()
                                   for r in caplog.records), within=10, what="the reader's end logged")
        await wait_for(lambda: engine.snapshot.value.connection is Connection.OFFLINE, within=10, what="offline")
        assert "MQTT broker" in (engine.snapshot.value.last_error or "")
        assert station.status["mes"].value.health is not Health.OK
        await broker.start()                              # the same port: the station reconnects by itself
        await wait_for(lambda: engine.snapshot.value.connection is Connection.ONLINE, within=20, what="online again")
        # The reader runs again: a bundle published now is applied as it arrives.
        await publish_retained(broker, connector, {**demo_masterdata(), "version": "2026.12-after"})
        await wait_for(lambda: engine.snapshot.value.masterdata_version == "2026.12-after", within=10,
                       what="a bundle after the restart")
        assert connections.count(Connection.ONLINE) >= 2
    finally:
        await engine.stop()
