"""Historian: ingest rate with rollups, and trend query latency against a naive baseline.

Data sets: 23 tags x 1 day at 1 Hz (about 2 M samples) and 23 tags x 30 days (at 0.05 Hz by default,
about 3 M samples, so that the run and its raw-row baseline stay within three minutes; pass
``--rate-30d 1`` for the full 60 M). The 30-day query reads the 1 h rollup either way; a sparser
raw table only makes the baseline faster. Both go through the historian's own ingest code (numpy batch
-> raw rows + every rollup level, one transaction per batch) into a file with WAL and
synchronous=NORMAL, as in the station.

Query latency is for all 23 tags over the whole range at max_points=2000: "cold" is a connection
opened just before the query (empty SQLite cache; the OS file cache may be warm), "warm" is the
median of repeated queries on the same connection. The baselines are what a simple design does: read
the raw rows of the range and decimate (min/max per bucket) in Python, or a plain SQLite GROUP BY.

Then CPU and wall time of ranges from 10 minutes to 30 days, ending at the newest sample, chosen
around the level switches (just under a switch a level reads the most rows), for 23, 230 and 1,000
tags (issue 17 §4; target for 23 tags: <= 30 ms CPU each). 230 and 1,000 tags are the 23 tags'
stored rows copied under new tag ids, only those the ranges can read, so that the run stays short.

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
from hmi.historian.ingest import BLOCK_BUCKETS, LEVEL_OF_NUMBER, LEVELS, Batch, Ingestor
from hmi.historian.query import _level_for, query_series
from hmi.historian.staging import Staging
from hmi.store.database import connect
from hmi.store.migrator import load_migrations, migrate

TAGS = 23
T0_MS = 1_800_000_000_000
MAX_POINTS = 2000


def generate(db_path: Path, *, days: int, rate_hz: float, batch_seconds: int, tags: int = TAGS) -> tuple[int, float, float]:
    """Write the data set; returns (samples, seconds spent in ingest, CPU seconds spent in ingest)."""
    db = tune(connect(db_path, synchronous="NORMAL"))
    migrate(db, db_path, load_migrations("hmi.historian.migrations"))
    conn = db.conn
    with conn:
        conn.executemany("INSERT INTO tag (id, name) VALUES (?, ?)", [(i + 1, f"tag{i:02d}") for i in range(tags)])
    ingestor = Ingestor()
    rng = np.random.default_rng(7)
    step_ms = int(1000 / rate_hz)
    total_ms = int(days * 86_400_000)
    chunk_ms = batch_seconds * 1000
    samples = 0
    spent = 0.0
    cpu = 0.0
    tag_ids = np.arange(1, tags + 1, dtype=np.int64)
    for chunk_start in range(0, total_ms, chunk_ms):
        ts = np.arange(T0_MS + chunk_start, T0_MS + min(chunk_start + chunk_ms, total_ms), step_ms, dtype=np.int64)
        n = ts.size
        tag = np.repeat(tag_ids, n)
        times = np.tile(ts, tags)
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


# Query ranges ending at the newest sample, chosen around the level switches of query_series at
# max_points=2000 (900 display buckets): raw rows while a pen has <= 2,000 of them (33 min at 1 Hz),
# the 10 s level up to 10 h, 1 min up to 100 h, 10 min up to 600 h, then 1 h. Just under a switch is
# where a level reads the most rows.
RANGES: tuple[tuple[str, int], ...] = (
    ("10 min", 600), ("33 min", 1980), ("34 min", 2040), ("2 h", 7200), ("9.9 h", 35_640), ("10 h", 36_000),
    ("1 d", 86_400), ("4.1 d", 354_240), ("4.2 d", 362_880), ("24.9 d", 2_151_360), ("25 d", 2_160_000),
    ("30 d", 2_592_000),
)
DAY_S = 86_400


WIDER = (230, 1000)


def widen(db_path: Path, *, tags: int, end_ms: int, spans: list[int], rate_hz: float) -> int:
    """Give the file ``tags`` tags by copying the 23 tags' stored rows under new tag ids, as ingest would
    have written them for tags with the same values. Only what the ranges in ``spans`` (ending at
    ``end_ms``) can read is copied: each level's blocks and open-block rows over the longest span that
    picks that level, and the raw rows over the longest span whose rows fit a pen. Returns rows copied."""
    db = connect(db_path, synchronous="NORMAL")
    conn = db.conn
    have = conn.execute("SELECT count(*) FROM tag").fetchone()[0]
    reach: dict[int, int] = {}
    for span in spans:
        level = _level_for(span * 1000 / max(1, int(MAX_POINTS * 0.45))) or LEVELS[0]
        reach[level.number] = max(reach.get(level.number, 0), span * 1000)
    raw_reach = min(max(spans) * 1000, int((MAX_POINTS + 1) / rate_hz * 1000))
    copied = 0
    with conn:
        conn.executemany("INSERT INTO tag (id, name) VALUES (?, ?)", [(i + 1, f"tag{i:02d}") for i in range(have, tags)])
        for number, span_ms in reach.items():
            width = LEVEL_OF_NUMBER[number].width_ms * BLOCK_BUCKETS
            since = end_ms - span_ms - width
            copied += conn.execute(
                "INSERT OR IGNORE INTO rollup_block SELECT b.level, t.id, b.block_ms, b.data FROM rollup_block b"
                " JOIN tag t ON t.id > ? AND (t.id - 1) % ? + 1 = b.tag_id WHERE b.level = ? AND b.block_ms >= ?",
                (have, TAGS, number, since)).rowcount
            copied += conn.execute(
                "INSERT OR IGNORE INTO rollup SELECT r.level, t.id, r.bucket_ms, r.n, r.bad, r.total, r.lo, r.hi,"
                " r.first_ts, r.first_v, r.last_ts, r.last_v FROM rollup r JOIN tag t ON t.id > ? AND (t.id - 1) % ? + 1"
                " = r.tag_id WHERE r.level = ? AND r.tag_id <= ? AND r.bucket_ms >= ?",
                (have, TAGS, number, TAGS, end_ms - end_ms % width - width)).rowcount
        copied += conn.execute(
            "INSERT OR IGNORE INTO sample SELECT t.id, s.ts_ms, s.value, s.quality FROM sample s JOIN tag t"
            " ON t.id > ? AND (t.id - 1) % ? + 1 = s.tag_id WHERE s.tag_id <= ? AND s.ts_ms >= ?",
            (have, TAGS, TAGS, end_ms - raw_reach)).rowcount
    db.close()
    return copied


def time_query(db_path: Path, tags: int, start: float, end: float, runs: int) -> tuple[float, float, str, int]:
    """(median CPU s, median wall s, level, most points per pen) of warm queries over every tag."""
    names = [f"tag{i:02d}" for i in range(tags)]
    db = connect(db_path, synchronous="NORMAL")
    result = query_series(db.conn, names, start, end, MAX_POINTS)  # warms the page cache
    cpu_runs, wall_runs = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        query_series(db.conn, names, start, end, MAX_POINTS)
        wall_runs.append(time.perf_counter() - began)
        cpu_runs.append(time.process_time() - began_cpu)
    db.close()
    first = result[names[0]]
    return statistics.median(cpu_runs), statistics.median(wall_runs), first.source, max(len(s) for s in result.values())


def as_rows_cpu(db_path: Path, tags: int, start: float, end: float, runs: int) -> float:
    """The baseline for a range that reads the 10 s level: that level read as rows, as a file from
    before migration 0006 is read until the historian has packed it."""
    db = connect(db_path, synchronous="NORMAL")
    with db.conn:
        db.conn.execute("INSERT INTO rollup_unpacked (level, tag_id, next_block_ms) SELECT 1, id, 0 FROM tag")
    db.close()
    try:
        return time_query(db_path, tags, start, end, runs)[0]
    finally:
        db = connect(db_path, synchronous="NORMAL")
        with db.conn:
            db.conn.execute("DELETE FROM rollup_unpacked")
        db.close()


def range_table(tags: int, day_path: Path, month_path: Path) -> list[str]:
    """One line per range: level, points per pen, CPU and wall ms (median of warm runs)."""
    runs = 5 if tags <= 230 else 3
    lines = [f"  queries over {tags} tags, max_points={MAX_POINTS}, median of {runs} warm runs"
             f" (target for 23 tags: <= 30 ms CPU each; baseline, 23 tags: the 10 s level read as rows):"]
    for name, span in RANGES:
        path, end = (day_path, T0_MS / 1000 + DAY_S) if span <= DAY_S else (month_path, T0_MS / 1000 + 30 * DAY_S)
        cpu, wall, level, points = time_query(path, tags, end - span, end, runs)
        rows = tags == TAGS and level == "10s"
        baseline = f"{as_rows_cpu(path, tags, end - span, end, runs) * 1000:7.1f}" if rows else "      —"
        flag = "  MISSES" if tags == TAGS and cpu > 0.030 else ""
        lines.append(f"    {name:>7} ({'1 d' if span <= DAY_S else '30 d'} set) level {level:>3}, {points:5} points/pen:"
                     f" CPU {cpu * 1000:7.1f} ms, wall {wall * 1000:7.1f} ms; as rows {baseline} ms CPU{flag}")
    return lines


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


def group_by_query(conn, start_ms: int, end_ms: int) -> int:
    """The issue's baseline: a plain SQLite GROUP BY over the raw rows, min and max per display bucket."""
    width = max(1, (end_ms - start_ms) // (MAX_POINTS // 2))
    marks = ",".join("?" * TAGS)
    rows = conn.execute(
        f"SELECT tag_id, (ts_ms - ?) / ? AS b, min(value), max(value) FROM sample WHERE tag_id IN ({marks})"
        " AND ts_ms >= ? AND ts_ms < ? AND quality = 0 GROUP BY tag_id, b",
        (start_ms, width, *range(1, TAGS + 1), start_ms, end_ms),
    ).fetchall()
    return 2 * len(rows)


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
    db = connect(db_path, synchronous="NORMAL")
    began = time.perf_counter()
    group_by_query(db.conn, T0_MS, T0_MS + days * 86_400_000)
    group_by = time.perf_counter() - began
    db.close()
    return {"cold": cold, "warm": statistics.median(warm_runs), "cpu": statistics.median(cpu_runs), "naive": naive,
            "group_by": group_by, "points": most,
            "level": result[tags[0]].source, "naive_points": naive_points / TAGS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate-30d", type=float, default=None,
                        help="sample rate of the 23-tag 30-day set (Hz; 0.05, quick 1/60)")
    parser.add_argument("--live-seconds", type=int, default=None, help="seconds of live input (600; quick 120)")
    load.add_options(parser)
    args = parser.parse_args()
    rate_30d = args.rate_30d or (1 / 60 if args.quick else 0.05)
    live_seconds = args.live_seconds or (120 if args.quick else 600)
    for label in load.passes(args):
        print(f"[{label}] live path, 1 sample per tag per 1-s commit (target: 1,000 tags under 2 % of a core):")
        for tags in (23, 230, 1000):
            staged = live(tags, live_seconds, staged=True)
            direct = live(tags, min(live_seconds, 120), staged=False)
            print(f"  {tags:5} tags: staged {staged:10,.0f} samples per CPU-second = {tags / staged * 100:5.2f} % of a core"
                  f" at 1 Hz;  straight into rollups (baseline) {direct:8,.0f} = {tags / direct * 100:5.2f} %")
        with tempfile.TemporaryDirectory() as tmp:
            paths: dict[int, Path] = {}
            for days, rate in ((1, 1.0), (30, rate_30d)):
                path = paths[days] = Path(tmp) / f"history-{days}d.db"
                batch_s = max(600, int(13_800 / (TAGS * rate)))  # about 13,800 samples per transaction
                samples, spent, cpu = generate(path, days=days, rate_hz=rate, batch_seconds=batch_s)
                size_mb = sum(p.stat().st_size for p in Path(tmp).glob(f"history-{days}d.db*")) / 1e6
                print(f"  {TAGS} tags x {days} d at {rate:.4g} Hz: {samples:,} samples ingested in {spent:.1f} s"
                      f" = {samples / spent:,.0f} samples/s with rollups (4 levels), {samples / cpu:,.0f} per CPU-second;"
                      f" file {size_mb:,.0f} MB")
                figures = measure(path, days)
                print(f"  query {TAGS} tags x {days} d, max_points={MAX_POINTS} (level {figures['level']},"
                      f" {figures['points']} points/pen): cold {figures['cold'] * 1000:.1f} ms,"
                      f" warm {figures['warm'] * 1000:.1f} ms (median of 10; {figures['cpu'] * 1000:.1f} ms CPU)")
                print(f"  baseline raw rows + Python decimation: {figures['naive'] * 1000:,.0f} ms"
                      f" -> historian is {figures['naive'] / figures['cold']:,.0f}x faster cold,"
                      f" {figures['naive'] / figures['warm']:,.0f}x warm")
                print(f"  baseline SQLite GROUP BY over the raw rows: {figures['group_by'] * 1000:,.0f} ms"
                      f" -> historian is {figures['group_by'] / figures['cold']:,.0f}x faster cold,"
                      f" {figures['group_by'] / figures['warm']:,.0f}x warm (target for 1 d: >= 50x)")
            print(f"  the 1 d set serves the ranges up to 1 d, the 30 d set ({rate_30d:.4g} Hz: every 1 min bucket"
                  " filled) the longer ones")
            for line in range_table(TAGS, paths[1], paths[30]):
                print(line, flush=True)
            for tags in WIDER:
                copied = sum(
                    widen(paths[days], tags=tags, end_ms=T0_MS + days * DAY_S * 1000, rate_hz=rate,
                          spans=[span for _, span in RANGES if (span <= DAY_S) == (days == 1)])
                    for days, rate in ((1, 1.0), (30, rate_30d)))
                print(f"  {tags} tags: the 23 tags' rows copied under new ids ({copied:,} rows and blocks; only what"
                      " the ranges below read, so the files stay small and the run short)")
                for line in range_table(tags, paths[1], paths[30]):
                    print(line, flush=True)

if __name__ == "__main__":
    main()
