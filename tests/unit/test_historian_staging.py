"""The live path's staging: staged samples are seen by every read at once, and a fold moves each
into history exactly once (first write wins), so the rollups still equal the raw rows."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hmi.historian.ingest import LEVELS, Batch, Ingestor
from hmi.historian.query import _rollup_columns
from hmi.historian.staging import Staging, staged_rows
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.unit.test_historian_rollups import _assert_blocks_match_rows, _brute_force, _memory_db, _sample

T0 = 1_800_000_000.0


@settings(max_examples=60, deadline=None)
@given(
    samples=st.lists(_sample, max_size=120),
    cuts=st.lists(st.integers(min_value=0, max_value=120), max_size=6),
    staged=st.lists(st.booleans(), min_size=7, max_size=7),
    folds=st.lists(st.booleans(), min_size=7, max_size=7),
    duplicates=st.lists(st.integers(min_value=0, max_value=119), max_size=10),
)
def test_staged_and_direct_batches_end_as_if_ingested_in_arrival_order(
        samples: list, cuts: list[int], staged: list[bool], folds: list[bool], duplicates: list[int]) -> None:
    arrivals = list(samples) + [
        (samples[i][0], samples[i][1], samples[i][2] + 1.0, samples[i][3]) for i in duplicates if i < len(samples)
    ]
    conn = _memory_db()
    ingestor, staging = Ingestor(), Staging()
    bounds = sorted({0, len(arrivals), *(c for c in cuts if c <= len(arrivals))})
    for n, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        batch = Batch.from_rows(arrivals[lo:hi])
        with conn:
            if staged[n]:
                staging.stage(conn, batch)
            else:
                staging.fold(conn, ingestor)  # as the historian does before a direct batch
                ingestor.ingest(conn, batch)
            if folds[n]:
                staging.fold(conn, ingestor)

    first_arrival: dict[tuple[int, int], tuple] = {}
    for tag, ts, value, quality in arrivals:
        first_arrival.setdefault((tag, ts), (None if math.isnan(value) else value, quality))
    if len(first_arrival) == len(arrivals):
        # Before the fold, a query sees stored and staged samples together, bucket by bucket.
        everything = [(t, ts, v, q) for (t, ts), (v, q) in first_arrival.items()]
        pending = staged_rows(conn, [1, 2, 3], 0, 10**12)
        for level in LEVELS:
            expected = _brute_force(everything, level.width_ms)
            for tag in (1, 2, 3):
                seen = _rollup_columns(conn, level, tag, 0, 10**12, pending.get(tag)).T
                want = sorted((bucket, *v[:2], v[3], v[4]) for (t, bucket), v in expected.items() if t == tag)
                assert [tuple(row[:3]) for row in seen] == [w[:3] for w in want], (level.name, tag)
                for row, w in zip(seen, want, strict=True):
                    assert (math.isnan(row[3]) and w[3] is None) or row[3] == w[3], (level.name, tag)
                    assert (math.isnan(row[4]) and w[4] is None) or row[4] == w[4], (level.name, tag)
    with conn:
        staging.fold(conn, ingestor)
    assert conn.execute("SELECT count(*) FROM sample_recent").fetchone()[0] == 0
    raw = conn.execute("SELECT tag_id, ts_ms, value, quality FROM sample").fetchall()
    assert {(t, ts): (v, q) for t, ts, v, q in raw} == first_arrival
    for level in LEVELS:
        stored = {(tag, bucket): rest for tag, bucket, *rest in conn.execute(
            "SELECT tag_id, bucket_ms, n, bad, lo, hi FROM rollup WHERE level = ?", (level.number,))}
        expected = _brute_force(raw, level.width_ms)
        assert stored == {key: [*want[:2], want[3], want[4]] for key, want in expected.items()}, level.name
        _assert_blocks_match_rows(conn, level)


async def test_live_flushes_are_staged_seen_by_every_read_and_folded_on_stop(station: Station) -> None:
    historian = station.historian
    await historian.start()
    for second in range(30):  # one sample per tag per flush: the live path
        for tag in ("a", "b"):
            station.bus.publish(Sample(tag, T0 + second, float(second), Quality.BAD if second == 7 else Quality.GOOD))
        assert await historian.flush() == 2

    def counts(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        return (db.conn.execute("SELECT count(*) FROM sample").fetchone()[0],
                db.conn.execute("SELECT count(*) FROM sample_recent").fetchone()[0])

    assert await historian.db.read(counts) == (0, 60)
    rows = await historian.raw("a", T0, T0 + 30)
    assert [ts - T0 for ts, _v, _q in rows] == list(range(30)) and rows[7][2] is Quality.BAD
    series = (await historian.query(["a"], T0, T0 + 30, max_points=2000))["a"]
    assert series.source == "raw" and len(series) == 30 and math.isnan(series.v[7])
    coarse = (await historian.query(["a"], T0 - 86_400, T0 + 86_400, max_points=10))["a"]
    assert coarse.source != "raw" and np.nanmax(coarse.v) == 29.0 and np.nanmin(coarse.v) == 0.0
    at = (await historian.values_at(["a"], T0 + 12.5))["a"]
    assert at is not None and at.ts == T0 + 12 and at.value == 12.0
    await historian.stop()
    assert await historian.db.read(counts) == (60, 0)
    assert [ts - T0 for ts, _v, _q in await historian.raw("a", T0, T0 + 30)] == list(range(30))


async def test_a_staged_sample_wins_over_a_later_direct_one_of_the_same_time(station: Station) -> None:
    historian = station.historian
    historian.accept(Sample("a", T0, 1.0, Quality.GOOD))
    assert await historian.flush() == 1          # staged
    for i in range(100):                           # a backfill with the same first time: stored directly
        historian._pending.append(("a", round((T0 + i) * 1000), 2.0 + i, 0))
    assert await historian.flush() == 99
    rows = await historian.raw("a", T0, T0 + 1)
    assert [(ts - T0, v) for ts, v, _q in rows] == [(0.0, 1.0)]
