"""Reading history for a trend: few points per pen, from raw rows or the right rollup level.

A pen never gets more than ``max_points`` points. Each display bucket keeps both its min and its
max (a spike is never averaged away), and a bucket that held non-GOOD samples ends with a NaN, so
the plot shows a gap there. Samples still staged by the live path (hmi/historian/staging.py) are
read beside the stored ones. Everything here runs in a worker thread on a read connection.
"""

from __future__ import annotations

import itertools
import math
import sqlite3
from dataclasses import dataclass

import numpy as np

from hmi.historian.ingest import (
    BLOCK_BUCKETS,
    BLOCK_COLUMNS,
    LEVELS,
    PACKED_LEVELS,
    QUALITY_OF_CODE,
    Batch,
    Level,
    rollup_rows,
)
from hmi.historian.repack import unpacked
from hmi.historian.staging import staged_rows
from hmi.tags.sample import Quality


@dataclass(frozen=True, slots=True)
class Series:
    """One pen's points: ``t`` in seconds since the epoch, ``v`` with NaN where there is a gap."""

    tag: str
    t: np.ndarray
    v: np.ndarray
    source: str  # "raw" or the rollup level's name

    def __len__(self) -> int:
        return int(self.t.shape[0])


@dataclass(frozen=True, slots=True)
class PointValue:
    ts: float
    value: float | None
    quality: Quality


def tag_ids(conn: sqlite3.Connection, names: list[str]) -> dict[str, int]:
    if not names:
        return {}
    marks = ",".join("?" * len(names))
    return dict(conn.execute(f"SELECT name, id FROM tag WHERE name IN ({marks})", names).fetchall())


def query_series(
    conn: sqlite3.Connection, tags: list[str], start: float, end: float, max_points: int
) -> dict[str, Series]:
    ids = tag_ids(conn, tags)
    start_ms, end_ms = math.floor(start * 1000), math.ceil(end * 1000)
    max_points = max(4, int(max_points))
    staged = staged_rows(conn, list(ids.values()), start_ms, end_ms) if end_ms > start_ms else {}
    as_rows = unpacked(conn) if end_ms > start_ms else set()
    result: dict[str, Series] = {}
    for tag in tags:
        tag_id = ids.get(tag)
        if tag_id is None or end_ms <= start_ms:
            result[tag] = Series(tag, np.empty(0), np.empty(0), "raw")
            continue
        result[tag] = _one_tag(conn, tag, tag_id, start_ms, end_ms, max_points, staged.get(tag_id), as_rows)
    return result


def _one_tag(conn: sqlite3.Connection, tag: str, tag_id: int, start_ms: int, end_ms: int, max_points: int,
             staged: Batch | None, as_rows: set[tuple[int, int]]) -> Series:
    buckets = max(1, int(max_points * 0.45))  # 2 points per bucket, and room for gap markers
    display_ms = (end_ms - start_ms) / buckets
    # Raw rows would fit the display: the 10 s level's counts say whether they fit max_points, for
    # a few rows instead of reading up to max_points + 1 raw rows to find out.
    level = _level_for(display_ms) or LEVELS[0]
    data = _rollup_columns(conn, level, tag_id, start_ms, end_ms, staged,
                           packed=(level.number, tag_id) not in as_rows)
    if data.shape[1] == 0:
        return Series(tag, np.empty(0), np.empty(0), level.name)
    if data[1].sum() <= max_points:  # sparse (store-on-change) data: the raw rows are few
        raw = _raw(conn, tag, tag_id, start_ms, end_ms, limit=max_points + 1, staged=staged)
        if len(raw) <= max_points:
            return raw
    while True:
        t, v = _decimate(data, level, start_ms, display_ms)
        if len(t) <= max_points:
            return Series(tag, t / 1000.0, v, level.name)
        display_ms *= len(t) / max_points * 1.05


