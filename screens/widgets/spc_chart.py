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


def arrays(points: Sequence[ChartPoint]) -> ChartArrays:
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
                               skipFiniteCheck=True, clipToView=True)
        self.cl = plot.plot(pen=_pen(LIMITS))
        self.ucl = plot.plot(pen=_pen(LIMITS, Qt.PenStyle.DashLine))
        self.lcl = plot.plot(pen=_pen(LIMITS, Qt.PenStyle.DashLine))
        self.zones = [plot.plot(pen=_pen(ZONES, Qt.PenStyle.DotLine)) for _ in range(4)] if zones else []
        self.spec = [pg.InfiniteLine(angle=0, pen=_pen(SPEC, Qt.PenStyle.DashDotLine)) for _ in range(2)] if spec else []
        for line in self.spec:
            plot.addItem(line, ignoreBounds=False)
            line.hide()
        self.marks = pg.ScatterPlotItem(size=13, symbol="d", pen=pg.mkPen(VIOLATION, width=1),
                                        brush=pg.mkBrush(VIOLATION))
        plot.addItem(self.marks)
        self.texts: list[pg.TextItem] = []
        self.limit_texts: dict[str, pg.TextItem] = {}

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

    def rule_labels(self, xs: np.ndarray, ys: np.ndarray, labels: list[str]) -> None:
        while len(self.texts) < len(labels):
            item = pg.TextItem(anchor=(0.5, 1.2), color=VIOLATION)
            self.plot.addItem(item, ignoreBounds=True)
            self.texts.append(item)
        for i, item in enumerate(self.texts):
            if i < len(labels):
                item.setText(labels[i])
                item.setPos(float(xs[i]), float(ys[i]))
                item.show()
            else:
                item.hide()


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

    def clear_chart(self) -> None:
        for panel in (self.main, self.paired):
            for curve in (panel.curve, panel.cl, panel.ucl, panel.lcl, *panel.zones):
                curve.setData([], [])
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
        a = arrays(points)
        m = self.main
        m.curve.setData(a.x, a.value)
        if len(points) > 400:    # symbols on thousands of points cost more than they tell
            m.curve.setSymbol(None)
        else:
            m.curve.setSymbol("o")
        m.cl.setData(a.x, a.cl)
        m.ucl.setData(a.x, a.ucl)
        m.lcl.setData(a.x, a.lcl)
        for curve, k in zip(m.zones, (1, 2, -1, -2), strict=True):
            curve.setData(a.x, a.cl + k * (a.sigma_hi if k > 0 else a.sigma_lo))
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
        m.rule_labels(a.x[shown], a.value[shown], a.labels[-MAX_RULE_LABELS:])
        m.plot.setXRange(float(a.x[0]) - 0.5, last + max(6.0, 0.2 * (last - a.x[0])), padding=0)
        lows = [float(np.nanmin(a.value)), float(np.nanmin(a.lcl))]
        highs = [float(np.nanmax(a.value)), float(np.nanmax(a.ucl))]
        lows += [limits.lsl] if limits.lsl is not None else []
        highs += [limits.usl] if limits.usl is not None else []
        span = max(highs) - min(lows) or 1.0
        m.plot.setYRange(min(lows) - 0.08 * span, max(highs) + 0.12 * span, padding=0)
        self._paired(limits, a)

    def _paired(self, limits: LimitSet, a: ChartArrays) -> None:
        p = self.paired
        disp = limits.dispersion
        if disp is None or limits.chart.is_attribute:
            p.plot.hide()
            return
        p.plot.show()
        p.curve.setData(a.x, a.dispersion, connect="finite")
        p.curve.setSymbol(None if len(a.x) > 400 else "o")
        for curve, level in ((p.cl, disp.cl), (p.ucl, disp.ucl), (p.lcl, disp.lcl)):
            curve.setData(a.x[[0, -1]], np.array([level, level]))
        above = np.flatnonzero(a.dispersion > disp.ucl)
        p.marks.setData(a.x[above], a.dispersion[above])
        last = float(a.x[-1]) + 0.5
        p.label("ucl", f"{disp.ucl:.3g}", last, disp.ucl, LIMITS)
        p.label("cl", f"{disp.cl:.3g}", last, disp.cl, LIMITS)
        top = max(float(np.nanmax(a.dispersion)) if np.isfinite(a.dispersion).any() else 0.0, disp.ucl)
        p.plot.setYRange(0.0, top * 1.15 or 1.0, padding=0)
        p.plot.getAxis("left").setLabel(limits.chart.dispersion_name)
