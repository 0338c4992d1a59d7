"""A refusal from the core reaches a Korean operator in Korean: permission, production rule, first admin."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest

from hmi.auth import Permission, Role, Session
from hmi.auth.permissions import PermissionDenied
from hmi.demo import ensure_demo_users
from hmi.production.records import LotStatus, ProductionError
from hmi.station import Station
from screens.i18n import LanguageManager
from screens.main_window import MainWindow
from screens.refusal_text import refusal_text
from screens.widgets.screen_base import ScreenBase
from tests.conftest import run, settle

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def languages(qapp: Any) -> Iterator[LanguageManager]:
    manager = LanguageManager()
    yield manager
    manager.set_language("en")


@pytest.fixture
def window(qloop: asyncio.AbstractEventLoop, qtbot: Any, station: Station,
           languages: LanguageManager) -> Iterator[MainWindow]:
    win = MainWindow(station=station, languages=languages)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    run(qloop, win.start())
    station.auth._signed_in.set(Session(username="1001", display_name="Kim Min-jun", role=Role.OPERATOR,
                                     started_at=station.clock.now(), method="pin"))
    yield win
    run(qloop, win.tasks.cancel_all())


def test_a_permission_refusal_is_shown_in_korean(qloop: asyncio.AbstractEventLoop, window: MainWindow,
                                                 station: Station, languages: LanguageManager) -> None:
    languages.set_language("ko")

    async def write_as_operator() -> None:
        station.auth.require(Permission.WRITE_TAG)

    window.tasks.spawn(write_as_operator(), name="write")
    run(qloop, settle(0.2))
    text = window.toast.label.text()
    assert text == "작업자 역할로는 이 작업을 할 수 없습니다 (설비 값 쓰기)"
    assert "Something went wrong" not in text and "operator" not in text


def test_the_same_refusal_in_english_reads_as_a_sentence(qloop: asyncio.AbstractEventLoop, window: MainWindow,
                                                    station: Station) -> None:
    async def write_as_operator() -> None:
        station.auth.require(Permission.WRITE_TAG)

    window.tasks.spawn(write_as_operator(), name="write")
    run(qloop, settle(0.2))
    assert window.toast.label.text() == "The operator role may not do this (equipment.write)"  # a sentence: capital first


def test_a_screens_expected_refusal_is_korean_with_its_values(qloop: asyncio.AbstractEventLoop, window: MainWindow,
                                                              station: Station, languages: LanguageManager) -> None:
    """ScreenBase.run_task: a production rule names the lot and its state, the state word translated too."""
    languages.set_language("ko")
    screen = window.screen("lots")
    assert isinstance(screen, ScreenBase)

    async def refuse() -> None:
        raise ProductionError("lot {lot_no} is still {status}; finish or abort it before starting another",
                              lot_no="L-2026-0042", status=LotStatus.PAUSED)

    screen.run_task(refuse())
    run(qloop, settle(0.2))
    assert window.toast.label.text() == ("로트 L-2026-0042가 아직 일시 정지 상태입니다. "
                                         "다른 로트를 시작하기 전에 완료하거나 중단하십시오")


def test_a_real_service_refusal_through_a_screen_is_korean(qloop: asyncio.AbstractEventLoop, window: MainWindow,
                                                           station: Station, languages: LanguageManager) -> None:
    languages.set_language("ko")
    screen = window.screen("lots")
    assert isinstance(screen, ScreenBase)
    screen.run_task(station.production.lots.resume())    # no lot is running at this station
    run(qloop, settle(0.3))
    text = window.toast.label.text()
    assert HANGUL.search(text), text
    assert "lot" not in text


def test_an_unusable_translation_falls_back_to_english(qapp: Any, languages: LanguageManager) -> None:
    languages.set_language("ko")
    unknown = ProductionError("a rule nobody catalogued ({x})", x=1)
    assert refusal_text(unknown) == "A rule nobody catalogued (1)"  # English, as a sentence
    assert HANGUL.search(refusal_text(PermissionDenied(Permission.ABORT_LOT, None)))


def test_a_wrong_pin_and_an_unknown_badge_are_told_in_korean(qloop: asyncio.AbstractEventLoop, window: MainWindow,
                                                              station: Station, languages: LanguageManager) -> None:
    run(qloop, ensure_demo_users(station))
    station.auth._signed_in.set(None)
    languages.set_language("ko")
    window.login.user_field.setText("1001")
    window.login.pin_field.setText("1111")
    window.login.submit()
    run(qloop, settle(0.5))
    assert window.login.message.text() == "사용자 ID 또는 PIN이 올바르지 않습니다."
    window.login._start(station.auth.login_badge("NO-SUCH-BADGE"))
    run(qloop, settle(0.5))
    assert window.login.message.text() == "등록되지 않은 사원증입니다."
