"""MQTT master data: a new station applies the retained bundle within seconds, not at its next periodic pull."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiomqtt
import pytest

from hmi.station import Station
from hmi.sync.config import SyncSection
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
