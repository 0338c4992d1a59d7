"""Rollups equal a brute-force computation over the raw rows, whatever the order samples arrive in."""

from __future__ import annotations

import itertools
import math
import sqlite3
from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hmi.historian.ingest import BLOCK_BUCKETS, BLOCK_COLUMNS, LEVELS, PACKED_LEVELS, Batch, Ingestor, Level
from hmi.historian.query import _rollup_columns
from hmi.store.migrator import load_migrations


def _memory_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for migration in load_migrations("hmi.historian.migrations"):
        conn.executescript(migration.sql)
    return conn


_sample = st.tuples(
    st.integers(min_value=1, max_value=3),  # tag id
    st.integers(min_value=0, max_value=8_000_000),  # ms: crosses 10 s, 1 min, 10 min and 1 h buckets
    st.one_of(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.just(math.nan)),
    st.sampled_from([0, 0, 0, 1, 2, 3]),  # mostly GOOD
)


def _brute_force(raw: list[tuple[int, int, float | None, int]], width: int) -> dict[tuple[int, int], tuple]:
    groups: dict[tuple[int, int], list[tuple[int, float | None, int]]] = defaultdict(list)
    for tag, ts, value, quality in raw:
        groups[(tag, ts - ts % width)].append((ts, value, quality))
    expected = {}
    for key, rows in groups.items():
        good = sorted((ts, v) for ts, v, q in rows if q == 0 and v is not None)
        values = [v for _, v in good]
        expected[key] = (
            len(rows), len(rows) - len(good), sum(values),
            min(values) if values else None, max(values) if values else None,
            good[0][0] if good else None, good[0][1] if good else None,
            good[-1][0] if good else None, good[-1][1] if good else None,
        )
    return expected


@settings(max_examples=60, deadline=None)
@given(
    samples=st.lists(_sample, max_size=120),
    cuts=st.lists(st.integers(min_value=0, max_value=120), max_size=6),
    duplicates=st.lists(st.integers(min_value=0, max_value=119), max_size=10),
)
def test_rollups_equal_brute_force_over_raw_rows(samples: list, cuts: list[int], duplicates: list[int]) -> None:
    # Re-sends of earlier samples (same tag and time, maybe another value) must not count twice.
    arrivals = list(samples) + [
        (samples[i][0], samples[i][1], samples[i][2] + 1.0, samples[i][3]) for i in duplicates if i < len(samples)
    ]
    conn = _memory_db()
    ingestor = Ingestor()
    bounds = sorted({0, len(arrivals), *(c for c in cuts if c <= len(arrivals))})
    for lo, hi in itertools.pairwise(bounds):  # batches in arrival order, out of time order
        with conn:
            ingestor.ingest(conn, Batch.from_rows(arrivals[lo:hi]))

    first_arrival: dict[tuple[int, int], tuple] = {}
    for tag, ts, value, quality in arrivals:
        first_arrival.setdefault((tag, ts), (None if math.isnan(value) else value, quality))
    raw = conn.execute("SELECT tag_id, ts_ms, value, quality FROM sample").fetchall()
    assert {(t, ts): (v, q) for t, ts, v, q in raw} == first_arrival

    for level in LEVELS:
        stored = {
            (tag, bucket): rest
            for level_no, tag, bucket, *rest in conn.execute(
                "SELECT level, tag_id, bucket_ms, n, bad, total, lo, hi, first_ts, first_v, last_ts, last_v FROM rollup"
                " WHERE level = ?", (level.number,))
        }
        expected = _brute_force(raw, level.width_ms)
        assert stored.keys() == expected.keys(), level.name
        for key, want in expected.items():
            got = stored[key]
            assert got[:2] == list(want[:2]), (level.name, key)
            assert math.isclose(got[2], want[2], rel_tol=1e-9, abs_tol=1e-6), (level.name, key)
            assert got[3:] == list(want[3:]), (level.name, key)
        _assert_blocks_match_rows(conn, level)


def _assert_blocks_match_rows(conn: sqlite3.Connection, level: Level) -> None:
    """Every closed block (its tag has data at or after its end) is packed with exactly its rows;
    and a query over everything (packed blocks + open tail) sees exactly the rollup rows."""
    width = level.width_ms * BLOCK_BUCKETS
    newest = dict(conn.execute("SELECT tag_id, max(ts_ms) FROM sample GROUP BY tag_id").fetchall())
    packed = {(tag, block): data for tag, block, data in conn.execute(
        "SELECT tag_id, block_ms, data FROM rollup_block WHERE level = ?", (level.number,))}
    for tag, mark in newest.items():
        for (block,) in conn.execute("SELECT DISTINCT bucket_ms - bucket_ms % ? FROM rollup WHERE level = ? "
                                     "AND tag_id = ?", (width, level.number, tag)).fetchall():
            rows = np.array(conn.execute(
                "SELECT bucket_ms, n, bad, lo, hi, first_v <= last_v FROM rollup WHERE level = ? AND tag_id = ?"
                " AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms",
                (level.number, tag, block, block + width)).fetchall(), dtype=np.float64).reshape(-1, BLOCK_COLUMNS)
            if block + width <= mark and level.number in PACKED_LEVELS:
                got = np.frombuffer(packed[(tag, block)], dtype=np.float64).reshape(-1, BLOCK_COLUMNS)
                assert np.array_equal(rows, got, equal_nan=True), (level.name, tag, block)
        everything = _rollup_columns(conn, level, tag, 0, 10**12).T
        rows = np.array(conn.execute(
            "SELECT bucket_ms, n, bad, lo, hi, first_v <= last_v FROM rollup WHERE level = ? AND tag_id = ?"
            " ORDER BY bucket_ms", (level.number, tag)).fetchall(), dtype=np.float64).reshape(-1, BLOCK_COLUMNS)
        assert np.array_equal(rows, everything, equal_nan=True), (level.name, tag)
