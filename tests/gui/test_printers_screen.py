"""The printers screen on the qasync loop: queue states, a preview of the label, reprint and cancel."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hmi.auth import Role
from hmi.labels.queue import JobState
from hmi.station import Station
from tests.conftest import run, settle, station_config
from tests.labels.test_label_rendering import DEFECT
from tests.labels.test_print_queue import login, settled

pytestmark = pytest.mark.gui


def _screen(station: Station, qtbot: Any, notes: list[str], errors: list[BaseException]) -> Any:
    from screens.i18n import LanguageManager
    from screens.printers_screen import PrintersScreen
    from screens.shell_context import ShellContext
    from screens.tasks import TaskGroup

    context = ShellContext(station=station.services, languages=LanguageManager(), tasks=TaskGroup(on_error=errors.append),
                           notify=notes.append, navigate=lambda _k: None, quit=lambda: None)
    screen = PrintersScreen(context)
    screen.resize(1024, 640)
    qtbot.addWidget(screen)
    return screen


def _select(screen: Any, job_id: int) -> None:
    screen.table.selectRow(next(r for r in range(screen.table.rowCount())
                                if screen.table.item(r, 0).text() == str(job_id)))


def test_queue_preview_reprint_and_cancel(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                          make_station: Callable[..., Station], tmp_path: Path) -> None:
    station = make_station(station_config(
        printers={"files": {"driver": "folder", "path": str(tmp_path / "out")},
                  "zebra": {"driver": "zpl_tcp", "host": "127.0.0.1", "port": 9, "timeout_s": 0.5}},
        labels={"status_interval_s": 0, "default_printer": "files", "retry_initial_s": 60}))
    notes: list[str] = []
    errors: list[BaseException] = []
    screen = _screen(station, qtbot, notes, errors)

    async def scenario() -> None:
        await login(station, Role.INSPECTOR)
        await station.start()
        try:
            screen.show()
            screen.on_shown()
            printed = await station.labels.print_defect_label(DEFECT)
            await settled(station, printed.id, JobState.DONE)
            stuck = await station.labels.print_defect_label(DEFECT, printer="zebra")
            await settle(0.6)
            assert screen.table.rowCount() == 2
            states = {screen.table.item(r, 0).text(): screen.table.item(r, 1).text() for r in range(2)}
            assert states[str(printed.id)] == "printed" and states[str(stuck.id)].startswith("queued")
            assert screen._printer_labels["zebra"].property("health") == "failed"  # nothing listens on port 9
            # The selection stays on the job chosen first; the stuck job can be cancelled, not reprinted.
            assert screen._selected.id == printed.id
            _select(screen, stuck.id)
            await settle(0.3)
            assert not screen.reprint_button.isEnabled() and not screen.cancel_button.isEnabled()
            screen.reason.setText("wrong printer")
            assert screen.cancel_button.isEnabled()
            screen.cancel_button.click()
            await settle(0.4)
            assert (await station.labels.job(stuck.id)).state is JobState.CANCELLED  # type: ignore[union-attr]
            # Select the printed job: its preview is drawn, and reprint queues a REPRINT job.
            _select(screen, printed.id)
            await settle(0.6)
            assert screen.preview.pixmap() is not None and not screen.preview.pixmap().isNull()
            assert screen.reprint_button.isEnabled()
            # A reprint asks why first: nothing is queued until a reason is chosen or typed.
            screen.reprint_button.click()
            assert screen.action_stack.currentIndex() == 1 and not screen.reprint_confirm.isEnabled()
            assert len(await station.labels.jobs()) == 2
            screen.reason_buttons["Label unreadable"].click()
            screen.reprint_note.setText("smudged barcode")
            assert screen.reprint_confirm.isEnabled()
            screen.reprint_confirm.click()
            await settle(0.6)
            jobs = await station.labels.jobs()
            assert jobs[0].is_reprint and jobs[0].reprint_of == printed.id
            assert jobs[0].reprint_reason == "Label unreadable: smudged barcode"
            assert screen.action_stack.currentIndex() == 0
            assert any("Reprint queued" in n for n in notes) and any("cancelled" in n for n in notes)
            assert errors == []
        finally:
            await screen.context.tasks.cancel_all()
            await station.stop()

    run(qloop, scenario())
