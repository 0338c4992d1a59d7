"""A history sink that cannot be reached: its backlog, age and state on the sync screen and in the header."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from hmi.clock import ManualClock
from hmi.demo import ensure_demo_users
from hmi.station import Station
from screens.i18n import LanguageManager
from screens.main_window import MainWindow
from tests.conftest import run, settle, station_config
from tests.history_support import fill
from tests.mosquitto import free_port

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_sinks_backlog_shows_on_the_sync_screen_and_in_the_header(
        qloop: asyncio.AbstractEventLoop, qtbot: Any, make_station: Callable[..., Station], clock: ManualClock,
        language: str) -> None:
    config = station_config(history={"sinks": [{"name": "uns", "driver": "sparkplug", "host": "127.0.0.1",
                                                "port": free_port()}],          # no broker there
                                     "backoff_initial_s": 0.5, "backoff_max_s": 2.0})
    station = make_station(config)
    fill(station.historian.db, tags=["Oven.Temp", "Oven.Power"], start_s=clock.now() - 7200, count=120,
         step_s=60.0, bad_every=0)                                             # 2 h behind: past the alarm age
    run(qloop, ensure_demo_users(station))
    languages = LanguageManager()
    window = MainWindow(station=station, languages=languages)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    run(qloop, window.start())
    run(qloop, station.history_upload.start())
    try:
        if language == "ko":
            languages.set_language("ko")
        run(qloop, station.auth.login_pin("3001", "3579"))
        window.navigate("sync")
        screen = window.screen("sync")
        panel = screen.history
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and panel.table.item(0, 2) is not None
                        and "240" in panel.table.item(0, 2).text(), timeout=20_000)
        run(qloop, settle(0.2))
        cells = [panel.table.item(0, column).text() for column in range(6)]
        assert cells[0] == "uns (sparkplug)"
        if language == "en":
            assert cells[2] == "240 rows"
            assert cells[3].startswith("2 h") and cells[3].endswith("too old")
            assert cells[1] in ("Offline", "Connecting…")
        else:
            assert cells[2] == "240행" and "너무 오래됨" in cells[3]
            assert cells[1] in ("오프라인", "연결 중…")
        assert "127.0.0.1" in cells[5]                          # the last error says where it could not reach
        assert panel.isVisible() and screen.isVisible()
        # The header says it too, in place of the line/area line.
        qtbot.waitUntil(lambda: window.header.history_chip.isVisible(), timeout=20_000)
        assert window.header.station_sub.isHidden()
        chip = window.header.history_chip.toolTip()
        assert "uns" in chip
    finally:
        run(qloop, station.history_upload.stop())
        run(qloop, window.tasks.cancel_all())
        languages.set_language("en")
