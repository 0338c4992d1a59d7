"""The uploader and the PostgreSQL sink against a real, private PostgreSQL cluster on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from hmi.clock import SystemClock
from hmi.connections.supervisor import ConnectionState, ConnectionSupervisor
from hmi.historian.database import HistoryDatabase
from hmi.historian.upload import SinkUploader
from hmi.historian.upload_config import HistorySection
from hmi.status import ComponentStatus
from plugins.history.postgres import PostgresSink
from tests.history_support import STATION, context, edge_rows, fill, ingest, settings
from tests.postgres import Postgres, binaries

pytestmark = pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (system-deps.sh --test)")


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


def central(pg: Postgres, schema: str) -> set[tuple[str, int]]:
    rows = pg.query(f"SELECT tag, (extract(epoch FROM ts) * 1000)::bigint FROM {schema}.sample WHERE station_id = %s",
                    (STATION,))
    return {(tag, int(ts)) for tag, ts in rows}


def count(pg: Postgres, schema: str, table: str = "sample") -> int:
    """Rows in a central table; -1 before the sink made it."""
    if not pg.query("SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.{table}",))[0][0]:
        return -1
    return int(pg.query(f"SELECT count(*) FROM {schema}.{table}")[0][0])


async def eventually(check: Callable[[], bool], within: float = 60.0) -> None:
    """Poll a blocking check (a query) off the loop until it holds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await asyncio.to_thread(check):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met in time")


@contextlib.asynccontextmanager
async def uploading(pg: Postgres, db: HistoryDatabase, schema: str, config: HistorySection | None = None,
                    statuses: list[ComponentStatus] | None = None,
                    sink: PostgresSink | None = None) -> AsyncIterator[SinkUploader]:
    sink = sink or PostgresSink.from_options(pg.options(schema=schema), context())
    uploader = SinkUploader(name="central", sink=sink, db=db, clock=SystemClock(), settings=config or settings())
    supervisor = ConnectionSupervisor(name="history central", connection=uploader,
                                      report=(statuses.append if statuses is not None else lambda s: None),
                                      initial_s=0.05, max_s=0.5)
    task = asyncio.create_task(supervisor.run(), name="upload-central")
    try:
        yield uploader
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def closed_buckets(path: Path) -> int:
    """The edge's 1-minute buckets that a later sample of their tag has closed."""
    db = sqlite_utils.Database(path)
    try:
        return int(db.conn.execute(
            "SELECT count(*) FROM rollup r WHERE level = 2 AND bucket_ms + 60000 <= "
            "(SELECT max(ts_ms) FROM sample s WHERE s.tag_id = r.tag_id)").fetchone()[0])
    finally:
        db.close()


async def test_upload_then_central_count_equals_edge_count(postgres: Postgres, history: HistoryDatabase) -> None:
    now = time.time()
    tags = ["Oven.Temp", "Oven.Power", "Line.Speed", "Press.Force"]
    fill(history, tags=tags, start_s=now - 4000, count=4000)          # an outage's worth: backfilled
    async with uploading(postgres, history, "t_count") as uploader:
        await eventually(lambda: count(postgres, "t_count") == len(edge_rows(history.path)))
        await eventually(lambda: count(postgres, "t_count", "rollup_1m") == closed_buckets(history.path))
        status = await uploader.refresh_status()
    assert central(postgres, "t_count") == edge_rows(history.path)
    assert status.backlog_rows == 0 and status.oldest_unsent is None
    # Quality and "carry none" arrive as they are: BAD samples have no value.
    bad = postgres.query("SELECT count(*), count(value) FROM t_count.sample WHERE quality = 2")[0]
    assert bad[0] > 0 and bad[1] == 0
    # A rollup at the centre equals the edge's (average over GOOD samples).
    edge = sqlite_utils.Database(history.path).conn.execute(
        "SELECT r.bucket_ms, r.n, r.total / (r.n - r.bad), r.lo, r.hi FROM rollup r JOIN tag t ON t.id = r.tag_id "
        "WHERE t.name = 'Oven.Temp' AND level = 2 ORDER BY bucket_ms LIMIT 1 OFFSET 3").fetchone()
    centre = postgres.query("SELECT n, avg, min, max FROM t_count.rollup_1m WHERE tag = 'Oven.Temp' AND "
                            "bucket = timestamptz 'epoch' + %s * interval '1 millisecond'", (edge[0],))[0]
    assert centre[0] == edge[1] and centre[1] == pytest.approx(edge[2]) and (centre[2], centre[3]) == edge[3:]


