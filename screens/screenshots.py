"""``hmi screenshots``: every screen, offscreen, at each size and language, with demo data.

Each area that adds a screen adds it to the registry; this tool then renders it. A screen that
needs data prepares it in its ScreenSpec's factory or ``on_shown`` from the demo station.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from hmi.clock import ManualClock
from hmi.config import load_config
from hmi.demo import DEMO_USERS, ensure_demo_users
from hmi.heap import LoopThreadCollector
from hmi.station import Station
from screens.event_loop import run_to_end


def render_screenshots(*, out: Path, sizes: list[tuple[int, int]], locales: list[str]) -> list[Path]:
    import qasync

    from screens.app import make_application

    app = make_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="hmi-shots-") as tmp:
        station = screenshot_station(data_dir=Path(tmp))
        try:
            with loop:
                written = run_to_end(loop, _render_all(app, station, out, sizes, locales))
        finally:
            station.close()
    return written


def screenshot_station(*, data_dir: Path) -> Station:
    """The demo station on the tool's own clock, standing still at the moment it started: on a busy
    machine a run takes minutes, and with the wall clock the idle logout fired mid-run
    (PermissionDenied, no Korean shots)."""
    from hmi.cli.common import demo_config_path

    station = Station(config=load_config(demo_config_path()), data_dir=data_dir, clock=ManualClock(start=time.time()))
    station.open()
    return station


async def _settle(app: QApplication, rounds: int = 6) -> None:
    """Let the loop paint and finish pending reads. Never processEvents() inside a coroutine under qasync."""
    for _ in range(rounds):
        await asyncio.sleep(0.03)


async def _render_all(app: QApplication, station: Station, out: Path, sizes: list[tuple[int, int]],
                      locales: list[str]) -> list[Path]:
    collector = LoopThreadCollector()   # as in the station's window: no collection in worker threads
    collector.start()
    written: list[Path] = []
    try:
        async for folder_name, name, window in screen_states(app, station, sizes, locales):
            folder = out / folder_name
            folder.mkdir(parents=True, exist_ok=True)
            written.append(_grab(window, folder / f"{name}.png"))
    finally:
        collector.stop()
    return written


async def screen_states(app: QApplication, station: Station, sizes: list[tuple[int, int]],
                        locales: list[str]) -> AsyncIterator[tuple[str, str, Any]]:
    """Every screen in each state, size and language, shown and settled: (folder, name, window) at each.

    The screenshot tool grabs each; the Korean text audit (tests/gui/test_korean_everywhere.py) reads them.
    """
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    await ensure_demo_users(station)
    await station.start()
    languages = LanguageManager(app)
    window = MainWindow(station=station, languages=languages, demo_hint="")
    for spec in window.specs.values():
        if spec.demo is not None:
            await spec.demo(station)
    try:
        for locale in locales:
            languages.set_language(locale)
            for width, height in sizes:
                folder = f"{width}x{height}/{locale}"
                window.resize(width, height)
                window.show()
                await station.auth.logout()
                await window.start()
                await _settle(app)
                yield folder, "00_login", window
                window.show_first_admin()
                await _settle(app)
                yield folder, "01_first_admin", window
                await _refusal_state(app, window, station)
                yield folder, "02_refusal", window
                window.toast.hide()  # the message is this state's only; not the next screens'
                await station.auth.logout()
                admin = next(u for u in DEMO_USERS if u[2].value == "admin")
                await station.auth.login_pin(admin[0], admin[3])
                await _settle(app)
                for index, key in enumerate(window.specs, start=10):
                    window.navigate(key)
                    await _settle(app, rounds=10)
                    yield folder, f"{index:02d}_{key}", window
                async for name in _hard_states(app, window, station):
                    yield folder, name, window
    finally:
        window.request_quit()
        window.close()
        await window.tasks.cancel_all()
        await station.stop()
        window.deleteLater()
        await _settle(app, rounds=2)


async def _until(app: QApplication, condition: object, rounds: int = 100) -> None:
    """Wait on the loop (never processEvents) until ``condition()`` holds, or give up after ``rounds``."""
    for _ in range(rounds):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.03)


async def _hard_states(app: QApplication, window: object, station: Station) -> AsyncIterator[str]:
    """The states the line really goes through, made as the line and its people make them: the measure step
    with the out-of-limit question open, Lots with a proposal shown while parts are counted, paused with
    parts counted during the pause (and the decision at resume), and the equipment disconnected."""
    from hmi.demo import count_parts, lose_every_value, measure

    win: Any = window
    lots, ins = win.screen("lots"), win.screen("instructions")
    if station.production.lots.active.value is None:
        return
    win.navigate("instructions")
    await _settle(app)
    ins.go(4)                                            # the measured step (oxide thickness)
    await _until(app, lambda: ins.pad.isVisible())
    for key in "12.1>":
        ins.pad.keys[key].click()
    await _until(app, lambda: ins.confirm_bar.isVisible())
    count_parts(station, 3)
    await _settle(app)
    yield "40_measure_out_of_limit"
    ins.confirm_bar.cancel_button.click()

    win.navigate("lots")
    measure(station, "oxide_thickness", 12.4)
    count_parts(station, 4)
    await _until(app, lambda: lots.proposal_bar.isVisible())
    await _settle(app)
    yield "41_lots_proposal_counting"

    lots.pause_button.click()
    await _until(app, lambda: lots.status_label.isVisible())
    count_parts(station, 5)
    await _until(app, lambda: (station.production.lots.active.value.pause_pending or 0) >= 5)
    await _settle(app)
    yield "42_lots_paused_with_counts"
    lots.pause_button.click()                             # resume: the parts counted meanwhile are decided first
    await _until(app, lambda: lots.pause_bar.isVisible())
    await _settle(app)
    yield "43_lots_resume_decision"
    lots.pause_bar.accept_button.click()
    await _settle(app)

    lose_every_value(station)                             # the connection is lost: every value BAD, none kept
    win.navigate("equipment")
    await _settle(app, rounds=10)
    yield "44_equipment_disconnected"


async def _refusal_state(app: QApplication, window: object, station: Station) -> None:
    """An operator asks for something the rules refuse (a second lot while one runs): the message, in their language."""
    operator = next(u for u in DEMO_USERS if u[2].value == "operator")
    await station.auth.login_pin(operator[0], operator[3])
    await _settle(app)
    window.navigate("lots")  # type: ignore[attr-defined]
    window.screen("lots").run_task(station.production.lots.start(work_order="WO-DEMO", lot_no="L-NEXT"))  # type: ignore[attr-defined]
    await _settle(app, rounds=10)


def _grab(window: QApplication | object, path: Path) -> Path:
    window.grab().save(str(path))  # type: ignore[attr-defined]
    return path
