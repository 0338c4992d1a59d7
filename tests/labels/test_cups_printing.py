"""Real CUPS, started by the test: a defect label printed through a cups-pdf queue comes out as a PDF
of the label's size whose barcodes decode to exactly the lot and defect; CUPS down keeps the job queued."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hmi.clock import ManualClock
from hmi.labels.printer import PrinterState
from hmi.labels.queue import JobState
from hmi.station import Station
from tests.conftest import station_config
from tests.labels.barcode_check import decode_pdf, pdf_page_size_mm
from tests.labels.cups_server import PrivateCups
from tests.labels.test_label_rendering import DEFECT
from tests.labels.test_print_queue import _until, login, settled

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(PrivateCups.why_not() is not None, reason=str(PrivateCups.why_not()))]


@pytest.fixture
def cups() -> Iterator[PrivateCups]:
    server = PrivateCups()
    yield server
    server.remove()


def cups_station(make_station: Callable[..., Station], cups: PrivateCups, **labels: Any) -> Station:
    return make_station(station_config(
        printers={"office": {"driver": "cups", "queue": "labels", "server": cups.server, "timeout_s": 10}},
        labels={"status_interval_s": 0, "retry_initial_s": 2, **labels}))


@pytest.mark.parametrize(("template", "size", "codes"), [
    ("defect_100x50", (100, 50), {"Code128": "L2411-0007", "QRCode": "L2411-0007|SCR-03|2"}),
    ("defect_60x40", (60, 40), {"Code128": "L2411-0007", "DataMatrix": "L2411-0007/SCR-03"}),
])
async def test_a_defect_label_printed_through_cups_has_its_size_and_exact_barcodes(
        make_station: Callable[..., Station], cups: PrivateCups, template: str, size: tuple[int, int],
        codes: dict[str, str]) -> None:
    cups.start().add_pdf_queue("labels")
    station = cups_station(make_station, cups)
    await login(station)
    await station.start()
    try:
        assert (await station.labels.refresh_status())["office"].state is PrinterState.READY
        job = await station.labels.print_defect_label(DEFECT, template=template)
        done = await settled(station, job.id, JobState.DONE, timeout_s=20)
        assert done.spooler_ref == "labels-1"
        [pdf] = await asyncio.to_thread(cups.wait_for_pdf)
    finally:
        await station.stop()
    content = pdf.read_bytes()
    width, height = pdf_page_size_mm(content)
    # cups-pdf (Ghostscript) rounds the page to whole points: within 0.5 mm of the label.
    assert width == pytest.approx(size[0], abs=0.5) and height == pytest.approx(size[1], abs=0.5)
    assert decode_pdf(content) == codes


async def test_cups_not_running_keeps_the_job_queued_then_it_prints(
        make_station: Callable[..., Station], cups: PrivateCups, clock: ManualClock) -> None:
    station = cups_station(make_station, cups)
    await login(station)
    await station.start()
    try:
        status = (await station.labels.refresh_status())["office"]
        assert status.state is PrinterState.OFFLINE
        job = await station.labels.print_defect_label(DEFECT)
        waiting = await _until(lambda: station.labels.job(job.id),
                               lambda j: j.attempts == 1 and j.state is JobState.QUEUED, timeout_s=20)
        assert f"CUPS at {cups.server} is not running" in (waiting.last_error or "")
        assert station.labels.printer_status.value["office"].state is PrinterState.OFFLINE
        # CUPS comes up, but without the queue: still queued, and the error says so.
        await asyncio.to_thread(cups.start)
        clock.advance(2)
        station.labels.wake()
        waiting = await _until(lambda: station.labels.job(job.id),
                               lambda j: j.attempts == 2 and j.state is JobState.QUEUED, timeout_s=20)
        assert "does not exist" in (waiting.last_error or "")
        await asyncio.to_thread(cups.add_pdf_queue, "labels")
        clock.advance(4)
        station.labels.wake()
        await settled(station, job.id, JobState.DONE, timeout_s=20)
        [pdf] = await asyncio.to_thread(cups.wait_for_pdf)
    finally:
        await station.stop()
    assert decode_pdf(pdf.read_bytes())["Code128"] == "L2411-0007"
