"""A lot's page and report get the process values the historian recorded while the lot ran."""

from __future__ import annotations

from types import SimpleNamespace

from hmi.auth import Role
from hmi.demo import ensure_demo_users
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.production_support import login

T0 = 1_800_000_000.0


async def test_the_lot_trend_comes_from_the_historian(station: Station) -> None:
    tag = station.config.production.snapshot_tags[0]
    for i in range(120):
        quality = Quality.BAD if 60 <= i < 70 else Quality.GOOD
        station.historian.accept(Sample(tag, T0 + i, 20.0 + i / 100, quality))
    await station.historian.flush()
    lot = SimpleNamespace(started_at=T0 + 30, ended_at=T0 + 90)
    trend = await station.production.lot_trend(lot)
    points = trend[tag]
    assert points, "no trend for the lot"
    assert all(T0 + 30 <= t <= T0 + 90 for t, _ in points)
    assert not any(T0 + 60 <= t < T0 + 70 for t, _ in points), "BAD samples must not be drawn as values"
    assert points[0][1] == 20.3 and points[-1][1] == 20.89  # the end is exclusive


async def test_alarms_during_the_lot_come_from_the_alarm_journal(make_station, clock) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import station_config

    station: Station = make_station(station_config(connections={}, mes=None))
    await station.start()
    try:
        await ensure_demo_users(station)
        await login(station, Role.OPERATOR)   # a lot's alarms are a lot history view
        t0 = clock.now()
        tag = "bath_temp"
        for i in range(40):  # the bath overheats for a while, then cools down
            clock.advance(1)
            station.bus.publish(Sample(tag, clock.now(), 27.0 if 5 <= i < 30 else 20.0, Quality.GOOD))
            station.alarms.tick()
        await station.alarms.flush()
        during = await station.alarms.during(SimpleNamespace(started_at=t0, ended_at=clock.now()))
        before = await station.alarms.during(SimpleNamespace(started_at=t0 - 100, ended_at=t0 - 1))
    finally:
        await station.stop()
    assert any("bath_temp_hihi" in a["alarm"] and "raised" in a["alarm"] for a in during)
    assert before == []
