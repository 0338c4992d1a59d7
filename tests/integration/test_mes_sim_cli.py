"""``hmi mes-sim`` as the demo runs it: a real process serving REST and reading events from mosquitto."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from pathlib import Path

import httpx
import pytest

from hmi.station import Station
from plugins.mes.mqtt import MqttConnector, MqttOptions
from tests.mes_helpers import context, make_engine, record_events, wait_drained, wait_for
from tests.mosquitto import Mosquitto, free_port

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not Mosquitto.available(), reason="mosquitto is not installed")]


def received(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


async def test_mes_sim_serves_rest_reads_mqtt_and_publishes_master_data(station: Station, tmp_path: Path) -> None:
    broker = Mosquitto(folder=tmp_path / "broker")
    await broker.start()
    port = free_port()
    db = tmp_path / "mes.db"
    sim = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hmi.cli.main", "mes-sim", "--port", str(port), "--db", str(db),
        "--mqtt-port", str(broker.port), "--mqtt-line", "ANO-1",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    connector = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port), context=context(station))
    engine = make_engine(station, connector)
    try:
        assert sim.stdout is not None
        for _ in range(2):
            line = await asyncio.wait_for(sim.stdout.readline(), 30)
        assert b"reading events from mqtt" in line
        async with httpx.AsyncClient() as client:
            health = await client.get(f"http://127.0.0.1:{port}/api/v1/health")
            control = await client.post(f"http://127.0.0.1:{port}/sim/control", json={"fail_next": 2})
        assert health.json() == {"status": "ok"} and control.json()["fail_next"] == 2

        await record_events(station, 300, type="lot.finished")
        await engine.start()
        await wait_drained(station)
        await wait_for(lambda: received(db) == 300, what="events in the simulator's database")
        await connector.open()
        bundle = None
        for _ in range(100):
            bundle = await connector.fetch_masterdata(None)     # retained: there as soon as we subscribe
            if bundle is not None:
                break
            await asyncio.sleep(0.05)
        assert bundle is not None and "WO-24117" in {o["order_no"] for o in bundle.data["work_orders"]}
    finally:
        await engine.stop()
        sim.send_signal(signal.SIGTERM)
        await asyncio.wait_for(sim.wait(), 15)
        await broker.stop()
    assert sim.returncode == 0
