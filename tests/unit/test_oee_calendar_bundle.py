"""A shift calendar in a master data file bundle: imported, the next OEE figures use it at once (audited as the
importer); a wrong one is refused whole, naming its file, key and reason. Real station, real store."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from hmi.auth import Role
from hmi.cli.main import main
from hmi.clock import ManualClock
from hmi.oee.calendar_settings import stored_calendar
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import MasterDataError, current_version
from hmi.station import Station
from tests.conftest import DEMO_CONFIG
from tests.downtime_support import Line, Recorder, live_config
from tests.oee_support import local
from tests.production_support import DEMO_MASTERDATA, load_demo, login, start_demo_lot

# Two 12-hour shifts instead of the demo's three 8-hour ones.
CALENDAR = """
[shift_calendar]
days_off = ["2026-12-25"]
no_order_is_planned = false

[[shift_calendar.shifts]]
name = "Day"
start = "07:00"
end = "19:00"
breaks = [["09:00", "09:30"], ["12:00", "13:00"]]
oee_target = 0.75

[[shift_calendar.shifts]]
name = "Night"
start = "19:00"
end = "07:00"
breaks = [["23:00", "23:30"]]
oee_target = 0.70
"""


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=local(0, "05:50"))


@pytest.fixture
async def line(make_station: Callable[..., Station], clock: ManualClock) -> AsyncIterator[Line]:
    station = make_station(live_config())
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        yield Line(station, clock)
    finally:
        await station.stop()


def _bundle_folder(tmp_path: Path, calendar: str, *, version: str) -> Path:
    folder = tmp_path / f"md-{version}"
    shutil.copytree(DEMO_MASTERDATA, folder)
    main_file = folder / "masterdata.toml"
    text = main_file.read_text(encoding="utf-8").replace('version = "2026.11-demo.1"', f'version = "{version}"', 1)
    main_file.write_text(text + calendar, encoding="utf-8")
    return folder


async def _at_ten(line: Line) -> float:
    """The line runs until 10:00; the demo calendar's morning shift (06-14, break 09:00-09:15) plans it."""
    assert line.station.oee is not None
    await Recorder(line).begin()
    await Recorder(line).advance(local(0, "10:00") - line.clock.now())
    live = line.station.oee.live.value
    assert live is not None and live.shift is not None and live.figures is not None
    assert live.shift.name == "Morning"
    assert live.figures.planned_s == pytest.approx(4 * 3600 - 15 * 60)
    return live.figures.planned_s


async def _calendar_audit(station: Station) -> list[tuple[str, str]]:
    return await station.store.read(lambda db: db.execute(
        "SELECT actor, after FROM audit WHERE action = 'oee.calendar' ORDER BY seq").fetchall())


async def test_a_file_bundle_calendar_counts_at_once_audited_as_the_importer(line: Line, tmp_path: Path) -> None:
    station, oee = line.station, line.station.oee
    assert oee is not None
    await _at_ten(line)
    await login(station, Role.SUPERVISOR)
    assert station.auth.current is not None
    importer = station.auth.current.username
    folder = _bundle_folder(tmp_path, CALENDAR, version="2026.12-cal.1")
    await station.production.import_masterdata(load_bundle_dir(folder), source=f"files:{folder}")
    await oee.idle()                       # no tick and no time passing: the very next figures
    live = oee.live.value
    assert live is not None and live.shift is not None and live.figures is not None
    assert (live.shift.name, live.shift.start, live.shift.oee_target) == ("Day", local(0, "07:00"), 0.75)
    assert live.figures.planned_s == pytest.approx(3 * 3600 - 30 * 60)       # 07-10 minus the 09:00 break
    assert live.hours[0].start == local(0, "07:00")
    assert oee.section.no_order_is_planned is False
    assert [d.isoformat() for d in oee.section.days_off] == ["2026-12-25"]
    [(actor, after)] = await _calendar_audit(station)
    assert actor == importer
    assert '"Day"' in after and '"Night"' in after
    stored = await station.store.read(stored_calendar)
    assert stored is not None and [s["name"] for s in stored["shifts"]] == ["Day", "Night"]
    # Time goes on under the new shifts: the 12:00-13:00 break is planned, not lost.
    await Recorder(line).advance(local(0, "13:00") - line.clock.now())
    live = oee.live.value
    assert live is not None and live.figures is not None and live.shift is not None and live.shift.name == "Day"
    assert live.figures.planned_s == pytest.approx(6 * 3600 - 90 * 60)


