"""SPC benchmark: rule checking for 100 characteristics at 1 Hz, and a 2,000-point chart redraw.

1. Rule checking: each of 100 I-MR characteristics (all eight Nelson rules) gets one value per
   second. Printed: CPU per second of input as a share of one core, for the station's incremental
   evaluator (``CharacteristicChart.add_value``: O(1) state per rule) beside a naive baseline that
   re-evaluates the whole chart window (the last WINDOW points, every rule) for each new sample.
   Target: ≤ 2 % of a core.
2. Chart redraw: the SPC chart widget (screens/widgets/spc_chart.py) with 2,000 points, zones,
   spec limits and violations, redrawn and rendered offscreen (``set_chart`` + ``grab``): median
   and 95th percentile, beside a naive redraw that clears the plot and rebuilds every item with a
   symbol per point and a label per violation. Target: ≤ 16 ms.

Both run idle and then under ``stress-ng --cpu 2`` (benchmarks/load.py).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/spc.py [--seconds 20] [--quick] [--idle-only | --under-load]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load
from hmi.spc.engine import CharacteristicChart, ChartPoint
from hmi.spc.kinds import ChartType, select_rules
from hmi.spc.limits import LimitSet
from hmi.spc.rules import naive_violations

CHARACTERISTICS = 100
WINDOW = 500          # the naive baseline re-reads this many points per sample
RULES = select_rules("nelson")
LIMITS = LimitSet(chart=ChartType.IMR, cl=15.0, ucl=17.1, lcl=12.9, usl=17.0, lsl=13.0, version="bench").with_dispersion()


def _values(seed: int, count: int) -> list[float]:
    rng = random.Random(seed)
    return [round(rng.gauss(15.0 + (0.8 if (i // 60) % 5 == 4 else 0.0), 0.7), 2) for i in range(count)]


def rule_checking(seconds: int) -> tuple[float, float]:
    """(incremental, naive) CPU share of one core for 100 characteristics at 1 Hz over ``seconds`` of input."""
    streams = [_values(seed, seconds + WINDOW) for seed in range(CHARACTERISTICS)]
    charts = [CharacteristicChart(limits=LIMITS, rules=RULES, history=WINDOW) for _ in streams]
    for chart, values in zip(charts, streams, strict=True):   # a chart already full, as after a while
        for value in values[:WINDOW]:
            chart.add_value(value, 0.0)
    start = time.process_time()
    for second in range(seconds):
        for chart, values in zip(charts, streams, strict=True):
            chart.add_value(values[WINDOW + second], float(second))
    incremental = (time.process_time() - start) / seconds

    limits = [LIMITS.point_limits()] * WINDOW
    naive_seconds = max(2, seconds // 10)       # the baseline is slow: fewer seconds of input
    start = time.process_time()
    for second in range(naive_seconds):
        for values in streams:
            window = values[second + 1: second + 1 + WINDOW]
            naive_violations(window, limits, RULES)
    naive = (time.process_time() - start) / naive_seconds
    return incremental * 100.0, naive * 100.0


def _points(count: int) -> list[ChartPoint]:
    chart = CharacteristicChart(limits=LIMITS, rules=RULES, history=count)
    for i, value in enumerate(_values(7, count)):
        chart.add_value(value, float(i))
    return list(chart.points)


def chart_redraw(rounds: int) -> tuple[list[float], list[float], list[float], list[float], int]:
    """Wall and CPU milliseconds per redraw: (fast wall, fast cpu, naive wall, naive cpu, violations)."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from screens.widgets.spc_chart import SpcChart

    app = QApplication.instance() or QApplication([])
    points = _points(2000)
    names = {"cl": "CL", "ucl": "UCL", "lcl": "LCL", "usl": "USL", "lsl": "LSL"}
    chart = SpcChart()
    chart.resize(834, 420)
    chart.show()
    app.processEvents()
    fast: list[float] = []
    fast_cpu: list[float] = []
    for i in range(rounds + 3):
        shown = points[i % 7:]                     # the window moved: the data changes each round
        t0, c0 = time.perf_counter(), time.process_time()
        chart.set_chart(LIMITS, shown, names=names)
        chart.grab()
        if i >= 3:                                 # the first rounds warm the caches
            fast.append((time.perf_counter() - t0) * 1000)
            fast_cpu.append((time.process_time() - c0) * 1000)

    naive_plot = pg.PlotWidget()
    naive_plot.resize(834, 420)
    naive_plot.show()
    app.processEvents()
    slow: list[float] = []
    slow_cpu: list[float] = []
    for i in range(max(5, rounds // 3) + 1):
        shown = points[i % 7:]
        t0, c0 = time.perf_counter(), time.process_time()
        naive_plot.clear()
        xs = [p.index for p in shown]
        naive_plot.plot(xs, [p.value for p in shown], pen="k", symbol="o", symbolSize=5)
        for level in ("cl", "ucl", "lcl"):
            naive_plot.plot(xs, [getattr(p.limits, level) for p in shown], pen="k")
        for p in shown:
            if p.rules:
                text = pg.TextItem(",".join(r.rsplit("-", 1)[1] for r in p.rules), color="r")
                text.setPos(p.index, p.value)
                naive_plot.addItem(text)
        naive_plot.grab()
        if i >= 1:
            slow.append((time.perf_counter() - t0) * 1000)
            slow_cpu.append((time.process_time() - c0) * 1000)
    violations = sum(1 for p in points if p.rules)
    chart.close()
    naive_plot.close()
    return fast, fast_cpu, slow, slow_cpu, violations


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def run(label: str, seconds: int, rounds: int) -> None:
    incremental, naive = rule_checking(seconds)
    print(f"[{label}] rule checking, {CHARACTERISTICS} characteristics × 1 Hz, Nelson 1–8:")
    print(f"    incremental (the station):   {incremental:7.3f} % of a core   (target ≤ 2 %)")
    print(f"    naive, {WINDOW}-point window:   {naive:7.3f} % of a core   ({naive / max(incremental, 1e-9):.0f}× more)")
    fast, fast_cpu, slow, slow_cpu, violations = chart_redraw(rounds)
    print(f"[{label}] chart redraw, 2,000 points ({violations} completing a rule), offscreen 834×420 "
          "(CPU = the redraw's own cost on one core; wall includes waiting for a core on a loaded machine):")
    print(f"    SpcChart.set_chart + render: CPU median {statistics.median(fast_cpu):6.2f} ms, p95 {_p95(fast_cpu):6.2f} ms;"
          f" wall median {statistics.median(fast):6.2f} ms, p95 {_p95(fast):6.2f} ms   (target ≤ 16 ms)")
    print(f"    naive rebuild of every item: CPU median {statistics.median(slow_cpu):6.2f} ms, p95 {_p95(slow_cpu):6.2f} ms;"
          f" wall median {statistics.median(slow):6.2f} ms, p95 {_p95(slow):6.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=None, help="seconds of 1 Hz input to check (default 60)")
    parser.add_argument("--rounds", type=int, default=None, help="chart redraws to time (default 40)")
    load.add_options(parser)
    args = parser.parse_args()
    seconds = args.seconds or (20 if args.quick else 60)
    rounds = args.rounds or (15 if args.quick else 40)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for label in load.passes(args):
        run(label, seconds, rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
