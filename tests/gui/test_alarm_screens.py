"""The banner follows the alarms; acknowledge and shelve from the list (qasync, offscreen)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from hmi.alarms import AlarmState, Priority
from hmi.auth import Role
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import run, settle
from tests.unit.test_alarm_service import add_users, alarm_config, login

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qloop: asyncio.AbstractEventLoop, qtbot: Any, make_station: Callable[..., Station]) -> Iterator[Any]:
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    station = make_station(alarm_config())
    run(qloop, station.start())
    run(qloop, add_users(station))
    win = MainWindow(station=station, languages=LanguageManager(), demo_hint="")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.request_quit()
    win.close()
    run(qloop, win.tasks.cancel_all())
    run(qloop, station.stop())


def publish(station: Station, tag: str, value: Any) -> None:
    station.bus.publish(Sample(tag, station.clock.now(), value, Quality.GOOD))


def test_banner_shows_the_newest_most_urgent_unacknowledged_alarm(qloop: asyncio.AbstractEventLoop,
                                                                  window: Any) -> None:
    station: Station = window.station
    banner = window.alarm_banner
    assert "No unacknowledged" in banner.message.text()
    publish(station, "Rectifier1.Voltage", 23.0)
    run(qloop, settle(0.2))
    assert "Rectifier voltage high" in banner.message.text()
    assert banner.counts[Priority.MEDIUM].text().endswith("(1)")
    assert banner._flash_timer.isActive()
    station.clock.advance(1)  # type: ignore[attr-defined]
    publish(station, "Bath1.Temp", 24.0)
    run(qloop, settle(0.2))
    assert "Bath 1 temperature high" in banner.message.text()   # high beats medium
    run(qloop, login(station, Role.OPERATOR))
    run(qloop, station.alarms.acknowledge(["temp_hi", "volt_hi"]))
    run(qloop, settle(0.2))
    assert "all acknowledged" in banner.message.text()
    assert not banner._flash_timer.isActive()                   # flashes only while unacknowledged
    run(qloop, station.alarms.flush())


def test_touching_the_banner_opens_the_list_and_acknowledge_from_it(qloop: asyncio.AbstractEventLoop,
                                                                     window: Any, qtbot: Any) -> None:
    station: Station = window.station
    run(qloop, login(station, Role.OPERATOR))
    run(qloop, settle(0.1))
    publish(station, "Bath1.Temp", 27.0)
    publish(station, "Rectifier1.Voltage", 23.0)
    run(qloop, settle(0.2))
    qtbot.mouseClick(window.alarm_banner, Qt.MouseButton.LeftButton)
    assert window.current_key == "alarms"
    screen = window.screen("alarms")
    run(qloop, settle(0.2))
    assert [v.alarm_id for v in screen.model.rows] == ["temp_hihi", "temp_hi", "volt_hi"]
    assert not screen.shelve_button.isVisible()                 # operators do not shelve
    screen.select_alarm("temp_hi")
    screen.comment.setText("checked the chiller")
    qtbot.mouseClick(screen.ack_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.3))
    assert station.alarms.view("temp_hi").state is AlarmState.ACK_ACTIVE
    assert station.alarms.view("temp_hihi").state is AlarmState.UNACK_ACTIVE
    qtbot.mouseClick(screen.ack_all_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.3))
    assert all(v.acked for v in station.alarms.views())
    run(qloop, login(station, Role.SUPERVISOR))
    entries = run(qloop, station.alarms.journal())
    ack = next(e for e in entries if e.alarm_id == "temp_hi" and e.transition == "acknowledged")
    assert ack.user == "1001" and ack.comment == "checked the chiller"


def test_shelve_with_a_reason_from_the_list(qloop: asyncio.AbstractEventLoop, window: Any, qtbot: Any) -> None:
    station: Station = window.station
    run(qloop, login(station, Role.SUPERVISOR))
    publish(station, "Rectifier1.Voltage", 23.0)
    window.navigate("alarms")
    screen = window.screen("alarms")
    run(qloop, settle(0.2))
    screen.select_alarm("volt_hi")
    qtbot.mouseClick(screen.shelve_button, Qt.MouseButton.LeftButton)
    assert screen.panel.isVisible()
    qtbot.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)     # no reason: refused
    run(qloop, settle(0.1))
    assert station.alarms.view("volt_hi").state is AlarmState.UNACK_ACTIVE
    screen.reason.setText("probe being replaced")
    screen.duration.setCurrentIndex(1)                                    # 30 min
    qtbot.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.3))
    view = station.alarms.view("volt_hi")
    assert view.state is AlarmState.SHELVED and view.shelve_reason == "probe being replaced"
    assert view.shelved_until == station.clock.now() + 1800
    assert not screen.panel.isVisible()
    assert "No unacknowledged" in window.alarm_banner.message.text()
    screen.select_alarm("volt_hi")
    qtbot.mouseClick(screen.unshelve_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.3))
    assert station.alarms.view("volt_hi").state is AlarmState.UNACK_ACTIVE


def test_trend_button_opens_the_tag_in_the_trend_screen(qloop: asyncio.AbstractEventLoop, window: Any,
                                                        qtbot: Any) -> None:
    station: Station = window.station
    run(qloop, login(station, Role.OPERATOR))
    publish(station, "Rectifier1.Voltage", 23.0)
    window.navigate("alarms")
    screen = window.screen("alarms")
    run(qloop, settle(0.2))
    screen.select_alarm("volt_hi")
    qtbot.mouseClick(screen.trend_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.2))
    assert window.current_key == "trends"
    assert window.screen("trends").pens == ["Rectifier1.Voltage"]
