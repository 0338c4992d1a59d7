"""Retention never deletes raw rows a configured history sink has not acknowledged, unless the disk limit wins.

When it wins, the dropped rows are counted per tag, logged, shown in the history status and sent to
the MES as ``history.dropped``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from hmi.clock import ManualClock
from hmi.historian.upload_rows import Cursor, save_cursor
from hmi.station import Station
from hmi.status import Health
from tests.conftest import station_config
from tests.equipment_support import until
from tests.history_support import fill

DAY = 86_400.0
SINK = {"name": "central", "driver": "postgres", "host": "127.0.0.1", "port": 1, "sslmode": "disable"}


def _station(make_station: Callable[..., Station], **history: object) -> Station:
    return make_station(station_config(history={"sinks": [SINK], **history},
                                       historian={"raw_retention_days": 35.0}))


def _raw_count(station: Station) -> int:
    return int(station.historian.db.read_blocking(lambda db: db.conn.execute("SELECT count(*) FROM sample")
                                                  .fetchone()[0]))


async def test_unacknowledged_rows_outlive_their_age_and_acknowledged_ones_do_not(
        make_station: Callable[..., Station], clock: ManualClock) -> None:
    station = _station(make_station)
    now = clock.now()
    fill(station.historian.db, tags=["A"], start_s=now - 40 * DAY, count=1000)      # all past 35 days
    assert await station.historian.enforce_retention(now) == 0
    assert _raw_count(station) == 1000
    # The sink acknowledged the first 400 rows: those go, the rest stay.
    acked = round((now - 40 * DAY + 399) * 1000)
    tag_id = station.historian.db.read_blocking(lambda db: db.conn.execute("SELECT id FROM tag").fetchone()[0])
    station.historian.db.write_blocking(lambda db: save_cursor(db.conn, "central", Cursor(tag_id, acked)))
    assert await station.historian.enforce_retention(now) == 400
    assert _raw_count(station) == 600


async def test_over_the_disk_limit_retention_wins_and_counts_logs_shows_and_tells_the_mes(
        make_station: Callable[..., Station], clock: ManualClock, caplog: pytest.LogCaptureFixture) -> None:
    station = _station(make_station, disk_limit_mb=0.01, unacknowledged_keep_days=14.0)
    now = clock.now()
    fill(station.historian.db, tags=["A", "B"], start_s=now - 20 * DAY, count=3000)   # past 14 days, not acked
    fill(station.historian.db, tags=["A", "B"], start_s=now - 3600, count=500)         # recent: kept
    with caplog.at_level(logging.WARNING, logger="hmi.historian.historian"):
        assert await station.historian.enforce_retention(now) == 6000
    assert _raw_count(station) == 1000
    recorded = station.historian.db.read_blocking(
        lambda db: db.conn.execute("SELECT sum(rows) FROM upload_dropped").fetchone()[0])
    assert recorded == 6000
    assert any("6000 raw rows deleted before every history sink had them" in r.getMessage() for r in caplog.records)
    status = station.status["history"].value
    assert status.health is Health.DEGRADED and status.details["dropped_rows"] == "6000"
    assert "6000 rows deleted before upload" in status.summary

    def events() -> list[tuple[str, str]]:
        return station.store.read_blocking(lambda db: db.conn.execute(
            "SELECT type, payload FROM outbox WHERE type = 'history.dropped'").fetchall())

    await until(lambda: len(events()) == 1)
    assert '"rows":6000' in events()[0][1].replace(" ", "")