async def test_resending_after_a_crash_stores_nothing_twice(postgres: Postgres, history: HistoryDatabase) -> None:
    now = time.time()
    fill(history, tags=["A", "B"], start_s=now - 600, count=600)
    async with uploading(postgres, history, "t_resend"):
        await eventually(lambda: count(postgres, "t_resend") == 1200)
    # A crash after the centre committed but before the cursors were saved: everything goes again.
    history.write_blocking(lambda db: db.conn.execute("DELETE FROM upload_cursor"))
    async with uploading(postgres, history, "t_resend"):
        await eventually(lambda: _cursors_caught_up(history))
    assert count(postgres, "t_resend") == 1200
    dupes = postgres.query("SELECT count(*) FROM (SELECT tag, ts FROM t_resend.sample GROUP BY 1, 2 "
                           "HAVING count(*) > 1) d")[0][0]
    assert dupes == 0


def _cursors_caught_up(history: HistoryDatabase) -> bool:
    db = sqlite_utils.Database(history.path)
    try:
        behind = db.conn.execute(
            "SELECT count(*) FROM tag t LEFT JOIN upload_cursor c ON c.tag_id = t.id AND c.sink = 'central' "
            "WHERE c.tag_id IS NULL OR c.live_from_ms IS NOT NULL OR "
            "c.raw_ts_ms < (SELECT max(ts_ms) FROM sample s WHERE s.tag_id = t.id)").fetchone()[0]
        return int(behind) == 0
    finally:
        db.close()


def _backfilling(history: HistoryDatabase) -> bool:
    """A tag's backlog is still behind its live stream."""
    db = sqlite_utils.Database(history.path)
    try:
        return db.conn.execute("SELECT count(*) FROM upload_cursor WHERE live_from_ms IS NOT NULL").fetchone()[0] > 0
    finally:
        db.close()


async def test_postgres_down_then_back_backfill_completes(postgres: Postgres, history: HistoryDatabase) -> None:
    now = time.time()
    fill(history, tags=["A", "B", "C"], start_s=now - 7200, count=2400, step_s=3.0)
    statuses: list[ComponentStatus] = []
    # The backfill's row budget keeps it going for seconds, so the stop falls mid-backfill however fast the sink is.
    async with uploading(postgres, history, "t_outage", settings(batch_rows=500, backfill_rows_per_s=2000.0),
                         statuses):
        await eventually(lambda: count(postgres, "t_outage") > 0)
        await asyncio.to_thread(postgres.stop)
        assert _backfilling(history)
        await eventually(lambda: any(s.details.get("state") in (ConnectionState.CONNECTING, ConnectionState.OFFLINE)
                                     and s.last_error for s in statuses[-1:]))
        # The line keeps running while the centre is away.
        ingest(history, [(tag, round((now + i) * 1000), float(i), 0) for tag in ("A", "B", "C") for i in range(50)])
        await asyncio.to_thread(postgres.start)
        await eventually(lambda: central(postgres, "t_outage") == edge_rows(history.path))
    assert statuses[-1].details["state"] == ConnectionState.OK


async def test_a_late_sample_behind_the_cursor_is_uploaded(postgres: Postgres, history: HistoryDatabase) -> None:
    now = time.time()
    fill(history, tags=["A"], start_s=now - 300, count=300, bad_every=0)
    async with uploading(postgres, history, "t_late"):
        await eventually(lambda: count(postgres, "t_late") == 300 and _cursors_caught_up(history))
        late_ms = round((now - 200.5) * 1000)     # between two uploaded samples
        ingest(history, [("A", late_ms, 1000.0, 0)])
        await eventually(lambda: ("A", late_ms) in central(postgres, "t_late"))
        bucket = late_ms - late_ms % 60_000
        await eventually(lambda: postgres.query(
            "SELECT max FROM t_late.rollup_1m WHERE bucket = timestamptz 'epoch' + %s * interval '1 millisecond'",
            (bucket,))[0][0] == 1000.0)
    assert count(postgres, "t_late") == 301


