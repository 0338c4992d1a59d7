"""The inspector's workflow in the real window at 1024×768 while the line runs (issue 13 items 6 and 7).

The simulator serves the line on loopback and counts a part every 0.2 s into the running lot. The inspector
signs in on the PIN pad, scans a finished lot into the Defects screen (a scanner types the number and
Enter), records a defect on it, prints its label to the folder printer, reprints it with a reason chosen
by touch, and looks at the preview: in English and in Korean. Every wait is on a condition.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from hmi import audit
from hmi.auth import Role
from hmi.labels.queue import JobState, PrintJob
from hmi.production import records
from hmi.production.records import LotStatus, ProductionError
from hmi.station import Station
from tests.conftest import run
from tests.equipment_support import ThreadedSimulator, config_for, until
from tests.labels.barcode_check import pdf_text
from tests.production_support import ORDER, load_demo, login, sign_all_steps

pytestmark = [pytest.mark.gui, pytest.mark.slow]

FINISHED_LOT = "ANO1-261124-0001"
RUNNING_LOT = "ANO1-261124-0002"
INSPECTOR = ("2001", "1357", "Lee Seo-yeon")
SCREEN = QRect(0, 0, 1024, 768)


@pytest.fixture
def sim(qloop: asyncio.AbstractEventLoop) -> Iterator[ThreadedSimulator]:
    """The simulator on its own thread, only while the qloop's collector keeps garbage collection on the
    GUI thread: a collection in the simulator's thread could delete an earlier test's Qt objects there."""
    gc.collect()
    simulator = ThreadedSimulator(seed=5)
    simulator.sim.process.part_every_s = 0.2   # the counter ticks at 5 Hz all through the workflow
    yield simulator
    simulator.close()


@pytest.fixture
def themed(qapp: Any) -> Iterator[None]:
    """The station's real look (fonts, paddings): what fits unthemed may not fit on the panel."""
    from screens.app import theme_stylesheet

    before = qapp.styleSheet()
    qapp.setStyleSheet(theme_stylesheet())
    yield
    qapp.setStyleSheet(before)


def _tap(qtbot: Any, window: Any, widget: Any) -> None:
    """A finger on the widget: it must be shown, enabled, on the 1024×768 panel and big enough to hit."""
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    assert SCREEN.contains(rect), f"{widget.objectName()} at {rect} is off the panel"
    assert widget.height() >= 48 and widget.width() >= 48, f"{widget.objectName()} is {widget.size()}"
    under = window.childAt(widget.mapTo(window, widget.rect().center()))
    assert under is widget or widget.isAncestorOf(under), f"{widget.objectName()} is covered by {under}"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


async def _wait(predicate: Callable[[], bool], within: float = 30.0) -> None:
    await until(predicate, within=within)


