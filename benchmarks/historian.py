"""Historian: ingest rate with rollups, and trend query latency against a naive baseline.

Data sets: 23 tags x 1 day at 1 Hz (about 2 M samples) and 23 tags x 30 days (at 0.05 Hz by default,
about 3 M samples, so that the run and its raw-row baseline stay within three minutes; pass
``--rate-30d 1`` for the full 60 M). The 30-day query reads the 1 h rollup either way; a sparser
raw table only makes the baseline faster. Both go through the historian's own ingest code (numpy batch
-> raw rows + every rollup level, one transaction per batch) into a file with WAL and
synchronous=NORMAL, as in the station.

Query latency is for all 23 tags over the whole range at max_points=2000: "cold" is a connection
opened just before the query (empty SQLite cache; the OS file cache may be warm), "warm" is the
median of repeated queries on the same connection. The baseline is what a simple design does: read
the raw rows of the range and decimate (min/max per bucket) in Python.

Then the live path (issue 17 §4): 23, 230 and 1,000 tags at 1 Hz with 1-s commits, staged as the station
does, beside the old direct path in the same pass. Idle, then under ``stress-ng --cpu 2``.

    .venv/bin/python benchmarks/historian.py [--quick] [--idle-only | --under-load]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load
from hmi.historian.database import tune
from hmi.historian.ingest import Batch, Ingestor
from hmi.historian.query import query_series
from hmi.historian.staging import Staging
from hmi.store.database import connect
from hmi.store.migrator import load_migrations, migrate

TAGS = 23
T0_MS = 1_800_000_000_000
MAX_POINTS = 2000


def generate(db_path: Path, *, days: int, rate_hz: float, batch_seconds: int) -> tuple[int, float, float]:
    """Write the data set; returns (samples, seconds spent in ingest, CPU seconds spent in ingest)."""
    db = tune(connect(db_path, synchronous="NORMAL"))
    migrate(db, db_path, load_migrations("hmi.historian.migrations"))
    conn = db.conn
    with conn:
        conn.executemany("INSERT INTO tag (id, name) VALUES (?, ?)", [(i + 1, f"tag{i:02d}") for i in range(TAGS)])
    ingestor = Ingestor()
    rng = np.random.default_rng(7)
    step_ms = int(1000 / rate_hz)
    total_ms = int(days * 86_400_000)
    chunk_ms = batch_seconds * 1000
    samples = 0
    spent = 0.0
    cpu = 0.0
    tag_ids = np.arange(1, TAGS + 1, dtype=np.int64)
    for chunk_start in range(0, total_ms, chunk_ms):
        ts = np.arange(T0_MS + chunk_start, T0_MS + min(chunk_start + chunk_ms, total_ms), step_ms, dtype=np.int64)
        n = ts.size
        tag = np.repeat(tag_ids, n)
        times = np.tile(ts, TAGS)
        phase = (times - T0_MS) / 3.6e6
        value = 20.0 + tag * 0.5 + np.sin(phase + tag) * 2.0 + rng.normal(0, 0.05, tag.size)
        quality = np.where(rng.random(tag.size) < 0.001, 2, 0).astype(np.int64)
        batch = Batch(tag, times, value, quality)
        began, began_cpu = time.perf_counter(), time.process_time()
        with conn:
            ingestor.ingest(conn, batch)
        spent += time.perf_counter() - began
        cpu += time.process_time() - began_cpu
        samples += tag.size
    db.close()
    return samples, spent, cpu


def live(tags: int, seconds: int, *, staged: bool) -> float:
    """Samples per CPU-second of the live path: one sample per tag per 1-s commit, after 10 minutes of
    history. ``staged``: the station's path (staging, a fold every minute of the simulated clock);
    otherwise straight into samples and rollups, as before (the baseline)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "live.db"
        db = tune(connect(path, synchronous="NORMAL"))
        migrate(db, path, load_migrations("hmi.historian.migrations"))
        conn = db.conn
        with conn:
            conn.executemany("INSERT INTO tag (id, name) VALUES (?, ?)", [(i + 1, f"t{i}") for i in range(tags)])
        ids = np.arange(1, tags + 1, dtype=np.int64)
        clock = [0.0]
        ingestor, staging = Ingestor(), Staging(monotonic=lambda: clock[0])

        def batch(second: int, count: int = 1) -> Batch:
            ts = T0_MS + np.arange(second * 1000, (second + count) * 1000, 1000, dtype=np.int64)
            tag, times = np.repeat(ids, ts.size), np.tile(ts, tags)
            return Batch(tag, times, np.sin(times / 1e6 + tag), np.zeros(tag.size, dtype=np.int64))

        for second in range(0, 600, 300):
            with conn:
                ingestor.ingest(conn, batch(second, 300))
        began = time.process_time()
        for second in range(600, 600 + seconds):
            clock[0] += 1.0
            with conn:
                if staged:
                    staging.stage(conn, batch(second))
                    if staging.due():
                        staging.fold(conn, ingestor)
                else:
                    ingestor.ingest(conn, batch(second))
        cpu = time.process_time() - began
        db.close()
    return tags * seconds / cpu


