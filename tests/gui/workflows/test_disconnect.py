"""Disconnect, as a supervisor sees it on the real window at 1024x768 with the line running: the
OPC-UA server goes away, its values turn grey with their age (never "None", never bold and black),
the connection alarm is raised on the banner; the server comes back, values are live again, the
alarm returns and, once acknowledged, leaves the banner. In English and Korean."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from hmi.alarms import AlarmState, Priority
from hmi.station import Station
from hmi.status import Health
from screens.main_window import MainWindow
from tests.conftest import run
from tests.equipment_support import ThreadedSimulator
from tests.gui.workflows.conftest import on_the_line, sign_in, tap, until

pytestmark = pytest.mark.gui

ALARM = "connection.line_opcua"
TAG = "bath_temp"           # served over OPC-UA
OTHER = "rectifier_voltage"  # served over Modbus: stays live


def test_a_dropped_connection_greys_its_values_raises_its_alarm_and_recovers(
        qloop: asyncio.AbstractEventLoop, qtbot: Any, main_window: MainWindow, live_station: Station,
        line: ThreadedSimulator, language: str) -> None:
    win, station = main_window, live_station
    korean = language == "ko"
    message = "설비 연결 line_opcua 끊김" if korean else "Equipment connection line_opcua lost"

    async def scenario() -> None:
        assert win.size().width() <= 1024 and win.size().height() <= 768
        await sign_in(qtbot, win, "3001", "3579")
        await until(lambda: win.pages.currentWidget() is win.workspace, what="signed in")
        await tap(qtbot, win.nav_buttons["equipment"])
        screen: Any = win.screen("equipment")
        plate, other = screen.faceplates[TAG], screen.faceplates[OTHER]
        await until(lambda: plate.value.property("current") == "true"
                    and other.value.property("current") == "true",
                    what=lambda: f"live values: {win.current_key} {plate.value.text()!r} {plate.quality.text()} "
                                 f"{other.quality.text()} {station.bus.latest(TAG)} {station.bus.latest(OTHER)}")
        assert plate.value.text() not in ("—", "None") and "." in plate.value.text()
        assert plate.caption.text() == ("양극산화 욕조 온도" if korean else "Anodizing bath temperature")

        await line.acall(line.sim.stop_opcua)
        try:
            await until(lambda: plate.value.property("current") == "false", what="the value greyed")
            assert plate.quality.property("quality") in ("STALE", "BAD")
            assert plate.quality.text() in (("갱신 안 됨", "불량 신호") if korean else ("STALE", "BAD"))
            assert plate.value.text() not in ("None", "", "—")        # the last GOOD value, greyed
            await until(lambda: (" 전" if korean else " ago") in plate.age.text(), what="its age")
            assert other.value.property("current") == "true"          # the Modbus side is still live
            await until(lambda: message in win.alarm_banner.message.text(), what="the alarm on the banner")
            assert "connection:" not in win.alarm_banner.message.text()   # no internal tag id for people
            assert station.alarms.view(ALARM).state is AlarmState.UNACK_ACTIVE
            assert station.alarms.view(ALARM).priority is Priority.DIAGNOSTIC
            assert "(1)" in win.alarm_banner.counts[Priority.DIAGNOSTIC].text()
        finally:
            await line.acall(line.sim.start_opcua)

        await until(lambda: station.equipment.connections["line_opcua"].value.health is Health.OK,
                    what="reconnected")
        await until(lambda: plate.value.property("current") == "true", what="the value live again")
        assert plate.quality.text() == ("정상" if korean else "GOOD")
        await until(lambda: station.alarms.view(ALARM).state is AlarmState.UNACK_RTN, what="alarm returned")
        assert await station.alarms.acknowledge([ALARM]) == 1   # as the signed-in supervisor
        await until(lambda: station.alarms.view(ALARM).state is AlarmState.NORMAL, what="alarm normal")
        await until(lambda: message not in win.alarm_banner.message.text(), what="the alarm off the banner")

    run(qloop, on_the_line(qtbot, win, language, scenario))
