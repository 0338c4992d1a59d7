"""The OEE screens with a morning's stops: the operator's figures, hours and waiting stops (a reason given
in two taps), the supervisor's report (Pareto, OEE per hour, shifts) and its CSV export."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.oee import records
from hmi.station import Station
from tests.conftest import run
from tests.downtime_support import Line
from tests.gui.lots_support import click, until
from tests.oee_support import local
from tests.production_support import load_demo, login, start_demo_lot

pytestmark = pytest.mark.gui


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=local(0, "07:00"))


@pytest.fixture
def languages(qapp: Any) -> Iterator[Any]:
    from screens.i18n import LanguageManager

    manager = LanguageManager(qapp)
    yield manager
    manager.set_language("en")


def test_the_operator_sees_the_shift_and_gives_a_reason_and_the_supervisor_exports_the_day(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, make_station: Any, clock: ManualClock, languages: Any) -> None:
    from screens.main_window import MainWindow
    from tests.downtime_support import live_config

    station: Station = make_station(live_config())
    run(qloop, load_demo(station))
    window = MainWindow(station=station, languages=languages, demo_hint="")
    window.resize(1024, 768)
    window.show()
    oee = station.oee
    assert oee is not None

    async def flow() -> None:
        await station.start()
        await window.start()
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        line = Line(station, clock)
        await line.state(1)
        await line.run_for(600)
        await line.state(2, fault=101)            # 3 min fault: its reason from the fault code
        clock.advance(180)
        await line.state(1, fault=0)
        await line.run_for(600)
        await line.state(0)                       # 2 min stop: waits for a reason
        clock.advance(120)
        await line.state(1)
        await line.run_for(300)
        await line.state(0)                       # a micro-stop
        clock.advance(10)
        await line.state(1)
        await line.run_for(120)
        await line.tick()
        await login(station, Role.OPERATOR)        # the manual clock's half hour locked the idle session
        window.navigate("oee")
        screen = window.screen("oee")
        await until(lambda: bool(screen._tree), what="the reason tree")
        assert screen.tiles["oee"][1].text().endswith("%") and screen.tiles["availability"][1].text() != "—"
        assert "1 micro-stop (" in screen.shift_line.text()   # the plural form: not "1 micro-stops"
        assert screen.hours.rowCount() >= 1
        assert screen.notes["oee"].text() == "target 85.0 %"
        assert screen.waiting.count() == 1 and not screen.reason_bar.isEnabled()
        screen.waiting.setCurrentRow(0)
        assert screen.reason_bar.isEnabled()
        click(qtbot, next(b for b in screen.reason_bar.buttons if b.isVisible() and b.text() == "Material"))
        click(qtbot, next(b for b in screen.reason_bar.buttons if b.isVisible() and b.text() == "Waiting for racks"))
        await until(lambda: oee.live.value is not None and not oee.live.value.waiting, what="the reason given")
        events = await station.store.read(lambda db: records.events(db, station.station_id, since=0, until=4e9))
        assert [e.reason for e in events] == ["DT-RECT", "DT-RACK"]
        assert screen.waiting.count() == 1 and screen.waiting.item(0).text() == "none"

        await login(station, Role.SUPERVISOR)
        window.navigate("oee_report")
        report = window.screen("oee_report")
        await until(lambda: report.report is not None and bool(report.report.shifts), what="the day report")
        assert report.report is not None
        assert [code for code, _ in report.report.pareto] == ["DT-RECT", "DT-RACK"]
        assert report.shifts.rowCount() == 1 and report.shifts.item(0, 0).text() == "Morning"
        assert "2 reasons" in report.summary.text() and "1 micro-stop (" in report.summary.text()
        assert len(report.pareto.listDataItems()) + len(report.pareto.getPlotItem().items) > 0
        click(qtbot, report.export_button)
        path = station.data_dir / "exports" / f"oee-{report._day.isoformat()}.csv"
        await until(path.exists, what="the CSV export")
        text = path.read_text(encoding="utf-8")
        assert text.startswith("row,shift,start,end,planned_s") and "DT-RECT,180.0" in text

    try:
        run(qloop, flow())
    finally:
        run(qloop, window.tasks.cancel_all())
        run(qloop, station.stop())
        window.close()


def test_a_station_without_an_oee_section_has_no_oee_screens(qapp: Any, make_station: Any, languages: Any) -> None:
    from screens.main_window import MainWindow
    from tests.conftest import station_config

    station: Station = make_station(station_config(connections={}, tags={}))
    assert station.oee is None
    window = MainWindow(station=station, languages=languages, demo_hint="")
    try:
        assert "oee" not in window.specs and "oee_report" not in window.specs and "lots" in window.specs
    finally:
        window.close()
