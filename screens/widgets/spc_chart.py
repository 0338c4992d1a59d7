"""An SPC control chart: points, centre line, control limits, 1σ/2σ zones, spec limits, violations.

High-performance HMI look: grey lines, the control limits dashed, the spec limits dash-dotted in
another shade and labelled USL/LSL (they are not control limits), the zones faint and dotted; only
the points that complete a rule are coloured, with their rule numbers. Variables charts pair with
their MR, R or S chart below; attribute charts stand alone. One ``set_chart`` call redraws all from
numpy arrays (2,000 points well inside a frame: see benchmarks/spc.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hmi.spc.engine import ChartPoint
from hmi.spc.limits import LimitSet

MAX_RULE_LABELS = 40      # the newest violations get their rule numbers written; older ones keep the mark

INK = "#3c4248"
POINTS = "#50575e"
LIMITS = "#2b3036"
ZONES = "#a3a9b0"
SPEC = "#5a4a8a"
VIOLATION = "#c53030"


@dataclass(frozen=True, slots=True)
class ChartArrays:
    """The chart as arrays (built once per redraw from the points)."""

    x: np.ndarray
    value: np.ndarray
    cl: np.ndarray
    ucl: np.ndarray
    lcl: np.ndarray
    sigma_hi: np.ndarray
    sigma_lo: np.ndarray
    dispersion: np.ndarray
    violated: np.ndarray           # indices into x of points that complete a rule
    labels: list[str]              # their rule numbers, "2" or "1,5"


def arrays(points: Sequence[ChartPoint], previous: ChartArrays | None = None) -> ChartArrays:
    """The points as arrays; with ``previous`` (the last redraw's) only the points new since then are read."""
    if previous is not None and len(previous.x) and points and previous.x[0] <= points[0].index <= previous.x[-1]:
        keep = np.flatnonzero(previous.x >= points[0].index)
        newest = int(previous.x[-1])
        fresh = [p for p in points[-(points[-1].index - newest):]] if points[-1].index > newest else []
        if len(keep) + len(fresh) == len(points) and (not fresh or fresh[0].index == newest + 1):
            return _join(previous, int(keep[0]), arrays(fresh) if fresh else None)
    n = len(points)
    x = np.fromiter((p.index for p in points), float, n)
    value = np.fromiter((p.value for p in points), float, n)
    cl = np.fromiter((p.limits.cl for p in points), float, n)
    ucl = np.fromiter((p.limits.ucl for p in points), float, n)
    lcl = np.fromiter((p.limits.lcl for p in points), float, n)
    s_hi = np.fromiter((p.limits.sigma_hi for p in points), float, n)
    s_lo = np.fromiter((p.limits.sigma_lo for p in points), float, n)
    disp = np.fromiter((np.nan if p.dispersion is None else p.dispersion for p in points), float, n)
    violated = [i for i, p in enumerate(points) if p.rules]
    labels = [",".join(r.rsplit("-", 1)[1] for r in points[i].rules) for i in violated]
    return ChartArrays(x=x, value=value, cl=cl, ucl=ucl, lcl=lcl, sigma_hi=s_hi, sigma_lo=s_lo, dispersion=disp,
                       violated=np.asarray(violated, dtype=int), labels=labels)


def _join(previous: ChartArrays, start: int, fresh: ChartArrays | None) -> ChartArrays:
    def cat(a: np.ndarray, b: np.ndarray | None) -> np.ndarray:
        return a[start:] if b is None else np.concatenate((a[start:], b))

    f = fresh
    kept = previous.violated[previous.violated >= start] - start
    labels = [label for i, label in zip(previous.violated, previous.labels, strict=True) if i >= start]
    offset = len(previous.x) - start
    return ChartArrays(
        x=cat(previous.x, f.x if f else None), value=cat(previous.value, f.value if f else None),
        cl=cat(previous.cl, f.cl if f else None), ucl=cat(previous.ucl, f.ucl if f else None),
        lcl=cat(previous.lcl, f.lcl if f else None), sigma_hi=cat(previous.sigma_hi, f.sigma_hi if f else None),
        sigma_lo=cat(previous.sigma_lo, f.sigma_lo if f else None),
        dispersion=cat(previous.dispersion, f.dispersion if f else None),
        violated=np.concatenate((kept, f.violated + offset)) if f else kept,
        labels=labels + (f.labels if f else []))


def _pen(colour: str, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> pg.QtGui.QPen:
    pen = pg.mkPen(colour, width=1)
    pen.setStyle(style)
    pen.setCosmetic(True)
    return pen


class _Panel:
    """One plot (the main chart or its paired chart) with its lines and labels."""

    def __init__(self, plot: pg.PlotItem, *, zones: bool, spec: bool) -> None:
        self.plot = plot
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=False, y=False)
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setTextPen(pg.mkPen(INK))
            plot.getAxis(axis).setPen(pg.mkPen("#8a9199"))
        plot.getAxis("left").setWidth(64)
        plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.curve = plot.plot(pen=_pen(POINTS), symbol="o", symbolSize=5, symbolPen=None, symbolBrush=POINTS,
                               skipFiniteCheck=True, clipToView=True, autoDownsample=True, downsampleMethod="peak")
        # Limits per point (p and u charts with changing sample sizes) are curves; fixed ones are lines.
        self.cl = plot.plot(pen=_pen(LIMITS))
        self.ucl = plot.plot(pen=_pen(LIMITS, Qt.PenStyle.DashLine))
        self.lcl = plot.plot(pen=_pen(LIMITS, Qt.PenStyle.DashLine))
        self.zones = [plot.plot(pen=_pen(ZONES, Qt.PenStyle.DotLine)) for _ in range(4)] if zones else []
        self.fixed = {key: pg.InfiniteLine(angle=0, pen=pen) for key, pen in (
            ("cl", _pen(LIMITS)), ("ucl", _pen(LIMITS, Qt.PenStyle.DashLine)), ("lcl", _pen(LIMITS, Qt.PenStyle.DashLine)))}
        self.fixed_zones = [pg.InfiniteLine(angle=0, pen=_pen(ZONES, Qt.PenStyle.DotLine)) for _ in range(4)] \
            if zones else []
        for line in (*self.fixed.values(), *self.fixed_zones):
            plot.addItem(line, ignoreBounds=True)
            line.hide()
        self.spec = [pg.InfiniteLine(angle=0, pen=_pen(SPEC, Qt.PenStyle.DashDotLine)) for _ in range(2)] if spec else []
        for line in self.spec:
            plot.addItem(line, ignoreBounds=False)
            line.hide()
        self.marks = pg.ScatterPlotItem(size=13, symbol="d", pen=pg.mkPen(VIOLATION, width=1),
                                        brush=pg.mkBrush(VIOLATION))
        plot.addItem(self.marks)
        # Rule numbers: one scatter item whose symbols are the numbers' outlines (40 text items cost a frame).
        self.rule_marks = pg.ScatterPlotItem(pen=None, brush=pg.mkBrush(VIOLATION), size=18, pxMode=True)
        plot.addItem(self.rule_marks)
        self._glyphs: dict[str, pg.QtGui.QPainterPath] = {}
        self.limit_texts: dict[str, pg.TextItem] = {}
        self.shown_labels: list[str] = []

    def label(self, key: str, text: str, x: float, y: float | None, colour: str) -> None:
        item = self.limit_texts.get(key)
        if item is None:
            item = pg.TextItem(anchor=(0, 0.5), color=colour)
            self.plot.addItem(item, ignoreBounds=True)
            self.limit_texts[key] = item
        if y is None or not np.isfinite(y):
            item.hide()
            return
        item.setText(text)
        item.setPos(x, y)
        item.show()

    def _glyph(self, text: str) -> pg.QtGui.QPainterPath:
        path = self._glyphs.get(text)
        if path is None:
            font = pg.QtGui.QFont()
            font.setPixelSize(10)
            raw = pg.QtGui.QPainterPath()
            raw.addText(0, 0, font, text)
            box = raw.boundingRect()
            scale = 1.0 / max(box.width(), box.height(), 1e-9)
            transform = pg.QtGui.QTransform()
            transform.scale(scale, scale)
            transform.translate(-box.center().x(), -box.center().y())   # pyqtgraph clips symbols to the unit box
            path = transform.map(raw)
            self._glyphs[text] = path
        return path

    def rule_labels(self, xs: np.ndarray, ys: np.ndarray, labels: list[str]) -> None:
        self.shown_labels = list(labels)
        if not labels:
            self.rule_marks.setData([], [])
            return
        self.rule_marks.setData(x=xs, y=ys, symbol=[self._glyph(t) for t in labels],
                                size=[10 + 7 * len(t) for t in labels])

    def limit_lines(self, a: ChartArrays) -> None:
        """Fixed limits as three lines and four zone lines; limits that change per point as curves."""
        fixed = bool(np.ptp(a.ucl) == 0 and np.ptp(a.lcl) == 0 and np.ptp(a.cl) == 0)
        curves = {"cl": (self.cl, a.cl), "ucl": (self.ucl, a.ucl), "lcl": (self.lcl, a.lcl)}
        for key, (curve, ys) in curves.items():
            line = self.fixed[key]
            if fixed:
                curve.setData([], [])
                line.setValue(float(ys[-1]))
                line.show()
            else:
                line.hide()
                curve.setData(a.x, ys)
        for curve, line, k in zip(self.zones, self.fixed_zones, (1, 2, -1, -2), strict=True):
            ys = a.cl + k * (a.sigma_hi if k > 0 else a.sigma_lo)
            if fixed:
                curve.setData([], [])
                line.setValue(float(ys[-1]))
                line.show()
            else:
                line.hide()
                curve.setData(a.x, ys)


class SpcChart(pg.GraphicsLayoutWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setBackground("#f4f5f6")
        self.main = _Panel(self.addPlot(row=0, col=0), zones=True, spec=True)
        self.paired = _Panel(self.addPlot(row=1, col=0), zones=False, spec=False)
        self.paired.plot.setXLink(self.main.plot)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.paired_name = ""
        self._arrays: ChartArrays | None = None
        self._limits: LimitSet | None = None

    def clear_chart(self) -> None:
        self._arrays = self._limits = None
        for panel in (self.main, self.paired):
            for curve in (panel.curve, panel.cl, panel.ucl, panel.lcl, *panel.zones):
                curve.setData([], [])
            for line in (*panel.fixed.values(), *panel.fixed_zones):
                line.hide()
            panel.marks.setData([], [])
            panel.rule_labels(np.empty(0), np.empty(0), [])
            for item in panel.limit_texts.values():
                item.hide()
            for line in panel.spec:
                line.hide()

    def set_chart(self, limits: LimitSet, points: Sequence[ChartPoint], *, names: dict[str, str]) -> None:
        """Draw ``points`` under ``limits``; ``names`` gives the translated CL/UCL/LCL/USL/LSL labels."""
        if not points:
            self.clear_chart()
            return
        same = self._limits is limits
        a = arrays(points, self._arrays if same else None)
        self._arrays, self._limits = a, limits
        m = self.main
        m.curve.setData(a.x, a.value)
        if len(points) > 400:    # symbols on thousands of points cost more than they tell
            m.curve.setSymbol(None)
        else:
            m.curve.setSymbol("o")
        m.limit_lines(a)
        last = float(a.x[-1]) + 0.5
        m.label("cl", f"{names['cl']} {a.cl[-1]:.4g}", last, float(a.cl[-1]), LIMITS)
        m.label("ucl", f"{names['ucl']} {a.ucl[-1]:.4g}", last, float(a.ucl[-1]), LIMITS)
        m.label("lcl", f"{names['lcl']} {a.lcl[-1]:.4g}", last, float(a.lcl[-1]), LIMITS)
        for line, key, spec in zip(m.spec, ("usl", "lsl"), (limits.usl, limits.lsl), strict=True):
            if spec is None:
                line.hide()
                m.label(key, "", 0, None, SPEC)
                continue
            line.setValue(spec)
            line.show()
            m.label(key, f"{names[key]} {spec:.4g}", float(a.x[0]), spec, SPEC)
        shown = a.violated[-MAX_RULE_LABELS:]
        m.marks.setData(a.x[a.violated], a.value[a.violated])
        m.plot.setXRange(float(a.x[0]) - 0.5, last + max(6.0, 0.2 * (last - a.x[0])), padding=0)
        lows = [float(np.nanmin(a.value)), float(np.nanmin(a.lcl))]
        highs = [float(np.nanmax(a.value)), float(np.nanmax(a.ucl))]
        lows += [limits.lsl] if limits.lsl is not None else []
        highs += [limits.usl] if limits.usl is not None else []
        span = max(highs) - min(lows) or 1.0
        m.plot.setYRange(min(lows) - 0.08 * span, max(highs) + 0.12 * span, padding=0)
        m.rule_labels(a.x[shown], a.value[shown] + 0.07 * span, a.labels[-MAX_RULE_LABELS:])   # above the mark
        self._paired(limits, a)

    def _paired(self, limits: LimitSet, a: ChartArrays) -> None:
        p = self.paired
        disp = limits.dispersion
        if disp is None or limits.chart.is_attribute:
            p.plot.hide()
            self.main.plot.showAxis("bottom")
            return
        p.plot.show()
        self.main.plot.hideAxis("bottom")      # the paired chart's axis below counts the points for both
        first = 1 if len(a.x) and not np.isfinite(a.dispersion[0]) else 0
        p.curve.setData(a.x[first:], a.dispersion[first:])
        p.curve.setSymbol(None if len(a.x) > 400 else "o")
        for key, level in (("cl", disp.cl), ("ucl", disp.ucl), ("lcl", disp.lcl)):
            p.fixed[key].setValue(level)
            p.fixed[key].show()
        above = np.flatnonzero(a.dispersion > disp.ucl)
        p.marks.setData(a.x[above], a.dispersion[above])
        last = float(a.x[-1]) + 0.5
        p.label("ucl", f"{disp.ucl:.3g}", last, disp.ucl, LIMITS)
        p.label("cl", f"{disp.cl:.3g}", last, disp.cl, LIMITS)
        top = max(float(np.nanmax(a.dispersion)) if np.isfinite(a.dispersion).any() else 0.0, disp.ucl)
        p.plot.setYRange(0.0, top * 1.15 or 1.0, padding=0)
        p.plot.getAxis("left").setLabel(limits.chart.dispersion_name)
