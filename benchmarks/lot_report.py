"""Lot report benchmark: the PDF of a finished lot in English and in Korean (issue 13).

The lot: 300 parts from the line counter, a pause with 4 parts counted in it, 2 defects, every step signed,
1 late part, and an 11-point trend. Rendered warm (fonts registered), in a worker thread as the station does.
Baseline, measured in the same run: an empty A4 reportlab page (the floor of any PDF).
Idle, then under ``stress-ng --cpu 2`` (benchmarks/load.py).
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/lot_report.py [--quick] [--idle-only | --under-load]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import load  # noqa: E402
from hmi.auth import Role  # noqa: E402
from hmi.clock import ManualClock  # noqa: E402
from hmi.production.lots import PauseCounts  # noqa: E402
from hmi.production.report import render_lot_report  # noqa: E402
from hmi.production.report_texts import ENGLISH, ReportTexts  # noqa: E402
from hmi.station import Station  # noqa: E402
from hmi.tags import Quality, Sample  # noqa: E402
from tests.conftest import station_config  # noqa: E402
from tests.production_support import LOT, load_demo, login, sign_all_steps, start_demo_lot  # noqa: E402


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    fn()   # warm-up: font registration, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    print(f"  {name:<44} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   (n={len(times)})")


def empty_a4() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def korean_texts() -> ReportTexts:
    """The Korean words as the Lot history screen hands them: Qt's translator for station_ko.qm."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from screens.i18n import qm_file
    from screens.lot_report_texts import lot_report_texts

    app = QCoreApplication.instance() or QCoreApplication([])
    translator = QTranslator(app)
    path = qm_file("ko")
    if path is None or not translator.load(str(path)):
        raise SystemExit("no Korean translation (make translations)")
    app.installTranslator(translator)
    return lot_report_texts("ko")


async def finished_lot(station: Station) -> None:
    now = station.clock.now
    await load_demo(station)
    await login(station, Role.OPERATOR)
    station.bus.publish(Sample("bath_temp", now(), 20.4, Quality.GOOD))
    station.bus.publish(Sample("part_counter", now(), 0, Quality.GOOD))
    await start_demo_lot(station)
    for value in range(1, 301):
        station.bus.publish(Sample("part_counter", now(), value, Quality.GOOD))
        await station.production.lots.idle()
    await station.production.lots.pause(reason_code="DT-MAT")
    station.bus.publish(Sample("part_counter", now(), 304, Quality.GOOD))
    await station.production.lots.idle()
    await station.production.lots.resume(pause_counts=PauseCounts.NOT_THIS_LOT)
    await station.production.defects.record(code="FILM-BURN", qty=2, location="뒷면 모서리")
    await station.production.defects.record(
        code="COL-SHADE", measurement={"tag": "colour_delta_e", "value": 2.1, "unit": "", "lo": None, "hi": 1.5})
    await sign_all_steps(station)
    await station.production.lots.finish(confirm_good=300, confirm_scrap=0)
    station.bus.publish(Sample("part_counter", now(), 305, Quality.GOOD))
    await station.production.lots.idle()


async def measure(label: str, runs: int, korean: ReportTexts) -> None:
    print(f"{label}:")
    with tempfile.TemporaryDirectory() as folder:
        config = station_config(connections={}, production={"counter_tag": "part_counter",
                                                            "snapshot_tags": ["bath_temp"]})
        station = Station(config=config, clock=ManualClock(), data_dir=Path(folder) / "data").open()
        await station.start()
        try:
            await finished_lot(station)
            page = await station.production.lot_page(LOT)
            assert page is not None
            now = station.clock.now()
            trend = {"bath_temp": [(now - 600 + i * 60, 20 + (i % 3) * 0.2) for i in range(11)]}
            tags = config.tags

            def render(texts: ReportTexts) -> Callable[[], bytes]:
                return lambda: render_lot_report(page, station_name="Anodizing line 1", trend=trend,
                                                 generated_at=now, tags=tags, texts=texts)

            report("baseline: empty A4 reportlab page", await asyncio.to_thread(timed, empty_a4, runs))
            report("lot report, English", await asyncio.to_thread(timed, render(ENGLISH), runs))
            report("lot report, Korean", await asyncio.to_thread(timed, render(korean), runs))
            # The whole service call as the screen makes it: the lot's page read, then the render.
            service: list[float] = []
            for _ in range(max(3, runs // 3)):
                start = time.perf_counter()
                await station.production.lot_report_pdf(LOT, station_name="Anodizing line 1", trend=trend,
                                                        texts=korean)
                service.append((time.perf_counter() - start) * 1000)
            report("lot_report_pdf (read + render), Korean", service)
        finally:
            await station.stop()
            station.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    load.add_options(parser)
    args = parser.parse_args()
    runs = 10 if args.quick else 30
    korean = korean_texts()
    for label in load.passes(args):
        asyncio.run(measure(label, runs, korean))
    return 0


if __name__ == "__main__":
    sys.exit(main())
