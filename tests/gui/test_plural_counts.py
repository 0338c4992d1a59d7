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
from tests.production_support import load_demo, login, start_demo_lot

pytestmark = pytest.mark.gui
COUNTER = "part_counter"   # the demo's [production] counter_tag


@pytest.fixture
def counted(qloop: asyncio.AbstractEventLoop, qapp: Any, make_station: Any) -> Iterator[tuple[Any, Station, Any]]:
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    station = make_station(station_config(connections={}, tags={}))
    run(qloop, station.start())
    run(qloop, load_demo(station))
    languages = LanguageManager(qapp)
    languages.set_language("en")
    window = MainWindow(station=station, languages=languages, demo_hint="")
    window.resize(1024, 768)
    window.show()
    try:
        run(qloop, login(station, Role.SUPERVISOR))
        run(qloop, start_demo_lot(station))
        yield window, station, languages
    finally:
        languages.set_language("en")
        run(qloop, window.tasks.cancel_all())
        run(qloop, station.stop())
        window.request_quit()
        window.close()
        window.deleteLater()
        run(qloop, settle(0.05))


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
