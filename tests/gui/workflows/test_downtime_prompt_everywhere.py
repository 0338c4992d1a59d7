"""A stop asks for its reason on every operator screen, not only on Lots: within 2 s, covering and moving no
button, fitting 1024×768 in English and Korean.

The simulator's state tag stops the line over real OPC-UA (1 s micro-stop threshold). On each screen the
operator can open, a stop opens a downtime event; the window's prompt (Lots: its own slot) shows, the
buttons stay where they were, the prompt's texts fit their widgets, and two taps give the reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractButton, QWidget

from hmi.auth import Role
from hmi.demo import DEMO_USERS
from hmi.oee import records
from hmi.station import Station
from plugins.simulators.process import MachineState
from tests.conftest import run, settle
from tests.equipment_support import ThreadedSimulator, config_for, demo_raw
from tests.gui.layout_audit import audit
from tests.gui.lots_support import button_geometry, click, moved, until
from tests.production_support import load_demo, start_demo_lot

pytestmark = [pytest.mark.gui, pytest.mark.slow]

# A category and one of its reasons, as the operator reads them.
CHOICE = {"en": ("Material", "No material"), "ko": ("자재", "자재 없음")}


@pytest.fixture(scope="module")
def line() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=7, tick_s=0.05)
    yield simulator
    simulator.close()


@pytest.fixture
def languages(qapp: Any) -> Iterator[Any]:
    from screens.i18n import LanguageManager

    manager = LanguageManager(qapp)
    yield manager
    manager.set_language("en")


@pytest.fixture
def themed(qapp: Any) -> Iterator[None]:
    """The station's theme (fonts, paddings, the 48 px buttons of the prompt): fit is measured as it is shown."""
    from screens.app import theme_stylesheet

    previous = qapp.styleSheet()
    qapp.setStyleSheet(theme_stylesheet())
    yield
    qapp.setStyleSheet(previous)


@pytest.fixture
def clock() -> Any:
    from hmi.clock import SystemClock

    return SystemClock()      # the simulator stamps its samples with the wall clock