async def _wait_for(fetch: Callable[[], Any], check: Callable[[Any], bool], within: float = 30.0) -> Any:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = await fetch()
        if value is not None and check(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not reached: {value}")
        await asyncio.sleep(0.05)


def _counting(station: Station) -> bool:
    sample = station.bus.latest("part_counter")
    return sample is not None and sample.quality.is_good and sample.value is not None


async def _prepare_lots(station: Station) -> None:
    """Yesterday's lot, finished with one defect; today's lot running with the counter."""
    await load_demo(station)
    await login(station, Role.OPERATOR)
    status = await station.production.instructions.status_for(ORDER)
    assert status.doc is not None
    await station.production.instructions.acknowledge(instruction_id=status.doc.instruction_id,
                                                      version=status.doc.version)
    await station.production.lots.start(work_order=ORDER, lot_no=FINISHED_LOT)
    await station.production.defects.record(code="SURF-PIT", qty=1)
    await sign_all_steps(station)
    await until(lambda: station.production.lots.active.value is not None
                and station.production.lots.active.value.good > 0, within=60)
    for _ in range(200):   # parts keep arriving: confirm the counts as they are at that moment
        lot = station.production.lots.active.value
        assert lot is not None
        try:
            await station.production.lots.finish(confirm_good=lot.good, confirm_scrap=lot.scrap)
            break
        except ProductionError as exc:
            if "counts changed" not in str(exc):
                raise
            await asyncio.sleep(0.05)
    await station.production.lots.start(work_order=ORDER, lot_no=RUNNING_LOT)
    await station.auth.logout()


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_inspector_records_prints_reprints_and_previews_a_scanned_lots_defect(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, qapp: Any, themed: None, sim: ThreadedSimulator,
        make_station: Callable[..., Station], tmp_path: Path, locale: str) -> None:
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    out = tmp_path / "labels"
    station = make_station(config_for(
        sim.sim, mes=None, printers={"label": {"driver": "folder", "path": str(out), "format": "pdf"}},
        labels={"default_template": "defect_100x50", "default_printer": "label", "auto_print": False,
                "status_interval_s": 0}))
    languages = LanguageManager(qapp)
    window = MainWindow(station=station, languages=languages, demo_hint="")
    window.resize(1024, 768)
    window.show()
    ko = locale == "ko"

    async def scenario() -> None:
        await station.start()
        await _wait(lambda: _counting(station), within=90)   # the OPC-UA connection is up, parts come
        await _prepare_lots(station)
        languages.set_language(locale)
        running = station.production.lots.active.value
        assert running is not None and running.lot_no == RUNNING_LOT
        counted_before = running.good

        # Sign in on the PIN pad (a fast typist at the keyboard looks like a badge reader).
        await _wait(lambda: window.current_page() is window.login)
        login_screen = window.login
        for key in INSPECTOR[0]:
            _tap(qtbot, window, login_screen.pad.keys[key])
        _tap(qtbot, window, login_screen.pad.keys[">"])
        for key in INSPECTOR[1]:
            _tap(qtbot, window, login_screen.pad.keys[key])
        _tap(qtbot, window, login_screen.pad.keys[">"])
        await _wait(lambda: station.auth.current is not None and station.auth.current.username == INSPECTOR[0])

        window.nav_scroll.ensureWidgetVisible(window.nav_buttons["defects"])
        _tap(qtbot, window, window.nav_buttons["defects"])
        defects = window.screen("defects")
        await _wait(lambda: defects.isVisible() and bool(defects.code_buttons)
              and defects.shown_lot is not None and defects.shown_lot.lot_no == RUNNING_LOT)

        # Scan the finished lot: its defect is listed (not the running lot's empty list).
        qtbot.mouseClick(defects.lot_field, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(defects.lot_field, FINISHED_LOT)
        qtbot.keyClick(defects.lot_field, Qt.Key.Key_Return)
        await _wait(lambda: defects.shown_lot is not None and defects.shown_lot.lot_no == FINISHED_LOT
              and defects.defect_list.count() == 1)
        assert FINISHED_LOT in defects.lot_info.text()
        assert ("완료" if ko else "finished") in defects.lot_info.text()
        assert (defects.shown_lot.status is LotStatus.FINISHED)
        listed = defects.defect_list.item(0).text()
        assert "SURF-PIT" in listed and ("피팅" if ko else "Pitting") in listed and "Kim Min-jun" in listed
        assert "None" not in listed and "1001" not in listed

        # Choose a code: it looks chosen (a dark, inverted button), and every code shows whole.
        button = defects.code_buttons["COL-SHADE"]
        defects.grid_area.ensureWidgetVisible(button)
        await _wait(lambda: SCREEN.contains(QRect(button.mapTo(window, QPoint(0, 0)), button.size())))
        plain = button.grab().toImage().pixelColor(button.width() // 2, 3).lightness()
        _tap(qtbot, window, button)
        assert button.isChecked() and defects.selected_code() == "COL-SHADE"
        await _wait(lambda: button.grab().toImage().pixelColor(button.width() // 2, 3).lightness() < plain - 80)
        assert ("색상 편차" if ko else "Colour shade off") in button.text().replace("\n", " ")
        assert "COL‑SHADE" in button.text().split("\n")[-1] or "COL‑SHADE" in button.text().split("\n")[-2]

        _tap(qtbot, window, defects.record_button)
        await _wait(lambda: defects.defect_list.count() == 2 and defects._selected_defect() is not None)
        found = await station.store.read(lambda db: records.defects_of_lot(
            db, records.lot_by_number(db, FINISHED_LOT).id))  # type: ignore[union-attr]
        recorded = found[-1]
        assert recorded.code == "COL-SHADE" and recorded.recorded_by == INSPECTOR[0]
        assert defects._selected_defect() == recorded.id
        toast = window.toast.label.text()
        assert ("라벨 인쇄" if ko else "Print label") in toast and FINISHED_LOT.replace("-", "\u2011") in toast
        assert not button.isChecked()   # the next defect starts from no code chosen

        # The toast's advice is true: "Print label" prints the selected defect's label; the toast, in its
        # slot over the title strip, covers no control, so the inspector taps it with the toast still up.
        _tap(qtbot, window, defects.label_button)
        job: PrintJob = (await _wait_for(station.labels.jobs, lambda jobs: len(jobs) == 1))[0]
        done = await _wait_for(lambda: station.labels.job(job.id), lambda j: j.state is JobState.DONE)
        assert done.data["lot"] == FINISHED_LOT and done.data["defect_code"] == "COL-SHADE"
        assert done.data["inspector"] == INSPECTOR[2]
        assert done.data["defect_name"] == ("색상 편차" if ko else "Colour shade off")
        first_pdf = await asyncio.to_thread(Path(str(done.spooler_ref)).read_bytes)
        assert FINISHED_LOT in pdf_text(first_pdf) and "REPRINT" not in pdf_text(first_pdf)
        await _wait(lambda: ("프린터" if ko else "Printers") in window.toast.label.text())

        # Reprint on the Printers screen: it asks why first; the reason is a tap (the toast is still up).
        window.nav_scroll.ensureWidgetVisible(window.nav_buttons["printers"])
        _tap(qtbot, window, window.nav_buttons["printers"])
        printers = window.screen("printers")
        await _wait(lambda: printers.isVisible() and printers.table.rowCount() == 1
              and printers._selected is not None and printers._selected.id == job.id
              and printers.reprint_button.isEnabled())
        table_at, preview_at = printers.table.geometry(), printers.preview.geometry()
        _tap(qtbot, window, printers.reprint_button)
        assert printers.action_stack.currentIndex() == 1 and not printers.reprint_confirm.isEnabled()
        assert printers.table.geometry() == table_at and printers.preview.geometry() == preview_at
        damaged = printers.reason_buttons["Label damaged"]
        assert damaged.text() == ("손상" if ko else "Damaged")
        _tap(qtbot, window, damaged)
        _tap(qtbot, window, printers.reprint_confirm)
        again = (await _wait_for(station.labels.jobs, lambda jobs: len(jobs) == 2))[0]
        again = await _wait_for(lambda: station.labels.job(again.id), lambda j: j.state is JobState.DONE)
        assert again.is_reprint and again.reprint_of == job.id and again.reprint_reason == "Label damaged"
        assert "REPRINT" in pdf_text(await asyncio.to_thread(Path(str(again.spooler_ref)).read_bytes))

        # The preview of the reprint: the label as the printer got it, REPRINT and all.
        await _wait(lambda: printers.table.rowCount() == 2)
        row = next(r for r in range(2) if printers.table.item(r, 0).text() == str(again.id))
        rect = printers.table.visualItemRect(printers.table.item(row, 0))
        qtbot.mouseClick(printers.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await _wait(lambda: printers._selected is not None and printers._selected.id == again.id
              and printers.preview.pixmap() is not None and not printers.preview.pixmap().isNull())
        assert ("재발행" if ko else "REPRINT") in printers.job_info.text()
        assert ("손상" if ko else "Damaged") in printers.job_info.text()

        # The audit names the inspector for the print and the reprint, with the reason.
        entries = await station.store.read(lambda db: audit.entries(db, object_type="print_job"))
        queued = next(e for e in entries if e.action == "label.queue")
        reprinted = next(e for e in entries if e.action == "label.reprint")
        assert queued.actor == INSPECTOR[0] and reprinted.actor == INSPECTOR[0]
        assert reprinted.after["reason"] == "Label damaged"

        # All along, the line ran: parts were counted into the running lot, and the window kept to the panel.
        await _wait(lambda: (station.production.lots.active.value is not None
                              and station.production.lots.active.value.good > counted_before))
        assert window.width() <= 1024 and window.height() <= 768

    try:
        run(qloop, scenario())
    finally:
        window.request_quit()
        window.close()
        run(qloop, window.tasks.cancel_all())
        run(qloop, station.stop())
        languages.set_language("en")
        window.deleteLater()
        run(qloop, until(lambda: True))
