"""The workflow tests' station: the real MainWindow at 1024x768, the station's stylesheet, the
equipment simulator serving OPC-UA and Modbus on loopback, and the demo users."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from hmi.clock import SystemClock
from hmi.demo import ensure_demo_users
from hmi.station import Station
from screens.i18n import LanguageManager
from screens.main_window import MainWindow
from tests.conftest import run
from tests.equipment_support import ThreadedSimulator, config_for


@pytest.fixture(scope="module")
def line() -> Iterator[ThreadedSimulator]:
    """The simulator, running (its counter ticking) for every test of a module."""
    simulator = ThreadedSimulator(seed=5)
    yield simulator
    simulator.close()


@pytest.fixture
def live_station(line: ThreadedSimulator, tmp_path: Path) -> Iterator[Station]:
    """A station on the wall clock (the simulator's timestamps are real) connected to ``line``."""
    station = Station(config=config_for(line.sim), clock=SystemClock(), data_dir=tmp_path / "data").open()
    yield station
    station.close()


@pytest.fixture(params=["en", "ko"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def main_window(qloop: asyncio.AbstractEventLoop, qtbot: Any, qapp: Any, live_station: Station) -> Iterator[MainWindow]:
    """The window, not started: a scenario starts the station inside its coroutine (``on_the_line``),
    because pytest-qt processes Qt events between the test's phases, and a driver's callback run
    then would run outside the loop."""
    from screens.app import theme_stylesheet

    previous_sheet = qapp.styleSheet()
    qapp.setStyleSheet(theme_stylesheet())
    languages = LanguageManager()
    run(qloop, ensure_demo_users(live_station))
    win = MainWindow(station=live_station, languages=languages)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    try:
        yield win
    finally:
        run(qloop, win.tasks.cancel_all())
        languages.set_language("en")
        qapp.setStyleSheet(previous_sheet)


async def on_the_line(qtbot: Any, win: MainWindow, language: str,
                      scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Start the station and the window, switch to ``language``, run ``scenario``, stop the station."""
    await win.station.start()
    try:
        await win.start()
        if language != "en":
            await tap(qtbot, win.header.language_button)
        await scenario()
    finally:
        await win.tasks.cancel_all()
        await win.station.stop()


# The scenarios run as coroutines on the station's loop: a tap sent while the loop is not running
# would let the drivers' callbacks run outside it.
async def tap(qtbot: Any, widget: Any, pos: Any = None) -> None:
    """A tap (press and release) on ``widget``, then one turn of the loop to act on it."""
    if pos is None:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    await asyncio.sleep(0.02)


async def sign_in(qtbot: Any, win: MainWindow, user: str, pin: str) -> None:
    """On the PIN pad, as a person would: the user ID, OK, the PIN, OK."""
    for key in f"{user}>{pin}>":
        await tap(qtbot, win.login.pad.keys[key])


async def until(condition: Callable[[], bool], *, within: float = 30.0, what: str | Callable[[], str] = "") -> None:
    """Wait until ``condition`` holds (a generous deadline: the suite runs on loaded machines)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"not within {within:g} s: {what() if callable(what) else what}")
        await asyncio.sleep(0.05)
