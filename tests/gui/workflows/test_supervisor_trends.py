"""A supervisor's trends on the real window at 1024x768 with the line running: six pens chosen by
touch in the Pens dialog, each drawn on its own axis (in its colour, with its unit, side by side,
none over another), the setpoint drawn although it never changes, and the cursor placed with a
tap shows its time and each pen's value in its format. In English and Korean."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget

from hmi.station import Station
from screens.main_window import MainWindow
from tests.conftest import run
from tests.gui.workflows.conftest import on_the_line, sign_in, tap, until

pytestmark = pytest.mark.gui


def pg_point(x: float, y: float) -> Any:
    from PySide6.QtCore import QPointF

    return QPointF(x, y)

PENS = ["bath_temp", "bath_temp_sp", "bath_conc", "rectifier_voltage", "rectifier_current", "conveyor_speed"]


def test_supervisor_trends_six_pens_on_their_own_axes_and_the_cursor_with_its_time(
        qloop: asyncio.AbstractEventLoop, qtbot: Any, main_window: MainWindow, live_station: Station,
        language: str) -> None:
    win, station = main_window, live_station
    korean = language == "ko"

    async def scenario() -> None:
        await sign_in(qtbot, win, "3001", "3579")
        await until(lambda: win.pages.currentWidget() is win.workspace, what="signed in")
        await until(lambda: all(station.bus.latest(t) is not None for t in PENS), what="the line's values")
        await tap(qtbot, win.nav_buttons["trends"])
        screen: Any = win.screen("trends")

        await tap(qtbot, screen.pens_button)
        await until(lambda: any(d.isVisible() for d in screen.findChildren(QDialog)), what="the Pens dialog")
        dialog = next(d for d in screen.findChildren(QDialog) if d.isVisible())
        listing = dialog.findChild(QListWidget)
        for i in range(listing.count()):
            item = listing.item(i)
            wanted = item.data(Qt.ItemDataRole.UserRole) in PENS
            if (item.checkState() == Qt.CheckState.Checked) != wanted:   # a touch on the row toggles it
                listing.scrollToItem(item)
                await tap(qtbot, listing.viewport(), listing.visualItemRect(item).center())
        buttons = dialog.findChild(QDialogButtonBox)
        await tap(qtbot, buttons.button(QDialogButtonBox.StandardButton.Ok))
        await until(lambda: sorted(screen.pens) == sorted(PENS), what=lambda: f"six pens: {screen.pens}")
        plot = screen.plot
        await until(lambda: all(p.curve.xData is not None and len(p.curve.xData) >= 2 for p in plot.pens.values()),
                    what=lambda: "every pen drawn: " + str({t: (None if p.curve.xData is None else len(p.curve.xData),
                                                                screen.model.live[t].raw()[0].size)
                                                            for t, p in plot.pens.items()}))

        # Each pen on its own axis: in its colour, labelled with its unit, side by side, all visible.
        axes = [plot.axis_of(tag) for tag in PENS]
        assert len({id(a) for a in axes}) == len(PENS)
        rects = []
        for tag, axis in zip(PENS, axes, strict=True):
            pen = plot.pens[tag]
            assert axis is not None and axis.isVisible() and axis.labelText == pen.unit
            assert axis.textPen().color().name() == pen.colour
            rect = axis.parentItem().mapRectToScene(axis.geometry())   # its place in the layout
            assert plot.sceneRect().contains(rect.center())
            rects.append(rect)
        rects.sort(key=lambda r: r.left())
        for left, right in itertools.pairwise(rects):
            assert left.right() <= right.left() + 1                     # never one axis over another
        data_area = plot.main.sceneBoundingRect()
        assert rects[-1].right() <= data_area.left() + 1 and data_area.width() >= 250
        # The setpoint never changes, yet its line reaches the present.
        # (Waited for: on a loaded machine the setpoint may have gone STALE for a moment, and a STALE
        # value rightly breaks the line until the next GOOD one.)
        setpoint = plot.pens["bath_temp_sp"].curve

        def setpoint_reaches_the_present() -> bool:
            _start, end = plot.time_range()
            return bool(setpoint.xData[-1] >= end - 2.0 and np.isfinite(setpoint.yData[-1]))

        await until(setpoint_reaches_the_present, what=lambda: (
            f"setpoint line to the present: ends {setpoint.xData[-1]:.1f} at {setpoint.yData[-1]}, window ends "
            f"{plot.time_range()[1]:.1f}; bath_temp_sp on the bus: {station.bus.latest('bath_temp_sp')}"))

        # A tap on the plot, a few seconds back in the 1-minute window, places the cursor: its time
        # is on it and in the status line, and the legend reads each pen's value there.
        await tap(qtbot, screen.span_buttons[0])
        await until(lambda: plot.time_range()[1] - plot.time_range()[0] == pytest.approx(60.0), what="1 min")


        def first_shared() -> float:   # the time from which every pen has a value
            return max(float(series.raw()[0][0]) if series.raw()[0].size else np.inf
                       for series in screen.model.live.values())

        await until(lambda: plot.time_range()[1] - first_shared() >= 4.0, what="a few seconds of every pen")
        start, end = plot.time_range()
        spot = plot.main.mapViewToScene(pg_point(end - 1.5, 0.5))
        where = plot.mapFromScene(spot)
        await tap(qtbot, plot.viewport(), QPoint(int(where.x()), int(where.y())))
        await until(lambda: plot.cursor.isVisible(), what="the cursor")
        at = float(plot.cursor.value())
        assert start <= at <= end
        assert plot.cursor_text() == dt.datetime.fromtimestamp(at).strftime("%H:%M:%S")
        await until(lambda: ("커서" if korean else "Cursor at") in screen.status.text(), what="the cursor's time")
        assert dt.datetime.fromtimestamp(at).strftime("%H:%M:%S") in screen.status.text()
        legend = screen.legend_buttons["bath_temp"].text()
        assert legend.startswith("양극산화 욕조 온도" if korean else "Anodizing bath temperature")
        await until(lambda: "°C" in screen.legend_buttons["bath_temp"].text(), what=lambda: f"the value at the cursor: {screen.legend_buttons['bath_temp'].text()!r} {at} "
                         f"{screen.model.live_values(at)} {[s.raw()[0][:2] for s in screen.model.live.values()]}")
        for entry in screen.legend_buttons.values():
            assert "None" not in entry.text() and "nan" not in entry.text()

    run(qloop, on_the_line(qtbot, win, language, scenario))
