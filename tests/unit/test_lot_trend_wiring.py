"""A lot's page and report get the process values the historian recorded while the lot ran."""

from __future__ import annotations

from types import SimpleNamespace

from hmi.station import Station
from hmi.tags import Quality, Sample

T0 = 1_800_000_000.0


async def test_the_lot_trend_comes_from_the_historian(station: Station) -> None:
    tag = station.config.production.snapshot_tags[0]
    for i in range(120):
        quality = Quality.BAD if 60 <= i < 70 else Quality.GOOD
        station.historian.accept(Sample(tag, T0 + i, 20.0 + i / 100, quality))
    await station.historian.flush()
    lot = SimpleNamespace(started_at=T0 + 30, ended_at=T0 + 90)
    trend = await station._lot_trend(lot)
    points = trend[tag]
    assert points, "no trend for the lot"
    assert all(T0 + 30 <= t <= T0 + 90 for t, _ in points)
    assert not any(T0 + 60 <= t < T0 + 70 for t, _ in points), "BAD samples must not be drawn as values"
    assert points[0][1] == 20.3 and points[-1][1] == 20.89  # the end is exclusive
