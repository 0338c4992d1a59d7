"""Drain a backlog of 10,000 outbox events to the MES on loopback: REST (reference MES) and MQTT (mosquitto).

    .venv/bin/python benchmarks/mes_sync.py [--events 10000]

Prints wall time and events/s for each transport (target: under 5 s each). The baseline is the
same drain with one event per request/round trip (batch size 1), measured in the same run on a
smaller backlog and scaled, to show what batching buys.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hmi import outbox
from hmi.clock import SystemClock
from hmi.config import parse_config
from hmi.station import Station
from hmi.sync import queue
from hmi.sync.config import SyncSection
from hmi.sync.connector import ConnectorContext, MesConnector
from hmi.sync.engine import SyncEngine
from plugins.mes.mqtt import MqttConnector, MqttOptions
from plugins.mes.reference_mes.server import ReferenceMes
from plugins.mes.rest import RestConnector, RestOptions
from tests.mosquitto import Mosquitto


def new_station(folder: Path) -> Station:
    config = parse_config({"station": {"id": "BENCH-01", "name": "Benchmark", "line": "L1"}})
    return Station(config=config, clock=SystemClock(), data_dir=folder).open()


async def fill(station: Station, count: int) -> None:
    now = time.time()

    def write(db):  # type: ignore[no-untyped-def]
        for i in range(count):
            outbox.enqueue(db, station_id=station.station_id, type="defect.recorded",
                           payload={"lot_id": f"L{i % 20}", "code": "D-SCR", "quantity": 1, "actor": "1001"},
                           occurred_at=now + i * 0.001, subject=f"lot/L{i % 20}")

    await station.store.write(write)


async def drain(station: Station, connector: MesConnector, *, batch_size: int) -> float:
    engine = SyncEngine(store=station.store, clock=station.clock, station_id=station.station_id,
                        connector=connector, settings=SyncSection(batch_size=batch_size, masterdata_interval_s=3600))
    await connector.open()
    started = time.perf_counter()
    while await engine.drain_once():
        pass
    elapsed = time.perf_counter() - started
    await engine.stop()
    backlog = station.store.read_blocking(queue.backlog)
    assert backlog.pending == 0, backlog
    return elapsed


async def bench_rest(folder: Path, events: int, batch_size: int) -> float:
    mes = ReferenceMes(db_path=folder / "mes.db")
    await mes.start()
    station = new_station(folder / "station")
    try:
        await fill(station, events)
        context = ConnectorContext(station_id=station.station_id, line="L1")
        elapsed = await drain(station, RestConnector(options=RestOptions(base_url=mes.base_url), context=context),
                              batch_size=batch_size)
        assert len(mes.received.events()) == events
        return elapsed
    finally:
        station.close()
        await mes.stop()
        mes.close()


async def bench_mqtt(folder: Path, events: int, batch_size: int) -> float:
    broker = Mosquitto(folder=folder / "broker")
    await broker.start()
    station = new_station(folder / "station")
    try:
        await fill(station, events)
        context = ConnectorContext(station_id=station.station_id, line="L1")
        connector = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port), context=context)
        return await drain(station, connector, batch_size=batch_size)
    finally:
        station.close()
        await broker.stop()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--baseline-events", type=int, default=1_000)
    args = parser.parse_args()
    print(f"draining {args.events} events on loopback (target < 5 s each)")
    for name, bench in (("REST", bench_rest), ("MQTT", bench_mqtt)):
        with tempfile.TemporaryDirectory() as tmp:
            elapsed = await bench(Path(tmp), args.events, 500)
        with tempfile.TemporaryDirectory() as tmp:
            base = await bench(Path(tmp), args.baseline_events, 1)
        scaled = base * args.events / args.baseline_events
        print(f"{name}: {elapsed:6.2f} s  ({args.events / elapsed:8.0f} events/s, batches of 500)"
              f"   baseline one-at-a-time: {args.baseline_events / base:6.0f} events/s"
              f" (~{scaled:.1f} s for {args.events})")


if __name__ == "__main__":
    asyncio.run(main())
