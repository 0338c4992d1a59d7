"""The central trend query: 1 day × 23 tags × 20 stations from the uploaded rollups, beside a GROUP BY over raw rows.

    .venv/bin/python benchmarks/central_query.py [--stations 20] [--tags 23] [--raw-stations 1] [--stress]

A private PostgreSQL (initdb in a temporary folder, tests/postgres.py) is filled through the
PostgreSQL sink itself, one sink per station, so the schema, the partitions and the indexes are
exactly what a real centre gets: 1-minute rollups for every station, raw 1 Hz rows for the first
``--raw-stations`` (one station's day is 23 × 86,400 ≈ 2 M rows). Then, warm, several runs of:

- the trend query of plugins/history/SCHEMA.md (≤ 2,000 points per pen keeping min and max) over
  every station and tag, from ``rollup_1m``, fetched to this client in full; its target is ≤ 500 ms;
- the same trend shape as a GROUP BY over the raw rows of the raw stations, scaled to every station
  (linearly, and labelled so) when fewer stations hold raw rows.

Median and p95 of the client's wall time, and the server's own execution time (EXPLAIN ANALYZE); the
trend again with ``jit = off`` and with its arrays read straight into numpy, and checked: its min and
max of every minute of the first station equal the raw GROUP BY's. ``--stress`` runs the same again
under ``stress-ng --cpu 2`` (started here and stopped after). The machine's other load is not ours
to stop: read the figures beside their baselines from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import statistics
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import psycopg
from psycopg.abc import Buffer
from psycopg.adapt import Loader

from hmi.historian.sinks import ROLLUP_WIDTH_MS, RawBatch, RollupBatch, SinkContext
from plugins.history.postgres import PostgresSink
from tests.postgres import Postgres, binaries

SCHEMA = "central"
DAY = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)       # one fixed UTC day, inside one monthly partition
BAD_EVERY = 997                                     # a BAD sample (no value) now and then, as on a real line
MAX_POINTS = 2000

# SCHEMA.md's trend query for a range of up to 33 h (2,000 minutes): the rollups as they are, one row per
# pen with its points as arrays (one index range scan per pen, in key order; no sort, no re-grouping).
TREND = f"""
SELECT s.station_id, g.tag, p.t, p.lo, p.hi, p.avg
FROM unnest(%(stations)s::text[]) AS s(station_id) CROSS JOIN unnest(%(tags)s::text[]) AS g(tag)
CROSS JOIN LATERAL (
    SELECT array_agg(date_part('epoch', r.bucket)) AS t, array_agg(r.min) AS lo, array_agg(r.max) AS hi,
           array_agg(r.avg) AS avg
    FROM (SELECT bucket, min, max, avg FROM {SCHEMA}.rollup_1m r
          WHERE r.station_id = s.station_id AND r.tag = g.tag AND r.bucket >= %(lo)s AND r.bucket < %(hi)s
          ORDER BY r.bucket) AS r
) AS p
ORDER BY 1, 2
"""

# SCHEMA.md's form for longer ranges: the minutes re-bucketed to :w seconds. Timed here on the same day
# (w = 60, where it groups nothing away), to show what the re-grouping itself costs.
TREND_REBUCKETED = f"""
SELECT s.station_id, g.tag, p.t, p.lo, p.hi, p.avg
FROM unnest(%(stations)s::text[]) AS s(station_id) CROSS JOIN unnest(%(tags)s::text[]) AS g(tag)
CROSS JOIN LATERAL (
    SELECT array_agg(date_part('epoch', b.t)) AS t, array_agg(b.lo) AS lo, array_agg(b.hi) AS hi,
           array_agg(b.avg) AS avg
    FROM (SELECT date_bin(make_interval(secs => %(w)s), r.bucket, timestamptz 'epoch') AS t,
                 min(r.min) AS lo, max(r.max) AS hi,
                 sum(r.avg * (r.n - r.bad)) / nullif(sum(r.n - r.bad), 0) AS avg
          FROM {SCHEMA}.rollup_1m r
          WHERE r.station_id = s.station_id AND r.tag = g.tag AND r.bucket >= %(lo)s AND r.bucket < %(hi)s
          GROUP BY 1 ORDER BY 1) AS b
) AS p
ORDER BY 1, 2
"""

# The same shape straight from the raw rows (date_bin too, so the comparison is not numeric arithmetic's):
# what the rollups exist to avoid.
RAW = f"""
SELECT station_id, tag, date_bin(make_interval(secs => %(w)s), ts, timestamptz 'epoch') AS t,
       min(value) AS lo, max(value) AS hi, avg(value) AS avg
