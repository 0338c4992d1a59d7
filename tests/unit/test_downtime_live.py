"""The live downtime tracker on a real station: stops become micro-stops or downtime events with records,
audit entries and outbox events; reasons come from the fault-code map, the operator (late, changed, split)
or a pause; open events and reasons survive a real restart on the same store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from hmi.auth import PermissionDenied, Role
from hmi.clock import ManualClock
from hmi.oee import records
from hmi.station import Station
from tests.downtime_support import Line, live_config, oee_events
from tests.oee_support import local
from tests.production_support import ORDER, load_demo, login, sign_all_steps, start_demo_lot


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=local(0, "08:00"))     # Tuesday, the morning shift 06-14 (break 09:00-09:15)


@pytest.fixture
async def line(make_station: Callable[..., Station], clock: ManualClock) -> AsyncIterator[Line]:
    station = make_station(live_config())
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        line = Line(station, clock)
        await line.state(1)
        yield line
    finally:
        await station.stop()


async def _events(station: Station) -> list[records.DowntimeEvent]:
    return await station.store.read(lambda db: records.events(db, station.station_id, since=0, until=4e9))


async def test_a_short_stop_is_a_micro_stop_and_a_long_one_opens_an_event_at_the_threshold(line: Line) -> None:
    station, oee = line.station, line.station.oee
    assert oee is not None
    await line.run_for(60)
    await line.state(0)
    line.clock.advance(10)
    await line.state(1)                       # 10 s: a micro-stop, no record of its own
    assert await _events(station) == []
    await line.run_for(60)
    stop_at = line.clock.now()
    await line.state(0)
    line.clock.advance(29)
    await line.tick()
    assert await _events(station) == [] and oee.live.value is not None and oee.live.value.open_event is None
    line.clock.advance(1)
    await line.tick()                         # 30 s: the threshold, the event opens (from the stop's start)
    live = oee.live.value
    assert live is not None and live.open_event is not None
    assert live.open_event.start == stop_at and live.open_event.waiting
    assert [e.id for e in live.waiting] == [live.open_event.id]
    line.clock.advance(50)
    await line.state(1)
    [event] = await _events(station)
    assert (event.start, event.end, event.reason) == (stop_at, stop_at + 80, "unassigned")
    types = [e.type for e in await oee_events(station)]
    assert types == ["downtime.started", "downtime.ended"]
    live = oee.live.value
    assert live is not None and live.figures is not None
    assert live.figures.micro_stops == 1 and live.figures.micro_stop_total_s == 10
    assert live.figures.downtime_s == 80 and live.figures.downtime_events == 1
    assert live.figures.downtime_s_by_reason == {"unassigned": 80}


async def test_a_fault_code_gives_the_reason_and_a_person_changes_it_later_with_an_audit_entry(line: Line) -> None:
    station, oee = line.station, line.station.oee
    assert oee is not None
    await line.run_for(30)
    start = line.clock.now()
    await line.state(2, fault=101)
    line.clock.advance(120)
    await line.state(1, fault=0)
    [event] = await _events(station)
    assert event.reasons == ((start, "DT-RECT"),) and not event.waiting
    changed = await oee.set_reason(event.id, "DT-MAT")
    assert changed.reasons == ((start, "DT-MAT"),)
    split = await oee.split(event.id, at=start + 45, first="DT-RECT", second="DT-CONV")
    assert split.reasons == ((start, "DT-RECT"), (start + 45, "DT-CONV"))
    await line.idle()
    await line.tick()
    live = oee.live.value
    assert live is not None and live.figures is not None
    assert live.figures.downtime_s_by_reason == {"DT-RECT": 45, "DT-CONV": 75}
    kinds = [(e.type, e.payload["actor"], e.payload["reason"]) for e in await oee_events(station)]
    assert kinds == [("downtime.started", "system:fault-code", "DT-RECT"), ("downtime.ended", "system:oee", "DT-RECT"),
                     ("downtime.reason_set", "1001", "DT-MAT"), ("downtime.reason_set", "1001", "DT-CONV")]
    audit = await station.store.read(lambda db: db.execute(
        "SELECT action, actor, before, after FROM audit WHERE object_type = 'downtime' ORDER BY seq").fetchall())
    assert [(a, who) for a, who, _, _ in audit] == [("downtime.start", "system:fault-code"), ("downtime.end", "system:oee"),
                                                    ("downtime.reason", "1001"), ("downtime.reason", "1001")]
    assert "DT-RECT" in audit[2][2] and "DT-MAT" in audit[2][3]      # the change keeps what it was
    with pytest.raises(Exception, match="unknown downtime reason"):
        await oee.set_reason(event.id, "NO-SUCH")
    await station.auth.logout()
    with pytest.raises(PermissionDenied):
        await oee.set_reason(event.id, "DT-MAT")


async def test_a_pause_is_the_downtime_event_not_a_second_record(line: Line) -> None:
    station, oee, lots = line.station, line.station.oee, line.station.production.lots
    assert oee is not None
    await line.run_for(30)
    paused_at = line.clock.now()
    await lots.pause(reason_code="DT-MAT")
    await line.idle()
    live = oee.live.value
    assert live is not None and live.open_event is not None and live.open_event.source == "pause"
    assert live.open_event.reasons == ((paused_at, "DT-MAT"),)
    line.clock.advance(20)
    await line.state(0)                       # the machine stops during the pause: the same event
    line.clock.advance(60)
    await line.tick()
    assert len(await _events(station)) == 1
    await line.state(1)                       # the machine runs again, the pause still holds the event
    assert (await _events(station))[0].end is None
    line.clock.advance(10)
    await lots.resume()
    await line.idle()
    [event] = await _events(station)
    assert (event.start, event.end, event.reason, event.lot_no) == (paused_at, paused_at + 90, "DT-MAT", event.lot_no)
    # A stop first, then a pause: the pause gives the open event its reason.
    await line.run_for(30)
    stop_at = line.clock.now()
    await line.state(0)
    line.clock.advance(40)
    await line.tick()
    await lots.pause(reason_code="DT-RACK")
    await line.idle()
    line.clock.advance(20)
    await line.state(1)
    assert (await _events(station))[1].end is None           # still paused
    await lots.resume()
    await line.idle()
    second = (await _events(station))[1]
    assert (second.start, second.reasons) == (stop_at, ((stop_at, "DT-RACK"),))
    # Resumed while the line still stands: the one event goes on until the line runs, no second one.
    await line.run_for(30)
    paused_at = line.clock.now()
    await lots.pause(reason_code="DT-QUAL")
    await line.idle()
    line.clock.advance(10)
    await line.state(0)
    line.clock.advance(50)
    await lots.resume()
    await line.idle()
    line.clock.advance(40)
    await line.tick()
    third = (await _events(station))[2]
    assert len(await _events(station)) == 3 and third.end is None and not third.paused
    await line.state(1)
    third = (await _events(station))[2]
    assert (third.start, third.end, third.reason) == (paused_at, paused_at + 100, "DT-QUAL")
    assert [e.type for e in await oee_events(station)] == [
        "downtime.started", "downtime.ended", "downtime.started", "downtime.reason_set", "downtime.ended",
        "downtime.started", "downtime.ended"]


async def test_an_open_event_and_its_reason_survive_a_real_restart_and_the_time_off_is_unknown(
        make_station: Callable[..., Station], clock: ManualClock, tmp_path: Any) -> None:
    first = make_station(live_config(), data_dir=tmp_path / "data")
    await first.start()
    await load_demo(first)
    await login(first, Role.OPERATOR)
    await start_demo_lot(first)
    line = Line(first, clock)
    await line.state(1)
    await line.run_for(60)
    stop_at = clock.now()
    await line.state(0)
    clock.advance(40)
    await line.tick()
    assert first.oee is not None and first.oee.live.value is not None
    event = first.oee.live.value.open_event
    assert event is not None
    await first.oee.set_reason(event.id, "DT-BATH")
    clock.advance(10)
    await line.tick()
    await first.stop()
    first.close()
    clock.advance(600)                        # the station is off for 10 minutes

    second = make_station(live_config(), data_dir=tmp_path / "data")
    await second.start()
    try:
        assert second.oee is not None
        await second.oee.idle()
        live = second.oee.live.value
        assert live is not None and live.open_event is not None
        assert (live.open_event.id, live.open_event.reasons) == (event.id, ((stop_at, "DT-BATH"),))
        line = Line(second, clock)
        await line.state(0)                   # still stopped: the same event goes on
        clock.advance(30)
        await line.state(1)
        [after] = await second.store.read(lambda db: records.events(db, second.station_id, since=0, until=4e9))
        assert (after.id, after.start, after.end) == (event.id, stop_at, stop_at + 680)
        await second.oee.tick()
        figures = second.oee.live.value.figures if second.oee.live.value else None
        assert figures is not None
        assert figures.unknown_s == pytest.approx(600)     # the time off (before 08:00 no lot ran: no order)
        assert figures.downtime_s == pytest.approx(80)           # the event minus the time off
    finally:
        await second.stop()


async def test_a_lot_and_its_work_order_have_figures_over_the_planned_time_they_ran(line: Line) -> None:
    station, oee, lots = line.station, line.station.oee, line.station.production.lots
    assert oee is not None
    await line.run_for(1800)                  # 08:00-08:30
    await line.state(0)
    line.clock.advance(300)                   # a 5 min stop
    await line.state(1)
    await line.run_for(5400 - 300)            # until 10:00, over the 09:00-09:15 break
    await sign_all_steps(station)
    lot = lots.active.value
    assert lot is not None
    await lots.finish(confirm_good=lot.good, confirm_scrap=lot.scrap)
    await line.run_for(600)                   # parts after the lot: not its own
    await login(station, Role.SUPERVISOR)
    figures = await oee.lot_figures(lot.lot_no)
    assert figures is not None
    assert figures.planned_s == pytest.approx(2 * 3600 - 900)
    assert figures.downtime_s == pytest.approx(300) and figures.downtime_events == 1
    assert figures.good == lot.good
    assert figures.availability == pytest.approx((2 * 3600 - 900 - 300) / (2 * 3600 - 900))
    order = await oee.work_order_figures(ORDER)
    assert order is not None and order.planned_s == figures.planned_s and order.good == figures.good
