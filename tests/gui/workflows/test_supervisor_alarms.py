"""A supervisor's alarms on the real window at 1024x768 with the line running (its counter ticking at
5 Hz, its faults raising alarms): the bath driven past its high limit raises an alarm; it is shelved
with a reason and a duration by touch, leaves the active list and the banner's count, and the journal
lists the shelving with the reason and the supervisor's name, filtered to that alarm and exported as
CSV. The MES refuses the shelving event for good: the Sync screen shows it quarantined with the MES's
reason in words; once the MES is fixed, "Send again" delivers it and it leaves the list. Every tap goes
through ``tap()``; no text a person reads on these screens holds "None", a raw float or an internal id.
In English and Korean."""

from __future__ import annotations

import asyncio
import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from hmi.alarms import AlarmState, Priority
from hmi.clock import SystemClock
from hmi.station import Station
from plugins.mes.reference_mes.server import ReferenceMes
from screens.main_window import MainWindow
from tests.conftest import run
from tests.equipment_support import ThreadedSimulator, config_for, demo_raw
from tests.gui.layout_audit import audit, text_problems, texts_of
from tests.gui.workflows.conftest import on_the_line, sign_in, tap, until

pytestmark = [pytest.mark.gui, pytest.mark.slow]

ALARM = "bath_temp_hi"
SUPERVISOR = ("3001", "3579", "Park Ji-ho")
MES_REASON = "alarm shelving is not accepted while the line audit runs"
# Internal ids no person should read: the alarm's, its tag's, the event's subject and type, the user's ID.
RAW_IDS = (ALARM, "bath_temp", "alarm/", "alarm.shelved", SUPERVISOR[0])


@pytest.fixture(scope="module")
def line() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=5, tick_s=0.05, fault_every_s=8.0)
    simulator.sim.process.part_every_s = 0.2   # the counter ticks at 5 Hz all through the workflow
    yield simulator
    simulator.close()


@pytest.fixture
def mes(qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ReferenceMes]:
    server = ReferenceMes(db_path=tmp_path / "mes.db", seed=3)
    run(qloop, server.start())
    yield server
    run(qloop, server.stop())
    server.close()


@pytest.fixture
def live_station(line: ThreadedSimulator, mes: ReferenceMes, tmp_path: Path) -> Iterator[Station]:
    """The workflow station, its MES the reference MES on loopback (the demo's section, its address changed)."""
    mes_section = {**demo_raw()["mes"], "base_url": mes.base_url}
    sync = {**demo_raw().get("sync", {}), "poll_interval_s": 0.1}
    station = Station(config=config_for(line.sim, mes=mes_section, sync=sync), clock=SystemClock(),
                      data_dir=tmp_path / "data").open()
    yield station
    station.close()


def person_texts(screen: QWidget) -> list[str]:
    """What a person reads on ``screen`` now (what they typed excepted)."""
    return [t for w in screen.findChildren(QWidget) if w.isVisibleTo(screen) for t in texts_of(w)]


def assert_reads_well(screen: QWidget, *, korean: bool, names: set[str]) -> None:
    """The screen in this state passes the layout audit on the 1024x768 panel, and names no internal id."""
    findings = audit(screen.window(), screen=QSize(1024, 768), korean=korean, names=names)
    assert not findings, "\n".join(map(str, findings))
    texts = person_texts(screen)
    allowed = {w for n in names for w in re.findall(r"[A-Za-z][A-Za-z'’]*", n)}   # as the layout audit reads names
    problems = [p for t in texts for p in text_problems(t, korean=korean, allowed=allowed)]
    raw = [(i, t) for t in texts for i in RAW_IDS if i in t]
    assert not problems and not raw, (type(screen).__name__, problems, raw)


async def tap_row(qtbot: Any, view: QAbstractItemView, row: int) -> None:
    view.scrollTo(view.model().index(row, 0))
    await tap(qtbot, view.viewport(), view.visualRect(view.model().index(row, 0)).center())


