"""The live path: small batches are staged, and moved into history in bulk every minute.

A live commit holds about one sample per tag. Written straight into ``sample`` and the four rollup
levels, it dirties one page per tag in each (the commit was a third of the cost, the rollup upserts
another quarter). Staged, it appends to one table keyed by time: a few pages. A fold moves every
staged row through the batch ingest (raw rows, rollups, duplicate checks: first write wins) and
empties the table, in one transaction, so a crash leaves each sample either staged or stored.
Readers (hmi/historian/query.py) see staged rows as well, so nothing waits for the fold.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

import numpy as np

from hmi.historian.ingest import Batch, Ingestor

FOLD_EVERY_S = 60.0
FOLD_ROWS = 200_000          # a backlog folds early: a fold's arrays stay small
STAGE_PER_TAG = 8            # a batch with more samples per tag is cheap per sample already: stored directly


class Staging:
    """Owned by the writer thread, beside the Ingestor."""

    def __init__(self, *, fold_every_s: float = FOLD_EVERY_S, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.fold_every_s = fold_every_s
        self._monotonic = monotonic
        self._unknown = True                 # an earlier run may have left rows staged
        self._since: float | None = None     # when the first row since the last fold was staged
        self._rows = 0

    @staticmethod
    def wants(batch: Batch) -> bool:
        return len(batch) <= STAGE_PER_TAG * np.unique(batch.tag_id).size

    def stage(self, conn: sqlite3.Connection, batch: Batch) -> int:
        """Append the batch (inside the caller's transaction); a sample already staged is ignored."""
        if self._unknown and conn.execute("SELECT 1 FROM sample_recent LIMIT 1").fetchone() is None:
            self._unknown = False               # nothing left by an earlier run
        values = [None if v != v else v for v in batch.value.tolist()]  # NaN -> NULL
        before = conn.total_changes
        conn.executemany(
            "INSERT OR IGNORE INTO sample_recent (ts_ms, tag_id, value, quality) VALUES (?, ?, ?, ?)",
            zip(batch.ts_ms.tolist(), batch.tag_id.tolist(), values, batch.quality.tolist(), strict=True),
        )
        added = conn.total_changes - before
        if self._since is None:
            self._since = self._monotonic()
        self._rows += added
        return added

    def due(self) -> bool:
        if self._unknown:
            return True
        if self._since is None:
            return False
        return self._rows >= FOLD_ROWS or self._monotonic() - self._since >= self.fold_every_s

    def fold(self, conn: sqlite3.Connection, ingestor: Ingestor) -> int:
        """Move every staged row into history (inside the caller's transaction); returns how many were new."""
        rows = conn.execute("SELECT tag_id, ts_ms, value, quality FROM sample_recent").fetchall()
        stored = 0
        if rows:
            stored = ingestor.ingest(conn, Batch.from_rows(rows))
            conn.execute("DELETE FROM sample_recent")
        self._unknown, self._since, self._rows = False, None, 0
        return stored

    def forget(self) -> None:
        """After a rollback the counts may be wrong: look at the table again on the next write."""
        self._unknown, self._since, self._rows = True, None, 0


def staged_rows(conn: sqlite3.Connection, tag_ids: list[int], start_ms: int, end_ms: int) -> dict[int, Batch]:
    """The staged samples of ``tag_ids`` in [start, end), per tag, sorted by time (one read)."""
    if not tag_ids:
        return {}
    marks = ",".join("?" * len(tag_ids))
    rows = conn.execute(
        f"SELECT tag_id, ts_ms, value, quality FROM sample_recent WHERE ts_ms >= ? AND ts_ms < ? "
        f"AND tag_id IN ({marks})", (start_ms, end_ms, *tag_ids)).fetchall()
    if not rows:
        return {}
    batch = Batch.from_rows(rows)
    order = np.lexsort((batch.ts_ms, batch.tag_id))
    tag, ts, value, quality = batch.tag_id[order], batch.ts_ms[order], batch.value[order], batch.quality[order]
    bounds = np.flatnonzero(np.append(True, tag[1:] != tag[:-1]))
    ends = np.append(bounds[1:], tag.size)
    return {int(tag[a]): Batch(tag[a:b], ts[a:b], value[a:b], quality[a:b]) for a, b in zip(bounds, ends, strict=True)}
