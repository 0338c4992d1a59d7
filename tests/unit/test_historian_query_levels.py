"""Short and middle ranges (10 min to 8 h) from the packed 10 s level: the same answers as when its
rows were read, and what a raw-row reference says each answer must hold (issue 17 §4)."""

from __future__ import annotations

import math
import sqlite3

import numpy as np
import pytest

from hmi.historian.ingest import LEVELS, Batch, Ingestor
from hmi.historian.query import Series, query_series
from hmi.historian.repack import pack_chunk, unpacked
from hmi.station import Station
from hmi.store.migrator import load_migrations
from tests.unit.test_historian_rollups import _assert_blocks_match_rows, _memory_db

T0_MS = 100 * 3_600_000   # a whole hour, early: tests.unit.test_historian_rollups reads up to 10**12 ms
HOURS = 8
TAGS = (1, 2, 3)
RANGES_S = (600, 1800, 3600, 7200, 21_600, HOURS * 3600)


def _history(conn: sqlite3.Connection, hours: range = range(HOURS)) -> list[tuple[int, int, float, int]]:
    """1 Hz samples of three tags with noise, a BAD stretch, and in the first 8 h a spike and a sample
    without a number; ingested in 10-minute batches, as a backfill lands."""
    rng = np.random.default_rng(3 + hours.start)
    rows: list[tuple[int, int, float, int]] = []
    for tag in TAGS:
        for i in range(hours.start * 3600, hours.stop * 3600):
            value = 20.0 + tag + math.sin(i / 900.0) + float(rng.normal(0, 0.1))
            quality = 2 if 5_000 + tag * 1_000 <= i % 28_800 < 5_090 + tag * 1_000 else 0
            rows.append((tag, T0_MS + i * 1000, value, quality))
    if hours.start == 0:
        rows[12_345] = (1, rows[12_345][1], 95.0, 0)          # a spike
        rows[20_000] = (1, rows[20_000][1], math.nan, 0)     # GOOD, but no number
    ingestor = Ingestor()
    for start in range(0, len(rows), 600 * len(TAGS)):
        with conn:
            ingestor.ingest(conn, Batch.from_rows(rows[start:start + 600 * len(TAGS)]))
    return rows


def _names(conn: sqlite3.Connection) -> list[str]:
    with conn:
        conn.executemany("INSERT INTO tag (id, name) VALUES (?, ?)", [(t, f"t{t}") for t in TAGS])
    return [f"t{t}" for t in TAGS]


def _queries(conn: sqlite3.Connection, names: list[str], hours: int = HOURS) -> dict[tuple[int, int], dict[str, Series]]:
    end = (T0_MS + hours * 3_600_000) / 1000
    return {(span, points): query_series(conn, names, end - span, end, points)
            for span in RANGES_S for points in (100, 500, 2000)}


def _as_rows(conn: sqlite3.Connection) -> None:
    """What a file written before the 10 s level was packed looks like after migration 0006."""
    with conn:
        conn.execute("DELETE FROM rollup_block WHERE level = 1")
        conn.executemany("INSERT INTO rollup_unpacked (level, tag_id, next_block_ms) VALUES (1, ?, ?)",
                         [(t, -(2**62)) for t in TAGS])


def _assert_same(a: dict[tuple[int, int], dict[str, Series]], b: dict[tuple[int, int], dict[str, Series]]) -> None:
    for key, series in a.items():
        for tag, one in series.items():
            other = b[key][tag]
            assert one.source == other.source, (key, tag)
            assert np.array_equal(one.t, other.t) and np.array_equal(one.v, other.v, equal_nan=True), (key, tag)


