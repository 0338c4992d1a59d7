"""The PostgreSQL sink's direct COPY path, on a private PostgreSQL cluster: an outage backfilled
straight into the central table, an overlapping resend through staging + ON CONFLICT, and a direct
COPY that fails falling back to the safe path, with nothing lost or stored twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from hmi.connections.supervisor import ConnectionState
from hmi.historian.database import HistoryDatabase
from hmi.status import ComponentStatus
from plugins.history.postgres import PostgresSink
from tests.history_support import STATION, context, edge_rows, fill, ingest, settings
from tests.integration.test_history_postgres import central, count, eventually, uploading
from tests.postgres import Postgres, binaries

pytestmark = pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (system-deps.sh --test)")

OUTAGE_TAGS = [f"Line.Tag{i:02d}" for i in range(20)]
OUTAGE_ROWS_PER_TAG = 10_000        # 200k rows: an outage of 2.8 h at 1 Hz


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    server = Postgres()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def history(tmp_path: Path) -> Iterator[HistoryDatabase]:
    db = HistoryDatabase(path=tmp_path / "history.db").open()
    yield db
    db.close()


def duplicates(pg: Postgres, schema: str) -> int:
    return int(pg.query(f"SELECT count(*) FROM (SELECT station_id, tag, ts FROM {schema}.sample "
                        "GROUP BY 1, 2, 3 HAVING count(*) > 1) d")[0][0])


def execute(pg: Postgres, statement: str) -> None:
    """A statement that returns no rows (``Postgres.query`` fetches them)."""
    import psycopg

    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


def gaps(pg: Postgres, schema: str, path: Path) -> int:
    return len(edge_rows(path) - central(pg, schema))


def caught_up(path: Path) -> bool:
    """Every tag's cursor is one cursor again, at its newest row."""
    db = sqlite_utils.Database(path)
    try:
        return int(db.conn.execute(
            "SELECT count(*) FROM tag t LEFT JOIN upload_cursor c ON c.tag_id = t.id AND c.sink = 'central' "
            "WHERE c.tag_id IS NULL OR c.live_from_ms IS NOT NULL OR "
            "c.raw_ts_ms < (SELECT max(ts_ms) FROM sample s WHERE s.tag_id = t.id)").fetchone()[0]) == 0
    finally:
        db.close()


async def test_an_outage_is_backfilled_directly_and_a_resend_goes_through_on_conflict(
        postgres: Postgres, history: HistoryDatabase) -> None:
    schema = "t_direct"
    await asyncio.to_thread(postgres.stop)
    statuses: list[ComponentStatus] = []
    sink = PostgresSink.from_options(postgres.options(schema=schema), context())
    async with uploading(postgres, history, schema, settings(batch_rows=20_000), statuses, sink):
        await eventually(lambda: any(s.details.get("state") == ConnectionState.OFFLINE for s in statuses))
        # The line ran while the centre was away, up to now: the live stream goes ahead of the backfill.
        now = time.time()
        edge = fill(history, tags=OUTAGE_TAGS, start_s=now - OUTAGE_ROWS_PER_TAG, count=OUTAGE_ROWS_PER_TAG)
        assert edge == 200_000
        await asyncio.to_thread(postgres.start)
        await eventually(lambda: count(postgres, schema) == edge and caught_up(history.path), within=180)
    assert duplicates(postgres, schema) == 0 and gaps(postgres, schema, history.path) == 0
    # Nothing was at the centre: both the live rows (newer than every mark) and the backfill behind them
    # (in spans the centre holds no row of) went straight into the table.
    assert sink.paths.direct_rows == edge and sink.paths.direct_failures == 0, sink.paths

    # A crash after the centre committed but before the cursors were saved: everything goes again,
    # with new rows of the line in the same batches as resent ones.
    history.write_blocking(lambda db: db.conn.execute("DELETE FROM upload_cursor"))
    newer = round(time.time() * 1000)
    ingest(history, [(tag, newer + 1000 * i, float(i), 0) for tag in OUTAGE_TAGS for i in range(5)])
    resend = PostgresSink.from_options(postgres.options(schema=schema), context())
    async with uploading(postgres, history, schema, settings(batch_rows=20_000), sink=resend):
        await eventually(lambda: caught_up(history.path) and count(postgres, schema) == edge + 100, within=180)
    assert duplicates(postgres, schema) == 0 and gaps(postgres, schema, history.path) == 0
    assert resend.paths.direct_rows == 0 and resend.paths.staged_rows >= edge + 100, resend.paths


async def test_a_direct_copy_that_fails_is_sent_again_through_staging(postgres: Postgres,
                                                                      history: HistoryDatabase) -> None:
    schema = "t_direct_fail"
    now = time.time()
    fill(history, tags=["A", "B"], start_s=now - 20, count=20, bad_every=0)
    statuses: list[ComponentStatus] = []
    sink = PostgresSink.from_options(postgres.options(schema=schema), context())
    async with uploading(postgres, history, schema, settings(), statuses, sink):
        await eventually(lambda: count(postgres, schema) == 40 and caught_up(history.path))
        assert sink.paths.direct_rows == 40
        # Another writer puts a row of A ahead of the sink's mark: the next direct COPY collides with it.
        clash_ms = round((now + 5) * 1000)
        postgres.query(f"INSERT INTO {schema}.sample VALUES (%s, 'A', timestamptz 'epoch' + %s * interval "
                       "'1 millisecond', -1.0, 0) RETURNING 1", (STATION, clash_ms))
        ingest(history, [(tag, round((now + i) * 1000), float(i), 0) for tag in ("A", "B") for i in range(1, 10)])
        await eventually(lambda: central(postgres, schema) == edge_rows(history.path) and caught_up(history.path))
    assert sink.paths.direct_failures == 1 and sink.paths.staged_batches >= 1, sink.paths
    assert any(s.details.get("state") == ConnectionState.CONNECTING and "direct COPY" in (s.last_error or "")
               for s in statuses)
    assert not any(s.details.get("state") == ConnectionState.FAILED for s in statuses)
    assert duplicates(postgres, schema) == 0
    # ON CONFLICT DO NOTHING kept the row that was there first.
    assert postgres.query(f"SELECT value FROM {schema}.sample WHERE tag = 'A' AND ts = timestamptz 'epoch' + "
                          "%s * interval '1 millisecond'", (clash_ms,))[0][0] == -1.0


async def test_any_psycopg_error_makes_the_sink_unavailable_not_the_task_fail(postgres: Postgres,
                                                                              history: HistoryDatabase) -> None:
    schema = "t_direct_error"
    now = time.time()
    fill(history, tags=["A"], start_s=now - 10, count=10, bad_every=0)
    statuses: list[ComponentStatus] = []
    async with uploading(postgres, history, schema, settings(), statuses):
        await eventually(lambda: count(postgres, schema) == 10 and caught_up(history.path))
        # The central team drops the table: the next write fails with UndefinedTable (not an OperationalError).
        execute(postgres, f"DROP TABLE {schema}.sample")
        ingest(history, [("A", round((now + 1) * 1000), 1.0, 0)])
        # The sink reconnects, makes the table again, and the new row arrives.
        await eventually(lambda: count(postgres, schema) == 1)
    assert any(s.details.get("state") == ConnectionState.CONNECTING and "sample" in (s.last_error or "")
               for s in statuses), statuses
    assert not any(s.details.get("state") == ConnectionState.FAILED for s in statuses)
