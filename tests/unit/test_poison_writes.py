"""One bad value never blocks what comes after it: text refused at the edge, a failed write job fails alone."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from hmi.alarms import AlarmActionError
from hmi.alarms.journal import JournalFilter
from hmi.alarms.model import Transition, TransitionKind
from hmi.auth import Role
from hmi.production.records import ProductionError
from hmi.production.text_rules import checked_text
from hmi.station import Station
from hmi.status import Health
from hmi.store import Store
from hmi.store.writer import DISK_FULL
from tests.unit.test_alarm_service import add_users, alarm_config, login, publish

LONE_SURROGATE = "chiller \udcff checked"


def test_text_rules_refuse_a_lone_surrogate_by_name() -> None:
    with pytest.raises(ProductionError, match=r"Note contains a broken character \(U\+DCFF"):
        checked_text(LONE_SURROGATE, field="Note", max_length=100)
    with pytest.raises(AlarmActionError, match="Comment contains a control character"):
        checked_text("a\x00b", field="Comment", max_length=100, error=AlarmActionError)


@pytest.fixture
async def running(make_station: Callable[..., Station]) -> Any:
    station = make_station(alarm_config())
    await station.start()
    await add_users(station)
    yield station
    await station.stop()


async def test_an_unencodable_alarm_comment_is_refused_and_later_alarms_are_written(running: Station) -> None:
    station = running
    publish(station, "Bath1.Temp", 24.0)
    await station.alarms.flush()
    await login(station, Role.OPERATOR)
    with pytest.raises(AlarmActionError, match="Comment contains a broken character"):
        await station.alarms.acknowledge(["temp_hi"], comment=LONE_SURROGATE)
    with pytest.raises(AlarmActionError, match="too long"):
        await station.alarms.acknowledge(["temp_hi"], comment="x" * 501)
    await login(station, Role.SUPERVISOR)
    with pytest.raises(AlarmActionError, match="Reason contains a broken character"):
        await station.alarms.shelve("temp_hi", duration_s=60, reason=LONE_SURROGATE)
    publish(station, "Rectifier1.Voltage", 23.0)
    await asyncio.wait_for(station.alarms.flush(), 20)
    entries = await station.alarms.journal(JournalFilter())
    assert {(e.alarm_id, e.transition) for e in entries} == {("temp_hi", "raised"), ("volt_hi", "raised")}


async def test_a_poisoned_transition_in_a_batch_does_not_hold_back_the_others(running: Station,
                                                                               caplog: Any) -> None:
    """Past the edge (a bug, a corrupt restore): the bad transition is left out and logged, the rest stand."""
    station = running
    publish(station, "Bath1.Temp", 24.0)
    await station.alarms.flush()
    record = station.alarms.core.records["temp_hi"]
    good = station.alarms.core.acknowledge("temp_hi", now=station.clock.now(), user="1001", comment="ok")
    poisoned = Transition(good.alarm_id, good.ts, TransitionKind.ACKNOWLEDGED, good.before, good.after, good.value,
                          "1001", LONE_SURROGATE, good.row)
    assert record.acked
    station.alarms._pending.append(poisoned)
    station.alarms._pending.append(good)
    publish(station, "Rectifier1.Voltage", 23.0)      # queued behind the poisoned one
    with contextlib.suppress(UnicodeEncodeError):  # told to whoever waited on that batch
        await asyncio.wait_for(station.alarms.flush(), 20)
    await asyncio.wait_for(station.alarms.flush(), 20)
    await login(station, Role.SUPERVISOR)
    entries = await station.alarms.journal(JournalFilter())
    assert sorted((e.alarm_id, e.transition, e.comment) for e in entries) == [
        ("temp_hi", "acknowledged", "ok"), ("temp_hi", "raised", ""), ("volt_hi", "raised", "")]
    assert "could not be stored and was left out" in caplog.text


def test_a_failed_writer_job_fails_alone_and_is_reported(tmp_path: Path) -> None:
    seen: list[BaseException | None] = []
    store = Store(path=tmp_path / "station.db", on_failure=seen.append).open()
    try:
        def poisoned(db: sqlite_utils.Database) -> None:
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", ["bad", LONE_SURROGATE])

        with pytest.raises(UnicodeEncodeError):
            store.write_blocking(poisoned)
        assert isinstance(seen[-1], UnicodeEncodeError)
        store.write_blocking(lambda db: db.execute("INSERT INTO settings (key, value) VALUES ('good', '1')"))
        assert seen[-1] is None
        assert store.read_blocking(lambda db: db.execute("SELECT key FROM settings").fetchall()) == [("good",)]
    finally:
        store.close()


async def test_a_full_disk_is_said_in_words_on_the_store_chip(running: Station) -> None:
    station = running
    chip = station.status["store"]
    assert chip.value.health is Health.OK

    def fill(db: sqlite_utils.Database) -> None:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        db.execute("INSERT INTO settings (key, value) VALUES ('ballast', ?)", ["x" * 1_000_000])

    with pytest.raises(sqlite3.OperationalError, match="full"):
        await station.store.write(fill)
    await _until(lambda: chip.value.health is Health.FAILED)
    assert chip.value.summary == DISK_FULL
    # The station's own critical alarm is raised (and shown) even while its journal cannot be written.
    await _until(lambda: "station_disk_full" in station.alarms.core.records
                 and not station.alarms.core.records["station_disk_full"].acked)  # raised, still unacknowledged
    assert station.alarms.view("station_disk_full").definition.message_en == DISK_FULL

    # The store goes on: once there is room, the next write clears the chip.
    await station.store.write(lambda db: db.execute("PRAGMA max_page_count = 1073741823"))
    await station.store.write(lambda db: db.execute("INSERT INTO settings (key, value) VALUES ('after', '1')"))
    await _until(lambda: chip.value.health is Health.OK)


async def _until(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)
