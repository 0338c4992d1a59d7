"""The sync screen and the MES chip say "needs configuration" with the reason, and show unsafe-setting warnings."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from hmi.auth import Role
from hmi.station import Station
from hmi.sync.engine import Connection
from tests.conftest import run, settle
from tests.gui.test_sync_screen import _add

pytestmark = pytest.mark.gui

REASON = "the MES refused this station's credentials (401)"
WARNING = "[mes] the bearer token is sent over plain http:// (http://mes.local/api/v1): anyone on the network can read it"


def test_needs_configuration_and_warnings_are_shown_with_their_reason(
        qloop: asyncio.AbstractEventLoop, qtbot, station: Station, tmp_path: Path) -> None:
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    run(qloop, _add(station, "3001", Role.SUPERVISOR))
    window = MainWindow(station=station, languages=LanguageManager(), demo_hint="")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    run(qloop, window.start())
    run(qloop, station.auth.login_pin("3001", "2468"))
    window.navigate("sync")
    # The state the engine reaches on a 401 (tests/integration/test_mes_needs_configuration.py drives it for real).
    station.sync._update(connection=Connection.NEEDS_CONFIGURATION, last_error=REASON, retry_in_s=120.0,
                         warnings=(WARNING,))
    run(qloop, settle(0.3))
    screen = window.screen("sync")
    assert "Needs configuration" in screen.connection.text() and "2 min" in screen.connection.text()
    assert REASON in screen.error.text() and "plain http://" in screen.error.text()
    chip = station.status["mes"].value
    assert chip.summary.startswith("needs configuration") and REASON in chip.summary
    if os.environ.get("HMI_SHOT_DIR"):
        window.grab().save(str(Path(os.environ["HMI_SHOT_DIR"]) / "sync_needs_configuration.png"))
    run(qloop, window.tasks.cancel_all())
    window.close()
