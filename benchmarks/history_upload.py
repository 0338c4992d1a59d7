"""Backfill a generated history.db through each history sink on loopback; the per-station figures for the README.

    .venv/bin/python benchmarks/history_upload.py [--tags 23] [--rows 200000] [--sinks postgres,sparkplug]

For each sink: the backfill rate (rows/s) through the real uploader (for PostgreSQL with the rows
that took the direct COPY and the staging path), and its CPU cost per row in this
process (the station's side; the broker's or the server's CPU is theirs), from which the live cost of
1,000 tags at 1 Hz follows. Baselines in the same run: for PostgreSQL a plain psycopg ``executemany``
of the same rows; for Sparkplug B one raw QoS 1 publish of a 25-byte payload per row, awaited in
batches (what MQTT alone costs here). Figures on a shared machine mean little alone: read the ratios.
The broker's or database's own capacity is measured with their own tools; see the README's "Scale".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiomqtt
import psycopg

from hmi.clock import SystemClock
from hmi.connections.supervisor import ConnectionSupervisor
from hmi.historian.database import HistoryDatabase
from hmi.historian.sinks import HistorySink
from hmi.historian.upload import SinkUploader
from hmi.historian.upload_config import HistorySection
from plugins.history.postgres import PostgresSink
from plugins.history.sparkplug import SparkplugSink
from plugins.mqtt_pipeline import publish_pipelined
from tests.history_support import context, fill, settings
from tests.mosquitto import Mosquitto
from tests.postgres import Postgres, binaries


async def backfill(db: HistoryDatabase, sink: HistorySink, name: str, rows: int,
                   budget: HistorySection | None = None) -> tuple[float, float]:
    """(rows/s, CPU s per row in this process) for the uploader to empty the backlog into ``sink``
    (with no budget by default; ``budget``: a station's ``[history]`` settings)."""
    uploader = SinkUploader(name=name, sink=sink, db=db, clock=SystemClock(),
                            settings=budget or settings(batch_rows=20_000, live_interval_s=1.0))
    supervisor = ConnectionSupervisor(name=name, connection=uploader, report=lambda s: None, initial_s=0.1, max_s=1)
    cpu, wall = time.process_time(), time.monotonic()
    task = asyncio.create_task(supervisor.run())
    try:
        while True:
            await asyncio.sleep(0.25)
            status = await uploader.refresh_status()
            if status.backlog_rows == 0 and not status.backfilling:
                break
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    spent = time.monotonic() - wall
    return rows / spent, (time.process_time() - cpu) / rows


def executemany_baseline(pg: Postgres, rows: list[tuple[str, int, float | None, int]]) -> float:
    with psycopg.connect(pg.conninfo(), autocommit=False) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS baseline (station_id text, tag text, ts timestamptz, value double "
                     "precision, quality smallint, PRIMARY KEY (station_id, tag, ts))")
        conn.commit()
        started = time.monotonic()
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO baseline VALUES ('B', %s, timestamptz 'epoch' + %s * interval '1 millisecond',"
                            " %s, %s) ON CONFLICT DO NOTHING", rows)
        conn.commit()
        return len(rows) / (time.monotonic() - started)


async def publish_baseline(port: int, count: int) -> float:
    async with aiomqtt.Client("127.0.0.1", port, identifier="bench-raw", max_inflight_messages=64) as client:
        client.pending_calls_threshold = 1_000_000
        payload = b"x" * 25
        started = time.monotonic()
        for at in range(0, count, 2000):
            errors = await publish_pipelined(client, [("bench/raw", payload)] * min(2000, count - at), timeout_s=30)
            assert not any(errors)
        return count / (time.monotonic() - started)


def edge_rows(path: Path) -> list[tuple[str, int, float | None, int]]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT t.name, s.ts_ms, s.value, s.quality FROM sample s JOIN tag t ON t.id = s.tag_id"
                            ).fetchall()
    finally:
        conn.close()


def report(name: str, rate: float, cpu_per_row: float, baseline: float, what: str) -> None:
    live = cpu_per_row * 1000 * 100
    print(f"{name:10s} backfill {rate:>10,.0f} rows/s   {what} baseline {baseline:>10,.0f} rows/s "
          f"(ratio {rate / baseline:.2f})   CPU {cpu_per_row * 1e6:.1f} µs/row -> live 1,000 tags at 1 Hz ≈ "
          f"{live:.1f} % of a core")


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.db"
        db = HistoryDatabase(path=path).open()
        per_tag = args.rows // args.tags
        tags = [f"Line.Tag{i:02d}" for i in range(args.tags)]
        # Up to a minute ago, all of it is backfill; with --live-ahead up to now, so the live stream's rows
        # reach the centre first and the backfill runs behind them (PostgreSQL's direct path then probes spans).
        end_s = time.time() - (0 if args.live_ahead else 60)
        total = fill(db, tags=tags, start_s=end_s - per_tag, count=per_tag)
        print(f"{total:,} rows of {args.tags} tags in history.db (an outage of {per_tag / 3600:.1f} h at 1 Hz"
              f"{', up to now: live goes first' if args.live_ahead else ''})")
        sinks = args.sinks.split(",")
        try:
            if "postgres" in sinks:
                if binaries() is None:
                    print("postgres: not installed (packaging/system-deps.sh --test)")
                else:
                    pg = Postgres()
                    pg.start()
                    try:
                        sink = PostgresSink.from_options(pg.options(schema="bench"), context())
                        rate, cpu = await backfill(db, sink, "pg", total)
                        base = await asyncio.to_thread(executemany_baseline, pg, edge_rows(path)[:args.baseline_rows])
                        report("postgres", rate, cpu, base, "executemany")
                        paths = sink.paths
                        print(f"{'':10s} paths: direct COPY {paths.direct_rows:,} rows in {paths.direct_batches} "
                              f"batches, staging + ON CONFLICT {paths.staged_rows:,} rows in {paths.staged_batches}"
                              f" batches, {paths.direct_failures} direct failures")
                        size = pg.query("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                                        " ON n.oid = c.relnamespace WHERE n.nspname = 'bench' AND c.relkind = 'r'"
                                        " AND c.relname LIKE 'sample%%'")[0][0]
                        print(f"{'':10s} {int(size) / total:.0f} bytes per raw row at the centre (table and key)")
                    finally:
                        pg.remove()
            if "sparkplug" in sinks:
                broker = Mosquitto(folder=Path(folder) / "mosquitto")
                await broker.start()
                try:
                    options: dict[str, Any] = {"host": "127.0.0.1", "port": broker.port, "group_id": "bench"}
                    rate, cpu = await backfill(db, SparkplugSink.from_options(options, context()), "spb", total)
                    base = await publish_baseline(broker.port, args.baseline_rows)
                    report("sparkplug", rate, cpu, base, "1 publish/row")
                finally:
                    await broker.stop()
        finally:
            db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags", type=int, default=23)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--baseline-rows", type=int, default=50_000)
    parser.add_argument("--sinks", default="postgres,sparkplug")
    parser.add_argument("--live-ahead", action="store_true", help="the outage ends now: live rows go first")
    asyncio.run(main(parser.parse_args()))
