"""`hmi screenshots` runs on its own clock: minutes of rendering on a busy machine never log it out."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from hmi.demo import DEMO_USERS, ensure_demo_users
from screens.screenshots import screenshot_station

pytestmark = pytest.mark.gui


def test_a_long_run_does_not_idle_out_the_tools_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    station = screenshot_station(data_dir=tmp_path)
    try:
        async def scenario() -> bool:
            await ensure_demo_users(station)
            admin = next(u for u in DEMO_USERS if u[2].value == "admin")
            await station.auth.login_pin(admin[0], admin[3])
            hour_later_mono, hour_later_wall = time.monotonic() + 3600, time.time() + 3600
            monkeypatch.setattr(time, "monotonic", lambda: hour_later_mono)   # the machine was busy for an hour
            monkeypatch.setattr(time, "time", lambda: hour_later_wall)
            logged_out = await station.auth.check_idle()
            monkeypatch.undo()
            return logged_out

        assert asyncio.run(scenario()) is False
        assert station.auth.current is not None
    finally:
        station.close()
