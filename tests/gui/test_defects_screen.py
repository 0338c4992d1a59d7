"""The Defects screen at 1024×768 with the station's theme: every defect code button shows its whole text
(names wrapped between words, codes never split), in English and Korean; sign-out forgets the scanned lot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hmi.auth import Role
from hmi.station import Station
from screens.defects_screen import CODE_BUTTON_FRAME, unbreakable, wrap_words
from tests.conftest import run, settle, station_config
from tests.gui.window_support import demo_window
from tests.production_support import LOT, login, start_demo_lot

pytestmark = pytest.mark.gui


def test_wrap_words_breaks_between_words_and_never_cuts() -> None:
    def advance(text: str) -> int:
        return 10 * len(text)

    assert wrap_words("Rack contact mark too large", 120, advance) == ["Rack contact", "mark too", "large"]
    assert wrap_words("산화피막두께부족", 30, advance) == ["산화피", "막두께", "부족"]   # no spaces: between characters
    assert wrap_words("Burning", 200, advance) == ["Burning"]
    assert "".join(wrap_words(unbreakable("COL-SHADE"), 500, advance)) == "COL\u2011SHADE"


@pytest.fixture
def window(qloop: asyncio.AbstractEventLoop, qapp: Any, make_station: Callable[..., Station]) -> Iterator[Any]:
    station = make_station(station_config(connections={}, tags={}, mes=None))
    with demo_window(qloop, qapp, station, themed=True) as (win, _languages):
        yield win


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_every_code_button_shows_its_whole_text_at_1024x768(qloop: asyncio.AbstractEventLoop, window: Any,
                                                            locale: str) -> None:
    station: Station = window.station
    run(qloop, login(station, Role.INSPECTOR))
    window.languages.set_language(locale)
    window.navigate("defects")
    run(qloop, settle(0.5))
    defects = window.screen("defects")
    assert len(defects.code_buttons) >= 10
    assert window.width() <= 1024 and window.height() <= 768
    for code, button in defects.code_buttons.items():
        lines = button.text().split("\n")
        room = button.width() - CODE_BUTTON_FRAME + 4
        metrics = button.fontMetrics()
        for line in lines:
            assert metrics.horizontalAdvance(line) <= room, f"{code}: {line!r} needs more than {room} px"
        assert button.height() >= len(lines) * metrics.lineSpacing(), code
        assert any(line.startswith(unbreakable(code)) for line in lines), f"{code} is split: {lines}"
        assert "None" not in button.text() and "!" not in button.text()
    name = "색상 편차" if locale == "ko" else "Colour shade off"
    assert name in defects.code_buttons["COL-SHADE"].text().replace("\n", " ")


def test_sign_out_forgets_the_scanned_lot_and_the_typed_text(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                             window: Any) -> None:
    from PySide6.QtCore import Qt

    station: Station = window.station
    run(qloop, login(station, Role.INSPECTOR))
    run(qloop, start_demo_lot(station))
    window.navigate("defects")
    run(qloop, settle(0.3))
    defects = window.screen("defects")
    qtbot.keyClicks(defects.lot_field, LOT)
    qtbot.keyClick(defects.lot_field, Qt.Key.Key_Return)
    defects.note_field.setText("scratched by the rack")
    defects.code_buttons["SURF-PIT"].click()
    run(qloop, settle(0.3))
    assert defects.scanned_lot == LOT and defects.active_lot_button.isEnabled()
    run(qloop, station.auth.logout())
    run(qloop, settle(0.1))
    assert defects.lot_field.text() == "" and defects.note_field.text() == "" and defects.scanned_lot is None
    assert defects.selected_code() is None and defects.defect_list.count() == 0