FROM {SCHEMA}.sample
WHERE station_id = ANY(%(stations)s) AND tag = ANY(%(tags)s) AND ts >= %(lo)s AND ts < %(hi)s
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
"""


def width_s(span_s: float) -> int:
    """SCHEMA.md: whole minutes, at most 2,000 points: 60 × ceil(span / 120,000 s); never finer than the rollups."""
    return 60 * max(1, -(-int(span_s) // (MAX_POINTS * 60)))


def station_values(station: int, tags: int, seconds: int) -> np.ndarray:
    """(tags, seconds) 1 Hz values: a slow wave per tag and station plus noise; NaN marks a BAD sample."""
    rng = np.random.default_rng(station)
    t = np.arange(seconds, dtype=np.float64)
    phase = np.arange(tags, dtype=np.float64)[:, None] + station * 0.37
    values = 50 + 20 * np.sin(t[None, :] / 900 + phase) + rng.normal(0, 0.5, (tags, seconds))
    values.flat[BAD_EVERY - 1::BAD_EVERY] = np.nan
    return values


def rollup_rows(names: list[str], values: np.ndarray, start_ms: int) -> list[tuple[Any, ...]]:
    """The station's 1-minute rollups (tag, bucket_ms, n, bad, avg, min, max, first, last), as history.db has them."""
    tags, seconds = values.shape
    minutes = values.reshape(tags, seconds // 60, 60)
    good = ~np.isnan(minutes)
    count = good.sum(axis=2)
    with np.errstate(invalid="ignore"):
        avg, lo, hi = np.nanmean(minutes, axis=2), np.nanmin(minutes, axis=2), np.nanmax(minutes, axis=2)
    # first/last: the minute's first and last sample with a value
    first = np.take_along_axis(minutes, good.argmax(axis=2)[..., None], axis=2)[..., 0]
    last = np.take_along_axis(minutes, (59 - good[..., ::-1].argmax(axis=2))[..., None], axis=2)[..., 0]
    rows: list[tuple[Any, ...]] = []
    for i, name in enumerate(names):
        for m in range(seconds // 60):
            ok = int(count[i, m]) > 0
            rows.append((name, start_ms + m * ROLLUP_WIDTH_MS, 60, 60 - int(count[i, m]),
                         *((float(avg[i, m]), float(lo[i, m]), float(hi[i, m]), float(first[i, m]),
                            float(last[i, m])) if ok else (None,) * 5)))
    return rows


def raw_hours(names: list[str], values: np.ndarray, start_ms: int) -> Iterator[list[tuple[str, int, float | None, int]]]:
    """The station's raw rows an hour at a time (what the uploader's batches look like, bigger)."""
    for hour in range(0, values.shape[1], 3600):
        rows: list[tuple[str, int, float | None, int]] = []
        for i, name in enumerate(names):
            for s, v in enumerate(values[i, hour:hour + 3600].tolist(), start=hour):
                rows.append((name, start_ms + s * 1000, None if v != v else v, 0 if v == v else 2))
        yield rows


async def load(pg: Postgres, *, stations: list[str], names: list[str], raw_stations: int) -> tuple[int, int]:
    """Every station's rollups (and the first stations' raw rows) through the sink; (rollup rows, raw rows)."""
    start_ms = int(DAY.timestamp() * 1000)
    rollups = raw = 0
    for number, station in enumerate(stations):
        values = station_values(number, len(names), 86_400)
        sink = PostgresSink.from_options(pg.options(schema=SCHEMA, statement_timeout_s=600),
                                         SinkContext(station_id=station, resolve=Path))
        await sink.open()
        try:
            rows = rollup_rows(names, values, start_ms)
            await sink.write_rollups(RollupBatch(rows=rows, historical=True))
            rollups += len(rows)
            if number < raw_stations:
                for hour in raw_hours(names, values, start_ms):
                    await sink.write_raw(RawBatch(rows=hour, historical=True))
                    raw += len(hour)
        finally:
            await sink.close()
    return rollups, raw


_ITEM = np.dtype([("length", ">i4"), ("value", ">f8")])     # a float8[] element in binary: length, then value


class Float8ArrayAsNumpy(Loader):
    """float8[] straight into a numpy array, as a numpy or pandas client reads a trend: no Python float per point."""

    format = psycopg.pq.Format.BINARY

    def load(self, data: Buffer) -> np.ndarray:
        raw = bytes(data)
        ndim, has_null, _oid = struct.unpack_from("!iii", raw)
        if ndim == 0:
            return np.empty(0)
        count = struct.unpack_from("!i", raw, 12)[0]
        if not has_null:
            return np.frombuffer(raw, dtype=_ITEM, count=count, offset=20)["value"].astype(np.float64)
        out, at = np.full(count, np.nan), 20      # NULLs (a minute with no good sample) are 4 bytes, no value
        for i in range(count):
            length = struct.unpack_from("!i", raw, at)[0]
            at += 4
            if length >= 0:
                out[i] = struct.unpack_from("!d", raw, at)[0]
                at += length
        return out


def timed(conn: psycopg.Connection[Any], query: str, params: dict[str, Any], runs: int) -> tuple[list[float], list[Any]]:
    """Wall seconds of each run (execute, and fetch every row into Python, binary), after one warm-up; the last result."""
    cur = conn.cursor(binary=True)
    rows: list[Any] = cur.execute(query, params).fetchall()
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = cur.execute(query, params).fetchall()
        times.append(time.perf_counter() - started)
    return times, rows


def explain(conn: psycopg.Connection[Any], query: str, params: dict[str, Any]) -> tuple[float, str]:
    """(the server's execution ms, the plan's scan nodes) from one EXPLAIN ANALYZE (no per-node timing: its
    clock reads would cost more than the 460 small index scans)."""
    plan = [line for (line,) in conn.execute("EXPLAIN (ANALYZE, TIMING OFF) " + query, params).fetchall()]
    ms = next(float(line.split(":")[1].split()[0]) for line in plan if line.startswith("Execution Time"))
    scans = sorted({part.split("->")[-1].split("  (")[0].strip() for part in plan if " Scan " in part and " on " in part})
    jit = any(line.startswith("JIT:") for line in plan)
    return ms, "; ".join(scans) + ("; JIT compiled" if jit else "")


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def figures(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:8.1f} ms   p95 {p95(times) * 1000:8.1f} ms   ({len(times)} runs)"


def same_as_raw(trend: list[Any], raw: list[Any], station: str) -> bool:
    """Whether the rollup trend's min and max of every minute of ``station`` are the raw GROUP BY's."""
    from_rollups = {(tag, int(t), lo, hi) for st, tag, ts, los, his, _avg in trend if st == station
                    for t, lo, hi in zip(ts, los, his, strict=True)}
    from_raw = {(tag, int(t.timestamp()), lo, hi) for st, tag, t, lo, hi, _avg in raw if st == station}
    return from_rollups == from_raw


def measure(pg: Postgres, args: argparse.Namespace, stations: list[str], names: list[str], what: str) -> None:
    lo, hi = DAY, DAY + dt.timedelta(days=1)
    w = width_s((hi - lo).total_seconds())
    every = {"w": w, "stations": stations, "tags": names, "lo": lo, "hi": hi}
    raw = {**every, "stations": stations[:args.raw_stations]}
    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
        trend_times, trend_rows = timed(conn, TREND, every, args.runs)
        trend_ms, trend_plan = explain(conn, TREND, every)
        rebucket_times, rebucket_rows = timed(conn, TREND_REBUCKETED, every, args.runs)
        rebucket_ms, rebucket_plan = explain(conn, TREND_REBUCKETED, every)
        raw_times, raw_rows = timed(conn, RAW, raw, args.raw_runs)
        raw_ms, raw_plan = explain(conn, RAW, raw)
        # The planner's cost for 460 index scans passes jit_above_cost; compiling buys nothing here (SCHEMA.md).
        conn.execute("SET jit = off")
        nojit_times, _rows = timed(conn, TREND, every, args.runs)
        nojit_ms, _plan = explain(conn, TREND, every)
        conn.adapters.register_loader(psycopg.postgres.types["float8"].array_oid, Float8ArrayAsNumpy)
        numpy_times, numpy_rows = timed(conn, TREND, every, args.runs)
    lists = {(a[0], a[1]): np.array(a[3], dtype=np.float64) for a in trend_rows}
    assert all(np.array_equal(lists[b[0], b[1]], b[3], equal_nan=True) for b in numpy_rows), "numpy and lists differ"
    points = [len(row[2]) for row in trend_rows]
    scale = len(stations) / args.raw_stations
    median_trend = statistics.median(trend_times)
    print(f"\n== {what}")
    print(f"trend    rollups of {len(stations)} stations × {len(names)} tags × 1 day, {w} s buckets: {len(trend_rows)} "
          f"pens, {sum(points):,} points, ≤ {max(points)} per pen ({'ok' if max(points) <= MAX_POINTS else 'OVER'} "
          f"≤ {MAX_POINTS}), min and max kept")
    print(f"         client (execute + fetch into Python) {figures(trend_times)}   target ≤ 500 ms: "
          f"{'met' if median_trend <= 0.5 else 'MISSED'}")
    print(f"         server execution {trend_ms:8.1f} ms   plan: {trend_plan}")
    print(f"         with jit = off: client {figures(nojit_times)}   target ≤ 500 ms: "
          f"{'met' if statistics.median(nojit_times) <= 0.5 else 'MISSED'}")
    print(f"         with jit = off: server execution {nojit_ms:8.1f} ms")
    print(f"         with jit = off, arrays into numpy: client {figures(numpy_times)}   target ≤ 500 ms: "
          f"{'met' if statistics.median(numpy_times) <= 0.5 else 'MISSED'}")
    print(f"rebucket the longer-range form on the same day ({len(rebucket_rows)} pens): client {figures(rebucket_times)}")
    print(f"         server execution {rebucket_ms:8.1f} ms   plan: {rebucket_plan}")
    print(f"raw      GROUP BY over {args.raw_stations} station(s) × {len(names)} tags × 1 day of 1 Hz rows "
          f"({args.raw_stations * len(names) * 86_400:,} rows), same shape: {len(raw_rows):,} points")
    print(f"         client (execute + fetch into Python) {figures(raw_times)}")
    print(f"         server execution {raw_ms:8.1f} ms   plan: {raw_plan}")
    print(f"         rollup trend's min/max of {stations[0]} equal the raw GROUP BY's: "
          f"{'yes' if same_as_raw(trend_rows, raw_rows, stations[0]) else 'NO'}")
    if scale != 1:
        print(f"         EXTRAPOLATED ×{scale:g} (linear in raw rows; not measured: only {args.raw_stations} "
              f"station(s) hold raw rows) to {len(stations)} stations: client ≈ "
              f"{statistics.median(raw_times) * scale:.1f} s, server ≈ {raw_ms * scale / 1000:.1f} s")
    print(f"ratio    raw GROUP BY{' (extrapolated)' if scale != 1 else ''} / rollup trend, {len(stations)} stations: "
          f"≈ {statistics.median(raw_times) * scale / median_trend:,.0f}× (client), "
          f"{raw_ms * scale / trend_ms:,.0f}× (server)")


def main(args: argparse.Namespace) -> None:
    if binaries() is None:
        sys.exit("PostgreSQL is not installed: run packaging/system-deps.sh --test")
    stations = [f"station-{i:02d}" for i in range(args.stations)]
    names = [f"Anodizing.P{i:02d}" for i in range(args.tags)]
    pg = Postgres(settings={"shared_buffers": args.shared_buffers, "work_mem": "'64MB'", "max_connections": "10"})
    pg.start()
    try:
        started = time.monotonic()
        rollups, raw = asyncio.run(load(pg, stations=stations, names=names, raw_stations=args.raw_stations))
        with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
            conn.execute(f"VACUUM ANALYZE {SCHEMA}.rollup_1m")
            conn.execute(f"VACUUM ANALYZE {SCHEMA}.sample")
        print(f"loaded through the sink in {time.monotonic() - started:.0f} s: {rollups:,} rollup rows "
              f"({len(stations)} stations), {raw:,} raw rows ({args.raw_stations} station(s)); "
              f"PostgreSQL {pg.query('SHOW server_version')[0][0]}, shared_buffers {args.shared_buffers}, "
              f"warm cache")
        if not args.stress_only:
            measure(pg, args, stations, names, "idle")
        if args.stress or args.stress_only:
            stress = shutil.which("stress-ng")
            if stress is None:
                sys.exit("stress-ng is not installed")
            load_process = subprocess.Popen([stress, "--cpu", "2", "--quiet"], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL)
            try:
                time.sleep(2)
                measure(pg, args, stations, names, "under stress-ng --cpu 2")
            finally:
                load_process.terminate()
                load_process.wait(10)
    finally:
        pg.remove()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=20)
    parser.add_argument("--tags", type=int, default=23)
    parser.add_argument("--raw-stations", type=int, default=1, help="stations whose raw 1 Hz day is loaded too")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of the rollup query")
    parser.add_argument("--raw-runs", type=int, default=5, help="timed runs of the raw GROUP BY")
    parser.add_argument("--shared-buffers", default="'512MB'")
    parser.add_argument("--stress", action="store_true", help="measure idle, then under stress-ng --cpu 2")
    parser.add_argument("--stress-only", action="store_true", help="only under stress-ng --cpu 2")
    main(parser.parse_args())
