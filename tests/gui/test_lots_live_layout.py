"""Lots and Instructions while the counter ticks: nothing typed or asked is torn down by a live update,
no button moves when a proposal, a confirmation or a pause comes or goes, and each state fits 1024×768."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect

from hmi.auth import Role
from hmi.production import records
from hmi.production.records import LotStatus
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import run, station_config
from tests.gui.lots_support import button_geometry, click, moved, under_toast, until
from tests.gui.window_support import close_window, demo_window
from tests.production_support import LOT, load_demo, login, start_demo_lot

pytestmark = pytest.mark.gui
COUNTER = "part_counter"   # the demo's [production] counter_tag


class Line:
    """The part counter, published on the bus as the equipment would (no equipment in these tests)."""

    def __init__(self, station: Station) -> None:
        self.station, self.value = station, 500
        self.tick()

    def tick(self, n: int = 1) -> None:
        for _ in range(n):
            self.value += 1
            self.station.bus.publish(Sample(COUNTER, self.station.clock.now(), self.value, Quality.GOOD))


@pytest.fixture
def lots_window(qloop: asyncio.AbstractEventLoop, qapp: Any, make_station: Any) -> Iterator[tuple[Any, Station]]:
    station = make_station(station_config(connections={}, tags={}))
    with demo_window(qloop, qapp, station) as (window, _languages):
        run(qloop, login(station, Role.OPERATOR))
        run(qloop, start_demo_lot(station))
        yield window, station


def _fits(screen: Any, window: Any) -> None:
    """The page needs no more height than the content area a 1024×768 window gives it."""
    top = screen.mapTo(window, QPoint(0, 0)).y()
    assert screen.minimumSizeHint().height() <= 768 - top, (screen.minimumSizeHint(), top)


def test_no_lots_button_moves_for_a_proposal_a_confirmation_or_a_pause(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, lots_window: tuple[Any, Station]) -> None:
    window, station = lots_window

    async def flow() -> None:
        lots = window.screen("lots")
        window.navigate("lots")
        line = Line(station)
        await until(lambda: lots.pages.currentIndex() == 1, what="the running lot is shown")
        base = button_geometry(lots.pages, window)
        assert len(base) >= 18     # the counts, pause, finish, abort and the keypad
        _fits(lots, window)

        station.bus.publish(Sample("oxide_thickness", station.clock.now(), 12.4, Quality.GOOD))
        line.tick(3)
        await until(lambda: lots.proposal_bar.isVisible(), what="the proposal is shown")
        assert "None" not in lots.proposal_bar.question.text()
        assert moved(base, button_geometry(lots.pages, window)) == []
        _fits(lots, window)
        everything = button_geometry(window, window, outside=(window.toast,))
        window.notify("Defect FILM-THIN recorded for lot ANO1-261124-0001. Print its label with 'Print label' "
                      "on the Defects screen.")                 # a toast: in its slot, over no control
        await until(lambda: window.toast.isVisible(), what="the toast")
        assert under_toast(window) == []
        assert moved(everything, button_geometry(window, window, outside=(window.toast,))) == []
        window.toast.hide()

        click(qtbot, lots.finish_button)
        await until(lambda: lots.confirm_bar.isVisible(), what="the finish confirmation")
        question = lots.confirm_bar.question.text()
        good = station.production.lots.active.value.good
        line.tick(4)
        await until(lambda: station.production.lots.active.value.good >= good + 4, what="ticks counted")
        assert lots.confirm_bar.isVisible() and lots.confirm_bar.question.text() == question   # frozen
        assert moved(base, button_geometry(lots.pages, window)) == []
        click(qtbot, lots.confirm_bar.cancel_button)
        await until(lambda: lots.proposal_bar.isVisible(), what="the proposal back in its slot")

        click(qtbot, lots.pause_button)
        await until(lambda: station.production.lots.active.value.status is LotStatus.PAUSED, what="paused")
        line.tick(5)
        await until(lambda: station.production.lots.active.value.pause_pending == 5, what="pause counts")
        await until(lambda: "5 parts" in lots.status_label.text(), what="pause counts shown")
        assert moved(base, button_geometry(lots.pages, window)) == []   # paused = running geometry
        click(qtbot, lots.pause_button)                                    # resume: decide the 5 parts first
        await until(lambda: lots.pause_bar.isVisible(), what="the pause-count decision")
        assert "5" in lots.pause_bar.question.text()
        assert moved(base, button_geometry(lots.pages, window)) == []
        _fits(lots, window)
        before = station.production.lots.active.value.good
        click(qtbot, lots.pause_bar.accept_button)
        await until(lambda: station.production.lots.active.value.status is LotStatus.RUNNING, what="resumed")
        assert station.production.lots.active.value.good == before + 5
        assert moved(base, button_geometry(lots.pages, window)) == []

    run(qloop, flow())
def test_the_out_of_limit_question_and_the_typed_value_survive_counter_ticks(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, lots_window: tuple[Any, Station]) -> None:
    window, station = lots_window

    async def flow() -> None:
        line = Line(station)
        ins = window.screen("instructions")
        window.navigate("instructions")
        await until(lambda: ins.step_label.text() == "Step 1 of 6", what="the instruction")
        ins.go(4)                                                # step 5: oxide thickness, measured
        await until(lambda: ins.pad.isVisible(), what="the keypad")
        _fits(ins, window)
        for key in "12.1":
            click(qtbot, ins.pad.keys[key])
        base = button_geometry(ins, window, outside=(ins.confirm_bar,))
        line.tick(3)
        await until(lambda: station.production.lots.active.value.good >= 3, what="ticks counted")
        assert ins.value_field.text() == "12.1"                   # a half-typed value is never touched
        click(qtbot, ins.pad.keys[">"])
        await until(lambda: ins.confirm_bar.isVisible(), what="the out-of-limit question")
        question = ins.confirm_bar.question.text()
        assert "None" not in question and "12.1" in question
        confirm = ins.confirm_bar.confirm_button
        for n in range(4, 10):
            line.tick()
            await until(lambda n=n: station.production.lots.active.value.good >= n, what="a tick")
        assert ins.confirm_bar.isVisible() and ins.confirm_bar.question.text() == question
        assert ins.confirm_bar.confirm_button is confirm and ins.value_field.text() == "12.1"
        # The question takes the keypad's place (no tap lands on a key); nothing else moves.
        assert [m for m in moved(base, button_geometry(ins, window, outside=(ins.confirm_bar,)))
                if not m.endswith("vanished")] == []
        _fits(ins, window)
        click(qtbot, confirm)
        lot_id = station.production.lots.active.value.id
        await until(lambda: ins.step_label.text() == "Step 6 of 6", what="signed flagged")
        signoffs = await station.store.read(lambda db: records.signoffs_of_lot(db, lot_id))
        assert [(s.step_index, s.value, s.out_of_limit) for s in signoffs] == [(4, 12.1, True)]

    run(qloop, flow())
def test_sign_out_clears_the_forms_of_lots_and_instructions(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, lots_window: tuple[Any, Station]) -> None:
    window, station = lots_window

    async def flow() -> None:
        lots = window.screen("lots")
        ins = window.screen("instructions")
        window.navigate("lots")
        lots.count_field.setText("12")
        lots.abort_reason.setText("bath")
        click(qtbot, lots.finish_button)
        ins.go(4)
        ins.value_field.setText("99")
        await station.auth.logout()
        await until(lambda: lots.count_field.text() == "", what="the forms cleared")
        assert not lots.confirm_bar.isVisibleTo(lots) and not lots._confirming
        assert (lots.count_field.text(), lots.abort_reason.text(), ins.value_field.text()) == ("", "", "")
        lot = await station.store.read(lambda db: records.lot_by_number(db, LOT))
        assert lot.status is LotStatus.RUNNING    # closing the question did not act on it
        # The sign-out reloads the screens in the background: let those reads finish on this loop.
        await until(lambda: not any(t for t in asyncio.all_tasks() if t.get_name() == "LotsScreen"),
                    what="the screens' reloads")

    run(qloop, flow())


async def _thin_part_on_a_busy_panel(station: Station) -> None:
    """The limit check and SPC both save a proposal for one thin part before the loop hears of either."""
    await station.spc.idle()                        # the lot's chart is ready: SPC sees the part too
    station.bus.publish(Sample("oxide_thickness", station.clock.now(), 12.4, Quality.GOOD))
    await asyncio.sleep(0)                          # both writes are with the writer thread...
    station.store.write_blocking(lambda _db: None)  # ...which runs them while the loop stands still


def test_a_tap_in_the_turn_the_proposal_appears_records_it(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, lots_window: tuple[Any, Station]) -> None:
    window, station = lots_window

    async def flow() -> None:
        lots = window.screen("lots")
        window.navigate("lots")
        line = Line(station)
        await until(lambda: lots.pages.currentIndex() == 1, what="the running lot is shown")
        tapped: list[bool] = []

        def tap_at_once(pending: tuple[Any, ...]) -> None:   # in the very turn the bar is shown
            if pending and not tapped:
                tapped.append(lots.proposal_bar.isVisible())
                click(qtbot, lots.proposal_bar.confirm_button)
                # While the answer is saved the bar stays in place, its buttons off: no dead buttons.
                tapped.append(lots.proposal_bar.isVisible() and not lots.proposal_bar.confirm_button.isEnabled())

        stop = station.production.defects.proposals.subscribe(tap_at_once, replay=False)
        try:
            await _thin_part_on_a_busy_panel(station)
            line.tick(3)                               # the counter keeps counting meanwhile
            await until(lambda: bool(tapped), what="the proposal is shown")
        finally:
            stop()
        assert tapped == [True, True]
        await until(lambda: not station.production.defects.proposals.value and not lots.proposal_bar.isVisible()
                    and station.production.lots.active.value.good >= 3, what="the tap recorded the defect")
        await station.spc.idle()
        await station.production.defects.idle()
        assert station.production.defects.proposals.value == () and not lots.proposal_bar.isVisible()
        lot = station.production.lots.active.value
        found = await station.store.read(lambda db: records.defects_of_lot(db, lot.id))
        assert [(d.code, d.qty, d.measurement["value"]) for d in found] == [("FILM-THIN", 1, 12.4)]
        assert lots.proposal_bar.confirm_button.isEnabled()   # armed for the next proposal

    run(qloop, flow())


def test_a_proposal_arriving_while_a_confirmation_is_open_leaves_it_alone(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, lots_window: tuple[Any, Station]) -> None:
    window, station = lots_window

    async def flow() -> None:
        lots = window.screen("lots")
        window.navigate("lots")
        line = Line(station)
        await until(lambda: lots.pages.currentIndex() == 1, what="the running lot is shown")
        click(qtbot, lots.finish_button)
        await until(lambda: lots.confirm_bar.isVisible(), what="the finish confirmation")
        question, confirm = lots.confirm_bar.question.text(), lots.confirm_bar.confirm_button
        base = button_geometry(lots, window)           # the question's buttons and every button below it
        below = button_geometry(lots, window, outside=(lots.slot,))
        slot_buttons = [QRect(b.mapTo(window, QPoint(0, 0)), b.size())
                        for b in (confirm, lots.confirm_bar.cancel_button)]
        await _thin_part_on_a_busy_panel(station)
        line.tick(3)
        await until(lambda: bool(station.production.defects.proposals.value), what="the proposal saved")
        await until(lambda: station.production.lots.active.value.good >= 3, what="ticks counted")
        assert lots.confirm_bar.isVisible() and not lots.proposal_bar.isVisible()
        assert lots.confirm_bar.question.text() == question and lots.confirm_bar.confirm_button is confirm
        assert moved(base, button_geometry(lots, window)) == []
        click(qtbot, lots.confirm_bar.cancel_button)
        await until(lambda: lots.proposal_bar.isVisible(), what="the proposal, in the question's place")
        assert len(station.production.defects.proposals.value) == 1
        assert lots.proposal_bar.confirm_button.isEnabled()
        assert moved(below, button_geometry(lots, window, outside=(lots.slot,))) == []
        assert [QRect(b.mapTo(window, QPoint(0, 0)), b.size()) for b in
                (lots.proposal_bar.confirm_button, lots.proposal_bar.cancel_button)] == slot_buttons

    run(qloop, flow())


def test_a_refused_answer_leaves_the_proposal_armed(qtbot: Any, qloop: asyncio.AbstractEventLoop, qapp: Any,
                                                    make_station: Any) -> None:
    """A defect code the master data lacks: Record defect is refused, said, and can be tapped again."""
    import tomllib

    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow
    from tests.conftest import DEMO_CONFIG

    production = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))["production"]
    production["defect_checks"] = [{"tag": "oxide_thickness", "lo": 13.0, "hi": 17.0, "unit": "µm",
                                    "code_low": "FILM-NOPE", "code_high": "FILM-NOPE", "action": "propose"}]
    station = make_station(station_config(connections={}, tags={}, production=production, spc={}))
    run(qloop, station.start())
    run(qloop, load_demo(station))
    window = MainWindow(station=station, languages=LanguageManager(qapp), demo_hint="")
    window.resize(1024, 768)
    window.show()

    async def flow() -> None:
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        lots = window.screen("lots")
        window.navigate("lots")
        station.bus.publish(Sample("oxide_thickness", station.clock.now(), 12.4, Quality.GOOD))
        await until(lambda: lots.proposal_bar.isVisible(), what="the proposal")
        click(qtbot, lots.proposal_bar.confirm_button)
        await until(lambda: window.toast.isVisible() and "FILM-NOPE" in window.toast.label.text(),
                    what="the refusal said")
        await until(lambda: lots.proposal_bar.confirm_button.isEnabled(), what="the proposal armed again")
        assert lots.proposal_bar.isVisible() and len(station.production.defects.proposals.value) == 1
        window.toast.hide()
        click(qtbot, lots.proposal_bar.confirm_button)            # a second tap acts (and is refused again)
        await until(lambda: window.toast.isVisible() and "FILM-NOPE" in window.toast.label.text(),
                    what="the second tap answered")
        await until(lambda: lots.proposal_bar.cancel_button.isEnabled(), what="armed again")
        click(qtbot, lots.proposal_bar.cancel_button)
        await until(lambda: not station.production.defects.proposals.value and not lots.proposal_bar.isVisible(),
                    what="the proposal dismissed")

    try:
        run(qloop, flow())
    finally:
        close_window(qloop, window, station=station)


def test_one_sided_limits_read_as_words_never_none(qapp: Any) -> None:
    from screens.lots_screen import limits_text

    words = {"below": "at most %1 %2", "above": "at least %1 %2", "between": "%1 … %2 %3"}
    assert limits_text(None, 1.5, "", **words) == "at most 1.5"
    assert limits_text(13.0, None, "µm", **words) == "at least 13 µm"
    assert limits_text(13.0, 17.0, "µm", **words) == "13 … 17 µm"
    assert limits_text(None, None, "µm", **words) == ""
