"""The operator's day through the screens: start a lot, follow the steps, record a defect, finish."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import Qt

from hmi.auth import Role
from hmi.production import records
from hmi.production.records import LotStatus
from hmi.tags import Quality, Sample
from tests.conftest import run, settle, station_config
from tests.gui.lots_support import until
from tests.gui.window_support import close_window
from tests.production_support import LOT, ORDER, load_demo, login

pytestmark = pytest.mark.gui


def _click(qtbot: Any, loop: asyncio.AbstractEventLoop, button: Any, wait: float = 0.25) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    run(loop, settle(wait))


def _shown(label: Any) -> str:
    """What an elided label paints at its width: the words the operator can read."""
    return label.fontMetrics().elidedText(label.text(), Qt.TextElideMode.ElideRight, label.width())


def test_start_lot_follow_steps_record_defect_finish(qtbot: Any, qloop: asyncio.AbstractEventLoop, qapp: Any,
                                                     make_station: Any) -> None:
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    # No equipment connections: the samples this test needs are published on the bus directly.
    station = make_station(station_config(connections={}, tags={}))
    run(qloop, station.start())
    run(qloop, load_demo(station))
    languages = LanguageManager(qapp)
    window = MainWindow(station=station, languages=languages, demo_hint="")
    window.resize(1024, 768)
    window.show()
    try:
        run(qloop, login(station, Role.OPERATOR))
        window.navigate("lots")
        run(qloop, settle(0.3))
        lots = window.screen("lots")
        assert lots.select_order(ORDER)
        run(qloop, settle(0.2))
        assert "acknowledge" in lots.instruction_info.text()

        # The changed instruction is acknowledged on the instructions screen first.
        _click(qtbot, qloop, lots.review_button, 0.3)
        ins = window.screen("instructions")
        ins.order_box.setCurrentIndex(ins.order_box.findData(ORDER))
        run(qloop, settle(0.3))
        assert "version 3" in ins.heading.text()
        _click(qtbot, qloop, ins.ack_bar.confirm_button, 0.3)
        assert not ins.ack_bar.isVisible()

        # Start the lot: a scanner types the lot number + Enter into the scan field.
        window.navigate("lots")
        run(qloop, settle(0.2))
        qtbot.keyClicks(lots.scan_field, LOT)
        qtbot.keyClick(lots.scan_field, Qt.Key.Key_Return)
        assert lots.lot_field.text() == LOT
        _click(qtbot, qloop, lots.start_button, 0.4)
        assert station.production.lots.active.value is not None
        assert window.header.lot_label.text() == f"Lot {LOT} · 0 good · 0 scrap"
        assert f"Lot {LOT}" in _shown(window.header.lot_label)   # the lot number itself is never elided away

        # The thickness gauge reads below the limit: the station proposes a defect; the operator records it.
        station.bus.publish(Sample("oxide_thickness", station.clock.now(), 12.4, Quality.GOOD))
        # The operator taps as soon as the proposal is shown (it is shown once it is saved).
        run(qloop, until(lambda: lots.proposal_bar.isVisible(), what="the proposal"))
        assert "FILM-THIN" in lots.proposal_bar.question.text()
        qtbot.mouseClick(lots.proposal_bar.confirm_button, Qt.MouseButton.LeftButton)
        run(qloop, until(lambda: not station.production.defects.proposals.value
                         and not lots.proposal_bar.isVisible(), what="the defect recorded"))

        # Follow the steps.
        window.navigate("instructions")
        run(qloop, settle(0.3))
        assert ins.step_label.text() == "Step 1 of 6"
        _click(qtbot, qloop, ins.sign_button, 0.3)                 # 1 confirm
        assert ins.step_label.text() == "Step 2 of 6"
        for box in ins.checks:
            box.setChecked(True)
        _click(qtbot, qloop, ins.sign_button, 0.3)                 # 2 checklist
        for key in "190":
            _click(qtbot, qloop, ins.pad.keys[key], 0.01)
        _click(qtbot, qloop, ins.pad.keys[">"], 0.3)               # 3 measure, in limits
        assert ins.step_label.text() == "Step 4 of 6"
        _click(qtbot, qloop, ins.next_button, 0.2)                 # 4 info
        for key in "27.5":
            _click(qtbot, qloop, ins.pad.keys[key], 0.01)
        _click(qtbot, qloop, ins.pad.keys[">"], 0.3)               # 5 measure, out of limits
        assert ins.confirm_bar.isVisible() and ins.step_label.text() == "Step 5 of 6"
        _click(qtbot, qloop, ins.confirm_bar.confirm_button, 0.3)  # second confirmation: flagged
        assert ins.step_label.text() == "Step 6 of 6"
        _click(qtbot, qloop, ins.sign_button, 0.3)                 # 6 confirm

        # Count and record a defect.
        window.navigate("lots")
        run(qloop, settle(0.2))
        for _ in range(3):
            _click(qtbot, qloop, lots.good_one, 0.15)
        lots.reason_box.setCurrentIndex(lots.reason_box.findData("DT-RACK"))
        _click(qtbot, qloop, lots.pause_button, 0.3)
        assert "Waiting for racks" in lots.status_label.text() and not lots.good_one.isEnabled()
        assert window.header.lot_label.text() == f"Lot {LOT} · PAUSED · 3 good · 0 scrap"
        assert f"Lot {LOT} · PAUSED" in _shown(window.header.lot_label)   # the pause is there to read
        _click(qtbot, qloop, lots.pause_button, 0.3)              # resume
        assert lots.good_one.isEnabled()
        window.navigate("defects")
        run(qloop, settle(0.3))
        defects = window.screen("defects")
        _click(qtbot, qloop, defects.code_buttons["SURF-PIT"], 0.05)
        _click(qtbot, qloop, defects.qty_plus, 0.05)
        defects.location_field.insert("뒷면 ⚠ edge")   # QtTest keyClicks cannot type non-ASCII
        _click(qtbot, qloop, defects.record_button, 0.4)
        assert defects.defect_list.count() == 2

        # Finish with the confirmation of the counts.
        window.navigate("lots")
        run(qloop, settle(0.2))
        _click(qtbot, qloop, lots.finish_button, 0.1)
        assert "3 good and 0 scrap" in lots.confirm_bar.question.text()
        _click(qtbot, qloop, lots.confirm_bar.confirm_button, 0.4)

        lot = run(qloop, station.store.read(lambda db: records.lot_by_number(db, LOT)))
        assert lot is not None and lot.status is LotStatus.FINISHED and lot.good == 3
        signoffs = run(qloop, station.store.read(lambda db: records.signoffs_of_lot(db, lot.id)))
        assert [s.step_index for s in signoffs] == [0, 1, 2, 4, 5]
        assert [s.out_of_limit for s in signoffs] == [False, False, False, True, False]
        found = run(qloop, station.store.read(lambda db: records.defects_of_lot(db, lot.id)))
        assert [(d.code, d.qty, d.location) for d in found] == [("FILM-THIN", 1, ""), ("SURF-PIT", 2, "뒷면 ⚠ edge")]
        assert found[0].measurement is not None and found[0].measurement["value"] == 12.4
        assert window.header.lot_label.text() == "No active lot"
    finally:
        close_window(qloop, window, station=station)
