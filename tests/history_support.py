"""history.db filled with generated samples, and the uploader run against a sink, for the upload tests."""

from __future__ import annotations

import math
from pathlib import Path

import sqlite_utils

from hmi.historian.database import HistoryDatabase
from hmi.historian.ingest import Batch, Ingestor
from hmi.historian.sinks import SinkContext
from hmi.historian.upload_config import HistorySection

STATION = "press-7"


def fill(db: HistoryDatabase, *, tags: list[str], start_s: float, count: int, step_s: float = 1.0,
         bad_every: int = 17) -> int:
    """``count`` samples per tag from ``start_s``, every ``step_s``; every ``bad_every``th BAD (value None)."""
    rows: list[tuple[str, int, float, int]] = []
    for tag_no, tag in enumerate(tags):
        for i in range(count):
            bad = bad_every and i % bad_every == bad_every - 1
            rows.append((tag, round((start_s + i * step_s) * 1000),
                         math.nan if bad else math.sin(i / 50) * 10 + tag_no, 2 if bad else 0))
    return ingest(db, rows)


def ingest(db: HistoryDatabase, rows: list[tuple[str, int, float, int]]) -> int:
    ingestor = Ingestor()

    def write(sdb: sqlite_utils.Database) -> int:
        conn = sdb.conn
        ids: dict[str, int] = {}
        for name in {row[0] for row in rows}:
            conn.execute("INSERT OR IGNORE INTO tag (name) VALUES (?)", (name,))
            ids[name] = conn.execute("SELECT id FROM tag WHERE name = ?", (name,)).fetchone()[0]
        stored = 0
        for at in range(0, len(rows), 50_000):
            part = rows[at:at + 50_000]
            stored += ingestor.ingest(conn, Batch.from_rows([(ids[t], ts, v, q) for t, ts, v, q in part]))
        return stored

    return db.write_blocking(write)


def edge_rows(path: Path) -> set[tuple[str, int]]:
    db = sqlite_utils.Database(path)
    try:
        return {(name, ts) for name, ts in db.conn.execute(
            "SELECT t.name, s.ts_ms FROM sample s JOIN tag t ON t.id = s.tag_id")}
    finally:
        db.close()


def context() -> SinkContext:
    return SinkContext(station_id=STATION, resolve=Path)


def settings(**overrides: object) -> HistorySection:
    base: dict[str, object] = {"live_interval_s": 0.1, "live_window_s": 30.0, "batch_rows": 5000,
                               "backfill_rows_per_s": 10_000_000.0, "backfill_cpu_share": 1.0}
    return HistorySection.model_validate({**base, **overrides})
