"""Label benchmark: render time (PDF, ZPL, PNG preview) and time from "print" to the job handed to the
printer or spooler (folder, raw TCP/ZPL, CUPS), through the real station and its persisted queue.

Targets (issue 7): PDF render < 100 ms, print -> spooler < 300 ms.
Baseline, measured in the same run: an empty reportlab page of the same size (the floor of any PDF).
Idle, then under ``stress-ng --cpu 2`` (benchmarks/load.py).
Run: .venv/bin/python benchmarks/labels.py [--idle-only | --under-load]
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
from hmi.config import parse_config  # noqa: E402
from hmi.labels.layout import fill_label  # noqa: E402
from hmi.labels.library import TemplateLibrary  # noqa: E402
from hmi.labels.pdf_renderer import render_pdf  # noqa: E402
from hmi.labels.preview import render_png  # noqa: E402
from hmi.labels.queue import JobState  # noqa: E402
from hmi.labels.zpl_renderer import render_zpl  # noqa: E402
from hmi.station import Station  # noqa: E402

DEFECT = {
    "lot": "L2411-0007", "work_order": "WO-5521", "product": "Case X2 black", "defect_code": "SCR-03",
    "defect_name": "스크래치 (표면 긁힘)", "qty": "2", "measurement": "0.35 mm", "inspector": "Kim Jiwoo",
    "station": "ANO-01", "time": "2026-11-24 09:12", "reprint": "",
}
RUNS = 30


def timed(fn: Callable[[], Any], runs: int = RUNS) -> list[float]:
    fn()  # warm-up (font registration, imports)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float], target: float | None = None) -> None:
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    verdict = "" if target is None else ("  OK" if statistics.median(times) < target else f"  OVER {target:g} ms")
    print(f"  {name:<48} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   (n={len(times)}){verdict}")


def empty_page(width_mm: float, height_mm: float) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width_mm * mm, height_mm * mm))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bench_render() -> None:
    library = TemplateLibrary(folders=[])
    print("Render (one label, warm):")
    for name in ("defect_100x50", "defect_60x40"):
        template = library.load(name)
        report(f"baseline: empty {template.label.width_mm:g}x{template.label.height_mm:g} reportlab page",
               timed(lambda t=template: empty_page(t.label.width_mm, t.label.height_mm)))
        report(f"{name} fit + PDF", timed(lambda t=template: render_pdf(fill_label(t, DEFECT))), 100)
        report(f"{name} fit + ZPL", timed(lambda t=template: render_zpl(fill_label(t, DEFECT))))
        pdf = render_pdf(fill_label(template, DEFECT))
        report(f"{name} PNG preview of the PDF (203 dpi)", timed(lambda p=pdf: render_png(p)))


async def print_to_spooler(station: Station, runs: int) -> list[float]:
    changed = asyncio.Event()
    station.labels.queue_version.subscribe(lambda _: changed.set(), replay=False)
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        job = await station.labels._queue("system:bench", station.labels.config.default_template,  # no session here
                                          {**DEFECT, "lot": f"L-{i:04d}"})
        while True:
            await changed.wait()
            changed.clear()
            current = await station.labels.job(job.id)
            assert current is not None
            if current.state in (JobState.DONE, JobState.FAILED):
                break
        if current.state is not JobState.DONE:
            raise RuntimeError(f"job failed: {current.last_error}")
        if i:  # the first one warms up
            times.append((time.perf_counter() - start) * 1000)
    return times


def station_with(printers: dict[str, Any], folder: Path) -> Station:
    config = parse_config({"station": {"id": "BENCH", "name": "bench"}, "printers": printers,
                           "labels": {"status_interval_s": 0}})
    return Station(config=config, data_dir=folder).open()


async def bench_spooler(folder: Path) -> None:
    print("Print -> handed to the printer / spooler (queue row, audit, render, send, done):")
    station = station_with({"files": {"driver": "folder", "path": str(folder / "out")}}, folder / "a")
    await station.start()
    try:
        report("folder printer (PDF file, fsync)", await print_to_spooler(station, RUNS), 300)
    finally:
        await station.stop()
        station.close()

    received: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.read())
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    station = station_with({"zebra": {"driver": "zpl_tcp", "host": "127.0.0.1", "port": port,
                                      "check_status": False}}, folder / "b")
    await station.start()
    try:
        report("raw TCP 9100, ZPL (no ~HS query)", await print_to_spooler(station, RUNS), 300)
    finally:
        await station.stop()
        station.close()
        server.close()
        await server.wait_closed()

    try:
        from tests.labels.cups_server import PrivateCups
    except ImportError:
        print("  CUPS: skipped (run from the source tree)")
        return
    reason = PrivateCups.why_not()
    if reason:
        print(f"  CUPS: skipped ({reason})")
        return
    cups = PrivateCups()
    try:
        await asyncio.to_thread(cups.start)
        await asyncio.to_thread(cups.add_pdf_queue, "labels")
        station = station_with({"office": {"driver": "cups", "queue": "labels", "server": cups.server}},
                               folder / "c")
        await station.start()
        try:
            report("CUPS lp (PDF to a private cupsd, cups-pdf)", await print_to_spooler(station, 15), 300)
        finally:
            await station.stop()
            station.close()
    finally:
        await asyncio.to_thread(cups.remove)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    load.add_options(parser)
    args = parser.parse_args()
    for label in load.passes(args):
        print(f"[{label}]")
        bench_render()
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(bench_spooler(Path(folder)))


if __name__ == "__main__":
    main()
