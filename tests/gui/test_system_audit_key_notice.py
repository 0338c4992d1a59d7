"""After ``hmi audit new-key`` the System screen says, in the reader's language, when the key was replaced,
by whom (a name, not an id) and what the older entries are still checked against; without one it says nothing.

The replacement is made with ``audit.replace_lost_key`` on a store opened without the lost key, as the command
does (hmi/cli/audit_commands.py), on records a real station wrote; then a real station opens them again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize

from hmi import audit
from hmi.auth import Role
from hmi.demo import ensure_demo_users
from hmi.station import Station
from hmi.store import Store
from screens.i18n import LanguageManager
from screens.main_window import MainWindow
from screens.system_screen import SystemScreen
from tests.conftest import run, settle, station_config
from tests.gui.layout_audit import audit as layout_audit
from tests.gui.window_support import demo_window
from tests.production_support import login

pytestmark = pytest.mark.gui
REPLACED_AT = dt.datetime(2026, 11, 30, 14, 5).timestamp()   # local time, as the screen shows it
WHEN = "2026-11-30 14:05"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _records(qloop: asyncio.AbstractEventLoop, clock: Any, data: Path, *, acknowledged: int | None) -> int:
    """A station's records (the demo users' entries); the MES acknowledged the head at entry ``acknowledged``."""
    station = Station(config=station_config(connections={}, tags={}), clock=clock, data_dir=data)
    station.open()
    try:
        run(qloop, ensure_demo_users(station))
        if acknowledged is not None:
            def acknowledge(db: Any) -> None:
                row = db.execute("SELECT hash FROM audit WHERE seq = ?", [acknowledged]).fetchone()
                audit.acknowledge_head(db, audit.Head(acknowledged, row[0]))

            run(qloop, station.store.write(acknowledge))
        return int(run(qloop, station.store.read(lambda db: audit.head(db).seq)))
    finally:
        station.close()


def _replace_lost_key(data: Path, *, actor: str) -> int:
    """``hmi audit new-key --key-is-lost``: the key file is gone, a store without it records the new one."""
    (data / audit.KEY_FILE).unlink()
    with Store(path=data / "station.db", audit_key_file=None) as store:
        key = store.write_blocking(lambda db: audit.replace_lost_key(
            db, data / audit.KEY_FILE, ts=REPLACED_AT, station="ST-01", actor=actor))
    return key.keyed_from


@dataclass(frozen=True)
class Scenario:
    replaced_by: str | None     # who ran the replacement (None: the key was never replaced)
    acknowledged: int | None    # the entry whose head the MES acknowledged before it (None: none)


@dataclass(frozen=True)
class Opened:
    window: MainWindow
    station: Station
    languages: LanguageManager
    seq: int                    # the first entry the new key signs (0 without a replacement)
    newest_before: int          # the newest entry the old key signed


@pytest.fixture
def opened(request: Any, qloop: asyncio.AbstractEventLoop, qapp: Any, clock: Any, tmp_path: Path,
           make_station: Callable[..., Station]) -> Iterator[Opened]:
    """The records of ``request.param``, then a real station started on them and its window, themed (the fit
    is the themed one: the notice's padding and border)."""
    scenario: Scenario = request.param
    data = tmp_path / "data"
    newest = _records(qloop, clock, data, acknowledged=scenario.acknowledged)
    seq = _replace_lost_key(data, actor=scenario.replaced_by) if scenario.replaced_by else 0
    station = make_station(station_config(connections={}, tags={}), data_dir=data)
    with demo_window(qloop, qapp, station, themed=True) as (window, languages):
        languages.set_language("en")
        yield Opened(window, station, languages, seq, newest)


def _system(qloop: asyncio.AbstractEventLoop, window: MainWindow, station: Station, role: Role) -> SystemScreen:
    run(qloop, login(station, role))
    run(qloop, settle(0.1))
    window.navigate("system")
    run(qloop, settle(0.3))
    screen = window.screen("system")
    assert isinstance(screen, SystemScreen) and window.current_screen() is screen
    return screen


def _entries(qloop: asyncio.AbstractEventLoop, station: Station) -> int:
    return int(run(qloop, station.store.read(lambda db: audit.head(db).seq)))   # the logins wrote some too


def _fits(window: MainWindow, screen: SystemScreen, *, korean: bool) -> None:
    label = screen.key_notice
    assert label.height() >= label.heightForWidth(label.width()), "the notice is cut off"
    assert label.mapTo(window, label.rect().bottomRight()).y() <= 768
    found = [f for f in layout_audit(window, screen=QSize(1024, 768), korean=korean,
                                     names={"Choi Admin", "Park Ji-ho", "jlee"}) if "AuditKeyNotice" in f.widget]
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("opened", [Scenario("9001", 2)], indirect=True)   # 9001: Choi Admin, the demo's admin
def test_the_notice_names_who_replaced_the_key_and_when_in_english_and_korean(
        qloop: asyncio.AbstractEventLoop, opened: Opened) -> None:
    window, station, languages, seq = opened.window, opened.station, opened.languages, opened.seq
    assert seq == opened.newest_before + 1 and seq > 3   # entries 3 .. seq-1 lie after the acknowledged head
    screen = _system(qloop, window, station, Role.SUPERVISOR)

    notice = screen.key_notice
    assert notice.isVisible()                           # on opening, before any verify
    assert notice.text() == (f"The audit key was replaced on {WHEN} by Choi Admin. Entries before #{seq} were "
                             "signed with the old key: up to #2 they are checked against the head the MES "
                             "acknowledged, after it only for how they link up.")
    _fits(window, screen, korean=False)

    notice.clear()
    notice.hide()
    screen.verify_button.click()                        # the check says it again
    run(qloop, settle(0.5))
    assert notice.isVisible() and "by Choi Admin" in notice.text() and WHEN in notice.text()
    assert window.toast.label.text() == f"Audit trail intact: {_entries(qloop, station)} entries."

    languages.set_language("ko")
    run(qloop, settle(0.3))
    assert notice.text() == (f"감사 키가 {WHEN}에 교체되었습니다(교체한 사람: Choi Admin). {seq}번 항목 이전의 항목은 이전 "
                             "키로 서명되었습니다. 2번 항목까지는 MES가 확인한 헤드와 대조하여 검사하고, 그 이후는 연결 "
                             "관계만 검사합니다.")
    screen.verify_button.click()
    run(qloop, settle(0.5))
    assert notice.isVisible() and "Choi Admin" in notice.text() and HANGUL.search(notice.text())
    assert "9001" not in notice.text() and "None" not in notice.text()
    _fits(window, screen, korean=True)


@pytest.mark.parametrize("opened", [Scenario("cli:jlee", None)], indirect=True)   # as cli_actor() records a login
def test_a_replacement_at_the_command_line_names_the_login_and_no_anchor_says_links_only(
        qloop: asyncio.AbstractEventLoop, opened: Opened) -> None:
    window, station, languages, seq = opened.window, opened.station, opened.languages, opened.seq
    screen = _system(qloop, window, station, Role.ADMIN)
    assert screen.key_notice.isVisible()
    assert screen.key_notice.text() == (f"The audit key was replaced on {WHEN} by jlee (at the command line). "
                                        f"Entries before #{seq} were signed with the old key and are checked only "
                                        "for how they link up.")
    _fits(window, screen, korean=False)          # beside an admin's user list
    languages.set_language("ko")
    run(qloop, settle(0.3))
    assert screen.key_notice.text().startswith(f"감사 키가 {WHEN}에 교체되었습니다(교체한 사람: 명령줄의 jlee).")
    _fits(window, screen, korean=True)


@pytest.mark.parametrize("opened", [Scenario("9001", None)], indirect=True)
def test_an_operator_is_not_shown_the_notice_on_opening(qloop: asyncio.AbstractEventLoop, opened: Opened) -> None:
    window, station = opened.window, opened.station
    screen = _system(qloop, window, station, Role.SUPERVISOR)
    assert screen.key_notice.isVisible()
    screen = _system(qloop, window, station, Role.OPERATOR)   # the supervisor's notice does not stay behind
    assert not screen.key_notice.isVisible()
    screen.verify_button.click()
    run(qloop, settle(0.5))
    assert not screen.key_notice.isVisible()


@pytest.mark.parametrize("opened", [Scenario(None, 2)], indirect=True)
def test_without_a_key_change_no_notice_shows(qloop: asyncio.AbstractEventLoop, opened: Opened) -> None:
    window, station = opened.window, opened.station
    screen = _system(qloop, window, station, Role.ADMIN)
    assert not screen.key_notice.isVisible() and screen.key_notice.text() == ""
    screen.verify_button.click()
    run(qloop, settle(0.5))
    assert window.toast.label.text() == f"Audit trail intact: {_entries(qloop, station)} entries."
    assert not screen.key_notice.isVisible() and screen.key_notice.text() == ""
