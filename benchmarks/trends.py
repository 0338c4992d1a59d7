"""Trends, live: 16 pens at 10 Hz in a 1 h window, offscreen. Frame time p50/p99 and CPU.

Each frame is what the screen does ten times a second: one new sample per pen arrives through the
tag bus, the repaint timer's slot puts the buffers into the curves and scrolls the window, and the
plot is rendered (into an image, offscreen). The buffers start full: an hour at 10 Hz per pen
(36,000 points each). CPU is the process time per frame as a share of one core at 10 frames/s.

    .venv/bin/python benchmarks/trends.py
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from hmi.clock import ManualClock
from hmi.config import load_config
from hmi.heap import settle_after_start
from hmi.station import Station
from hmi.tags import Quality, Sample
from screens.i18n import LanguageManager
from screens.shell_context import ShellContext
from screens.tasks import TaskGroup
from screens.trends_screen import TrendsScreen, _LiveBuffer

PENS = 16
RATE_HZ = 10
WINDOW_S = 3600.0
FRAMES = int(os.environ.get("FRAMES", "300"))


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock()
        station = Station(config=load_config(Path("resources/demo/station.toml")), clock=clock,
                          data_dir=Path(tmp)).open()
        context = ShellContext(station=station, languages=LanguageManager(app), tasks=TaskGroup(),
                               notify=lambda _m: None, navigate=lambda _k: None, quit=lambda: None)
        screen = TrendsScreen(context, mode="live")
        screen.resize(1280, 800)
        screen.show()
        tags = [f"pen{i:02d}" for i in range(PENS)]
        screen.set_pens(tags)
        screen.live_span = WINDOW_S
        screen._visible = True
        now = clock.now()
        capacity = int(WINDOW_S * RATE_HZ * 1.5) + 1024
        screen._live = {}
        for i, tag in enumerate(tags):
            buffer = _LiveBuffer(capacity)
            for k in range(int(WINDOW_S * RATE_HZ)):
                t = now - WINDOW_S + k / RATE_HZ
                buffer.append(t, math.sin(t / 60 + i) * 10 + i)
            screen._live[tag] = buffer
        unsubscribe = station.bus.subscribe(screen._on_sample, tags=tags)
        settle_after_start()                          # as the station's window does once it is up
        frame_times: list[float] = []
        cpu_times: list[float] = []
        for frame in range(FRAMES):
            clock.advance(1 / RATE_HZ)
            t = clock.now()
            began, began_cpu = time.perf_counter(), time.process_time()
            for i, tag in enumerate(tags):
                station.bus.publish(Sample(tag, t, math.sin(t / 60 + i) * 10 + i, Quality.GOOD))
            screen._paint_live()
            screen.plot.grab()  # render the plot offscreen, as a repaint would
            frame_times.append(time.perf_counter() - began)
            cpu_times.append(time.process_time() - began_cpu)
            if frame == 0:
                first = frame_times[0]
        unsubscribe()
        screen.close()
        screen.deleteLater()
        station.close()
    frame_times.sort()
    p50 = statistics.median(frame_times)
    p99 = frame_times[int(len(frame_times) * 0.99) - 1]
    cpu = statistics.mean(cpu_times) * RATE_HZ * 100
    print(f"{PENS} live pens x {RATE_HZ} Hz, {WINDOW_S / 3600:g} h window ({int(WINDOW_S * RATE_HZ):,} points/pen),"
          f" {FRAMES} frames offscreen at 1280x800")
    print(f"  frame time p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms (first frame {first * 1000:.0f} ms);"
          f" CPU at {RATE_HZ} frames/s: {cpu:.0f} % of one core")


if __name__ == "__main__":
    main()
