"""Trends, live: 16 pens at 10 Hz in a 1 h window, offscreen. Frame time p50/p99 and CPU, idle and
under load, beside a bare pyqtgraph baseline measured in the same run.

Each frame is what the screen does ten times a second: one new sample per pen arrives through the
tag bus, the repaint timer's slot draws the live series and scrolls the window, and the plot is
rendered (into an image, offscreen). The series start full: an hour at 10 Hz per pen (36,000
points each). CPU is the process time per frame as a share of one core at 10 frames/s.

The baseline is bare pyqtgraph drawing the same points the same way the station must (one
ViewBox, 16 PlotDataItems with clipToView and peak auto-downsampling, the window moved by one
setXRange per frame), with none of the station's code.

"Under load" runs ``stress-ng --cpu 2`` in the background (benchmarks/load.py).

    .venv/bin/python benchmarks/trends.py                # idle, then under load
    .venv/bin/python benchmarks/trends.py --quick        # fewer frames
    .venv/bin/python benchmarks/trends.py --under-load   # only under load (--idle-only: only idle)
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from benchmarks import load
from hmi.clock import ManualClock
from hmi.config import load_config
from hmi.heap import settle_after_start
from hmi.station import Station
from hmi.tags import Quality, Sample
from screens.i18n import LanguageManager
from screens.shell_context import ShellContext
from screens.tasks import TaskGroup
from screens.trends_screen import TrendsScreen

PENS = 16
RATE_HZ = 10
WINDOW_S = 3600.0
SIZE = (1280, 800)


def _signal(t: np.ndarray | float, i: int) -> np.ndarray | float:
    return np.sin(np.asarray(t) / 60 + i) * 10 + 50 + i if isinstance(t, np.ndarray) else \
        math.sin(t / 60 + i) * 10 + 50 + i


def _figures(frames: list[float], cpu: list[float]) -> tuple[float, float, float]:
    ordered = sorted(frames)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return statistics.median(ordered) * 1000, p99 * 1000, statistics.mean(cpu) * RATE_HZ * 100


def station_run(app: QApplication, frames: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock()
        station = Station(config=load_config(Path("resources/demo/station.toml")), clock=clock,
                          data_dir=Path(tmp)).open()
        context = ShellContext(station=station.services, languages=LanguageManager(app), tasks=TaskGroup(),
                               notify=lambda _m: None, navigate=lambda _k: None, quit=lambda: None)
        screen = TrendsScreen(context, mode="live")
        screen.resize(*SIZE)
        screen.show()
        app.processEvents()
        tags = [f"pen{i:02d}" for i in range(PENS)]
        screen.live_span = WINDOW_S
        screen.set_pens(tags)
        screen._visible = True
        now = clock.now()
        series = screen.model.new_live(rate_hz=RATE_HZ, width_px=screen.plot.main.width())
        t = now - WINDOW_S + np.arange(int(WINDOW_S * RATE_HZ)) / RATE_HZ
        for i, tag in enumerate(tags):
            series[tag].extend(t, _signal(t, i))
        unsubscribe = station.bus.subscribe(screen._on_sample, tags=tags)
        screen.plot.refresh_scales()
        settle_after_start()                          # as the station's window does once it is up
        frame_times: list[float] = []
        cpu_times: list[float] = []
        for _ in range(frames):
            clock.advance(1 / RATE_HZ)
            at = clock.now()
            began, began_cpu = time.perf_counter(), time.process_time()
            for i, tag in enumerate(tags):
                station.bus.publish(Sample(tag, at, _signal(at, i), Quality.GOOD))
            screen._paint_live()
            screen.plot.grab()  # render the plot offscreen, as a repaint would
            frame_times.append(time.perf_counter() - began)
            cpu_times.append(time.process_time() - began_cpu)
        drawn = max(len(p.curve.xData) for p in screen.plot.pens.values())
        unsubscribe()
        screen.close()
        screen.deleteLater()
        app.processEvents()
        station.close()
    print(f"    (station: at most {drawn:,} drawn points per pen)")
    return _figures(frame_times, cpu_times)


def baseline_run(app: QApplication, frames: int) -> tuple[float, float, float]:
    """Bare pyqtgraph: one ViewBox, 16 curves with clipToView + peak downsampling, setData per frame."""
    widget = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
    widget.resize(*SIZE)
    widget.show()
    app.processEvents()
    view = widget.getPlotItem().getViewBox()
    view.enableAutoRange(x=False, y=False)
    view.setYRange(0, 100, padding=0)
    capacity = int(WINDOW_S * RATE_HZ * 1.5) + 1024
    now = 1_800_000_000.0
    xs = np.empty(capacity)
    n = int(WINDOW_S * RATE_HZ)
    xs[:n] = now - WINDOW_S + np.arange(n) / RATE_HZ
    ys = [np.empty(capacity) for _ in range(PENS)]
    curves = []
    for i in range(PENS):
        ys[i][:n] = _signal(xs[:n], i)
        curve = pg.PlotDataItem(pen=pg.mkPen(pg.intColor(i, PENS), width=1), connect="finite")
        curve.setClipToView(True)
        curve.setDownsampling(auto=True, method="peak")
        view.addItem(curve)
        curves.append(curve)
    frame_times: list[float] = []
    cpu_times: list[float] = []
    for _ in range(frames):
        now += 1 / RATE_HZ
        began, began_cpu = time.perf_counter(), time.process_time()
        xs[n] = now
        for i in range(PENS):
            ys[i][n] = _signal(now, i)
        n += 1
        start = max(0, n - int(WINDOW_S * RATE_HZ))
        view.setXRange(now - WINDOW_S, now, padding=0)
        for i, curve in enumerate(curves):
            curve.setData(xs[start:n], ys[i][start:n], skipFiniteCheck=True)
        widget.grab()
        frame_times.append(time.perf_counter() - began)
        cpu_times.append(time.process_time() - began_cpu)
    widget.close()
    widget.deleteLater()
    app.processEvents()
    return _figures(frame_times, cpu_times)


def report(label: str, run: Callable[[QApplication, int], tuple[float, float, float]], app: QApplication,
           frames: int) -> tuple[float, float, float]:
    p50, p99, cpu = run(app, frames)
    print(f"  {label:<28} frame p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  CPU {cpu:5.1f} % of one core")
    return p50, p99, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=None, help="frames per run (300; 100 with --quick)")
    load.add_options(parser)
    args = parser.parse_args()
    frames = args.frames or (100 if args.quick else 300)
    app = QApplication.instance() or QApplication([])
    print(f"{PENS} live pens x {RATE_HZ} Hz, {WINDOW_S / 3600:g} h window ({int(WINDOW_S * RATE_HZ):,} points/pen),"
          f" {frames} frames offscreen at {SIZE[0]}x{SIZE[1]}")
    targets = []
    for label in load.passes(args):
        _p50, p99, cpu = report("station trends", station_run, app, frames)
        report("bare pyqtgraph, one ViewBox", baseline_run, app, frames)
        targets.append(f"{label}: p99 {p99:.1f} ms, CPU {cpu:.0f} %")
    print("  " + "; ".join(targets) + " (targets: idle p99 <= 16 ms and CPU < 25 %; under load p99 <= 50 ms)")

if __name__ == "__main__":
    main()