def _rollup_columns(conn: sqlite3.Connection, level: Level, tag_id: int, start_ms: int, end_ms: int,
                    staged: Batch | None = None, *, packed: bool = True) -> np.ndarray:
    """The rollup rows of [start, end) as columns: closed blocks from their packed blobs (a few
    reads), the still-open tail from the rollup rows. ``packed`` False: the tag's blocks of this
    level are not all packed yet (hmi/historian/repack.py), so every row is read."""
    block_width = level.width_ms * BLOCK_BUCKETS
    first_bucket = start_ms - start_ms % level.width_ms
    blobs = [] if level.number not in PACKED_LEVELS or not packed else conn.execute(
        "SELECT block_ms, data FROM rollup_block WHERE level = ? AND tag_id = ? AND block_ms >= ? AND block_ms < ? "
        "ORDER BY block_ms",
        (level.number, tag_id, start_ms - start_ms % block_width, end_ms),
    ).fetchall()
    tail_from = first_bucket if not blobs else max(first_bucket, blobs[-1][0] + block_width)
    tail = conn.execute(
        "SELECT bucket_ms, n, bad, lo, hi, first_v <= last_v FROM rollup "
        "WHERE level = ? AND tag_id = ? AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms",
        (level.number, tag_id, tail_from, end_ms),
    ).fetchall()
    parts = [np.frombuffer(data, dtype=np.float64).reshape(-1, BLOCK_COLUMNS) for _, data in blobs]
    parts.append(np.array(tail, dtype=np.float64).reshape(-1, BLOCK_COLUMNS))
    rows = np.concatenate(parts)
    if staged is not None and len(staged):
        rows = _merge_buckets(rows, _staged_columns(staged, level))
    bucket = rows[:, 0]
    inside = (bucket >= first_bucket) & (bucket < end_ms)
    return rows[inside].T


def _staged_columns(staged: Batch, level: Level) -> np.ndarray:
    """Rollup rows (as the blocks' columns) computed from staged samples."""
    rows = np.array(rollup_rows(staged, level), dtype=np.float64).reshape(-1, 12)  # None -> NaN
    first_v, last_v = rows[:, 9], rows[:, 11]
    rises = np.where(np.isnan(first_v) | np.isnan(last_v), np.nan, (first_v <= last_v).astype(np.float64))
    return np.column_stack([rows[:, 2], rows[:, 3], rows[:, 4], rows[:, 6], rows[:, 7], rises])


def _merge_buckets(stored: np.ndarray, staged: np.ndarray) -> np.ndarray:
    """Stored and staged rows by bucket; a bucket in both is combined (counts added, min of lows,
    max of highs, the stored direction)."""
    rows = np.concatenate([stored, staged])
    rows = rows[np.argsort(rows[:, 0], kind="stable")]
    bucket = rows[:, 0]
    starts = np.flatnonzero(np.append(True, bucket[1:] != bucket[:-1]))
    if starts.size == len(rows):
        return rows
    return np.column_stack([
        bucket[starts],
        np.add.reduceat(rows[:, 1], starts),
        np.add.reduceat(rows[:, 2], starts),
        np.fmin.reduceat(rows[:, 3], starts),
        np.fmax.reduceat(rows[:, 4], starts),
        rows[starts, 5],
    ])


def _level_for(display_ms: float) -> Level | None:
    """The coarsest rollup no wider than about one display bucket; None when raw rows fit."""
    chosen = None
    for level in LEVELS:
        if level.width_ms <= display_ms * 1.5:
            chosen = level
    return chosen


def _raw(conn: sqlite3.Connection, tag: str, tag_id: int, start_ms: int, end_ms: int, *, limit: int,
         staged: Batch | None = None) -> Series:
    # A gap reads as the text 'nan', which numpy parses: fromiter over flat pairs costs a third of
    # np.array over tuples with None (a 30 min range reads up to 2,000 rows per pen).
    rows = conn.execute(
        "SELECT ts_ms, CASE WHEN quality = 0 THEN coalesce(value, 'nan') ELSE 'nan' END FROM sample "
        "WHERE tag_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms LIMIT ?",
        (tag_id, start_ms, end_ms, limit),
    ).fetchall()
    data = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64, count=2 * len(rows)).reshape(-1, 2)
    if staged is not None and len(staged):
        extra = np.column_stack([staged.ts_ms.astype(np.float64), np.where(staged.quality == 0, staged.value, np.nan)])
        data = np.concatenate([data, extra])
        data = data[np.argsort(data[:, 0], kind="stable")]
        data = data[np.append(True, data[1:, 0] != data[:-1, 0])][:limit]  # the stored sample came first
    if not len(data):
        return Series(tag, np.empty(0), np.empty(0), "raw")
    return Series(tag, data[:, 0] / 1000.0, data[:, 1], "raw")