def ranges(db_path: Path) -> list[tuple[str, float, float]]:
    """CPU seconds (median of 5, warm) of a query over the last 10 min ... 1 d of the 1-day set: from
    the packed levels, and (the baseline, in the same run) with the 10 s level read as rows, as a file
    from before migration 0006 is read until the historian has packed it."""
    tags = [f"tag{i:02d}" for i in range(TAGS)]
    end = T0_MS / 1000 + 86_400
    db = connect(db_path, synchronous="NORMAL")

    def median_cpu(start: float) -> float:
        runs = []
        for _ in range(5):
            began = time.process_time()
            query_series(db.conn, tags, start, end, MAX_POINTS)
            runs.append(time.process_time() - began)
        return statistics.median(runs)

    figures = []
    for name, span in (("10 min", 600), ("30 min", 1800), ("1 h", 3600), ("2 h", 7200), ("6 h", 21_600), ("1 d", 86_400)):
        packed = median_cpu(end - span)
        with db.conn:
            db.conn.execute("INSERT INTO rollup_unpacked (level, tag_id, next_block_ms) SELECT 1, id, 0 FROM tag")
        as_rows = median_cpu(end - span)
        with db.conn:
            db.conn.execute("DELETE FROM rollup_unpacked")
        figures.append((name, packed, as_rows))
    db.close()
    return figures


def naive_query(conn, start_ms: int, end_ms: int) -> int:
    """Raw rows of the range, decimated in Python into MAX_POINTS/2 min/max buckets per tag."""
    points = 0
    buckets = MAX_POINTS // 2
    width = (end_ms - start_ms) / buckets
    for tag_id in range(1, TAGS + 1):
        rows = conn.execute(
            "SELECT ts_ms, value, quality FROM sample WHERE tag_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms",
            (tag_id, start_ms, end_ms),
        ).fetchall()
        lo: dict[int, float] = {}
        hi: dict[int, float] = {}
        for ts, value, quality in rows:
            if quality != 0 or value is None:
                continue
            key = int((ts - start_ms) / width)
            if key not in lo or value < lo[key]:
                lo[key] = value
            if key not in hi or value > hi[key]:
                hi[key] = value
        points += len(lo) + len(hi)
    return points


def measure(db_path: Path, days: int) -> dict[str, float]:
    tags = [f"tag{i:02d}" for i in range(TAGS)]
    start, end = T0_MS / 1000, T0_MS / 1000 + days * 86_400
    db = connect(db_path, synchronous="NORMAL")
    began = time.perf_counter()
    result = query_series(db.conn, tags, start, end, MAX_POINTS)
    cold = time.perf_counter() - began
    most = max(len(s) for s in result.values())
    warm_runs = []
    cpu_runs = []
    for _ in range(10):
        began, began_cpu = time.perf_counter(), time.process_time()
        query_series(db.conn, tags, start, end, MAX_POINTS)
        warm_runs.append(time.perf_counter() - began)
        cpu_runs.append(time.process_time() - began_cpu)
    db.close()
    db = connect(db_path, synchronous="NORMAL")
    began = time.perf_counter()
    naive_points = naive_query(db.conn, T0_MS, T0_MS + days * 86_400_000)
    naive = time.perf_counter() - began
    db.close()
    return {"cold": cold, "warm": statistics.median(warm_runs), "cpu": statistics.median(cpu_runs), "naive": naive, "points": most,
            "level": result[tags[0]].source, "naive_points": naive_points / TAGS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate-30d", type=float, default=None, help="sample rate of the 30-day set (Hz; 0.05, quick 0.01)")
    parser.add_argument("--live-seconds", type=int, default=None, help="seconds of live input (600; quick 180)")
    load.add_options(parser)
    args = parser.parse_args()
    rate_30d = args.rate_30d or (0.01 if args.quick else 0.05)
    live_seconds = args.live_seconds or (180 if args.quick else 600)
    for label in load.passes(args):
        print(f"[{label}] live path, 1 sample per tag per 1-s commit (target: 1,000 tags under 2 % of a core):")
        for tags in (23, 230, 1000):
            staged = live(tags, live_seconds, staged=True)
            direct = live(tags, min(live_seconds, 120), staged=False)
            print(f"  {tags:5} tags: staged {staged:10,.0f} samples per CPU-second = {tags / staged * 100:5.2f} % of a core"
                  f" at 1 Hz;  straight into rollups (baseline) {direct:8,.0f} = {tags / direct * 100:5.2f} %")
        with tempfile.TemporaryDirectory() as tmp:
            for days, rate, batch_s in ((1, 1.0, 600), (30, rate_30d, 6_000)):
                path = Path(tmp) / f"history-{days}d.db"
                samples, spent, cpu = generate(path, days=days, rate_hz=rate, batch_seconds=batch_s)
                size_mb = sum(p.stat().st_size for p in Path(tmp).glob(f"history-{days}d.db*")) / 1e6
                print(f"  {TAGS} tags x {days} d at {rate:g} Hz: {samples:,} samples ingested in {spent:.1f} s"
                      f" = {samples / spent:,.0f} samples/s with rollups (4 levels), {samples / cpu:,.0f} per CPU-second;"
                      f" file {size_mb:,.0f} MB")
                figures = measure(path, days)
                print(f"  query {TAGS} tags x {days} d, max_points={MAX_POINTS} (level {figures['level']},"
                      f" {figures['points']} points/pen): cold {figures['cold'] * 1000:.1f} ms,"
                      f" warm {figures['warm'] * 1000:.1f} ms (median of 10; {figures['cpu'] * 1000:.1f} ms CPU)")
                print(f"  baseline raw rows + Python decimation: {figures['naive'] * 1000:,.0f} ms"
                      f" -> historian is {figures['naive'] / figures['cold']:,.0f}x faster cold,"
                      f" {figures['naive'] / figures['warm']:,.0f}x warm")
                if days == 1:
                    print(f"  short ranges, {TAGS} tags, max_points={MAX_POINTS}, ms CPU (target <= 30 ms each;"
                          " baseline: the 10 s level read as rows):"
                          + "".join(f"  {name} {cpu * 1000:.1f} (baseline {rows * 1000:.1f})"
                                    for name, cpu, rows in ranges(path)))
                path.unlink()

if __name__ == "__main__":
    main()
