"""The shell as an operator meets it: log in with the PIN pad, navigate, switch to Korean, idle out."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from hmi.clock import ManualClock
from hmi.demo import ensure_demo_users
from hmi.station import Station
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
    languages.set_language("en")  # pytest-qt closes and deletes the window itself


def _press(qtbot: Any, win: MainWindow, keys: str) -> None:
    for key in keys:
        qtbot.mouseClick(win.login.pad.keys[key], Qt.MouseButton.LeftButton)


def test_the_pin_pad_logs_a_user_in(qloop: asyncio.AbstractEventLoop, qtbot: Any, window: MainWindow,
                                    station: Station) -> None:
    assert window.current_page() is window.login
    _press(qtbot, window, "1001>")           # user ID, OK moves on to the PIN
    assert window.login.pin_field.hasFocus() or window.login._active is window.login.pin_field
    _press(qtbot, window, "2468>")
    run(qloop, settle(0.5))
    assert station.auth.current is not None and station.auth.current.username == "1001"
    assert window.pages.currentWidget() is window.workspace
    assert "Kim Min-jun" in window.header.user_label.text()


def test_a_wrong_pin_shows_a_message_and_keeps_the_login(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                         window: MainWindow, station: Station) -> None:
    _press(qtbot, window, "1001>1234>")
    run(qloop, settle(0.5))
    assert station.auth.current is None
    assert window.login.message.text() == "Unknown user or wrong PIN."
    assert window.login.pin_field.text() == ""


def test_navigation_switches_screens(qloop: asyncio.AbstractEventLoop, qtbot: Any, window: MainWindow,
                                     station: Station) -> None:
    run(qloop, station.auth.login_pin("9001", "9753"))
    run(qloop, settle(0.2))
    assert window.current_key == "overview"
    qtbot.mouseClick(window.nav_buttons["system"], Qt.MouseButton.LeftButton)
    run(qloop, settle(0.3))
    assert window.current_key == "system"
    assert window.current_screen() is window.screen("system")


def test_language_switch_changes_visible_text_to_korean(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                       window: MainWindow, station: Station) -> None:
    assert window.login.title.text() == "Sign in"
    qtbot.mouseClick(window.header.language_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.1))
    assert window.login.title.text() == "로그인"
    assert window.header.language_button.text() == "English"
    run(qloop, station.auth.login_pin("1001", "2468"))
    run(qloop, settle(0.2))
    assert window.nav_buttons["overview"].text() == "개요"
    assert "작업자" in window.header.user_label.text()


def test_idle_logout_returns_to_the_login(qloop: asyncio.AbstractEventLoop, window: MainWindow,
                                          station: Station, clock: ManualClock) -> None:
    run(qloop, station.auth.login_pin("1001", "2468"))
    run(qloop, settle(0.1))
    assert window.pages.currentWidget() is window.workspace
    clock.advance(station.config.security.idle_logout_s + 1)
    run(qloop, settle(1.3))  # the shell checks once a second
    assert station.auth.current is None
    assert window.current_page() is window.login


def test_operator_does_not_see_admin_actions(qloop: asyncio.AbstractEventLoop, window: MainWindow,
                                            station: Station) -> None:
    run(qloop, station.auth.login_pin("1001", "2468"))
    window.navigate("system")
    run(qloop, settle(0.2))
    system = window.screen("system")
    assert not system.exit_button.isVisible()  # type: ignore[attr-defined]


def test_first_start_asks_for_an_admin(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                       make_station: Any, tmp_path: Any) -> None:
    fresh = make_station(data_dir=tmp_path / "fresh")
    win = MainWindow(station=fresh, languages=LanguageManager())
    qtbot.addWidget(win)
    win.show()
    run(qloop, win.start())
    assert win.current_page() is win.first_admin
    win.first_admin.username.setText("admin")
    win.first_admin.display_name.setText("Station Admin")
    win.first_admin.pin.setText("8642")
    win.first_admin.pin_again.setText("8642")
    qtbot.mouseClick(win.first_admin.create_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.5))
    assert win.current_page() is win.login
    session = run(qloop, fresh.auth.login_pin("admin", "8642"))
    assert session.role.value == "admin"
    run(qloop, win.tasks.cancel_all())


def test_an_unhandled_error_is_logged_and_shown_not_frozen(qloop: asyncio.AbstractEventLoop, window: MainWindow,
                                                           caplog: Any) -> None:
    async def broken() -> None:
        raise RuntimeError("printer cable on fire")

    window.tasks.spawn(broken(), name="broken")
    run(qloop, settle(0.2))
    assert window.toast.isVisible()
    assert "printer cable on fire" in window.toast.label.text()
    assert any("broken" in r.getMessage() for r in caplog.records)
