"""Writing a batch of samples into history.db: raw rows and every rollup level, in one transaction.

The batch is handled as numpy arrays so that rollups cost a few vectorised passes, not Python work
per sample. Rollup rows are merged with an upsert, so a late or out-of-order sample lands in the
right bucket; a sample whose (tag, time) is already stored is ignored everywhere (first write wins),
which keeps every rollup equal to a computation over the raw rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from hmi.tags.sample import Quality


@dataclass(frozen=True, slots=True)
class Level:
    number: int
    name: str
    width_ms: int


# Level 0 is the raw table; rollups are numbered from 1, finest first.
LEVELS: tuple[Level, ...] = (
    Level(1, "10s", 10_000),
    Level(2, "1m", 60_000),
    Level(3, "10m", 600_000),
    Level(4, "1h", 3_600_000),
)

BLOCK_BUCKETS = 64
# Every level is packed: a 2 h query reading the 10 s level as rows cost 720 rows per pen (issue 17).
# Rows a file had before the 10 s level was packed are packed in the background (repack.py).
PACKED_LEVELS = frozenset({1, 2, 3, 4})
LEVEL_OF_NUMBER: dict[int, Level] = {level.number: level for level in LEVELS}
BLOCK_COLUMNS = 6  # bucket_ms, n, bad, lo, hi, rises (first <= last): float64, NaN for NULL

QUALITY_CODES: dict[Quality, int] = {Quality.GOOD: 0, Quality.UNCERTAIN: 1, Quality.BAD: 2, Quality.STALE: 3}
QUALITY_OF_CODE: dict[int, Quality] = {code: quality for quality, code in QUALITY_CODES.items()}

_UPSERT = """
INSERT INTO rollup (level, tag_id, bucket_ms, n, bad, total, lo, hi, first_ts, first_v, last_ts, last_v)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (level, tag_id, bucket_ms) DO UPDATE SET
    n = n + excluded.n,
    bad = bad + excluded.bad,
    total = total + excluded.total,
    lo = CASE WHEN lo IS NULL OR excluded.lo < lo THEN excluded.lo ELSE lo END,
    hi = CASE WHEN hi IS NULL OR excluded.hi > hi THEN excluded.hi ELSE hi END,
    first_v = CASE WHEN first_ts IS NULL OR excluded.first_ts < first_ts THEN excluded.first_v ELSE first_v END,
    first_ts = CASE WHEN first_ts IS NULL OR excluded.first_ts < first_ts THEN excluded.first_ts ELSE first_ts END,
    last_v = CASE WHEN last_ts IS NULL OR excluded.last_ts > last_ts THEN excluded.last_v ELSE last_v END,
    last_ts = CASE WHEN last_ts IS NULL OR excluded.last_ts > last_ts THEN excluded.last_ts ELSE last_ts END
