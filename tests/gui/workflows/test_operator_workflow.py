"""The operator's lot, end to end, on the real MainWindow at 1024×768 while the line runs.

The equipment simulator serves the anodizing line over OPC-UA and Modbus on loopback; its part
counter ticks at about 10 Hz and its faults raise alarms. Through the screens, in English and Korean:
log in → start a lot → sign confirm, checklist, an in-limit and an out-of-limit value (the question
survives the ticks) → count → pause with a reason while parts are counted → resume and assign those
parts → record a defect → finish while counting: the frozen counts are recorded and the parts counted
after the confirmation are the lot's late counts. Every wait is on a condition, never a fixed sleep.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint

from hmi.auth import Role
from hmi.demo import DEMO_USERS
from hmi.production import records
from hmi.production.records import LotStatus
from hmi.station import Station
from tests.conftest import run, settle
from tests.equipment_support import ThreadedSimulator, config_for
from tests.gui.lots_support import button_geometry, click, moved, until
from tests.production_support import ORDER, load_demo

pytestmark = [pytest.mark.gui, pytest.mark.slow]

LOT_NO = {"en": "ANO1-261124-0101", "ko": "ANO1-261124-0201"}


@pytest.fixture(scope="module")
def line() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=5, tick_s=0.05, fault_every_s=6.0)
    simulator.sim.process.part_every_s = 0.1   # a part every 2 ticks: the counter runs at ~10 Hz
    yield simulator
    simulator.close()


@pytest.fixture
def languages(qapp: Any) -> Iterator[Any]:
    from screens.i18n import LanguageManager

    manager = LanguageManager(qapp)
    yield manager
    manager.set_language("en")


def _fits(screen: Any, window: Any) -> None:
    top = screen.mapTo(window, QPoint(0, 0)).y()
    assert screen.minimumSizeHint().height() <= 768 - top, (type(screen).__name__, screen.minimumSizeHint(), top)


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_operator_runs_a_lot_while_the_line_counts(qtbot: Any, qloop: asyncio.AbstractEventLoop, make_station: Any,
                                                   line: ThreadedSimulator, languages: Any, locale: str) -> None:
    from screens.main_window import MainWindow

    station: Station = make_station(config_for(line.sim))
    run(qloop, load_demo(station))
    languages.set_language(locale)
    window = MainWindow(station=station, languages=languages, demo_hint="")
    window.resize(1024, 768)
    window.show()
    lots_service = station.production.lots

    async def flow() -> None:
        # The station starts inside the loop's run: Qt events handled between runs (building and showing
        # the window, a language switch) would otherwise step the drivers' sockets outside the loop.
        await station.start()
        await window.start()
        counter = station.bus.latest
        await until(lambda: counter("part_counter") is not None and counter("part_counter").quality.is_good,
                         within=60, what="the line's counter is on the bus")
        first = counter("part_counter").value
        await until(lambda: counter("part_counter").value >= first + 10, within=30, what="the counter ticks")

        # Log in as the operator, on the login screen's fields.
        user = next(u for u in DEMO_USERS if u[2] is Role.OPERATOR)
        window.login.user_field.setText(user[0])
        window.login.pin_field.setText(user[3])
        window.login.submit()
        await until(lambda: station.auth.current is not None, what="logged in")

        # Lots: pick the work order; its new instruction version is acknowledged first.
        window.navigate("lots")
        lots = window.screen("lots")
        await until(lambda: lots.select_order(ORDER), what="the work orders are loaded")
        await until(lambda: lots.review_button.isVisible(), what="the instruction check")
        click(qtbot, lots.review_button)
        ins = window.screen("instructions")
        await until(lambda: ins.order_box.findData(ORDER) >= 0, what="the instruction's work orders")
        ins.order_box.setCurrentIndex(ins.order_box.findData(ORDER))
        await until(lambda: ins.ack_bar.isVisible(), what="the acknowledgement question")
        click(qtbot, ins.ack_bar.confirm_button)
        await until(lambda: not ins.ack_bar.isVisible(), what="acknowledged")

        window.navigate("lots")
        lots.select_order(ORDER)
        lots.lot_field.setText(LOT_NO[locale])
        click(qtbot, lots.start_button)
        await until(lambda: lots_service.active.value is not None, what="the lot started")
        lot_no = lots_service.active.value.lot_no
        await until(lambda: lots_service.active.value.good >= 5, what="the counter counts for the lot")
        _fits(lots, window)

        # Instructions: confirm, checklist, in-limit and out-of-limit values.
        window.navigate("instructions")
        await until(lambda: ins.sign_button.isVisible() and ins.index == 0, what="step 1")
        _fits(ins, window)
        click(qtbot, ins.sign_button)
        await until(lambda: ins.index == 1 and len(ins.checks) == 3, what="step 2, the checklist")
        for box in ins.checks:
            box.setChecked(True)
        good = lots_service.active.value.good
        await until(lambda: lots_service.active.value.good >= good + 2, what="ticks while ticking boxes")
        assert all(box.isChecked() for box in ins.checks)       # ticks never rebuild the checklist
        click(qtbot, ins.sign_button)
        await until(lambda: ins.index == 2 and ins.pad.isVisible(), what="step 3, measured")
        for key in "190":
            click(qtbot, ins.pad.keys[key])
        click(qtbot, ins.pad.keys[">"])
        await until(lambda: ins.index == 3, what="step 4")
        click(qtbot, ins.next_button)
        await until(lambda: ins.index == 4 and ins.pad.isVisible(), what="step 5, measured")
        for key in "12.1":
            click(qtbot, ins.pad.keys[key])
        click(qtbot, ins.pad.keys[">"])
        await until(lambda: ins.confirm_bar.isVisible(), what="the out-of-limit question")
        question, confirm = ins.confirm_bar.question.text(), ins.confirm_bar.confirm_button
        assert "12.1" in question and "None" not in question
        good = lots_service.active.value.good
        await until(lambda: lots_service.active.value.good >= good + 5, what="ticks under the question")
        assert ins.confirm_bar.isVisible() and ins.confirm_bar.question.text() == question
        assert ins.value_field.text() == "12.1"
        _fits(ins, window)
        click(qtbot, confirm)
        await until(lambda: ins.index == 5, what="step 6")
        click(qtbot, ins.sign_button)
        lot_id = lots_service.active.value.id
        await until(lambda: len(run_read(station, lot_id)) == 5, what="five sign-offs")
        assert [(s.step_index, s.out_of_limit) for s in run_read(station, lot_id)] == [
            (0, False), (1, False), (2, False), (4, True), (5, False)]

        # Lots: count by hand, then pause with a reason while the line keeps counting.
        window.navigate("lots")
        await until(lambda: lots.pages.currentIndex() == 1, what="the running lot")
        base = button_geometry(lots.pages, window)
        click(qtbot, lots.good_one)
        await until(lambda: any(e.kind == "count" and e.actor == user[0] for e in events(station, lot_id)),
                         what="the operator's +1")
        lots.reason_box.setCurrentIndex(lots.reason_box.findData("DT-MAT"))
        click(qtbot, lots.pause_button)
        await until(lambda: lots_service.active.value.status is LotStatus.PAUSED, what="paused")
        good_at_pause = lots_service.active.value.good
        await until(lambda: lots_service.active.value.pause_pending >= 3, what="parts counted in the pause")
        assert lots_service.active.value.good == good_at_pause      # not credited to the lot
        reason = next(r for r in await station.store.read(records.downtime_reasons) if r.code == "DT-MAT")
        assert (reason.name_ko if locale == "ko" else reason.name) in lots.status_label.text()
        assert moved(base, button_geometry(lots.pages, window)) == []
        click(qtbot, lots.pause_button)                               # Resume: first say whose parts they are
        await until(lambda: lots.pause_bar.isVisible(), what="the pause-count decision")
        assert moved(base, button_geometry(lots.pages, window)) == []
        click(qtbot, lots.pause_bar.other_button)                     # not this lot's parts
        await until(lambda: lots_service.active.value.status is LotStatus.RUNNING, what="resumed")
        resumed = lots_service.active.value
        assert resumed.pause_other >= 3 and resumed.pause_pending == 0
        pause_counts = [e for e in events(station, lot_id) if e.kind == "pause_count"]
        assert sum(e.data["parts"] for e in pause_counts) == resumed.pause_other

        # Defects: record one on the running lot.
        window.navigate("defects")
        defects = window.screen("defects")
        await until(lambda: "SURF-PIT" in defects.code_buttons, what="the defect codes")
        click(qtbot, defects.code_buttons["SURF-PIT"])
        click(qtbot, defects.record_button)
        await until(lambda: bool(defects_of(station, lot_id, "SURF-PIT")), what="the defect recorded")

        # Finish while counting: the question freezes the counts; later parts are late counts.
        window.navigate("lots")
        await until(lambda: lots.pages.currentIndex() == 1, what="the running lot")
        click(qtbot, lots.finish_button)
        await until(lambda: lots.confirm_bar.isVisible(), what="the finish question")
        frozen = lots.frozen_counts
        assert frozen is not None and str(frozen[0]) in lots.confirm_bar.question.text()
        assert moved(base, button_geometry(lots.pages, window)) == []
        await until(lambda: lots_service.active.value.good >= frozen[0] + 3, what="ticks under the question")
        click(qtbot, lots.confirm_bar.confirm_button)
        await until(lambda: lots_service.active.value is None, what="finished")
        done = await station.store.read(lambda db: records.lot_by_number(db, lot_no))
        assert done.status is LotStatus.FINISHED and (done.good, done.scrap) == frozen
        assert done.late_good >= 3
        late_at_finish = done.late_good
        await until(lambda: lots_service.last_finished.value is not None
                         and lots_service.last_finished.value.late_good >= late_at_finish + 3,
                         what="parts in transit after Finish")
        await until(lambda: lot_no in lots.late_info.text(), what="the late counts shown")
        assert not lots.proposal_bar.isVisible()                       # proposals closed with the lot

        # Lot history keeps the pause counts and the late counts apart from the lot's good count.
        window.navigate("lot_history")
        history = window.screen("lot_history")
        await history._load(lot_no)   # as a tap on the lot in the results (the test clock is not today)
        page_text = history.details.toPlainText()
        shown_late = history.page.lot.late_good
        assert f"{shown_late}" in page_text and "None" not in page_text
        assert user[1] in page_text                                       # people by name, not by user id
        reason_name = reason.name_ko if locale == "ko" else reason.name
        assert reason_name in page_text

    try:
        run(qloop, flow())
    finally:
        run(qloop, window.tasks.cancel_all())
        run(qloop, station.stop())        # the connections end before the window closes
        window.request_quit()
        window.close()
        window.deleteLater()
        run(qloop, settle(0.05))


def run_read(station: Station, lot_id: int) -> list[records.Signoff]:
    return station.store.read_blocking(lambda db: records.signoffs_of_lot(db, lot_id))


def events(station: Station, lot_id: int) -> list[records.LotEvent]:
    return station.store.read_blocking(lambda db: records.lot_events(db, lot_id))


def defects_of(station: Station, lot_id: int, code: str) -> list[records.Defect]:
    return [d for d in station.store.read_blocking(lambda db: records.defects_of_lot(db, lot_id)) if d.code == code]
