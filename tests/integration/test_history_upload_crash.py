"""kill -9 the uploader at random moments while PostgreSQL receives: afterwards the centre holds exactly
the edge's rows, with no duplicate and no gap, and the rollups match."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from hmi.historian.database import HistoryDatabase
from tests.history_crash_support import Worker
from tests.history_support import STATION, edge_rows, fill
from tests.integration.history_upload_crash_worker import TAGS
from tests.postgres import Postgres, binaries

KILLS = 50
SCHEMA = "crash"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (system-deps.sh --test)")]


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    server = Postgres()
    server.start()
    yield server
    server.remove()


def test_kill_9_while_uploading_loses_nothing_and_duplicates_nothing(tmp_path: Path, postgres: Postgres) -> None:
    path = tmp_path / "history.db"
    db = HistoryDatabase(path=path).open()
    fill(db, tags=TAGS, start_s=time.time() - 6 * 3600, count=4000, step_s=5.0)   # an outage to backfill
    db.close()
    rng = random.Random(20)
    worker = Worker(path, "postgres", postgres.options(schema=SCHEMA))
    try:
        for _ in range(KILLS):
            worker.run_until_killed(rng)
        partial = postgres.query(f"SELECT count(*) FROM {SCHEMA}.sample")[0][0]
        worker.drain()
    finally:
        worker.close()
    edge = edge_rows(path)
    assert 0 < partial < len(edge), "the kills should have caught the upload midway"
    rows = postgres.query(f"SELECT tag, (extract(epoch FROM ts) * 1000)::bigint FROM {SCHEMA}.sample "
                          "WHERE station_id = %s", (STATION,))
    central = [(tag, int(ts)) for tag, ts in rows]
    assert len(central) == len(set(central)), "duplicates at the centre"
    assert set(central) == edge, f"{len(edge - set(central))} gaps, {len(set(central) - edge)} rows not at the edge"
    sdb = sqlite_utils.Database(path)
    closed = sdb.conn.execute("SELECT count(*) FROM rollup r WHERE level = 2 AND bucket_ms + 60000 <= "
                              "(SELECT max(ts_ms) FROM sample s WHERE s.tag_id = r.tag_id)").fetchone()[0]
    sdb.close()
    assert postgres.query(f"SELECT count(*) FROM {SCHEMA}.rollup_1m")[0][0] == closed
