"""The live figures: the same as 'hmi oee replay' over the same log, and a calendar change counts at once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.oee.replay import read_log, replay_json
from hmi.oee.states import StateMap
from hmi.station import Station
from tests.downtime_support import Line, Recorder, live_config, oee_events
from tests.oee_support import local
from tests.production_support import load_demo, login, start_demo_lot


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=local(0, "05:50"))     # a lot runs from before the morning shift (06-14)


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


async def test_the_closed_shift_agrees_with_a_replay_of_the_same_log(line: Line, tmp_path: Path) -> None:
    station = line.station
    assert station.oee is not None
    recorder = Recorder(line)
    await recorder.begin()
    await recorder.run_until(local(0, "14:10"))
    await line.tick()
    closing = [e.payload for e in await oee_events(station) if e.type == "oee.shift_closed"]
    assert [c["shift"] for c in closing] == ["Night", "Morning"]     # the night shift ended at 06:00, 10 min seen
    closed = closing[1]
    log = read_log(recorder.write(tmp_path / "machine.csv"), states=StateMap(mapping=station.oee.section.states))
    [replayed] = [row for row in replay_json(station.oee.section, log) if row["shift"] == "Morning"]
    assert closed["shift"] == "Morning" and closed["micro_stops"] > 5 and closed["downtime_events"] > 5
    for key in ("availability", "performance", "quality", "oee"):
        assert closed[key] == pytest.approx(replayed[key], abs=0.001), key
    for key in ("planned_s", "run_s", "unknown_s", "good", "scrap", "micro_stops", "downtime_events", "start", "end"):
        assert closed[key] == pytest.approx(replayed[key]) if isinstance(closed[key], float) else \
            closed[key] == replayed[key], key
    assert closed["downtime_s_by_reason"] == pytest.approx(replayed["downtime_s_by_reason"])
    # The stop from 13:58:30 to 14:02:30 (fault 101) is split at the shift change: 90 s in the morning.
    assert closed["downtime_s_by_reason"]["DT-RECT"] >= 90
    summaries = await _summaries(station)
    assert json.loads(json.dumps(summaries[1]))["oee"] == closed["oee"]


async def _summaries(station: Station) -> list[dict[str, object]]:
    await login(station, Role.SUPERVISOR)
    assert station.oee is not None
    return await station.oee.shift_summaries(since=0, until=4e9)


async def test_a_calendar_change_takes_effect_at_once(line: Line) -> None:
    station, oee = line.station, line.station.oee
    assert oee is not None
    recorder = Recorder(line)
    await recorder.begin()
    await recorder.advance(local(0, "10:00") - line.clock.now())
    live = oee.live.value
    assert live is not None and live.figures is not None and live.shift is not None
    planned, hours = live.figures.planned_s, len(live.hours)
    assert planned == pytest.approx(4 * 3600 - 15 * 60)          # 06-10 minus the 09:00 break
    await login(station, Role.SUPERVISOR)
    shifts = [s.model_dump() for s in oee.section.shifts]
    shifts[0]["breaks"] = [["07:00", "07:30"], *shifts[0]["breaks"]]   # a break added for this morning
    shifts[0]["start"] = "07:00"                                       # and the shift starts later
    await oee.set_calendar(shifts=shifts)
    live = oee.live.value                                              # no tick, no hour boundary: at once
    assert live is not None and live.figures is not None and live.shift is not None
    assert live.shift.start == local(0, "07:00")
    assert live.figures.planned_s == pytest.approx(planned - 3600 - 1800)
    assert len(live.hours) == hours - 1
    audit = await station.store.read(lambda db: db.execute(
        "SELECT actor FROM audit WHERE action = 'oee.calendar'").fetchall())
    assert audit == [("3001",)]


async def test_the_mes_shift_calendar_counts_at_once_and_a_wrong_one_is_refused_with_its_bundle(line: Line) -> None:
    from hmi.production.bundle_files import load_bundle_dir
    from hmi.sync.connector import MasterdataBundle
    from tests.production_support import DEMO_MASTERDATA

    station, oee = line.station, line.station.oee
    assert oee is not None
    recorder = Recorder(line)
    await recorder.begin()
    await recorder.advance(local(0, "10:00") - line.clock.now())
    live = oee.live.value
    assert live is not None and live.figures is not None
    planned = live.figures.planned_s
    shifts = [s.model_dump() for s in oee.section.shifts]
    shifts[0]["breaks"] = [["07:00", "08:00"], *shifts[0]["breaks"]]
    bundle = {**load_bundle_dir(DEMO_MASTERDATA), "version": "2026.12-cal.1",
              "shift_calendar": {"shifts": shifts, "days_off": ["2026-12-25"]}}
    await station.sync._apply_masterdata(MasterdataBundle(version="2026.12-cal.1", etag='"c1"', data=bundle,
                                                         source="mes:rest"))
    await line.idle()
    live = oee.live.value
    assert live is not None and live.figures is not None
    assert live.figures.planned_s == pytest.approx(planned - 3600)          # the MES's break, at once
    actors = await station.store.read(lambda db: db.execute(
        "SELECT actor FROM audit WHERE action = 'oee.calendar'").fetchall())
    assert actors == [("system:mes",)]
    wrong = [{**shifts[0], "end": "15:00"}, *shifts[1:]]                    # overlaps the afternoon
    bad = {**bundle, "version": "2026.12-cal.2", "shift_calendar": {"shifts": wrong}}
    await station.sync._apply_masterdata(MasterdataBundle(version="2026.12-cal.2", etag='"c2"', data=bad,
                                                         source="mes:rest"))
    assert station.sync.snapshot.value.masterdata_version == "2026.12-cal.1"
    assert "overlap" in (station.sync.snapshot.value.last_error or "")
    live = oee.live.value
    assert live is not None and live.figures is not None and live.figures.planned_s == pytest.approx(planned - 3600)