def _decimate(data: np.ndarray, level: Level, start_ms: int, display_ms: float) -> tuple[np.ndarray, np.ndarray]:
    """Group rollup rows into display buckets: min and max (in the order they likely came), then
    a NaN when the bucket held non-GOOD samples."""
    bucket, n, bad, lo, hi, rises = data
    good = n - bad
    has_good = good > 0
    lo = np.where(has_good, lo, 0.0)
    hi = np.where(has_good, hi, 0.0)
    key = np.floor((bucket - start_ms) / display_ms)
    starts_mask = np.ones(len(key), dtype=bool)
    starts_mask[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(starts_mask)
    ends = np.append(starts[1:], len(key)) - 1
    g_good = np.add.reduceat(good, starts)
    g_bad = np.add.reduceat(bad, starts)
    g_lo = np.minimum.reduceat(np.where(has_good, lo, np.inf), starts)
    g_hi = np.maximum.reduceat(np.where(has_good, hi, -np.inf), starts)
    index = np.arange(len(key))
    first_i = np.minimum.reduceat(np.where(has_good, index, len(key)), starts).clip(max=len(key) - 1)
    rising = rises[first_i] > 0
    t0 = bucket[starts]
    t1 = bucket[ends] + level.width_ms
    span = t1 - t0
    times = np.stack([t0 + span * 0.25, t0 + span * 0.75, t1 - 1.0], axis=1)
    values = np.stack([np.where(rising, g_lo, g_hi), np.where(rising, g_hi, g_lo), np.full(len(starts), np.nan)], axis=1)
    keep = np.stack([g_good > 0, g_good > 0, g_bad > 0], axis=1)
    # A bucket with only bad samples keeps one NaN, in its middle.
    only_bad = g_good == 0
    times[only_bad, 2] = t0[only_bad] + span[only_bad] * 0.5
    return times[keep], values[keep]


def values_at(conn: sqlite3.Connection, tags: list[str], at: float) -> dict[str, PointValue | None]:
    """Each tag's last stored sample at or before ``at`` (what a cursor reads)."""
    ids = tag_ids(conn, tags)
    at_ms = int(at * 1000)
    found: dict[str, PointValue | None] = {}
    for tag in tags:
        row = None
        if tag in ids:
            candidates = [conn.execute(
                f"SELECT ts_ms, value, quality FROM {table} WHERE tag_id = ? AND ts_ms <= ? ORDER BY ts_ms DESC LIMIT 1",
                (ids[tag], at_ms),
            ).fetchone() for table in ("sample", "sample_recent")]
            found_rows = [c for c in candidates if c is not None]
            row = max(found_rows, key=lambda r: r[0]) if found_rows else None  # a tie: the stored one
        found[tag] = (
            None if row is None else PointValue(row[0] / 1000.0, row[1], QUALITY_OF_CODE.get(row[2], Quality.BAD))
        )
    return found


def raw_rows(conn: sqlite3.Connection, tag: str, start: float, end: float) -> list[tuple[float, float | None, Quality]]:
    """Every stored sample of one tag in [start, end), for export."""
    ids = tag_ids(conn, [tag])
    if tag not in ids:
        return []
    start_ms, end_ms = int(start * 1000), int(end * 1000)
    rows = conn.execute(
        "SELECT ts_ms, value, quality, 0 FROM sample WHERE tag_id = ? AND ts_ms >= ? AND ts_ms < ? UNION ALL "
        "SELECT ts_ms, value, quality, 1 FROM sample_recent WHERE tag_id = ? AND ts_ms >= ? AND ts_ms < ? "
        "ORDER BY 1, 4",
        (ids[tag], start_ms, end_ms, ids[tag], start_ms, end_ms),
    ).fetchall()
    kept: list[tuple[float, float | None, Quality]] = []
    last = None
    for ts, value, q, _source in rows:
        if ts != last:  # a staged duplicate of a stored sample: the stored one came first
            kept.append((ts / 1000.0, value, QUALITY_OF_CODE.get(q, Quality.BAD)))
            last = ts
    return kept
