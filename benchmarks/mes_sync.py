"""Drain a backlog of 10,000 outbox events to the MES on loopback: REST (reference MES) and MQTT (mosquitto).

    .venv/bin/python benchmarks/mes_sync.py [--events 10000] [--quick]

Prints the wall time of each drain idle and under ``stress-ng --cpu 2`` (started here), beside the
one-at-a-time baseline (batch size 1: one request, or one publish awaited before the next) measured
in the same run on a smaller backlog and scaled. Targets (issue 17 section 5): MQTT <= 2.5 s idle and
<= 5 s under load. Over MQTT the events are read by the reference MES in its own process (``hmi
mes-sim --mqtt-port``, paused while the station drains: the broker queues for it), and every run
checks that each event arrived exactly once, in order per subject.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load
from hmi import outbox
from hmi.clock import SystemClock
from hmi.config import parse_config
from hmi.station import Station
from hmi.sync import queue
from hmi.sync.config import SyncSection
from hmi.sync.connector import ConnectorContext, MesConnector
from hmi.sync.engine import SyncEngine
from plugins.mes.mqtt import MqttConnector, MqttOptions
from plugins.mes.reference_mes.received import ReceivedEvents
from plugins.mes.reference_mes.server import ReferenceMes
from plugins.mes.rest import RestConnector, RestOptions
from tests.mosquitto import Mosquitto, free_port


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
    mes_db = folder / "mes.db"
    mes = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hmi.cli.main", "mes-sim", "--port", str(free_port()), "--db", str(mes_db),
        "--mqtt-port", str(broker.port), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    station = new_station(folder / "station")
    try:
        assert mes.stdout is not None
        while line := await asyncio.wait_for(mes.stdout.readline(), 60):   # subscribed before we publish
            if b"reading events from mqtt" in line:
                break
        await fill(station, events)
        context = ConnectorContext(station_id=station.station_id, line="L1")
        connector = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port), context=context)
        # The MES is another machine in real life: paused while the station drains (the broker queues
        # its messages), so the figure is the station's, then resumed to check what it received.
        os.kill(mes.pid, signal.SIGSTOP)
        try:
            elapsed = await drain(station, connector, batch_size=batch_size)
        finally:
            os.kill(mes.pid, signal.SIGCONT)
        subjects = {e.seq: e.subject for e in station.store.read_blocking(
            lambda db: outbox.by_status(db, "delivered", limit=events))}
        received = ReceivedEvents(path=mes_db)
        try:
            # The MES is another process writing its own file: poll it, for up to 2 minutes.
            for _ in range(600):
                rows = received.events(station.station_id)
                if len(rows) >= events:
                    break
                await asyncio.sleep(0.2)
        finally:
            received.close()
        check_exactly_once_in_order(rows, subjects, events)
        return elapsed
    finally:
        station.close()
        mes.terminate()
        await asyncio.wait_for(mes.wait(), 30)
        await broker.stop()


def check_exactly_once_in_order(rows: list[tuple[int, str, int, str]], subjects: dict[int, str | None],
                                events: int) -> None:
    ids = [r[1] for r in rows]
    assert len(ids) == events and len(set(ids)) == events, f"{len(set(ids))} distinct of {len(ids)}, {events} sent"
    last: dict[str | None, int] = {}
    for _, _, seq, _ in rows:
        subject = subjects.get(seq)
        assert seq > last.get(subject, 0), f"seq {seq} of {subject} arrived after seq {last[subject]}"
        last[subject] = seq


async def measure(bench, events: int, baseline_events: int,  # type: ignore[no-untyped-def]
                  batch_size: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        elapsed = await bench(Path(tmp), events, batch_size)
    with tempfile.TemporaryDirectory() as tmp:
        base = await bench(Path(tmp), baseline_events, 1)
    return elapsed, base * events / baseline_events


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--baseline-events", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=500, help="[sync] batch_size (the default is 500)")
    load.add_options(parser)  # --quick: 2,000 events, a 200-event baseline
    args = parser.parse_args()
    if args.quick:
        args.events, args.baseline_events = 2_000, 200
    print(f"draining {args.events} events on loopback; targets: MQTT <= 2.5 s idle, <= 5 s under load"
          f" (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for label in load.passes(args):
        for name, bench in (("REST", bench_rest), ("MQTT", bench_mqtt)):
            elapsed, baseline = await measure(bench, args.events, args.baseline_events, args.batch_size)
            print(f"{name:4} {label}: {elapsed:6.2f} s ({args.events / elapsed:6.0f} events/s,"
                  f" batches of {args.batch_size})"
                  f"   one at a time: ~{baseline:6.1f} s ({args.events / baseline:5.0f} events/s)", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
