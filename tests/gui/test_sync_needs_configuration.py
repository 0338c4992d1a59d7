"""The sync screen and the MES chip say "needs configuration" with the reason, and show unsafe-setting warnings
(against a real MES that refuses the station's token)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from hmi.auth import Role
from hmi.station import Station
from hmi.sync.engine import Connection
from plugins.mes.reference_mes.server import ReferenceMes
from tests.conftest import run, settle, station_config
from tests.gui.test_sync_screen import _add
from tests.mes_helpers import wait_for

pytestmark = pytest.mark.gui

REASON = "the MES refused this station's credentials (401)"
WARNING = "the bearer token is sent over plain http://"


def test_needs_configuration_and_warnings_are_shown_with_their_reason(
        qloop: asyncio.AbstractEventLoop, qtbot, make_station: Callable[..., Station], tmp_path: Path) -> None:
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    # A real MES that refuses the station's token, with nothing to send: only the master data pull fails.
    mes = ReferenceMes(db_path=tmp_path / "mes.db", token="s3cret")
    run(qloop, mes.start())
    station = make_station(station_config(mes={"driver": "rest", "base_url": mes.base_url, "token": "wrong"},
                                          sync={"needs_configuration_retry_s": 120, "poll_interval_s": 0.05}))
    run(qloop, _add(station, "3001", Role.SUPERVISOR))
    window = MainWindow(station=station, languages=LanguageManager(), demo_hint="")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    run(qloop, window.start())
    run(qloop, station.auth.login_pin("3001", "2468"))
    window.navigate("sync")
    run(qloop, station.sync.start())
    try:
        run(qloop, wait_for(lambda: station.sync.snapshot.value.connection is Connection.NEEDS_CONFIGURATION,
                            what="needs configuration"))
        run(qloop, settle(0.3))
        screen = window.screen("sync")
        assert "Online" not in screen.connection.text()
        assert "Needs configuration" in screen.connection.text() and "2 min" in screen.connection.text()
        assert REASON in screen.error.text() and WARNING in screen.error.text()
        chip = station.status["mes"].value
        assert chip.summary.startswith("needs configuration") and REASON in chip.summary
        if os.environ.get("HMI_SHOT_DIR"):
            window.grab().save(str(Path(os.environ["HMI_SHOT_DIR"]) / "sync_needs_configuration.png"))
    finally:
        run(qloop, station.sync.stop())
        run(qloop, window.tasks.cancel_all())
        window.close()
        run(qloop, mes.stop())
        mes.close()