async def type_into(qtbot: Any, field: Any, text: str) -> None:
    """Tap the field, then type: Latin text key by key, Hangul as the input method commits it
    (QTest has no key for a syllable)."""
    await tap(qtbot, field)
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(field, event)
    await asyncio.sleep(0.02)


def test_supervisor_shelves_an_alarm_reads_it_in_the_journal_and_resends_a_refused_event(
        qloop: asyncio.AbstractEventLoop, qtbot: Any, main_window: MainWindow, live_station: Station,
        line: ThreadedSimulator, mes: ReferenceMes, language: str) -> None:
    win, station = main_window, live_station
    korean = language == "ko"
    user, pin, name = SUPERVISOR
    reason = "냉각기 점검 중" if korean else "Chiller being serviced"
    config = station.config   # what the integrator typed (station, tags, connections) is kept as typed, as in the audit
    names = {name, *(v for v in config.station.model_dump().values() if isinstance(v, str)), *config.tags,
             *config.connections, *config.printers, *(t.unit for t in config.tags.values() if t.unit)}
    process = line.sim.process
    mes.controls.reject_types["alarm.shelved"] = MES_REASON     # refused for good (4xx), every time

    async def scenario() -> None:
        await sign_in(qtbot, win, user, pin)
        await until(lambda: win.pages.currentWidget() is win.workspace, what="signed in")

        def counted() -> int | None:
            sample = station.bus.latest("part_counter")
            return None if sample is None or sample.value is None else int(sample.value)

        await until(lambda: counted() is not None, what="the part counter")
        start_count = counted()
        # The bath goes past its high limit (23 °C) and stays there: the alarm comes after its on-delay.
        process.bath_temp_setpoint_c = process.bath_temp_c = 24.5
        await tap(qtbot, win.nav_buttons["alarms"])
        screen: Any = win.screen("alarms")
        await until(lambda: any(v.alarm_id == ALARM for v in screen.model.rows), what="the high alarm listed")
        assert station.alarms.view(ALARM).state is AlarmState.UNACK_ACTIVE
        high_before = station.alarms.summary().active[Priority.HIGH]
        banner_before = win.alarm_banner.counts[Priority.HIGH].text()
        assert high_before >= 1

        row = next(i for i, v in enumerate(screen.model.rows) if v.alarm_id == ALARM)
        await tap_row(qtbot, screen.table, row)
        await until(lambda: screen.selected() is not None and screen.selected().alarm_id == ALARM,
                    what="the alarm selected")
        await tap(qtbot, screen.shelve_button)
        await until(lambda: screen.panel.isVisible(), what="the shelve panel")
        message = station.alarms.view(ALARM).definition.message(language)
        assert message in screen.panel_label.text()
        await type_into(qtbot, screen.reason, reason)
        # The duration from its dropdown, by touch: 30 min.
        await tap(qtbot, screen.duration)
        popup = screen.duration.view()
        await until(lambda: popup.isVisible(), what="the durations")
        await asyncio.sleep(0.5)   # Qt ignores a release within a double-click interval of the opening tap
        wanted = screen.duration.findData(30 * 60)
        await tap(qtbot, popup.viewport(), popup.visualRect(popup.model().index(wanted, 0)).center())
        await until(lambda: screen.duration.currentIndex() == wanted and not popup.isVisible(), what="30 min chosen")
        assert_reads_well(screen, korean=korean, names=names)
        await tap(qtbot, screen.confirm_button)
        await until(lambda: station.alarms.view(ALARM).state is AlarmState.SHELVED, what="shelved")
        view = station.alarms.view(ALARM)
        assert view.shelve_reason == reason
        assert view.shelved_until is not None and view.shelved_until - station.clock.now() == pytest.approx(1800, abs=30)
        await until(lambda: not screen.panel.isVisible(), what="the panel closed once the shelving is written")
        # Out of the banner's count, and off the active list once shelved alarms are not shown.
        await until(lambda: station.alarms.summary().active[Priority.HIGH] == high_before - 1, what="the count")
        await until(lambda: win.alarm_banner.counts[Priority.HIGH].text() != banner_before,
                    what=lambda: f"the banner's count: {win.alarm_banner.counts[Priority.HIGH].text()!r}")
        assert screen.show_overlaid.isChecked()
        await tap(qtbot, screen.show_overlaid)
        await until(lambda: all(v.alarm_id != ALARM for v in screen.model.rows), what="off the active list")
        assert_reads_well(screen, korean=korean, names=names)

        # The journal: the shelving with its reason and the supervisor's name, then only this alarm, as CSV.
        await tap(qtbot, win.nav_buttons["alarm_journal"])
        journal: Any = win.screen("alarm_journal")
        table = journal.table

        def shelved_rows() -> list[int]:
            return [r for r in range(table.rowCount()) if table.item(r, 4) is not None
                    and table.item(r, 4).text() == ("보류됨" if korean else "shelved")]

        await until(lambda: bool(shelved_rows()), what="the shelving in the journal")
        shelved = shelved_rows()[0]
        assert table.item(shelved, 2).text() == message
        assert table.item(shelved, 7).text() == name
        assert reason in table.item(shelved, 8).text()
        everything = table.rowCount()
        await type_into(qtbot, journal.tag, ALARM)
        await tap(qtbot, journal.refresh_button)
        await until(lambda: journal.entries and all(e.alarm_id == ALARM for e in journal.entries)
                    and table.rowCount() == len(journal.entries), what="only this alarm")
        assert {e.transition for e in journal.entries} >= {"raised", "shelved"}
        assert table.rowCount() <= everything
        assert all(table.item(r, 2).text() == message for r in range(table.rowCount()))
        assert_reads_well(journal, korean=korean, names=names)
        exports = station.data_dir / "exports"
        await tap(qtbot, journal.export_button)
        await until(lambda: exports.is_dir() and any(exports.glob("alarm_journal_*.csv")), what="the CSV file")
        path = next(exports.glob("alarm_journal_*.csv"))
        with path.open(encoding="utf-8-sig", newline="") as handle:
            exported = list(csv.DictReader(handle))
        assert exported and {r["alarm_id"] for r in exported} == {ALARM}
        shelving = [r for r in exported if r["transition"] == "shelved"]
        assert len(shelving) == 1 and reason in shelving[0]["comment"] and shelving[0]["user"] == user \
            and shelving[0]["user_name"] == name

        # The MES refused the shelving event for good: quarantined, with the MES's reason in words.
        await tap(qtbot, win.nav_buttons["sync"])
        sync: Any = win.screen("sync")
        held = sync.table
        await until(lambda: held.rowCount() == 1, within=45, what=lambda: f"the refused event listed: "
                    f"{station.sync.snapshot.value}")
        quarantined = (await station.sync.quarantined())[0]
        assert quarantined.event.type == "alarm.shelved"
        assert MES_REASON in held.item(0, 3).text()
        about = held.item(0, 2).text()
        assert message in about
        assert_reads_well(sync, korean=korean, names=names)
        assert not sync.retry_button.isEnabled()
        mes.controls.reject_types.clear()                        # the MES is fixed
        await tap_row(qtbot, held, 0)
        await until(lambda: sync.retry_button.isEnabled(), what="the event selected")
        await tap(qtbot, sync.retry_button)
        event_id = quarantined.event.event_id
        await until(lambda: held.rowCount() == 0, within=30, what="the event off the list")
        await until(lambda: any(e[1] == event_id for e in mes.received.events(station.station_id)), within=30,
                    what="the event delivered")
        await until(lambda: station.sync.snapshot.value.quarantined == 0, what="nothing quarantined")
        await until(lambda: (counted() or 0) > (start_count or 0), what="the line counting all along")

    try:
        run(qloop, on_the_line(qtbot, win, language, scenario))
    finally:
        process.bath_temp_setpoint_c = process.bath_temp_c = 20.0
        mes.controls.reject_types.clear()