async def test_the_history_status_shows_backlog_age_rate_and_the_old_backlog_alarms(
        postgres: Postgres, history: HistoryDatabase) -> None:
    from hmi.historian.upload_service import HistoryUploads, backlog_tag
    from hmi.observable import Observable
    from hmi.status import Health
    from hmi.tags.bus import TagBus
    from hmi.tags.sample import Sample
    from tests.conftest import station_config

    now = time.time()
    fill(history, tags=["A", "B"], start_s=now - 3 * 3600, count=3000, step_s=3.0)
    config = station_config(history={"sinks": [{"name": "central", "driver": "postgres",
                                                **postgres.options(schema="t_status")}],
                                     "backlog_alarm_age_s": 3600.0, "batch_rows": 200,
                                     "backfill_rows_per_s": 2000.0, "live_interval_s": 0.1})
    bus = TagBus()
    alarms: list[Sample] = []
    bus.subscribe(lambda s: alarms.append(s) if s.tag == backlog_tag("central") else None)
    status: Observable[ComponentStatus] = Observable(ComponentStatus(Health.DISABLED))
    uploads = HistoryUploads(config=config, db=history, clock=SystemClock(), bus=bus, status=status)
    await uploads.start()
    try:
        await eventually(lambda: "central.backlog_rows" in status.value.details)
        details = status.value.details
        assert int(details["central.backlog_rows"]) > 0 and float(details["central.oldest_unsent_age_s"]) > 3600
        assert alarms and alarms[-1].value is True      # the backlog is older than an hour: the alarm stands
        assert status.value.health is Health.DEGRADED
        await eventually(lambda: status.value.details.get("central.backlog_rows") == "0", within=120)
        assert alarms[-1].value is False and status.value.health is Health.OK
        assert status.value.summary == "central: up to date"
    finally:
        await uploads.stop()


def _edge_buckets(path: Path, before_ms: int) -> dict[int, int]:
    """The edge's 1-minute buckets (start: n) that end at or before ``before_ms``."""
    db = sqlite_utils.Database(path)
    try:
        return dict(db.conn.execute("SELECT bucket_ms, n FROM rollup WHERE level = 2 AND bucket_ms + 60000 <= ?",
                                    (before_ms,)).fetchall())
    finally:
        db.close()


async def test_a_live_sample_reaches_postgres_while_still_staged(postgres: Postgres, tmp_path: Path) -> None:
    from hmi.config import HistorianSection
    from hmi.historian.historian import Historian
    from hmi.tags.bus import TagBus
    from hmi.tags.sample import Quality, Sample

    bus = TagBus()
    historian = Historian(path=tmp_path / "history.db", bus=bus, clock=SystemClock(), settings=HistorianSection()).open()
    db = historian.db

    def stored() -> tuple[int, int, int]:
        conn = sqlite_utils.Database(historian.path).conn
        try:
            return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[return-value]
                         for table in ("sample", "sample_recent", "upload_late"))
        finally:
            conn.close()

    now = time.time()
    times = [now - 150 + 10 * i for i in range(14)]     # across two minute boundaries, one per commit
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(historian.close)
        await stack.enter_async_context(uploading(postgres, db, "t_live", settings(live_window_s=600.0)))
        for i, ts in enumerate(times):
            historian.accept(Sample("Oven.Temp", ts, None if i == 5 else 20.0 + i,
                                    Quality.BAD if i == 5 else Quality.GOOD))
            await historian.flush()
        wanted = {("Oven.Temp", round(ts * 1000)) for ts in times}
        await eventually(lambda: count(postgres, "t_live") == 14 and central(postgres, "t_live") == wanted, within=5.0)
        assert stored() == (0, 14, 0)                 # sent from the staging table, before any fold
        assert postgres.query("SELECT count(value) FROM t_live.sample WHERE quality = 2")[0][0] == 0
        assert count(postgres, "t_live", "rollup_1m") == 0   # every bucket may still get a staged sample
        late = times[3] + 5.0                          # staged behind the cursor: late, held until the fold
        historian.accept(Sample("Oven.Temp", late, 99.0, Quality.GOOD))
        await historian.flush()
        assert stored() == (0, 15, 1)

        await db.write(historian._fold)
        assert stored() == (15, 0, 1)                 # folding sent (or queued) rows queues none of them again
        later = round(time.time() * 1000)
        historian.accept(Sample("Oven.Temp", later / 1000, 1.0, Quality.GOOD))
        await historian.flush()
        # The next live tick sends it, and the buckets the fold completed.
        buckets = _edge_buckets(historian.path, later)
        assert len(buckets) >= 2

        def centre_buckets() -> dict[int, int]:
            return {int(ms): n for ms, n in postgres.query(
                "SELECT (extract(epoch FROM bucket) * 1000)::bigint, n FROM t_live.rollup_1m")}

        await eventually(lambda: centre_buckets() == buckets and ("Oven.Temp", later) in central(postgres, "t_live")
                         and stored()[2] == 0, within=5.0)
    assert central(postgres, "t_live") == wanted | {("Oven.Temp", later), ("Oven.Temp", round(late * 1000))}