async def test_hmi_masterdata_import_beside_a_running_station_counts_within_seconds(line: Line, tmp_path: Path,
                                                                                    capsys: pytest.CaptureFixture[str]
                                                                                    ) -> None:
    station, oee = line.station, line.station.oee
    assert oee is not None
    await _at_ten(line)
    folder = _bundle_folder(tmp_path, CALENDAR, version="2026.12-cal.2")
    args = ["masterdata", "import", str(folder), "--config", str(DEMO_CONFIG), "--data-dir", str(station.data_dir)]
    assert await asyncio.to_thread(main, args) == 0
    assert "shift calendar: Day, Night" in capsys.readouterr().out
    assert await station.store.read(current_version) == "2026.12-cal.2"
    line.clock.advance(5.0)                # the running station looks at the stored calendar every 5 s
    await line.tick()
    live = oee.live.value
    assert live is not None and live.shift is not None and live.figures is not None
    assert live.shift.name == "Day"
    assert live.figures.planned_s == pytest.approx(3 * 3600 - 30 * 60 + 5)
    [(actor, _)] = await _calendar_audit(station)
    assert actor.startswith("cli")


WRONG = {
    "break outside its shift": (CALENDAR.replace('["12:00", "13:00"]', '["19:30", "20:00"]'),
                                "shift_calendar.shifts[0]", "break 19:30-20:00 lies outside the shift 07:00-19:00"),
    "break ending before it starts": (CALENDAR.replace('["12:00", "13:00"]', '["13:00", "12:00"]'),
                                      "shift_calendar.shifts[0]", "break 13:00-12:00 ends before it starts"),
    "non-finite target": (CALENDAR.replace("oee_target = 0.75", "oee_target = nan"),
                          "shift_calendar.shifts[0].oee_target", "expected a finite number"),
    "target above 100 %": (CALENDAR.replace("oee_target = 0.75", "oee_target = 75"),
                           "shift_calendar.shifts[0].oee_target", "less than or equal to 1"),
    "overlapping shifts": (CALENDAR.replace('end = "19:00"', 'end = "20:00"'),
                           "shift_calendar", "shifts 'Day' and 'Night' overlap"),
    "a day off that is no date": (CALENDAR.replace('"2026-12-25"', '"25 Dec"'),
                                  "shift_calendar.days_off", "'25 Dec' is not a date"),
    "a misspelt key": (CALENDAR.replace("oee_target = 0.70", "oee_targt = 0.70"),
                       "shift_calendar.shifts[1].oee_targt", "unknown field"),
}


@pytest.mark.parametrize("case", list(WRONG))
async def test_a_wrong_calendar_is_refused_with_file_key_and_reason(line: Line, tmp_path: Path, case: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    station, oee = line.station, line.station.oee
    assert oee is not None
    planned = await _at_ten(line)
    calendar, key, reason = WRONG[case]
    folder = _bundle_folder(tmp_path, calendar, version="2026.12-bad.1")
    expected = f"{folder / 'masterdata.toml'}: {key}: "
    await login(station, Role.SUPERVISOR)
    with pytest.raises(MasterDataError) as refused:
        await station.production.import_masterdata(load_bundle_dir(folder), source=f"files:{folder}")
    assert expected in str(refused.value) and reason in str(refused.value)
    args = ["masterdata", "import", str(folder), "--config", str(DEMO_CONFIG), "--data-dir", str(station.data_dir)]
    assert await asyncio.to_thread(main, args) == 2
    err = capsys.readouterr().err
    assert expected in err and reason in err and "nothing was changed" in err
    # Nothing changed: not the master data, not the calendar, not the figures.
    line.clock.advance(5.0)
    await line.tick()
    assert await station.store.read(current_version) == "2026.11-demo.1"
    assert await station.store.read(stored_calendar) is None and await _calendar_audit(station) == []
    live = oee.live.value
    assert live is not None and live.shift is not None and live.figures is not None
    assert live.shift.name == "Morning" and live.figures.planned_s == pytest.approx(planned + 5)


async def test_a_calendar_imported_while_the_station_is_off_counts_from_its_start(
        make_station: Callable[..., Station], clock: ManualClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "data"
    folder = _bundle_folder(tmp_path, CALENDAR, version="2026.12-cal.3")
    args = ["masterdata", "import", str(folder), "--config", str(DEMO_CONFIG), "--data-dir", str(data_dir)]
    assert await asyncio.to_thread(main, args) == 0
    assert "shift calendar: Day, Night" in capsys.readouterr().out
    clock.advance(local(0, "10:00") - clock.now())
    station = make_station(live_config(), data_dir=data_dir)
    await station.start()
    try:
        await load_demo(station)          # a bundle without a calendar leaves the stored one in force
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        line = Line(station, clock)
        await Recorder(line).begin()
        await Recorder(line).advance(600)
        live = station.oee.live.value if station.oee is not None else None
        assert live is not None and live.shift is not None and live.figures is not None
        assert (live.shift.name, live.shift.start) == ("Day", local(0, "07:00"))
        # The bundle's no-order rule too: the time before the lot started at 10:00 is planned (and lost).
        assert live.figures.planned_s == pytest.approx(3 * 3600 + 600 - 30 * 60)
        assert station.oee is not None and station.oee.section.no_order_is_planned is False
    finally:
        await station.stop()
