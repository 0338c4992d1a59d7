"""The historian on a real history.db: what it keeps from the bus, what queries return, retention."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hmi.clock import ManualClock
from hmi.historian import historian as historian_module
from hmi.station import Station
from hmi.tags import Quality, Sample

T0 = 1_800_000_000.0  # the ManualClock's start: a whole hour


def _day(historian, tag: str = "bath.temp", *, spike_at: int = 40_000, bad: range = range(50_000, 50_600)) -> None:
    for i in range(86_400):
        value = 20.0 + math.sin(i / 3_000.0)
        if i == spike_at:
            value = 95.0
        quality = Quality.BAD if i in bad else Quality.GOOD
        historian.accept(Sample(tag, T0 + i, value, quality))


async def test_bus_samples_are_kept_by_deadband_quality_change_and_heartbeat(station: Station) -> None:
    historian = station.historian
    historian._deadbands["t"] = 0.5
    await historian.start()
    try:
        for ts, value, quality in [
            (0, 10.0, Quality.GOOD),   # first: kept
            (1, 10.2, Quality.GOOD),   # inside the deadband: dropped
            (2, 10.6, Quality.GOOD),   # moved 0.6: kept
            (3, 10.6, Quality.BAD),    # quality changed: kept
            (4, 10.6, Quality.BAD),    # nothing new: dropped
            (64, 10.6, Quality.BAD),   # heartbeat (60 s) due: kept
            (30, 99.0, Quality.GOOD),  # late sample: kept
            (65, "text", Quality.GOOD),  # no number: kept as a gap
        ]:
            station.bus.publish(Sample("t", T0 + ts, value, quality))
        await historian.flush()
        rows = await historian.raw("t", T0, T0 + 100)
    finally:
        await historian.stop()
    assert [(ts - T0, v, q) for ts, v, q in rows] == [
        (0, 10.0, Quality.GOOD), (2, 10.6, Quality.GOOD), (3, 10.6, Quality.BAD),
        (30, 99.0, Quality.GOOD), (64, 10.6, Quality.BAD), (65, None, Quality.GOOD),
    ]


async def test_a_day_comes_back_in_at_most_max_points_with_the_spike_and_the_gap(station: Station) -> None:
    historian = station.historian
    _day(historian)
    assert await historian.flush() == 86_400
    series = (await historian.query(["bath.temp", "unknown"], T0, T0 + 86_400, max_points=500))
    day = series["bath.temp"]
    assert 200 <= len(day) <= 500
    assert day.source != "raw"
    assert np.nanmax(day.v) == 95.0  # the one-second spike survives decimation
    assert np.nanmin(day.v) == pytest.approx(19.0, abs=1e-3)
    assert np.all(np.diff(day.t) >= 0)
    gap_times = day.t[np.isnan(day.v)]
    assert gap_times.size >= 1 and np.all((gap_times >= T0 + 49_000) & (gap_times <= T0 + 51_700))
    assert len(series["unknown"]) == 0


@pytest.mark.parametrize("max_points", [10, 101, 2000, 5000])
async def test_query_never_returns_more_than_max_points(station: Station, max_points: int) -> None:
    _day(station.historian, bad=range(0, 86_400, 97))  # many short bad periods: many gap markers
    await station.historian.flush()
    for start, end in [(T0, T0 + 86_400), (T0 + 123.4, T0 + 7_000), (T0 + 10, T0 + 500), (T0 - 5e5, T0 + 5e5)]:
        series = (await station.historian.query(["bath.temp"], start, end, max_points))["bath.temp"]
        assert 0 < len(series) <= max(4, max_points), (start, end)
        assert series.t.min() >= start - 3600 and series.t.max() <= end + 3600


async def test_short_range_returns_raw_samples_with_bad_ones_as_gaps(station: Station) -> None:
    _day(station.historian, bad=range(100, 103))
    await station.historian.flush()
    series = (await station.historian.query(["bath.temp"], T0 + 95, T0 + 110, max_points=2000))["bath.temp"]
    assert series.source == "raw"
    assert list(series.t - T0) == list(range(95, 110))
    assert np.isnan(series.v[5:8]).all() and not np.isnan(series.v[:5]).any()


async def test_cursor_reads_the_last_value_and_quality_at_a_time(station: Station) -> None:
    _day(station.historian, bad=range(100, 103))
    await station.historian.flush()
    values = await station.historian.values_at(["bath.temp", "nope"], T0 + 101.5)
    assert values["bath.temp"] is not None
    assert values["bath.temp"].ts == T0 + 101 and values["bath.temp"].quality is Quality.BAD
    assert values["nope"] is None


async def test_retention_deletes_exactly_what_is_past_its_age(
    station: Station, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(historian_module, "RETENTION_CHUNK", 7)  # many small deletes
    historian = station.historian
    for i in range(0, 3 * 3600, 5):
        historian.accept(Sample("a", T0 + i, float(i), Quality.GOOD))
        historian.accept(Sample("b", T0 + i, float(-i), Quality.GOOD))
    await historian.flush()
    day = 86_400.0
    # raw 35 d, 10 s 90 d, 1 min 400 d, 10 min 1100 d, 1 h 3700 d (defaults)
    now = T0 + 35 * day + 3_600.0 + 2.5
    deleted = await historian.enforce_retention(now)

    def left(db):
        raw = db.conn.execute("SELECT min(ts_ms), count(*) FROM sample").fetchone()
        rollups = db.conn.execute("SELECT level, count(*) FROM rollup GROUP BY level").fetchall()
        return raw, dict(rollups)

    (oldest_ms, raw_count), rollups = await historian.db.read(left)
    cutoff_ms = int((now - 35 * day) * 1000)
    assert oldest_ms >= cutoff_ms and oldest_ms - 5_000 < cutoff_ms  # nothing kept past its age, nothing more
    assert raw_count == 2 * len(range(3_600 + 5, 3 * 3_600, 5))
    assert deleted == 2 * len(range(0, 3_605, 5))
    assert rollups == {1: 2 * 1080, 2: 2 * 180, 3: 2 * 18, 4: 2 * 3}  # the rollups are still young
    # A 10 s bucket goes when it has ended at the cutoff: [T0+80, T0+90) goes, [T0+90, T0+100) stays.
    await historian.enforce_retention(T0 + 90 * day + 95.0)
    first_10s = await historian.db.read(lambda db: db.conn.execute(
        "SELECT min(bucket_ms) FROM rollup WHERE level = 1").fetchone()[0])
    assert first_10s == int((T0 + 90) * 1000)
    # A year later: 10 s buckets (90 d) and raw are gone, the 1 min ones (400 d) stay.
    await historian.enforce_retention(T0 + 365 * day)
    (_, raw_count), rollups = await historian.db.read(left)
    assert raw_count == 0 and rollups == {2: 2 * 180, 3: 2 * 18, 4: 2 * 3}


def test_historian_config_names_the_bad_key_and_feeds_the_trend_limits() -> None:
    from hmi.config import ConfigError
    from hmi.historian.tag_info import tag_infos
    from tests.conftest import station_config

    with pytest.raises(ConfigError) as bad:
        station_config(historian={"commit_interval_s": 5})
    assert "historian.commit_interval_s" in str(bad.value) and "at most 1" in str(bad.value)
    with pytest.raises(ConfigError) as typo:
        station_config(historian={"heartbeat": 10})
    assert "historian.heartbeat" in str(typo.value) and "unknown key" in str(typo.value)
    config = station_config(historian={"heartbeat_s": 10, "limits": {"bath": {"alarm_hi": 22.0, "control_lo": 19}}})
    assert config.historian.heartbeat_s == 10
    assert tag_infos(config)["bath"].limits == (("alarm", 22.0), ("control", 19.0))
