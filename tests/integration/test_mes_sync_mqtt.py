"""Store-and-forward over MQTT against a real mosquitto broker started by the test."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiomqtt
import pytest

from hmi.station import Station
from hmi.sync.engine import Connection
from plugins.mes.mqtt import MqttConnector, MqttOptions
from plugins.mes.reference_mes.mqtt_sink import MqttEventSink
from plugins.mes.reference_mes.received import ReceivedEvents
from tests.mes_helpers import context, make_engine, record_events, wait_drained, wait_for
from tests.mosquitto import Mosquitto

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not Mosquitto.available(), reason="mosquitto is not installed")]


@pytest.fixture
async def broker(tmp_path: Path) -> AsyncIterator[Mosquitto]:
    server = Mosquitto(folder=tmp_path / "broker")
    await server.start()
    yield server
    await server.stop()


def mqtt(station: Station, broker: Mosquitto, **options: object) -> MqttConnector:
    return MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, timeout_s=3,  # type: ignore[arg-type]
                                             **options), context=context(station))


async def test_events_arrive_once_with_the_documented_topics(station: Station, broker: Mosquitto,
                                                             tmp_path: Path) -> None:
    received = ReceivedEvents(path=tmp_path / "mes.db")
    sink = MqttEventSink(received=received, host="127.0.0.1", port=broker.port, share_group="mes")
    await sink.start()
    topics: list[str] = []
    async with aiomqtt.Client("127.0.0.1", broker.port) as spy:
        await spy.subscribe("hmi/#", qos=1)
        engine = make_engine(station, mqtt(station, broker))
        await record_events(station, 2000, type="lot.started")
        await engine.start()
        try:
            await wait_drained(station)
            await wait_for(lambda: len(received.events()) == 2000, what="all events at the MES")
            assert engine.snapshot.value.connection is Connection.ONLINE
        finally:
            await engine.stop()
        async with asyncio.timeout(5):
            async for message in spy.messages:
                topics.append(str(message.topic))
                if len(topics) >= 3:
                    break
    await sink.stop()
    seqs = [r[2] for r in received.events()]
    assert sorted(seqs) == list(range(1, 2001))
    received.close()
    assert "hmi/site/ANO-1/ANO-01/events/lot.started" in topics


async def test_last_will_marks_the_station_offline_when_it_dies(broker: Mosquitto, tmp_path: Path) -> None:
    config = tmp_path / "station.toml"
    config.write_text(f"""
[station]
id = "WILL-01"
name = "Last will"
line = "L1"
[paths]
data_dir = "{tmp_path / 'data'}"
[mes]
driver = "mqtt"
host = "127.0.0.1"
port = {broker.port}
""", encoding="utf-8")
    states: list[str] = []
    async with aiomqtt.Client("127.0.0.1", broker.port) as watcher:
        await watcher.subscribe("hmi/site/L1/WILL-01/status", qos=1)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hmi.cli.main", "run", "--headless", "--config", str(config),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        try:
            async with asyncio.timeout(30):
                async for message in watcher.messages:
                    states.append(json.loads(message.payload)["state"])  # type: ignore[arg-type]
                    if states[-1] == "online":
                        process.kill()                       # SIGKILL: the station cannot say goodbye
                    if states[-1] == "offline":
                        break
        finally:
            if process.returncode is None:
                process.kill()
            await process.wait()
    assert states == ["online", "offline"]
    # The offline state is retained: a dashboard that connects later still sees it.
    async with aiomqtt.Client("127.0.0.1", broker.port) as late:
        await late.subscribe("hmi/site/L1/WILL-01/status", qos=1)
        async with asyncio.timeout(5):
            message = await anext(aiter(late.messages))
    assert message.retain and json.loads(message.payload)["state"] == "offline"  # type: ignore[arg-type]


async def test_qos1_delivery_survives_a_broker_restart(station: Station, broker: Mosquitto, tmp_path: Path) -> None:
    received = ReceivedEvents(path=tmp_path / "mes.db")
    sink = MqttEventSink(received=received, host="127.0.0.1", port=broker.port)
    await sink.start()
    engine = make_engine(station, mqtt(station, broker))
    await record_events(station, 6000)
    await engine.start()
    try:
        await wait_for(lambda: len(received.events()) > 0, what="the first events")
        await broker.restart()                                  # mid-drain
        await wait_for(lambda: engine.snapshot.value.connection is not Connection.ONLINE or
                       engine.snapshot.value.pending == 0, what="the engine noticed")
        await wait_drained(station)
        await wait_for(lambda: len(received.events()) == 6000, what="every event at the MES", within=20)
    finally:
        await engine.stop()
        await sink.stop()
    rows = received.events()
    assert len({r[1] for r in rows}) == 6000
    assert sorted(r[2] for r in rows) == list(range(1, 6001))
    received.close()
