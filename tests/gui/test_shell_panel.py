"""The shell on a 1024x768 touch panel: pages scroll, the rail shows it scrolls, the on-screen keyboard
opens its number layout and never hides the PIN pad's OK, a fast typist is not a badge, and logins land
on the role's work."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtWidgets import QApplication, QWidget

from hmi.demo import ensure_demo_users
from hmi.production.demo import ensure_demo_masterdata
from hmi.station import Station
from screens.app import theme_stylesheet
from screens.i18n import LanguageManager
from screens.main_window import MainWindow
from tests.conftest import run, settle

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qloop: asyncio.AbstractEventLoop, qtbot: Any, station: Station) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(theme_stylesheet())
    run(qloop, ensure_demo_users(station))
    win = MainWindow(station=station, languages=LanguageManager(), demo_hint="")
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    run(qloop, win.start())
    yield win
    run(qloop, win.tasks.cancel_all())
    app.setStyleSheet("")


def _in_window(widget: QWidget, win: MainWindow) -> QRect:
    return QRect(widget.mapTo(win, QPoint(0, 0)), widget.size())


def _seen(widget: QWidget, win: MainWindow) -> bool:
    """Entirely inside the visible part of its page (its scroll area's viewport) and of the window."""
    area = win.pages.currentWidget()
    viewport = QRect(area.mapTo(win, QPoint(0, 0)), area.size())
    rect = _in_window(widget, win)
    return viewport.contains(rect) and win.rect().contains(rect)


def test_a_page_taller_than_the_panel_scrolls_inside_its_pane(qloop: asyncio.AbstractEventLoop, panel: MainWindow,
                                                              station: Station) -> None:
    run(qloop, station.auth.login_pin("9001", "9753"))
    run(qloop, settle(0.1))
    panel.screen("overview").setMinimumHeight(1400)   # as the measure step with its keypad did
    run(qloop, settle(0.2))
    assert panel.height() == 768
    assert panel.minimumSizeHint().height() <= 768
    assert panel.screens.currentWidget().verticalScrollBar().isVisible()


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("user, pin", [("1001", "2468"), ("2001", "1357"), ("3001", "3579"), ("9001", "9753")])
def test_every_screen_of_the_role_is_in_the_rail_at_768_px_without_scrolling(
        qloop: asyncio.AbstractEventLoop, panel: MainWindow, station: Station, user: str, pin: str,
        language: str) -> None:
    """The supervisor's 17 screens needed 1136 px in one column of 64 px buttons: the rail scrolled and
    hid Printers, System and the supervisor's items. Now every one is in sight, a glove's target, its
    label whole, and checked or not the tile keeps its size."""
    panel.languages.set_language(language)
    run(qloop, station.auth.login_pin(user, pin))
    run(qloop, settle(0.2))
    try:
        shown = [b for b in panel.nav_buttons.values() if not b.isHidden()]
        assert len(shown) >= (17 if user in ("3001", "9001") else 8)
        assert not panel.nav_scroll.verticalScrollBar().isVisible()
        viewport = QRect(panel.nav_scroll.viewport().mapTo(panel, QPoint(0, 0)), panel.nav_scroll.viewport().size())
        rects = []
        for key in [k for k, b in panel.nav_buttons.items() if not b.isHidden()]:
            button = panel.nav_buttons[key]
            panel.navigate(key)
            run(qloop, settle(0.02))
            rect = _in_window(button, panel)
            assert viewport.contains(rect) and panel.rect().contains(rect), f"{key} at {rect} is out of sight"
            assert rect.width() >= 48 and rect.height() >= 48, f"{key} is {rect.width()}x{rect.height()}"
            assert button.sizeHint().width() <= button.width() + 1, f"{button.text()!r} is cut"
            assert not any(rect.intersects(other) for other in rects), f"{key} overlaps another tile"
            rects.append(rect)
        assert panel.height() == 768
    finally:
        panel.languages.set_language("en")


def test_numeric_login_fields_ask_for_the_number_keyboard(panel: MainWindow) -> None:
    hints = Qt.InputMethodHint
    assert panel.login.user_field.inputMethodHints() & hints.ImhPreferNumbers
    assert panel.login.pin_field.inputMethodHints() & hints.ImhDigitsOnly
    assert panel.login.pin_field.inputMethodHints() & hints.ImhSensitiveData


@pytest.mark.parametrize("keyboard_height", [300, 340])
def test_the_keyboard_never_covers_the_user_field_or_the_pin_pads_0_and_ok(
        qloop: asyncio.AbstractEventLoop, panel: MainWindow, keyboard_height: int) -> None:
    panel.login.user_field.setFocus()
    run(qloop, settle(0.1))
    top_left = panel.mapToGlobal(QPoint(0, 0))
    keyboard = QRectF(top_left.x(), top_left.y() + 768 - keyboard_height, 1024, keyboard_height)
    panel.avoid_keyboard(keyboard)          # what the input method reports when Qt's keyboard slides up
    run(qloop, settle(0.2))
    above = QRect(0, 0, 1024, 768 - keyboard_height)
    for widget in (panel.login.user_field, panel.login.pad.keys["0"], panel.login.pad.keys[">"]):
        rect = _in_window(widget, panel)
        assert above.contains(rect), f"{widget.objectName()} at {rect} is under the keyboard"
        assert _seen(widget, panel), f"{widget.objectName()} is scrolled out of sight"
    panel.avoid_keyboard(QRectF())          # the keyboard goes away: the full layout comes back
    run(qloop, settle(0.2))
    assert panel.keyboard_height == 0
    assert panel.login.pad.keys["0"].height() >= 64


def test_a_user_id_typed_fast_and_enter_is_not_taken_for_a_badge(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                                 panel: MainWindow, station: Station) -> None:
    field = panel.login.user_field
    field.setFocus()
    qtbot.keyClicks(field, "1001")          # no delay between keys: faster than any person
    qtbot.keyClick(field, Qt.Key.Key_Return)
    run(qloop, settle(0.2))
    assert field.text() == "1001"           # not cleared as a failed badge
    assert panel.login._active is panel.login.pin_field
    assert station.auth.current is None


def test_a_badge_reader_burst_logs_in(qloop: asyncio.AbstractEventLoop, qtbot: Any, panel: MainWindow,
                                      station: Station) -> None:
    field = panel.login.user_field
    field.setFocus()
    qtbot.keyClicks(field, "BADGE-2001")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    run(qloop, settle(0.5))
    assert station.auth.current is not None and station.auth.current.username == "2001"


def test_a_badge_scanned_into_the_pin_field_logs_in_and_is_not_tried_as_a_pin(
        qloop: asyncio.AbstractEventLoop, qtbot: Any, panel: MainWindow, station: Station) -> None:
    """After a wrong PIN the cursor waits in the PIN field; a badge scanned then is a badge, not a PIN
    (tried as a PIN, it counted against the typed user's attempts)."""
    login = panel.login
    login.user_field.setText("1001")
    login.pin_field.setFocus()
    qtbot.keyClicks(login.pin_field, "BADGE-2001")
    qtbot.keyClick(login.pin_field, Qt.Key.Key_Return)
    run(qloop, settle(0.5))
    assert station.auth.current is not None and station.auth.current.username == "2001"
    assert login.pin_field.text() == ""


def test_a_pin_typed_fast_is_a_pin(qloop: asyncio.AbstractEventLoop, qtbot: Any, panel: MainWindow,
                                   station: Station) -> None:
    login = panel.login
    login.user_field.setText("1001")
    login.pin_field.setFocus()
    qtbot.keyClicks(login.pin_field, "2468")   # no delay between keys, but a PIN is shorter than any badge
    qtbot.keyClick(login.pin_field, Qt.Key.Key_Return)
    run(qloop, settle(0.5))
    assert station.auth.current is not None and station.auth.current.username == "1001"


def test_a_badge_scanned_with_no_field_focused_logs_in(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                      panel: MainWindow, station: Station) -> None:
    """A tap on the card takes the focus off the fields; the reader's burst then reaches the login itself."""
    login = panel.login
    login.setFocus()
    run(qloop, settle(0.1))
    assert login.user_field.hasFocus() is False and login.pin_field.hasFocus() is False
    qtbot.keyClicks(login, "BADGE-3001")
    qtbot.keyClick(login, Qt.Key.Key_Return)
    run(qloop, settle(0.5))
    assert station.auth.current is not None and station.auth.current.username == "3001"


def test_keys_typed_slowly_with_no_field_focused_are_no_badge(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                             panel: MainWindow, station: Station) -> None:
    login = panel.login
    login.setFocus()
    for char in "BADGE-3001":
        qtbot.keyClick(login, char, delay=60)   # a person: 60 ms or more between keys
    qtbot.keyClick(login, Qt.Key.Key_Return)
    run(qloop, settle(0.3))
    assert station.auth.current is None


def test_checking_is_said_calmly_and_a_refusal_in_red(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                     panel: MainWindow) -> None:
    login = panel.login
    login.user_field.setText("1001")
    login.pin_field.setText("0000")
    login.submit()
    assert login.message.text() == "Checking…"
    calm = login.message.palette().color(login.message.foregroundRole()).name()
    run(qloop, settle(0.5))
    assert login.message.text() == "Unknown user or wrong PIN."
    red = login.message.palette().color(login.message.foregroundRole()).name()
    assert calm == "#2b3036" and red == "#8a1c12"


def test_an_operator_lands_on_lots_or_on_the_running_lots_instruction(qloop: asyncio.AbstractEventLoop,
                                                                       panel: MainWindow, station: Station) -> None:
    run(qloop, ensure_demo_masterdata(store=station.store, station_id=station.station_id, ts=station.clock.now()))
    run(qloop, station.auth.login_pin("1001", "2468"))
    run(qloop, settle(0.2))
    assert panel.current_key == "lots"
    instructions = station.production.instructions
    status = run(qloop, instructions.status_for("WO-24117"))
    assert status.doc is not None
    run(qloop, instructions.acknowledge(instruction_id=status.doc.instruction_id, version=status.doc.version))
    run(qloop, station.production.lots.start(work_order="WO-24117", lot_no="ANO1-261124-0007"))
    run(qloop, station.auth.logout())
    run(qloop, station.auth.login_pin("1001", "2468"))
    run(qloop, settle(0.2))
    assert panel.current_key == "instructions"
    run(qloop, station.auth.login_pin("2001", "1357"))   # an inspector: the defects to record
    run(qloop, settle(0.2))
    assert panel.current_key == "defects"
