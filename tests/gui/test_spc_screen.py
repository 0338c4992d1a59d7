"""The SPC screen on the qasync loop: the overview, the chart with its limits and violations, the
trial flag, and the assignable cause recorded from the touch lists."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.station import Station
from tests.conftest import run, settle
from tests.production_support import load_demo, login, start_demo_lot
from tests.unit.test_spc_service import V1, apply, bundle, config, measure

pytestmark = pytest.mark.gui


def _screen(station: Station, qtbot: Any, notes: list[str], errors: list[BaseException]) -> Any:
    from screens.i18n import LanguageManager
    from screens.shell_context import ShellContext
    from screens.spc_screen import SpcScreen
    from screens.tasks import TaskGroup

    context = ShellContext(station=station.services, languages=LanguageManager(), tasks=TaskGroup(on_error=errors.append),
                           notify=notes.append, navigate=lambda _k: None, quit=lambda: None)
    screen = SpcScreen(context)
    screen.resize(834, 632)          # the page area of a 1024×768 window
    qtbot.addWidget(screen)
    return screen


def test_chart_overview_and_cause(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                  make_station: Callable[..., Station], clock: ManualClock) -> None:
    station = make_station(config())
    notes: list[str] = []
    errors: list[BaseException] = []

    async def setup() -> None:
        await station.start()
        await load_demo(station)
        await apply(station, bundle(V1))
        clock.advance(1)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        await station.spc.idle()

    run(qloop, setup())
    try:
        screen = _screen(station, qtbot, notes, errors)
        screen.show()
        screen.on_shown()
        button = screen._buttons["thickness"]
        assert button.state.text() == "In control"
        assert "Limit set v1 (from the centre)" in screen.version.text()
        painted = screen.paint_count
        measure(station, clock, *[15.3] * 8, 15.6)
        run(qloop, station.spc.idle())
        run(qloop, settle(0.4))
        assert screen.paint_count <= painted + 3        # nine points, coalesced into a few repaints
        assert button.state.text() == "Out of control: Nelson 2"
        assert screen.state.text() == "Out of control: Nelson 2: 9 points in a row on one side"
        marks = screen.chart.main.marks.data
        assert len(marks) == 1 and marks[0]["x"] == 8.0 and marks[0]["y"] == 15.6
        assert screen.chart.main.shown_labels == ["2"]
        assert screen.chart.main.spec[0].isVisible() and screen.chart.main.spec[0].value() in (17.0, 13.0)
        assert screen.chart.paired.plot.isVisible()             # the MR chart under the I chart
        assert "not in control" in screen.capability.text()
        assert screen.cause_button.isVisible() and screen.cause_button.text() == "Record cause (1)"

        qtbot.mouseClick(screen.cause_button, qtbot_left())
        run(qloop, settle(0.3))
        assert screen.cause_panel.isVisible() and screen.cause_combo.count() == 1
        qtbot.mouseClick(screen.save_cause, qtbot_left())
        run(qloop, settle(0.3))
        assert errors == [] and notes == ["Cause recorded."]
        [violation] = run(qloop, station.spc.violations())
        assert violation.cause_code == "RECT-DRIFT" and violation.cause_by == "1001"
        assert not screen.cause_button.isVisible()

        screen.context.languages.set_language("ko")
        run(qloop, settle(0.2))
        assert button.name.text() == "산화막 두께" and screen.title_label.text() == "SPC 관리도"
        assert screen.version.text() == "한계 세트 v1 (본사)"
        assert screen.minimumSizeHint().height() <= screen.height()      # fits the page of a 1024×768 window
        for label in (button.name, button.state, screen.heading, screen.state, screen.capability, screen.legend):
            right = label.mapTo(screen, label.rect().bottomRight())
            assert right.x() <= screen.width() and right.y() <= screen.height(), label.text()
        screen.context.languages.set_language("en")
        screen.on_hidden()
    finally:
        run(qloop, station.stop())


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_redraw_arrays_reuse_the_last_ones_and_equal_a_fresh_build() -> None:
    import numpy as np

    from hmi.spc.engine import CharacteristicChart
    from hmi.spc.kinds import ChartType, select_rules
    from hmi.spc.limits import LimitSet
    from screens.widgets.spc_chart import arrays

    chart = CharacteristicChart(limits=LimitSet(chart=ChartType.IMR, cl=0.0, ucl=3.0, lcl=-3.0),
                                rules=select_rules("nelson"), history=50)
    previous = None
    for i in range(140):
        chart.add_value([0.5, 1.5, -2.5, 3.5, 0.2][i % 5] + (i % 23) * 0.05, float(i))
        points = tuple(chart.points)
        reused = arrays(points, previous)
        fresh = arrays(points)
        for name in ("x", "value", "cl", "ucl", "lcl", "sigma_hi", "sigma_lo", "dispersion", "violated"):
            assert np.array_equal(getattr(reused, name), getattr(fresh, name), equal_nan=True), (i, name)
        assert reused.labels == fresh.labels
        if i % 3 == 0:
            previous = reused     # redraws skip some points, as a coalesced repaint does