"""


@dataclass(slots=True)
class Batch:
    """Parallel arrays: tag id, time (ms), value (NaN when none) and quality code."""

    tag_id: np.ndarray
    ts_ms: np.ndarray
    value: np.ndarray
    quality: np.ndarray

    def __len__(self) -> int:
        return int(self.tag_id.shape[0])

    @staticmethod
    def from_rows(rows: list[tuple[int, int, float, int]]) -> Batch:
        if not rows:
            empty_i = np.empty(0, dtype=np.int64)
            return Batch(empty_i, empty_i, np.empty(0, dtype=np.float64), empty_i)
        tag_id, ts_ms, value, quality = zip(*rows, strict=True)
        return Batch(
            np.asarray(tag_id, dtype=np.int64),
            np.asarray(ts_ms, dtype=np.int64),
            np.asarray(value, dtype=np.float64),
            np.asarray(quality, dtype=np.int64),
        )


class Ingestor:
    """Owns the per-tag high-water marks that make duplicate checks rare; lives on the writer thread."""

    def __init__(self) -> None:
        self._high_water: dict[int, int] = {}

    def ingest(self, conn: sqlite3.Connection, batch: Batch) -> int:
        """Store the batch (inside the caller's transaction). Returns how many samples were new."""
        if len(batch) == 0:
            return 0
        batch = self._new_samples(conn, _sorted_unique(batch))
        if len(batch) == 0:
            return 0
        values = [None if v != v else v for v in batch.value.tolist()]  # NaN -> NULL
        conn.executemany(
            "INSERT INTO sample (tag_id, ts_ms, value, quality) VALUES (?, ?, ?, ?)",
            zip(batch.tag_id.tolist(), batch.ts_ms.tolist(), values, batch.quality.tolist(), strict=True),
        )
        before = {tag: self._high_water[tag] for tag in np.unique(batch.tag_id).tolist()}
        touched: list[set[tuple[int, int]]] = []
        for level in LEVELS:
            rows = rollup_rows(batch, level)
            conn.executemany(_UPSERT, rows)
            width = level.width_ms * BLOCK_BUCKETS
            touched.append({(int(row[1]), int(row[2]) - int(row[2]) % width) for row in rows})  # type: ignore[call-overload]
        for tag, ts in _last_per_tag(batch):
            if ts > self._high_water.get(tag, -(2**62)):
                self._high_water[tag] = ts
        self._pack_closed_blocks(conn, before, touched)
        return len(batch)

    def _pack_closed_blocks(self, conn: sqlite3.Connection, before: dict[int, int],
                            touched: list[set[tuple[int, int]]]) -> None:
        """A block is packed once it is closed (its tag has data at or after its end): the block
        this batch closed for each tag, and any closed block a late sample changed. Open blocks
        are read from the rollup rows, so live ingest repacks nothing."""
        for level, blocks in zip(LEVELS, touched, strict=True):
            if level.number not in PACKED_LEVELS:
                continue
            width = level.width_ms * BLOCK_BUCKETS
            candidates = set(blocks)
            for tag, mark in before.items():
                if mark > -(2**62):
                    candidates.add((tag, mark - mark % width))
            for tag, block_ms in candidates:
                if block_ms + width <= self._high_water[tag]:
                    write_block(conn, level, tag, block_ms)

    def forget(self) -> None:
        """After a rollback the marks may be ahead of the file: reload them lazily."""
        self._high_water.clear()

    def _new_samples(self, conn: sqlite3.Connection, batch: Batch) -> Batch:
        """Drop samples whose (tag, time) is already stored. Only samples at or before a tag's
        newest stored time can be duplicates, so the database is asked only about those."""
        tags = np.unique(batch.tag_id)
        marks = np.empty(len(batch), dtype=np.int64)
        for tag in tags.tolist():
            if tag not in self._high_water:
                row = conn.execute("SELECT max(ts_ms) FROM sample WHERE tag_id = ?", (tag,)).fetchone()
                self._high_water[tag] = row[0] if row[0] is not None else -(2**62)
            marks[batch.tag_id == tag] = self._high_water[tag]
        late = np.flatnonzero(batch.ts_ms <= marks)
        if late.size == 0:
            return batch
        keep = np.ones(len(batch), dtype=bool)
        for i in late.tolist():
            found = conn.execute(
                "SELECT 1 FROM sample WHERE tag_id = ? AND ts_ms = ?", (int(batch.tag_id[i]), int(batch.ts_ms[i]))
            ).fetchone()
            if found is not None:
                keep[i] = False
        return Batch(batch.tag_id[keep], batch.ts_ms[keep], batch.value[keep], batch.quality[keep])


def write_block(conn: sqlite3.Connection, level: Level, tag_id: int, block_ms: int) -> None:
    """Pack one closed block from its rollup rows (again, when a late sample changed it)."""
    rows = conn.execute(
        "SELECT bucket_ms, n, bad, lo, hi, first_v <= last_v FROM rollup "
        "WHERE level = ? AND tag_id = ? AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms",
        (level.number, tag_id, block_ms, block_ms + level.width_ms * BLOCK_BUCKETS),
    ).fetchall()
    data = np.array(rows, dtype=np.float64).reshape(-1, BLOCK_COLUMNS)  # NULL -> NaN
    conn.execute(
        "INSERT OR REPLACE INTO rollup_block (level, tag_id, block_ms, data) VALUES (?, ?, ?, ?)",
        (level.number, tag_id, block_ms, data.tobytes()),
    )


def _sorted_unique(batch: Batch) -> Batch:
    """Sort by (tag, time); of samples with the same (tag, time) the first to arrive wins."""
    order = np.lexsort((batch.ts_ms, batch.tag_id))  # lexsort is stable
    tag, ts = batch.tag_id[order], batch.ts_ms[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (tag[1:] != tag[:-1]) | (ts[1:] != ts[:-1])
    pick = order[first]
    return Batch(batch.tag_id[pick], batch.ts_ms[pick], batch.value[pick], batch.quality[pick])


def _last_per_tag(batch: Batch) -> list[tuple[int, int]]:
    ends = np.flatnonzero(np.append(batch.tag_id[1:] != batch.tag_id[:-1], True))
    return list(zip(batch.tag_id[ends].tolist(), batch.ts_ms[ends].tolist(), strict=True))


def good_mask(batch: Batch) -> np.ndarray:
    """A sample counts for min/max/avg when it is GOOD and carries a finite number."""
    return (batch.quality == 0) & np.isfinite(batch.value)


def rollup_rows(batch: Batch, level: Level) -> list[tuple[object, ...]]:
    """One upsert row per (tag, bucket) of a batch sorted by (tag, time)."""
    size = len(batch)
    bucket = batch.ts_ms - np.mod(batch.ts_ms, level.width_ms)
    starts_mask = np.ones(size, dtype=bool)
    starts_mask[1:] = (batch.tag_id[1:] != batch.tag_id[:-1]) | (bucket[1:] != bucket[:-1])
    starts = np.flatnonzero(starts_mask)
    good = good_mask(batch)
    value = np.where(good, batch.value, 0.0)
    n = np.diff(np.append(starts, size))
    good_n = np.add.reduceat(good.astype(np.int64), starts)
    total = np.add.reduceat(value, starts)
    lo = np.minimum.reduceat(np.where(good, value, np.inf), starts)
    hi = np.maximum.reduceat(np.where(good, value, -np.inf), starts)
    index = np.arange(size)
    first_i = np.minimum.reduceat(np.where(good, index, size), starts)
    last_i = np.maximum.reduceat(np.where(good, index, -1), starts)
    has_good = good_n > 0
    first_i = np.where(has_good, first_i, 0)
    last_i = np.where(has_good, last_i, 0)
    rows = list(
        zip(
            [level.number] * len(starts),
            batch.tag_id[starts].tolist(),
            bucket[starts].tolist(),
            n.tolist(),
            (n - good_n).tolist(),
            total.tolist(),
            lo.tolist(),
            hi.tolist(),
            batch.ts_ms[first_i].tolist(),
            batch.value[first_i].tolist(),
            batch.ts_ms[last_i].tolist(),
            batch.value[last_i].tolist(),
            strict=True,
        )
    )
    if not has_good.all():
        for i in np.flatnonzero(~has_good).tolist():
            rows[i] = (*rows[i][:6], None, None, None, None, None, None)
    return rows