def _rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _seen(widget: QWidget, window: QWidget) -> QRect:
    """The part of a widget its ancestors let be seen (a scroll area clips what lies past its viewport)."""
    seen = _rect(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        seen = seen.intersected(_rect(parent, window))
        parent = parent.parentWidget()
    return seen


async def _settled(window: QWidget, outside: tuple[QWidget, ...]) -> dict[str, QRect]:
    """The buttons' places once a screen has loaded what it shows (two looks 0.3 s apart agree)."""
    before = button_geometry(window, window, outside=outside)
    for _ in range(40):
        await settle(0.3)
        now = button_geometry(window, window, outside=outside)
        if not moved(before, now):
            return now
        before = now
    raise AssertionError(f"the screen keeps moving: {moved(before, now)}")


def _opaque(prompt: QWidget, screen: QWidget, window: QWidget) -> bool:
    """Nothing of the screen's title strip shows through: the strip looks the same whatever the title says."""
    place = _rect(prompt, window)
    title = screen.title_label      # type: ignore[attr-defined]
    shown = title.text()
    first = window.grab(place).toImage()
    title.setText("W" * 40)
    second = window.grab(place).toImage()
    title.setText(shown)
    return first == second


def _unfit(bar: QWidget, window: QWidget, *, korean: bool) -> list[str]:
    """Truncated, too small or untranslated texts of the prompt; and each shown text measured by hand."""
    found = [str(f) for f in audit(window, screen=QSize(1024, 768), korean=korean, inside=bar)]
    for button in bar.findChildren(QAbstractButton):
        if button.isVisible() and button.fontMetrics().horizontalAdvance(button.text()) > button.width() - 8:
            found.append(f"{button.objectName()} {button.text()!r}: "
                         f"{button.fontMetrics().horizontalAdvance(button.text())} px of text in {button.width()}")
    question = bar.question      # type: ignore[attr-defined]
    if question.heightForWidth(question.width()) > question.height():
        found.append(f"question {question.text()!r} needs {question.heightForWidth(question.width())} px high")
    return found


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_every_operator_screen_asks_for_a_stops_reason_within_2_s_and_moves_nothing(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, make_station: Any, line: ThreadedSimulator, languages: Any,
        themed: None, locale: str) -> None:
    from screens.main_window import MainWindow

    # No process alarms: their banner, raised by the stop itself, would change the window under the test.
    station: Station = make_station(config_for(line.sim, oee={**demo_raw()["oee"], "micro_stop_s": 1.0}, alarms={}))
    run(qloop, load_demo(station))
    languages.set_language(locale)
    window = MainWindow(station=station, languages=languages, demo_hint="")
    window.resize(1024, 768)
    window.show()
    oee = station.oee
    prompt = window.downtime_prompt
    assert oee is not None and prompt is not None
    category, reason = CHOICE[locale]

    async def answer_waiting() -> None:
        for earlier in oee.live.value.waiting if oee.live.value else ():
            await oee.set_reason(earlier.id, "DT-SETUP")
        await until(lambda: oee.live.value is not None and oee.live.value.to_ask is None, within=30,
                    what="no stop waiting for a reason")

    async def flow() -> None:
        await station.start()
        await window.start()
        user = next(u for u in DEMO_USERS if u[2] is Role.OPERATOR)
        window.login.user_field.setText(user[0])
        window.login.pin_field.setText(user[3])
        window.login.submit()
        await until(lambda: station.auth.current is not None, what="logged in")
        await start_demo_lot(station)            # the operator's screens as they are at work
        await until(lambda: oee.tracker.state.value == "running", within=60, what="the line runs")
        keys = [k for k, b in window.nav_buttons.items() if not b.isHidden()]
        assert {"lots", "instructions", "defects", "oee", "overview"} <= set(keys)
        loop = asyncio.get_running_loop()
        for key in keys:
            window.navigate(key)
            screen = window.screen(key)
            bar = screen.reason_bar if key == "lots" else prompt      # type: ignore[attr-defined]
            await answer_waiting()
            await until(lambda bar=bar: not bar.isVisible(), within=10, what=f"{key}: no prompt while nothing waits")
            outside = (prompt, window.toast, *((screen.slot,) if key == "lots" else ()))  # type: ignore[attr-defined]
            before = await _settled(window, outside)

            async def stop() -> None:
                line.sim.process.force_stop(MachineState.IDLE, 3.0)

            await line.acall(stop)
            await until(lambda: oee.live.value is not None and oee.live.value.open_event is not None, within=10,
                        what=f"{key}: the stop opened a downtime event")
            opened = loop.time()
            await until(lambda bar=bar: bar.isVisible(), within=5, what=f"{key}: the reason prompt")
            assert loop.time() - opened <= 2.0, f"{key}: the prompt came more than 2 s after the event opened"
            assert window.current_key == key
            after = button_geometry(window, window, outside=outside)
            assert not moved(before, after), f"{key}: a control moved: {moved(before, after)}"
            if bar is prompt:
                place = _rect(prompt, window)
                covered = [f"{b.objectName()} {_seen(b, window).getRect()}" for b in window.findChildren(QAbstractButton)
                           if b.isVisibleTo(window) and not prompt.isAncestorOf(b)
                           and _seen(b, window).intersects(place)]
                assert not covered, f"{key}: the prompt {place.getRect()} lies over {covered}"
                assert place.bottom() < 768 and place.right() < 1024
                assert _opaque(prompt, screen, window), f"{key}: the screen's title shows through the prompt"
            assert not _unfit(bar, window, korean=locale == "ko"), f"{key}: {_unfit(bar, window, korean=locale == 'ko')}"
            click(qtbot, next(b for b in bar.buttons if b.isVisible() and b.text() == category))
            assert not _unfit(bar, window, korean=locale == "ko"), f"{key}: {_unfit(bar, window, korean=locale == 'ko')}"
            event = oee.live.value.open_event if oee.live.value else None
            assert event is not None
            click(qtbot, next(b for b in bar.buttons if b.isVisible() and b.text() == reason))

            async def reason_of(event_id: int = event.id) -> str:
                found = await station.store.read(lambda db: records.event_by_id(db, event_id))
                return found.reason if found else ""

            for _ in range(200):
                if await reason_of() == "DT-MAT":
                    break
                await asyncio.sleep(0.05)
            assert await reason_of() == "DT-MAT", key
            await until(lambda bar=bar: not bar.isVisible(), within=10, what=f"{key}: the prompt goes once answered")
            assert not moved(before, button_geometry(window, window, outside=outside)), key
            await until(lambda: oee.tracker.state.value == "running", within=30, what="the line runs again")

    try:
        run(qloop, flow())
    finally:
        run(qloop, window.tasks.cancel_all())
        run(qloop, station.stop())
        window.close()
