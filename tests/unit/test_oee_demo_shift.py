"""The demo shows a running shift with planned time at any hour, with no lot started yet (it showed "planned 0 s":
its calendar took time without a lot out of the planned time, and a demo starts with no lot)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import datetime

import pytest

from hmi.clock import ManualClock
from hmi.demo import ensure_demo_users
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import station_config

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")    # the demo config's shift clock


def _expected_planned(station: Station, now: float) -> float:
    """Planned time of the shift at ``now`` so far, from the shipped calendar: elapsed minus breaks passed."""
    assert station.oee is not None
    shift = station.oee._calendar.shift_at(now)
    assert shift is not None, "no shift at this hour"
    breaks = sum(max(0.0, min(hi, now) - lo) for lo, hi in shift.breaks)
    return now - shift.start - breaks


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> ManualClock:
    return ManualClock(start=datetime.fromisoformat(request.param).replace(tzinfo=SEOUL).timestamp())


# Late night, a minute before a shift change (the figures cross into the new shift), evening, the former day
# off of the demo config, and the half minute before the morning shift.
@pytest.mark.parametrize("clock", ["2026-12-04T03:00", "2026-12-04T13:59", "2026-12-04T22:30", "2026-12-25T10:00",
                                   "2026-12-06T05:59:30"], indirect=True)
async def test_the_demo_station_shows_a_running_shift_with_planned_time(make_station: Callable[..., Station],
                                                                         clock: ManualClock) -> None:
    # The shipped demo config; its peers are not started here, the state tag comes in as the simulator sends it.
    station = make_station(station_config(connections={}))
    await station.start()
    try:
        await ensure_demo_users(station)           # what `hmi demo` does: users and master data, no lot
        oee = station.oee
        assert oee is not None and station.production.lots.active.value is None
        station.bus.publish(Sample("machine_state", clock.now(), 1, Quality.GOOD))
        await oee.idle()
        began = clock.now()
        while clock.now() < began + 61:            # a minute of simulated time (and one second into it)
            clock.advance(1.0)
            await oee.tick()
            live = oee.live.value
            assert live is not None and live.shift is not None and live.figures is not None
            assert live.shift.start <= clock.now() < live.shift.end
            assert live.figures.planned_s == pytest.approx(_expected_planned(station, clock.now()))
        assert live.figures.planned_s > 0
        assert live.figures.run_s > 0 and live.state.value == "running"
    finally:
        await station.stop()
