"""The trend plot: up to 16 pens over one time axis, in ONE view, each pen on its own visible scale.

Every pen's values arrive normalised by its scale (hmi.historian.trend_model: the tag's engineering
range), so the one ViewBox runs 0..1 in y and never auto-ranges. Each distinct scale is drawn as
its own axis on the left, in its pen's colour with its unit on top: no pen is ever read against
another pen's numbers. Moving the window is one setXRange per frame (no linked views to fan out to).
Curves are plain 1 px PlotCurveItems (no per-frame processing of their own): live data comes
pre-decimated (about two points per pixel column, only the visible window) and history comes
decimated by the historian. The cursor is a neutral dark line (ISA-101: red is for alarms) with its time on it.
A two-finger pinch (gloved operators) zooms the time axis like the mouse wheel does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTouchEvent
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QWidget

from hmi.historian.trend_model import Y_PAD, LiveSeries, PenSpec, Scale

# 16 colours that stay apart on a light grey background, with no red, orange-red or pink among them:
# red is the alarm colour (ISA-101), so no pen may look like one.
PEN_COLOURS: tuple[str, ...] = (
    "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#7f7f00", "#393b79", "#637939",
    "#7b4173", "#3182bd", "#5a5a5a", "#000000", "#00796b", "#5254a3", "#8d6e00", "#4e342e",
)
ALARM_COLOUR = "#b3261e"
CONTROL_COLOUR = "#5f6b76"
CURSOR_COLOUR = "#2b3036"
TEXT_COLOUR = "#3c4248"
# One pinch update never zooms by more than this factor (a glitching touch controller must not
# jump the time axis by decades).
MAX_PINCH_STEP = 4.0


@dataclass(slots=True)
class Pen:
    tag: str
    colour: str
    unit: str
    scale: Scale
    curve: pg.PlotCurveItem
    axis: pg.AxisItem | None = None          # the axis showing this pen's scale (shared by equal scales)
    limits: tuple[tuple[str, float], ...] = ()
    limit_lines: list[pg.InfiniteLine] = field(default_factory=list)
    x: np.ndarray = field(default_factory=lambda: np.empty(0))   # engineering values (cursor, tests)
    y: np.ndarray = field(default_factory=lambda: np.empty(0))
    drawn_version: int = -1                   # the scale version the axis and limit lines show


class TrendPlot(pg.PlotWidget):
    cursor_moved = Signal(float)
    range_changed = Signal(float, float)  # the visible time range after a pan or zoom

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setBackground("#f4f5f6")
        self.item = self.getPlotItem()
        self.item.showGrid(x=False, y=False)
        self.item.setMenuEnabled(False)
        self.item.hideButtons()
        self.main = self.item.getViewBox()
        self.main.setMouseEnabled(x=True, y=False)
        self.main.enableAutoRange(x=False, y=False)
        self.main.setYRange(-Y_PAD, 1 + Y_PAD, padding=0)
        self.pens: dict[str, Pen] = {}
        self.selected: str | None = None
        self.shared_axis = False
        # The scales: one axis per distinct pen scale, left of the view, in the cell the default
        # left axis had (same row, so each axis is exactly as tall as the view).
        left = self.item.getAxis("left")
        self.item.layout.removeItem(left)
        left.hide()
        self.scales = pg.GraphicsLayout()
        self.scales.layout.setContentsMargins(0, 0, 0, 0)
        self.scales.layout.setHorizontalSpacing(0)
        self.item.layout.addItem(self.scales, 2, 0)
        self.axes: list[pg.AxisItem] = []
        self.percent_axis = self._axis(TEXT_COLOUR, "%", Scale(0.0, 100.0))
        self.cursor = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen(CURSOR_COLOUR, width=1))
        self.cursor.setZValue(100)
        self.cursor_label = pg.InfLineLabel(self.cursor, text="", position=0.96, anchors=[(0, 0), (0, 0)],
                                            color=CURSOR_COLOUR, fill=pg.mkBrush("#ffffffdd"))
        self.cursor_label.setFont(QFont(self.font().family(), 11))
        self.cursor.hide()
        self.main.addItem(self.cursor, ignoreBounds=True)
        self.cursor.sigPositionChanged.connect(self._cursor_changed)
        self.main.sigXRangeChanged.connect(self._x_changed)
        self._quiet_range = False
        self._interactive = True
        self._pinching = False
        # A pinch arrives as touch events (Qt turns them into a QPinchGesture); pyqtgraph knows
        # neither, so the viewport is made to accept them and viewportEvent() handles them.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        bottom = self.item.getAxis("bottom")
        bottom.setTextPen(pg.mkPen(TEXT_COLOUR))
        bottom.setPen(pg.mkPen("#8a9199"))

    # Pens -----------------------------------------------------------------------------------------
    def set_pens(self, specs: list[PenSpec], scales: dict[str, Scale]) -> None:
        """The pens, in order, each with the scale it is normalised by (shared with the model)."""
        for pen in self.pens.values():
            self.main.removeItem(pen.curve)
            for line in pen.limit_lines:
                self.main.removeItem(line)
        self.pens = {}
        for spec in specs:
            curve = pg.PlotCurveItem(pen=pg.mkPen(spec.colour, width=1), connect="finite", skipFiniteCheck=True)
            self.main.addItem(curve)
            pen = Pen(spec.tag, spec.colour, spec.info.unit, scales[spec.tag], curve, limits=spec.limits)
            for kind, _value in spec.limits:
                style = Qt.PenStyle.DashLine if kind == "alarm" else Qt.PenStyle.DotLine
                line = pg.InfiniteLine(pos=0.0, angle=0, movable=False,
                                       pen=pg.mkPen(ALARM_COLOUR if kind == "alarm" else CONTROL_COLOUR,
                                                    width=1, style=style))
                self.main.addItem(line, ignoreBounds=True)
                pen.limit_lines.append(line)
            self.pens[spec.tag] = pen
        self._layout_axes()
        self.select(self.selected if self.selected in self.pens else next(iter(self.pens), None))

    def set_history(self, tag: str, x: np.ndarray, y: np.ndarray) -> None:
        """A history answer (engineering values, pre-decimated by the historian)."""
        pen = self.pens.get(tag)
        if pen is None:
            return
        pen.x, pen.y = x, y
        finite = y[np.isfinite(y)]
        if finite.size:
            pen.scale.include(float(finite.min()), float(finite.max()))
        pen.curve.setData(x, pen.scale.normalise(y))
        self.refresh_scales()

    def set_live(self, tag: str, series: LiveSeries, now: float) -> None:
        """The live series' drawn points (views of its arrays) up to ``now``."""
        pen = self.pens.get(tag)
        if pen is None:
            return
        pen.x, pen.y = series.raw()
        start, _end = self.time_range()
        t, n = series.drawn(now, since=start)
        pen.curve.setData(t, n)

    def refresh_scales(self) -> None:
        """Redraw the axes and limit lines of pens whose scale widened (rare; cheap when none did)."""
        changed = [pen for pen in self.pens.values() if pen.drawn_version != pen.scale.version]
        if not changed:
            return
        if any(pen.axis is None or self._shares_axis(pen) for pen in changed):
            self._layout_axes()
        for pen in changed:
            self._place(pen)
        self.select(self.selected)

    def _shares_axis(self, pen: Pen) -> bool:
        return sum(other.axis is pen.axis for other in self.pens.values()) > 1

    def _layout_axes(self) -> None:
        """One axis per distinct (unit, range), in pen order; pens with the same scale share one."""
        self.scales.clear()
        self.axes = []
        if self.shared_axis:
            self.scales.addItem(self.percent_axis, row=0, col=0)
            self.percent_axis.show()
            for pen in self.pens.values():
                pen.axis = None
                self._place(pen)
            return
        self.percent_axis.hide()
        by_scale: dict[tuple[str, float, float], pg.AxisItem] = {}
        for pen in self.pens.values():
            key = (pen.unit, round(pen.scale.lo, 9), round(pen.scale.hi, 9))
            axis = by_scale.get(key)
            if axis is None:
                axis = self._axis(pen.colour, pen.unit, pen.scale)
                by_scale[key] = axis
                self.scales.addItem(axis, row=0, col=len(self.axes))
                self.axes.append(axis)
            else:
                axis.setPen(pg.mkPen(TEXT_COLOUR))     # shared by several pens: neutral, not one pen's colour
                axis.setTextPen(pg.mkPen(TEXT_COLOUR))
            pen.axis = axis
            self._place(pen)

    def _axis(self, colour: str, unit: str, scale: Scale) -> pg.AxisItem:
        axis = pg.AxisItem("left", pen=pg.mkPen(colour), textPen=pg.mkPen(colour))
        axis.setStyle(tickFont=QFont(self.font().family(), 10), tickTextOffset=3, tickLength=-5,
                      autoExpandTextSpace=True)
        axis.setLabel(unit, color=colour, **{"font-size": "11px"})
        span = scale.hi - scale.lo
        axis.setRange(scale.lo - Y_PAD * span, scale.hi + Y_PAD * span)
        return axis

    def _place(self, pen: Pen) -> None:
        span = pen.scale.hi - pen.scale.lo
        if pen.axis is not None:
            pen.axis.setRange(pen.scale.lo - Y_PAD * span, pen.scale.hi + Y_PAD * span)
        for line, (_kind, value) in zip(pen.limit_lines, pen.limits, strict=True):
            line.setValue((value - pen.scale.lo) / span)
        pen.drawn_version = pen.scale.version

    def select(self, tag: str | None) -> None:
        """Bring ``tag`` to the front, show its limit lines, and mark its axis."""
        self.selected = tag
        for pen in self.pens.values():
            chosen = pen.tag == tag
            for line in pen.limit_lines:
                line.setVisible(chosen)
            pen.curve.setZValue(10 if chosen else 0)
            pen.curve.setPen(pg.mkPen(pen.colour, width=2 if chosen else 1))
        for axis in self.axes:
            axis.setZValue(0)

    def set_shared_axis(self, shared: bool) -> None:
        """One 0-100 % axis for all pens (each still on its own scale) instead of one axis per scale."""
        self.shared_axis = shared
        self._layout_axes()
        self.select(self.selected)

    def axis_of(self, tag: str) -> pg.AxisItem | None:
        pen = self.pens.get(tag)
        return None if pen is None else pen.axis

    def axis_range(self, axis: pg.AxisItem) -> tuple[float, float]:
        lo, hi = axis.range
        return float(lo), float(hi)

    # Time ----------------------------------------------------------------------------------------
    def set_time_range(self, start: float, end: float) -> None:
        """Set the visible range without reporting it as an operator's pan or zoom."""
        self._quiet_range = True
        try:
            self.main.setXRange(start, end, padding=0)
        finally:
            self._quiet_range = False

    def time_range(self) -> tuple[float, float]:
        lo, hi = self.main.viewRange()[0]
        return float(lo), float(hi)

    def set_interactive(self, interactive: bool) -> None:
        self._interactive = interactive
        self.main.setMouseEnabled(x=interactive, y=False)

    def pinch_zoom(self, factor: float, centre: QPointF) -> None:
        """Zoom the time axis by ``factor`` (> 1 spreads the fingers: a shorter range) around the
        viewport point ``centre``; the change is reported like a wheel zoom (``range_changed``)."""
        if not self._interactive or not np.isfinite(factor) or factor <= 0:
            return
        factor = min(MAX_PINCH_STEP, max(1 / MAX_PINCH_STEP, factor))
        at = self.main.mapSceneToView(self.mapToScene(centre.toPoint()))
        start, end = self.time_range()
        x = min(end, max(start, at.x()))  # a centre over an axis zooms around the plot's edge
        self.main.scaleBy(x=1 / factor, center=pg.Point(x, at.y()))
        self.main.sigRangeChangedManually.emit(self.main.state["mouseEnabled"])

    def viewportEvent(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                moving = pinch.state() in (Qt.GestureState.GestureStarted, Qt.GestureState.GestureUpdated)
                # (the Finished event repeats the last step's flags and factor: applying it zooms twice)
                if moving and pinch.changeFlags() & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint())  # global coordinates
                    self.pinch_zoom(pinch.scaleFactor(), centre)
                event.accept(pinch)
                return True
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel) and isinstance(event, QTouchEvent):
            return self._touch(event)
        return super().viewportEvent(event)

    def _touch(self, event: QTouchEvent) -> bool:
        """One finger stays a mouse (Qt synthesises it: drag pans, a tap sets the cursor); from the
        second finger on the touches are taken, so the pinch does not also pan or place the cursor."""
        down = [p for p in event.points() if p.state() != p.State.Released]
        if len(down) >= 2 and not self._pinching:
            self._pinching = True
            scene = self.scene()
            scene.clickEvents = []  # the first finger's synthesised press: neither a click nor a drag
            scene.dragButtons = []
            scene.dragItem = None
        if event.type() in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            pinched, self._pinching = self._pinching, False
            if pinched:  # the synthesised release only resets the scene (nothing is pending any more)
                return super().viewportEvent(event)
        if self._pinching:
            event.accept()
            return True
        return super().viewportEvent(event)

    # Cursor --------------------------------------------------------------------------------------
    def show_cursor(self, at: float) -> None:
        self.cursor.setValue(at)
        self.cursor.show()

    def cursor_text(self) -> str:
        return str(self.cursor_label.format)

    def _cursor_changed(self, line: pg.InfiniteLine) -> None:
        at = float(line.value())
        start, end = self.time_range()
        pattern = "%H:%M:%S" if end - start <= 86_400 else "%Y-%m-%d %H:%M"
        self.cursor_label.setFormat(dt.datetime.fromtimestamp(at).strftime(pattern))
        self.cursor_moved.emit(at)

    def _x_changed(self, *_: object) -> None:
        if not self._quiet_range:
            start, end = self.time_range()
            self.range_changed.emit(start, end)

    def colour_of(self, tag: str) -> QColor:
        pen = self.pens.get(tag)
        return QColor(pen.colour if pen else TEXT_COLOUR)
