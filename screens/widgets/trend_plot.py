"""The trend plot: up to 16 pens over one time axis, each in its own y scale or all normalised.

Each pen lives in its own ViewBox, x-linked to the main one, so every pen keeps its own scale;
the left axis shows the selected pen's scale in its colour (or 0-100 % when normalised).
Curves use 1 px pens, clipToView and autoDownsample; NaN values are drawn as gaps.
A two-finger pinch (gloved operators) zooms the time axis like the mouse wheel does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QTouchEvent
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QWidget

# 16 colours that stay apart on a light grey background (and for most colour-blind readers).
PEN_COLOURS: tuple[str, ...] = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
    "#393b79", "#ff7f0e", "#637939", "#843c39", "#7b4173", "#3182bd", "#969696", "#000000",
)
ALARM_COLOUR = "#b3261e"
CONTROL_COLOUR = "#5f6b76"
# One pinch update never zooms by more than this factor (a glitching touch controller must not
# jump the time axis by decades).
MAX_PINCH_STEP = 4.0


def minmax_decimate(t: np.ndarray, v: np.ndarray, bucket_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Each time bucket's min and max (a spike survives), then a NaN when it held a gap.

    Buckets are aligned on absolute time, so a scrolling live trend does not shimmer: only the
    newest bucket changes from one frame to the next.
    """
    n = t.shape[0]
    if n < 4 or bucket_s <= 0:
        return t, v
    key = np.floor(t / bucket_s)
    starts_mask = np.ones(n, dtype=bool)
    starts_mask[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(starts_mask)
    if starts.size * 2 >= n:
        return t, v
    lo = np.fmin.reduceat(v, starts)
    hi = np.fmax.reduceat(v, starts)
    gap = np.add.reduceat(np.isnan(v), starts) > 0
    ends = np.append(starts[1:], n) - 1
    first = v[starts]
    last = v[ends]
    rising = ~(first > last)
    times = np.stack([t[starts], (t[starts] + t[ends]) / 2, t[ends]], axis=1)
    values = np.stack([np.where(rising, lo, hi), np.where(rising, hi, lo), np.full(starts.size, np.nan)], axis=1)
    keep = np.ones((starts.size, 3), dtype=bool)
    keep[:, 2] = gap
    return times[keep], values[keep]


@dataclass(slots=True)
class Pen:
    tag: str
    colour: str
    unit: str
    range_lo: float | None
    range_hi: float | None
    view: pg.ViewBox
    curve: pg.PlotDataItem
    limit_lines: list[pg.InfiniteLine] = field(default_factory=list)
    x: np.ndarray = field(default_factory=lambda: np.empty(0))
    y: np.ndarray = field(default_factory=lambda: np.empty(0))


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
        self.main.setYRange(0, 100, padding=0)
        self.pens: dict[str, Pen] = {}
        self.selected: str | None = None
        self.shared_axis = False
        self.cursor = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen("#3c4248", width=1))
        self.cursor.setZValue(100)
        self.cursor.hide()
        self.main.addItem(self.cursor, ignoreBounds=True)
        self.cursor.sigPositionChanged.connect(lambda line: self.cursor_moved.emit(float(line.value())))
        self.main.sigResized.connect(self._sync_geometry)
        self.main.sigXRangeChanged.connect(self._x_changed)
        self._quiet_range = False
        self._interactive = True
        self._pinching = False
        # A pinch arrives as touch events (Qt turns them into a QPinchGesture); pyqtgraph knows
        # neither, so the viewport is made to accept them and viewportEvent() handles them.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.item.getAxis("left").setWidth(64)
        for axis in ("left", "bottom"):
            self.item.getAxis(axis).setTextPen(pg.mkPen("#3c4248"))
            self.item.getAxis(axis).setPen(pg.mkPen("#8a9199"))

    # Pens -----------------------------------------------------------------------------------------
    def set_pens(self, specs: list[tuple[str, str, float | None, float | None, tuple[tuple[str, float], ...]]]) -> None:
        """(tag, unit, range_lo, range_hi, limits) for each pen, in order; colours follow the order."""
        for pen in self.pens.values():
            self.scene().removeItem(pen.view)
        self.pens = {}
        for index, (tag, unit, lo, hi, limits) in enumerate(specs[: len(PEN_COLOURS)]):
            colour = PEN_COLOURS[index]
            view = pg.ViewBox(enableMenu=False)
            view.setMouseEnabled(x=False, y=False)
            view.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            view.enableAutoRange(x=False)  # time is set by the screen, never by a pen's data
            view.setXLink(self.main)
            self.scene().addItem(view)
            curve = pg.PlotDataItem(pen=pg.mkPen(colour, width=1), connect="finite")
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
            view.addItem(curve)
            pen = Pen(tag, colour, unit, lo, hi, view, curve)
            self._own_scale(pen)
            for kind, value in limits:
                style = Qt.PenStyle.DashLine if kind == "alarm" else Qt.PenStyle.DotLine
                line = pg.InfiniteLine(pos=value, angle=0, movable=False,
                                       pen=pg.mkPen(ALARM_COLOUR if kind == "alarm" else CONTROL_COLOUR,
                                                    width=1, style=style))
                view.addItem(line, ignoreBounds=True)
                pen.limit_lines.append(line)
            self.pens[tag] = pen
        self._sync_geometry()
        self.select(self.selected if self.selected in self.pens else next(iter(self.pens), None))

    def set_data(self, tag: str, x: np.ndarray, y: np.ndarray, *, live: bool = False) -> None:
        pen = self.pens.get(tag)
        if pen is None:
            return
        pen.x, pen.y = x, y
        if live:  # hand pyqtgraph pre-decimated data: about two points per pixel column
            start, end = self.time_range()
            x, y = minmax_decimate(x, y, (end - start) / max(100, self.width()))
        pen.curve.setData(x, y, skipFiniteCheck=live)
        if self.shared_axis:
            self._normalise(pen)
        elif not live:
            self._own_scale(pen)

    def select(self, tag: str | None) -> None:
        """Show ``tag``'s scale on the left axis (and only its limit lines)."""
        self.selected = tag
        axis = self.item.getAxis("left")
        for pen in self.pens.values():
            for line in pen.limit_lines:
                line.setVisible(pen.tag == tag)
            pen.curve.setZValue(10 if pen.tag == tag else 0)
        pen = self.pens.get(tag) if tag else None
        if self.shared_axis or pen is None:
            axis.linkToView(self.main)
            axis.linkedViewChanged(self.main)
            axis.setLabel("%" if self.shared_axis else "")
            axis.setTextPen(pg.mkPen("#3c4248"))
        else:
            axis.linkToView(pen.view)
            axis.linkedViewChanged(pen.view)
            axis.setLabel(pen.unit)
            axis.setTextPen(pg.mkPen(pen.colour))

    def set_shared_axis(self, shared: bool) -> None:
        self.shared_axis = shared
        for pen in self.pens.values():
            if shared:
                self._normalise(pen)
            else:
                self._own_scale(pen)
        self.select(self.selected)

    @staticmethod
    def _own_scale(pen: Pen) -> None:
        """The pen's configured engineering range, so noise is not blown up (widened when the data
        leaves it, so no value is ever off the plot); without a range, fit the data."""
        if pen.range_lo is not None and pen.range_hi is not None and pen.range_hi > pen.range_lo:
            lo, hi = pen.range_lo, pen.range_hi
            finite = pen.y[np.isfinite(pen.y)] if pen.y.size else pen.y
            if finite.size:
                lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
            pen.view.enableAutoRange(y=False)
            pen.view.setYRange(lo, hi, padding=0.02)
        else:
            pen.view.enableAutoRange(y=True)

    def _normalise(self, pen: Pen) -> None:
        """Map the pen's range (configured, else its data) onto 0-100 % of the shared axis."""
        lo, hi = pen.range_lo, pen.range_hi
        if lo is None or hi is None or hi <= lo:
            finite = pen.y[np.isfinite(pen.y)] if pen.y.size else pen.y
            lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            if hi <= lo:
                lo, hi = lo - 1.0, hi + 1.0
        pen.view.enableAutoRange(y=False)
        pen.view.setYRange(lo, hi, padding=0)

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

    def show_cursor(self, at: float) -> None:
        self.cursor.setValue(at)
        self.cursor.show()

    def _x_changed(self, *_: object) -> None:
        if not self._quiet_range:
            start, end = self.time_range()
            self.range_changed.emit(start, end)

    def _sync_geometry(self) -> None:
        rect = self.main.sceneBoundingRect()
        for pen in self.pens.values():
            pen.view.setGeometry(rect)
            pen.view.linkedViewChanged(self.main, pen.view.XAxis)

    def colour_of(self, tag: str) -> QColor:
        pen = self.pens.get(tag)
        return QColor(pen.colour if pen else "#3c4248")