def test_packed_10s_level_answers_as_its_rows_did_and_as_the_raw_rows_say() -> None:
    conn = _memory_db()
    names = _names(conn)
    raw = _history(conn)
    packed = _queries(conn, names)
    assert not unpacked(conn)
    assert conn.execute("SELECT count(*) FROM rollup_block WHERE level = 1").fetchone()[0] > 0
    _as_rows(conn)
    _assert_same(packed, _queries(conn, names))     # the rows path: what every query did before

    end_ms = T0_MS + HOURS * 3_600_000
    for (span, points), series in packed.items():
        start_ms = end_ms - span * 1000
        for tag, name in zip(TAGS, names, strict=True):
            one = series[name]
            inside = [(ts, v, q) for t, ts, v, q in raw if t == tag and start_ms <= ts < end_ms]
            good = [v for _ts, v, q in inside if q == 0 and math.isfinite(v)]
            finite = one.v[np.isfinite(one.v)]
            assert 0 < len(one) <= points, (span, points, name)
            assert np.all(np.diff(one.t) >= 0), (span, points, name)
            # Every bucket keeps its min and max: the extremes of the range are drawn, no value is made up.
            assert finite.max() == max(good) and finite.min() == min(good), (span, points, name)
            assert set(finite.tolist()) <= set(good), (span, points, name)
            # A range holding a sample without a GOOD number shows a gap; one without shows none.
            assert bool(np.isnan(one.v).any()) == (len(good) < len(inside)), (span, points, name)
            if len(inside) <= points:
                assert one.source == "raw" and one.t.tolist() == [ts / 1000 for ts, _v, _q in inside]
            elif span in (7200, 21_600) and points == 2000:
                assert one.source == "10s", (span, name)     # the level this change packed


def test_a_file_from_before_is_read_as_rows_until_packed_then_from_blocks() -> None:
    conn = sqlite3.connect(":memory:")
    for migration in load_migrations("hmi.historian.migrations"):
        if migration.version < 6:
            conn.executescript(migration.sql)
    names = _names(conn)
    _history(conn)
    with conn:
        conn.execute("DELETE FROM rollup_block WHERE level = 1")   # the older release packed 1 m and up only
    (later,) = [m for m in load_migrations("hmi.historian.migrations") if m.version == 6]
    conn.executescript(later.sql)
    assert unpacked(conn) == {(1, t) for t in TAGS}
    _history(conn, range(HOURS, HOURS + 2))   # the new release packs the blocks that close from now on
    assert conn.execute("SELECT count(*) FROM rollup_block WHERE level = 1").fetchone()[0] > 0
    before = _queries(conn, names, HOURS + 2)
    chunks = 0
    while True:
        with conn:
            more = pack_chunk(conn, blocks=7)
        chunks += 1
        if not more:
            break
    assert chunks > len(TAGS) and not unpacked(conn)
    for level in LEVELS:
        _assert_blocks_match_rows(conn, level)
    _assert_same(before, _queries(conn, names, HOURS + 2))


@pytest.mark.parametrize("rows", [0, 1])
def test_a_tag_without_closed_blocks_leaves_the_list_at_once(rows: int) -> None:
    conn = _memory_db()
    _names(conn)
    with conn:
        Ingestor().ingest(conn, Batch.from_rows([(1, T0_MS + i, 1.0, 0) for i in range(rows)]))
        conn.execute("INSERT INTO rollup_unpacked (level, tag_id, next_block_ms) VALUES (1, 1, 0)")
        assert pack_chunk(conn) is False
    assert not unpacked(conn)


async def test_the_historian_packs_old_rows_in_the_background(station: Station) -> None:
    historian = station.historian
    start_ms = 1_800_000_000_000                         # a multiple of the 10 s level's 640 s blocks
    for i in range(3 * 3600):
        historian._pending.append(("a", start_ms + i * 1000, float(i % 17), 0))
    await historian.flush()

    def mark_unpacked(db) -> None:  # type: ignore[no-untyped-def]
        db.conn.execute("DELETE FROM rollup_block WHERE level = 1")
        db.conn.execute("INSERT INTO rollup_unpacked (level, tag_id, next_block_ms) SELECT 1, id, 0 FROM tag")

    await historian.db.write(mark_unpacked)
    await historian.repack()
    blocks = await historian.db.read(lambda db: db.conn.execute(
        "SELECT count(*) FROM rollup_block WHERE level = 1").fetchone()[0])
    assert blocks == 3 * 3600 // 640 and not await historian.db.read(lambda db: unpacked(db.conn))
