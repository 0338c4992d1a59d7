"""The equipment screen: value, unit, quality and age on each faceplate; STALE shown; coalesced,
no repaint while hidden; the write dialog (open(), old and new value) writes through the service."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel

from hmi.auth import Role
from hmi.auth.users import add_user
from hmi.equipment.driver import DriverSink, EquipmentDriver, TagBinding
from hmi.equipment.service import driver_factory
from hmi.station import Station
from hmi.status import ComponentStatus, Health
from hmi.tags import Quality, Sample
from tests.conftest import run, settle, station_config

pytestmark = pytest.mark.gui


class Options(BaseModel):
    pass


class FakePlc(EquipmentDriver):
    config_model: ClassVar[type[BaseModel]] = Options
    last: ClassVar[FakePlc | None] = None

    def __init__(self, *, connection: str, options: Any, tags: list[TagBinding], sink: DriverSink) -> None:
        super().__init__(connection=connection, options=options, tags=tags, sink=sink)
        self.memory: dict[str, Any] = {}
        FakePlc.last = self

    async def start(self) -> None:
        self.sink.set_state(ComponentStatus(Health.OK, "connected"))

    async def stop(self) -> None:
        pass

    async def read(self, tag: str) -> Sample:
        return Sample(tag, 0.0, self.memory.get(tag), Quality.GOOD)

    async def write(self, tag: str, value: Any) -> None:
        self.memory[tag] = value


@pytest.fixture
def station(make_station: Callable[..., Station]) -> Station:
    tags = {
        "bath_temp": {"address": "modbus://plc/ir/1", "unit": "°C", "equipment": "Bath", "format": "{:.1f}",
                      "description": "Bath temperature", "interval_s": 1.0},
        "bath_sp": {"address": "modbus://plc/hr/1", "unit": "°C", "equipment": "Bath", "writable": True,
                    "description": "Bath setpoint", "range_lo": 15, "range_hi": 25},
    }
    return make_station(station_config(connections={"plc": {"driver": "modbus"}}, tags=tags),
                        equipment_drivers=driver_factory(FakePlc))


def _screen(station: Station, qtbot: Any, notes: list[str]) -> Any:
    from screens.equipment_screen import EquipmentScreen
    from screens.i18n import LanguageManager
    from screens.shell_context import ShellContext
    from screens.tasks import TaskGroup

    context = ShellContext(station=station.services, languages=LanguageManager(), tasks=TaskGroup(), notify=notes.append,
                           navigate=lambda key: None, quit=lambda: None)
    screen = EquipmentScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    return screen


def test_faceplates_show_value_unit_quality_and_stale(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                      station: Station) -> None:
    run(qloop, station.equipment.start())
    screen = _screen(station, qtbot, [])
    try:
        screen.show()
        screen.on_shown()
        sink = FakePlc.last.sink  # type: ignore[union-attr]
        sink.publish(Sample("bath_temp", station.clock.now(), 20.04, Quality.GOOD))
        plate = screen.faceplates["bath_temp"]
        assert plate.value.text() != "20.0"           # not painted yet: repaint is coalesced on the timer
        run(qloop, settle(0.3))
        assert (plate.value.text(), plate.unit.text(), plate.quality.text()) == ("20.0", "°C", "GOOD")
        assert plate.caption.text() == "Bath temperature"
        sink.set_state(ComponentStatus(Health.CONNECTING, "lost", last_error="connection reset"))
        run(qloop, settle(0.3))
        assert plate.quality.text() == "STALE" and plate.property("quality") == "STALE"
        # A STALE sample carries no value: the screen shows the last GOOD one (EquipmentService.last_good),
        # greyed with its age, never frozen as GOOD.
        assert plate.value.text() == "20.0"
        assert "connection reset" in screen.connection_error.text()
        screen.on_hidden()
        sink.set_state(ComponentStatus(Health.OK, "back"))
        sink.publish(Sample("bath_temp", station.clock.now(), 21.0, Quality.GOOD))
        run(qloop, settle(0.3))
        assert plate.value.text() == "20.0"           # hidden: nothing repainted
        screen.on_shown()
        assert plate.value.text() == "21.0"
    finally:
        screen.on_hidden()
        run(qloop, station.equipment.stop())


def test_write_dialog_shows_old_and_new_and_writes_through_the_service(
        qloop: asyncio.AbstractEventLoop, qtbot: Any, station: Station) -> None:
    def supervisor(db) -> None:  # type: ignore[no-untyped-def]
        add_user(db, username="sup", display_name="Sup", role=Role.SUPERVISOR, pin="3579", badge=None,
                 min_pin_length=4, ts=station.clock.now(), station=station.station_id, actor="test")

    run(qloop, station.store.write(supervisor))
    run(qloop, station.auth.login_pin("sup", "3579"))
    run(qloop, station.equipment.start())
    notes: list[str] = []
    screen = _screen(station, qtbot, notes)
    try:
        screen.show()
        screen.on_shown()
        FakePlc.last.sink.publish(Sample("bath_sp", station.clock.now(), 20, Quality.GOOD))  # type: ignore[union-attr]
        run(qloop, settle(0.2))
        screen.select("bath_sp")
        assert screen.write_button.isVisible()
        screen.write_button.click()
        dialog = screen._dialog
        assert dialog is not None and dialog.isVisible()
        assert "20" in dialog.old.text() and "15 … 25 °C" in dialog.limits.text()
        dialog.entry.setText("22.5")
        assert "20.00 °C → 22.5 °C" in dialog.preview.text()
        dialog.confirm.click()
        run(qloop, settle(0.4))
        assert FakePlc.last.memory["bath_sp"] == 22.5  # type: ignore[union-attr]
        assert any("confirmed" in n for n in notes), notes
        screen.write_button.click()
        screen._dialog.entry.setText("99")
        screen._dialog.confirm.click()
        run(qloop, settle(0.3))
        assert any("above the upper limit" in n for n in notes), notes
    finally:
        screen.on_hidden()
        run(qloop, screen.context.tasks.cancel_all())
        run(qloop, station.equipment.stop())


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        x = c / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _ink(plate: Any, label: Any) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(background, text) colours of ``label`` as painted with the station's stylesheet: the most
    common pixel, and the pixel that stands out most from it (a glyph's stem). Only the text area
    (inside padding and rounded corners) is read, so the card around the badge does not count."""
    from collections import Counter

    inner = label.contentsRect().translated(label.pos())
    image = plate.grab(inner).toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    colours = [(c.red(), c.green(), c.blue()) for c in pixels]
    background = Counter(colours).most_common(1)[0][0]
    text = max(colours, key=lambda c: _contrast(c, background))
    return background, text


