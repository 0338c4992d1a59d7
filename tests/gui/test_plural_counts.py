"""Counts read right in both languages: "1 part" and "2 parts" in English (station_en.ts holds the plural
forms of the %n texts), "부품 1개" and "부품 2개" in Korean, on the screens that show counts."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from hmi.auth import Role
from hmi.production.records import LotStatus
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import run, settle, station_config
from tests.gui.lots_support import click, until
from tests.gui.window_support import demo_window
from tests.production_support import login, start_demo_lot

pytestmark = pytest.mark.gui
COUNTER = "part_counter"   # the demo's [production] counter_tag


@pytest.fixture
def counted_config(request: Any) -> Any:
    """The demo without equipment; ``oee``: with the OEE section and its state tags (the OEE screens)."""
    if getattr(request, "param", None) == "oee":
        from tests.downtime_support import live_config

        return live_config()
    return station_config(connections={}, tags={})


@pytest.fixture
def counted(qloop: asyncio.AbstractEventLoop, qapp: Any, make_station: Any,
            counted_config: Any) -> Iterator[tuple[Any, Station, Any]]:
    station = make_station(counted_config)
    with demo_window(qloop, qapp, station) as (window, languages):
        languages.set_language("en")
        run(qloop, login(station, Role.SUPERVISOR))
        run(qloop, start_demo_lot(station))
        yield window, station, languages


def test_one_part_and_two_parts_counted_in_a_pause_read_right_in_english_and_korean(
        qloop: asyncio.AbstractEventLoop, counted: tuple[Any, Station, Any]) -> None:
    window, station, languages = counted
    lots_service = station.production.lots
    counter = 500

    def count() -> None:
        nonlocal counter
        counter += 1
        station.bus.publish(Sample(COUNTER, station.clock.now(), counter, Quality.GOOD))

    async def flow() -> None:
        lots = window.screen("lots")
        window.navigate("lots")
        count()                                      # the counter's first value: the start of counting
        await settle(0.1)
        click(None, lots.pause_button)
        await until(lambda: lots_service.active.value.status is LotStatus.PAUSED, what="paused")
        seen: dict[tuple[int, str], str] = {}
        for pending in (1, 2):
            count()
            await until(lambda n=pending: lots_service.active.value.pause_pending == n, what=f"{pending} in the pause")
            for language in ("en", "ko"):
                languages.set_language(language)
                await settle(0.2)                    # the LanguageChange events are delivered
                seen[(pending, language)] = lots.status_label.text()
            languages.set_language("en")
        assert "1 part counted during the pause (kept apart)" in seen[(1, "en")], seen
        assert "2 parts counted during the pause (kept apart)" in seen[(2, "en")], seen
        assert "부품 1개" in seen[(1, "ko")] and "부품 2개" in seen[(2, "ko")], seen
        assert "part(s)" not in " ".join(seen.values())

        # Resuming asks about them: the question counts them the same way.
        click(None, lots.pause_button)
        await until(lambda: lots.pause_bar.isVisible(), what="the pause-count decision")
        assert lots.pause_bar.question.text().startswith("2 parts were counted during the pause. Are they")
        languages.set_language("ko")
        await settle(0.2)
        assert lots.pause_bar.question.text().startswith("일시 정지 중에 부품 2개가 계수되었습니다")
        languages.set_language("en")

    run(qloop, flow())


def test_one_event_and_two_events_waiting_for_the_mes_read_right(
        qloop: asyncio.AbstractEventLoop, counted: tuple[Any, Station, Any]) -> None:
    window, station, languages = counted
    sync = window.screen("sync")
    window.navigate("sync")
    run(qloop, settle(0.1))
    snapshot = station.sync.snapshot.value
    seen = {}
    for language in ("en", "ko"):
        languages.set_language(language)
        run(qloop, settle(0.2))
        for pending in (1, 2):
            sync._show(dataclasses.replace(snapshot, pending=pending, oldest_at=None, blocked=0))
            seen[(pending, language)] = sync.backlog.text()
    languages.set_language("en")
    assert seen[(1, "en")] == "1 event" and seen[(2, "en")] == "2 events", seen
    assert seen[(1, "ko")] != seen[(2, "ko")] and "event" not in seen[(1, "ko")] + seen[(2, "ko")], seen


def _english_and_korean(languages: Any, qloop: asyncio.AbstractEventLoop, show: Any) -> dict[tuple[int, str], str]:
    """``show(n)`` returns the text the screen shows for the count n: for 1 and 2, in both languages."""
    seen: dict[tuple[int, str], str] = {}
    try:
        for language in ("en", "ko"):
            languages.set_language(language)
            run(qloop, settle(0.2))
            for n in (1, 2):
                seen[(n, language)] = show(n)
    finally:
        languages.set_language("en")
    return seen


def _korean_has_no_plural_marks(seen: dict[tuple[int, str], str], korean: str) -> None:
    """Korean counts with one form ("경보 1건", "경보 2건"); no "(s)" or "%n" left in any language."""
    assert korean.replace("%n", "1") in seen[(1, "ko")] and korean.replace("%n", "2") in seen[(2, "ko")], seen
    assert "(s)" not in " ".join(seen.values()) and "%n" not in " ".join(seen.values()), seen


def test_spc_points_read_right(qloop: asyncio.AbstractEventLoop, counted: tuple[Any, Station, Any]) -> None:
    from hmi.spc.config import ChartType
    from hmi.spc.service import CharacteristicStatus, ChartView

    window, _station, languages = counted
    spc = window.screen("spc")

    def status(state: str, n: int) -> CharacteristicStatus:
        return CharacteristicStatus(code="thickness", name="Oxide thickness", name_ko="산화막 두께", unit="µm",
                                    chart=ChartType("imr"), state=state, lot_no="ANO1-261124-0001", points=n,
                                    limit_version="v1", trial=False, latest_rule=None, latest_at=None,
                                    awaiting_cause=0)

    def shown(state: str) -> Any:
        def show(n: int) -> str:
            spc._paint_chart(ChartView(status=status(state, n), limits=None, points=(), capability=None))
            return spc._short_state(status(state, n)) + " | " + spc.state.text()
        return show

    baseline = _english_and_korean(languages, qloop, shown("baseline"))
    _korean_has_no_plural_marks(baseline, "기준 수집: %n점")
    assert baseline[(1, "en")].startswith("Baseline: 1 point |") and baseline[(1, "en")].endswith("limits: 1 point")
    assert baseline[(2, "en")].startswith("Baseline: 2 points |") and baseline[(2, "en")].endswith("limits: 2 points")
    in_control = _english_and_korean(languages, qloop, shown("in_control"))
    _korean_has_no_plural_marks(in_control, "· %n점")
    assert in_control[(1, "en")].endswith("In control · lot ANO1-261124-0001 · 1 point"), in_control
    assert in_control[(2, "en")].endswith("In control · lot ANO1-261124-0001 · 2 points"), in_control


def test_the_last_flood_counts_its_alarms(qloop: asyncio.AbstractEventLoop,
                                          counted: tuple[Any, Station, Any]) -> None:
    window, station, languages = counted
    screen = window.screen("alarm_performance")
    run(qloop, screen.load())
    assert screen.result is not None
    real = screen.result

    def show(n: int) -> str:
        start = station.clock.now() - 600
        screen.result = dataclasses.replace(real, floods=[(start, start + 600, n)])
        screen._show()
        return str(screen.plot.getPlotItem().titleLabel.text)

    seen = _english_and_korean(languages, qloop, show)
    _korean_has_no_plural_marks(seen, "경보 %n건")
    assert seen[(1, "en")].endswith(", 1 alarm") and seen[(2, "en")].endswith(", 2 alarms"), seen


def _figures(n: int) -> Any:
    from hmi.oee.calculation import Figures, Window

    return Figures(window=Window(name="Morning", start=0.0, end=3600.0, planned=()), planned_s=3600.0, run_s=3000.0,
                   unknown_s=0.0, downtime_s=600.0, downtime_events=n, micro_stops=n, micro_stop_total_s=10.0 * n,
                   good=100, scrap=1, ideal_cycle_s=None, availability=0.83, performance=None, quality=None, oee=None,
                   downtime_s_by_reason={f"DT-{i}": 300.0 for i in range(n)})


@pytest.mark.parametrize("counted_config", ["oee"], indirect=True)
def test_oee_micro_stops_and_reasons_read_right(qloop: asyncio.AbstractEventLoop,
                                                counted: tuple[Any, Station, Any]) -> None:
    import datetime as dt

    from hmi.oee.calendar import ShiftWindow
    from hmi.oee.report import DayReport, ShiftReport
    from hmi.oee.service import LiveOee
    from hmi.oee.states import State

    window, station, languages = counted
    if station.oee is None:
        pytest.fail("the demo config has an [oee] section: the OEE screens exist")
    oee = window.screen("oee")
    report_screen = window.screen("oee_report")

    def live(n: int) -> str:
        shift = ShiftWindow(name="Morning", day=dt.date(2026, 12, 4), start=0.0, end=3600.0, breaks=())
        oee._show(LiveOee(state=State.RUNNING, shift=shift, figures=_figures(n), hours=(), open_event=None,
                          waiting=(), updated_at=0.0))
        return str(oee.shift_line.text())

    seen = _english_and_korean(languages, qloop, live)
    _korean_has_no_plural_marks(seen, "순간 정지 %n회")
    assert "· 1 micro-stop (" in seen[(1, "en")] and "· 2 micro-stops (" in seen[(2, "en")], seen

    def day(n: int) -> str:
        shift = ShiftWindow(name="Morning", day=report_screen._day, start=0.0, end=3600.0, breaks=())
        figures = _figures(n)
        report_screen.report = DayReport(day=report_screen._day, shifts=(ShiftReport(shift, figures, ()),),
                                         pareto=tuple(figures.downtime_s_by_reason.items()), micro_stops=n,
                                         micro_stop_s=10.0 * n)
        report_screen._show()
        return str(report_screen.summary.text())

    seen = _english_and_korean(languages, qloop, day)
    _korean_has_no_plural_marks(seen, "사유 %n개")
    assert "in 1 reason · 1 micro-stop (" in seen[(1, "en")], seen
    assert "in 2 reasons · 2 micro-stops (" in seen[(2, "en")], seen
    assert "순간 정지 1회" in seen[(1, "ko")] and "순간 정지 2회" in seen[(2, "ko")], seen


def test_steps_signed_read_right(qloop: asyncio.AbstractEventLoop, counted: tuple[Any, Station, Any]) -> None:
    window, _station, languages = counted
    screen = window.screen("instructions")
    window.navigate("instructions")
    run(qloop, until(lambda: screen.status is not None and screen.status.doc is not None, what="the instruction"))
    full = screen.status
    signing = [i for i, step in enumerate(full.doc.steps) if step.kind.value != "info"]

    def show(n: int) -> str:   # the instruction cut after its n-th step to sign: n steps to sign
        doc = dataclasses.replace(full.doc, steps=full.doc.steps[:signing[n - 1] + 1])
        screen.status = dataclasses.replace(full, doc=doc)
        screen._show_overview()
        return str(screen.overview.text())

    try:
        seen = _english_and_korean(languages, qloop, show)
    finally:
        screen.status = full
    _korean_has_no_plural_marks(seen, "%n단계 중 0단계 서명됨")
    assert seen[(1, "en")].startswith("0 of 1 step signed:") and seen[(2, "en")].startswith("0 of 2 steps signed:")
