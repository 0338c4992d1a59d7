"""A two-finger pinch on the trend plot zooms the time axis around the fingers and reloads history once.

The touches are real Qt touch events (QTest on a touchscreen device) sent to the plot's viewport;
Qt's own gesture recogniser turns them into the QPinchGesture the plot handles.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QInputDevice, QPointingDevice
from PySide6.QtTest import QTest

from hmi.historian import query as query_module
from screens.shell_context import ShellContext
from screens.widgets.trend_plot import TrendPlot
from tests.conftest import run, settle
from tests.gui.trends_support import open_trends


@pytest.fixture(scope="module")
def touchscreen(qapp: Any) -> QPointingDevice:
    return QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)


def _time_at(plot: TrendPlot, point: QPoint) -> float:
    return float(plot.main.mapSceneToView(plot.mapToScene(point)).x())


def _pinch(plot: TrendPlot, device: QPointingDevice, centre: QPoint, *, from_px: int, to_px: int) -> None:
    """Two fingers land ``from_px`` apart either side of ``centre`` and move to ``to_px`` apart."""
    viewport = plot.viewport()
    y = centre.y()

    def at(half: int, side: int) -> QPoint:
        return QPoint(centre.x() + side * half, y)

    QTest.touchEvent(viewport, device).press(0, at(from_px // 2, -1), viewport).commit()
    QTest.touchEvent(viewport, device).move(0, at(from_px // 2, -1), viewport).press(
        1, at(from_px // 2, 1), viewport).commit()
    steps = 6
    for step in range(1, steps + 1):
        half = (from_px + (to_px - from_px) * step // steps) // 2
        QTest.touchEvent(viewport, device).move(0, at(half, -1), viewport).move(1, at(half, 1), viewport).commit()
    QTest.touchEvent(viewport, device).release(0, at(to_px // 2, -1), viewport).release(
        1, at(to_px // 2, 1), viewport).commit()


def _count_queries(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, float]]:
    calls: list[tuple[float, float]] = []
    real = query_module.query_series

    def counting(conn: Any, tags: list[str], start: float, end: float, max_points: int) -> dict:
        calls.append((start, end))
        return real(conn, tags, start, end, max_points)

    monkeypatch.setattr("hmi.historian.historian.query_series", counting)
    return calls


def test_spreading_two_fingers_zooms_in_around_them_and_reloads_once(
    qloop: asyncio.AbstractEventLoop, qtbot: Any, history_context: ShellContext, touchscreen: QPointingDevice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = open_trends(qtbot, history_context, "history")
    run(qloop, settle(0.5))
    plot = screen.plot
    calls = _count_queries(monkeypatch)
    before = plot.time_range()
    box = plot.mapFromScene(plot.main.sceneBoundingRect().center())
    centre = QPoint(box.x() - 120, box.y())  # off the middle: the zoom must keep *this* time in place
    pinned = _time_at(plot, centre)
    queries_before = screen.query_count

    _pinch(plot, touchscreen, centre, from_px=100, to_px=400)  # four times as far apart
    run(qloop, settle(0.6))

    start, end = plot.time_range()
    assert (end - start) == pytest.approx((before[1] - before[0]) / 4, rel=0.1)
    assert _time_at(plot, centre) == pytest.approx(pinned, abs=(end - start) * 0.01)  # no pan, no drift
    assert before[0] < start < pinned < end < before[1]
    assert screen.query_count == queries_before + 1
    assert calls == [pytest.approx((start, end))]  # exactly one query, for the range now shown
    pen = plot.pens["bath_temp"]
    assert pen.x.min() >= start - 600 and pen.x.max() <= end + 600  # and its answer is drawn
    assert screen.history_range == pytest.approx((start, end))
    assert not plot.cursor.isVisible()  # the fingers were not taken for a tap


def test_closing_two_fingers_zooms_out(
    qloop: asyncio.AbstractEventLoop, qtbot: Any, history_context: ShellContext, touchscreen: QPointingDevice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = open_trends(qtbot, history_context, "history")
    now = history_context.station.clock.now()
    screen.show_range(now - 4 * 3600, now - 2 * 3600)
    run(qloop, settle(0.5))
    plot = screen.plot
    calls = _count_queries(monkeypatch)
    centre = plot.mapFromScene(plot.main.sceneBoundingRect().center())
    _pinch(plot, touchscreen, centre, from_px=400, to_px=200)
    run(qloop, settle(0.6))
    start, end = plot.time_range()
    assert end - start == pytest.approx(2 * 2 * 3600, rel=0.1)
    assert calls == [pytest.approx((start, end))]


def test_a_pinch_in_live_mode_changes_nothing(
    qloop: asyncio.AbstractEventLoop, qtbot: Any, history_context: ShellContext, touchscreen: QPointingDevice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = open_trends(qtbot, history_context, "live")
    run(qloop, settle(0.4))
    plot = screen.plot
    calls = _count_queries(monkeypatch)
    before = plot.time_range()
    centre = plot.mapFromScene(plot.main.sceneBoundingRect().center())
    _pinch(plot, touchscreen, centre, from_px=100, to_px=400)
    run(qloop, settle(0.4))
    start, end = plot.time_range()
    assert end - start == pytest.approx(before[1] - before[0])  # the live window keeps its span
    assert calls == [] and screen.history_range is None


def test_one_finger_still_pans(
    qloop: asyncio.AbstractEventLoop, qtbot: Any, history_context: ShellContext, touchscreen: QPointingDevice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = open_trends(qtbot, history_context, "history")
    run(qloop, settle(0.5))
    plot = screen.plot
    calls = _count_queries(monkeypatch)
    before = plot.time_range()
    centre = plot.mapFromScene(plot.main.sceneBoundingRect().center())
    viewport = plot.viewport()
    QTest.touchEvent(viewport, touchscreen).press(0, centre, viewport).commit()
    for step in range(1, 7):
        QTest.touchEvent(viewport, touchscreen).move(0, centre + QPoint(40 * step, 0), viewport).commit()
        run(qloop, settle(0.03))  # pyqtgraph rate-limits mouse moves
    QTest.touchEvent(viewport, touchscreen).release(0, centre + QPoint(240, 0), viewport).commit()
    run(qloop, settle(0.6))
    start, end = plot.time_range()
    assert end - start == pytest.approx(before[1] - before[0])
    assert start < before[0]  # dragged to the right: earlier times come into view
    assert calls == [pytest.approx((start, end))]