def test_a_lost_value_is_greyed_with_its_age_and_a_badge_that_can_be_read(
        qloop: asyncio.AbstractEventLoop, qtbot: Any, station: Station) -> None:
    from screens.app import theme_stylesheet

    run(qloop, station.equipment.start())
    screen = _screen(station, qtbot, [])
    screen.setStyleSheet(theme_stylesheet())
    try:
        screen.show()
        screen.on_shown()
        sink = FakePlc.last.sink  # type: ignore[union-attr]
        plate = screen.faceplates["bath_sp"]
        sink.publish(Sample("bath_sp", station.clock.now(), 19.04321, Quality.GOOD))
        run(qloop, settle(0.3))
        assert plate.value.text() == "19.04"    # decimals from the range 15-25, never a raw float
        _live_bg, live_text = _ink(plate, plate.value)
        assert plate.value.property("current") == "true"

        # A BAD sample carries no value: the last GOOD one is shown, greyed, with its age.
        sink.publish(Sample("bath_sp", station.clock.now(), None, Quality.BAD, error="sensor open circuit"))
        station.clock.advance(45)   # type: ignore[attr-defined]
        screen.repaint_dirty()
        screen._last_age_refresh = 0.0
        screen.repaint_dirty()
        assert plate.value.text() == "19.04" and plate.value.property("current") == "false"
        assert plate.quality.text() == "BAD"
        assert "ago" in plate.age.text() and "s" in plate.age.text(), plate.age.text()
        assert "last 19.04 °C" in plate.toolTip() and "sensor open circuit" in plate.toolTip()
        assert "None" not in plate.value.text() + plate.age.text()
        qtbot.waitUntil(lambda: plate.quality.property("quality") == "BAD")
        background, text = _ink(plate, plate.quality)
        assert _contrast(background, text) >= 4.5, (background, text)
        lost_bg, lost_text = _ink(plate, plate.value)
        assert _luminance(lost_text) > _luminance(live_text) + 0.05     # visibly greyed
        assert _contrast(lost_bg, lost_text) >= 4.5                     # and still readable

        sink.publish(Sample("bath_sp", station.clock.now(), None, Quality.STALE, error="no update"))
        screen.repaint_dirty()
        background, text = _ink(plate, plate.quality)
        assert plate.quality.text() == "STALE" and _contrast(background, text) >= 4.5

        # A tag that never had a GOOD value shows a dash, not "None".
        sink.publish(Sample("bath_temp", station.clock.now(), None, Quality.BAD, error="unreachable"))
        screen.repaint_dirty()
        assert screen.faceplates["bath_temp"].value.text() == "—"
    finally:
        screen.on_hidden()
        run(qloop, station.equipment.stop())


def test_an_array_tag_shows_its_elements_in_the_tags_format(qloop: asyncio.AbstractEventLoop, qtbot: Any,
                                                            make_station: Callable[..., Station]) -> None:
    tags = {"levels": {"address": "opcua://press/ns=2;s=Levels", "array": True, "unit": "m", "format": "{:.1f}",
                       "equipment": "Tank", "description": "Levels"}}
    station = make_station(station_config(connections={"press": {"driver": "opcua", "endpoint": "opc.tcp://127.0.0.1:4840"}},
                                          tags=tags), equipment_drivers=driver_factory(FakePlc))
    run(qloop, station.equipment.start())
    screen = _screen(station, qtbot, [])
    try:
        screen.show()
        screen.on_shown()
        FakePlc.last.sink.publish(Sample("levels", station.clock.now(), [1.5, 2.25, 3.5], Quality.GOOD))  # type: ignore[union-attr]
        run(qloop, settle(0.3))
        plate = screen.faceplates["levels"]
        assert (plate.value.text(), plate.unit.text(), plate.quality.text()) == ("[1.5, 2.2, 3.5]", "m", "GOOD")
    finally:
        screen.on_hidden()
        run(qloop, station.equipment.stop())
