"""The trends screen on a real historian: pens, one query per range switch, no loop stalls, live mode."""

from __future__ import annotations

import asyncio
import csv
import time
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt

from hmi.auth import Role
from hmi.demo import ensure_demo_users
from hmi.historian import query as query_module
from hmi.historian.demo_history import DEMO_TAGS
from hmi.historian.views import load_views
from hmi.station import Station
from hmi.tags import Quality, Sample
from screens.shell_context import ShellContext
from tests.conftest import run, settle
from tests.gui.trends_support import open_trends
from tests.production_support import login


def test_the_screen_shows_pens_from_the_historian(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                  history_context: ShellContext) -> None:
    screen = open_trends(qtbot, history_context, "history")
    run(qloop, settle(0.5))
    assert screen.pens == sorted(DEMO_TAGS)
    assert list(screen.plot.pens) == sorted(DEMO_TAGS)
    for pen in screen.plot.pens.values():
        assert 0 < len(pen.x) <= 4000
    temp = screen.plot.pens["bath_temp"]
    assert np.nanmax(temp.y) > 23.5  # the demo's temperature spike is drawn
    rectifier = screen.plot.pens["rectifier_voltage"]
    assert np.isnan(rectifier.y).any()  # and the BAD period is a gap
    # Every pen has its own axis, in its colour, labelled with its unit, and the number on that axis
    # at the height the pen is drawn is the pen's value (no pen is read against another's scale).
    axes = {tag: screen.plot.axis_of(tag) for tag in screen.pens}
    assert len({id(axis) for axis in axes.values()}) == len(screen.pens)
    for tag, pen in screen.plot.pens.items():
        axis = axes[tag]
        info = history_context.station.historian.info(tag)
        assert axis is not None and axis.isVisible() and axis.labelText == info.unit
        assert axis.textPen().color().name() == pen.colour
        axis_lo, axis_hi = screen.plot.axis_range(axis)
        assert axis_lo <= info.range_lo and axis_hi >= info.range_hi
        view_lo, view_hi = screen.plot.main.viewRange()[1]
        drawn = pen.curve.yData
        finite = np.flatnonzero(np.isfinite(drawn))
        for i in finite[:: max(1, finite.size // 7)]:
            read = axis_lo + (drawn[i] - view_lo) / (view_hi - view_lo) * (axis_hi - axis_lo)
            assert read == pytest.approx(pen.y[i], rel=1e-6, abs=1e-6), tag


def test_switching_the_range_runs_one_query_and_shows_its_result(
    qloop: asyncio.AbstractEventLoop, qtbot: Any, history_context: ShellContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = open_trends(qtbot, history_context, "history")
    run(qloop, settle(0.5))
    calls: list[tuple[float, float]] = []
    answers: list[dict] = []
    real = query_module.query_series

    def counting(conn: Any, tags: list[str], start: float, end: float, max_points: int) -> dict:
        calls.append((start, end))
        answers.append(real(conn, tags, start, end, max_points))
        return answers[-1]

    monkeypatch.setattr("hmi.historian.historian.query_series", counting)
    qtbot.mouseClick(screen.span_buttons[1], Qt.MouseButton.LeftButton)  # 8 h
    run(qloop, settle(0.6))
    now = history_context.station.clock.now()
    assert calls == [(now - 8 * 3600, now)]
    shown = screen.plot.pens["oxide_thickness"]
    assert np.array_equal(shown.x, answers[0]["oxide_thickness"].t)
    assert screen.plot.time_range() == pytest.approx((now - 8 * 3600, now))


def test_zooming_loads_in_the_background_and_a_late_answer_never_wins(
    qloop: asyncio.AbstractEventLoop, qtbot: Any, history_context: ShellContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = open_trends(qtbot, history_context, "history")
    run(qloop, settle(0.5))
    real = query_module.query_series
    delays = [0.6, 0.05]  # the first zoom's query is slow, the second is fast

    def slow(conn: Any, tags: list[str], start: float, end: float, max_points: int) -> dict:
        time.sleep(delays.pop(0) if delays else 0.0)  # a slow disk, in the worker thread
        return real(conn, tags, start, end, max_points)

    monkeypatch.setattr("hmi.historian.historian.query_series", slow)

    async def zoom_twice() -> float:
        stall = 0.0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal stall
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                stall = max(stall, now - last)
                last = now

        tick = asyncio.create_task(ticker())
        start, end = screen.plot.time_range()
        screen.plot.main.setXRange(start + 3600, end - 3600, padding=0)  # as a pinch or wheel would
        await asyncio.sleep(0.3)  # the first query is running
        screen.plot.main.setXRange(start + 7200, end - 7200, padding=0)
        await asyncio.sleep(1.2)
        done.set()
        await tick
        return stall

    stall = run(qloop, zoom_twice())
    assert screen.query_count == 3  # the first view, then one per zoom (debounced)
    assert stall < 0.25  # generous: the 0.6 s query never held up the loop
    start, end = screen.plot.time_range()
    pen = screen.plot.pens["bath_temp"]
    assert pen.x.min() >= start - 600 and pen.x.max() <= end + 600  # the second zoom's data is shown


def test_live_mode_follows_the_bus_only_while_shown(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                    history_context: ShellContext, station: Station) -> None:
    screen = open_trends(qtbot, history_context, "live")
    run(qloop, settle(0.4))
    now = station.clock.now()
    station.bus.publish(Sample("bath_temp", now + 0.5, 30.5, Quality.GOOD))
    station.bus.publish(Sample("rectifier_voltage", now + 0.5, 15.0, Quality.BAD))
    run(qloop, settle(0.3))
    temp = screen.plot.pens["bath_temp"]
    assert temp.y[-1] == 30.5 and temp.x[-1] == now + 0.5
    assert np.isnan(screen.plot.pens["rectifier_voltage"].y[-1])
    assert "BAD" in screen.legend_buttons["rectifier_voltage"].text()
    screen.on_hidden()
    station.bus.publish(Sample("bath_temp", now + 1.0, 31.0, Quality.GOOD))
    run(qloop, settle(0.3))
    assert not screen._repaint.isActive() and screen.plot.pens["bath_temp"].y[-1] == 30.5


def test_views_are_saved_by_name_and_exports_hold_the_raw_rows(
    qloop: asyncio.AbstractEventLoop, qtbot: Any, history_context: ShellContext, station: Station
) -> None:
    screen = open_trends(qtbot, history_context, "history")
    run(qloop, settle(0.5))
    screen.set_pens(["oxide_thickness", "bath_temp"])
    now = station.clock.now()
    screen.show_range(now - 3600, now)
    run(qloop, settle(0.5))
    run(qloop, ensure_demo_users(station))
    run(qloop, login(station, Role.SUPERVISOR))   # saving a view is a person's, with an audit entry
    run(qloop, screen.save_current_view("thickness"))
    views = run(qloop, station.store.read(load_views))
    assert [(v.name, v.pens, v.mode, v.end) for v in views] == [
        ("thickness", ("oxide_thickness", "bath_temp"), "history", now)]
    screen.set_pens(["conveyor_speed"])
    screen.apply_view(views[0])
    run(qloop, settle(0.5))
    assert screen.pens == ["oxide_thickness", "bath_temp"]
    path = run(qloop, screen.export_csv())
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    start, end = screen.plot.time_range()
    expected = run(qloop, station.historian.raw("oxide_thickness", start, end))
    assert len([r for r in rows if r["tag"] == "oxide_thickness"]) == len(expected) > 100
    assert rows[0]["unit"] == "µm"
    png = run(qloop, screen.export_png())
    assert png.stat().st_size > 1000


def test_pens_are_chosen_by_touch_in_the_picker(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                history_context: ShellContext) -> None:
    from PySide6.QtWidgets import QDialog, QListWidget

    screen = open_trends(qtbot, history_context, "history")
    run(qloop, settle(0.5))
    screen.set_pens(["bath_temp"])
    qtbot.mouseClick(screen.pens_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.3))
    dialog = next(d for d in screen.findChildren(QDialog) if d.isVisible())
    listing = dialog.findChild(QListWidget)
    rows = {listing.item(i).data(Qt.ItemDataRole.UserRole): listing.item(i) for i in range(listing.count())}
    assert set(DEMO_TAGS) <= set(rows)
    for tag in ("bath_temp", "oxide_thickness"):  # a touch on the row toggles it
        qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=listing.visualItemRect(rows[tag]).center())
    dialog.accept()
    run(qloop, settle(0.5))
    assert screen.pens == ["oxide_thickness"]
    assert list(screen.plot.pens) == ["oxide_thickness"] and len(screen.plot.pens["oxide_thickness"].x) > 0


def test_a_setpoint_draws_its_line_the_cursor_shows_its_time_and_the_legend_lines_never_overlap(
        qloop: asyncio.AbstractEventLoop, qtbot: Any, history_context: ShellContext, station: Station) -> None:
    import datetime as dt

    from PySide6.QtGui import QColor

    screen = open_trends(qtbot, history_context, "live")
    run(qloop, settle(0.3))
    screen.set_pens(["bath_temp", "bath_temp_sp"])
    run(qloop, settle(0.3))
    now = station.clock.now()
    station.bus.publish(Sample("bath_temp_sp", now, 20.0, Quality.GOOD))   # a setpoint: published once
    station.clock.advance(30)  # type: ignore[attr-defined]
    screen._dirty = True
    screen._paint_live()
    curve = screen.plot.pens["bath_temp_sp"].curve
    assert curve.xData is not None and curve.xData[-1] == pytest.approx(now + 30)   # drawn up to now
    assert np.nanmax(curve.yData) == np.nanmin(curve.yData[-2:])                   # flat, at its value
    # Its own axis (15-25 °C), not the bath temperature's (0-40 °C).
    assert screen.plot.axis_of("bath_temp_sp") is not screen.plot.axis_of("bath_temp")

    at = now + 10
    screen.plot.show_cursor(at)
    qtbot.waitUntil(lambda: "Cursor at" in screen.status.text(), timeout=5000)
    assert screen.plot.cursor_text() == dt.datetime.fromtimestamp(at).strftime("%H:%M:%S")
    colour = QColor(screen.plot.cursor.pen.color())
    assert not (colour.red() > colour.green() + 40 and colour.red() > colour.blue() + 40)  # not red (ISA-101)
    assert "20.0 °C" in screen.legend_buttons["bath_temp_sp"].text()   # at the cursor, in its format ({:.1f})

    for entry in screen.legend_buttons.values():
        caption, reading = entry.caption.geometry(), entry.reading.geometry()
        assert caption.bottom() < reading.top() and entry.rect().contains(reading), entry.tag
        needed = entry.reading.fontMetrics().boundingRect(entry.reading.text()).height()
        assert reading.height() >= needed
