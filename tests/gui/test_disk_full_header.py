"""A full disk is told in the header, in words (the alarm it raises: tests/unit/test_poison_writes.py)."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
import sqlite_utils

from hmi.demo import ensure_demo_users
from hmi.station import Station
from hmi.status import Health
from screens.i18n import LanguageManager
from screens.main_window import MainWindow
from tests.conftest import run, settle


@pytest.fixture
def window(qloop: asyncio.AbstractEventLoop, qtbot: Any, station: Station) -> Iterator[MainWindow]:
    languages = LanguageManager()
    run(qloop, ensure_demo_users(station))
    win = MainWindow(station=station, languages=languages)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    run(qloop, win.start())
    yield win
    run(qloop, win.tasks.cancel_all())
    languages.set_language("en")


def _fill(db: sqlite_utils.Database) -> None:
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    db.execute("INSERT INTO settings (key, value) VALUES ('ballast', ?)", ["x" * 1_000_000])


def test_a_full_disk_shows_in_the_header_and_raises_the_alarm(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                              window: MainWindow, station: Station) -> None:
    header = window.header
    assert header.store_chip.isHidden() and not header.station_sub.isHidden()
    with pytest.raises(sqlite3.OperationalError):
        run(qloop, station.store.write(_fill))
    qtbot.waitUntil(lambda: not header.store_chip.isHidden(), timeout=20_000)
    assert station.status["store"].value.health is Health.FAILED
    assert header.station_sub.isHidden()
    assert "disk is full" in header.store_chip.text() or "disk is full" in header.store_chip.toolTip()
    if os.environ.get("HMI_SHOT_DIR"):
        window.grab().save(os.path.join(os.environ["HMI_SHOT_DIR"], "disk_full.png"))
    run(qloop, station.store.write(lambda db: db.execute("PRAGMA max_page_count = 1073741823")))
    run(qloop, station.store.write(lambda db: db.execute("INSERT INTO settings (key, value) VALUES ('y', '1')")))
    qtbot.waitUntil(lambda: header.store_chip.isHidden(), timeout=20_000)
    run(qloop, settle())


def test_a_full_disk_is_told_in_korean_on_the_chip_and_in_the_alarm_guidance(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                                  window: MainWindow, station: Station) -> None:
    """Issue 15's leftover: the chip said the store's English sentence, the alarm its English guidance."""
    window.languages.set_language("ko")
    header = window.header
    with pytest.raises(sqlite3.OperationalError):
        run(qloop, station.store.write(_fill))
    qtbot.waitUntil(lambda: not header.store_chip.isHidden(), timeout=20_000)
    text = header.store_chip.text()
    assert "디스크" in text and not re.search(r"[A-Za-z]{3,}", text), text
    definition = station.alarms.view("station_disk_full").definition
    assert definition.consequence_text("ko") and definition.corrective_action_text("ko") != definition.corrective_action
    run(qloop, station.store.write(lambda db: db.execute("PRAGMA max_page_count = 1073741823")))
    run(qloop, station.store.write(lambda db: db.execute("INSERT INTO settings (key, value) VALUES ('y', '1')")))
    qtbot.waitUntil(lambda: header.store_chip.isHidden(), timeout=20_000)
    run(qloop, settle())
