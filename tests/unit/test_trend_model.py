"""The Qt-free trends model: scales from the engineering range, in-place live buffers whose drawn
decimation matches a full decimation, the hold point, and stale-answer tracking."""

from __future__ import annotations

import math

import numpy as np

from hmi.historian.tag_info import TagInfo
from hmi.historian.trend_model import LiveSeries, PenSpec, Scale, TrendModel, minmax_decimate


def test_a_scale_comes_from_the_engineering_range_and_widens_only_when_a_value_leaves_it() -> None:
    scale = Scale.for_tag(TagInfo(unit="°C", range_lo=0, range_hi=40))
    assert (scale.lo, scale.hi) == (0.0, 40.0)
    assert scale.normalise(np.array([0.0, 20.0, 40.0])).tolist() == [0.0, 0.5, 1.0]
    assert not scale.include(10.0, 30.0) and scale.version == 0
    assert scale.include(44.0, 44.0) and scale.hi > 44.0 and scale.lo == 0.0 and scale.version == 1
    fitted = Scale.for_tag(TagInfo(), np.array([5.0, np.nan, 7.0]))
    assert fitted.lo < 5.0 and fitted.hi > 7.0


def test_live_appends_in_place_and_draw_the_same_extremes_as_a_full_decimation() -> None:
    series = LiveSeries(capacity=50_000, scale=Scale(0.0, 100.0), bucket_s=6.0)
    rng = np.random.default_rng(3)
    t = 1_000_000.0 + np.arange(36_000) / 10.0
    v = 50 + 30 * np.sin(t / 60) + rng.normal(0, 2, t.size)
    v[5000:5100] = np.nan     # a BAD period
    v[20_000] = 99.0          # a spike
    raw_t, _ = series.raw()
    before = raw_t.__array_interface__["data"][0]
    for ts, value in zip(t.tolist(), v.tolist(), strict=True):
        series.append(ts, value)
    raw_t, _ = series.raw()
    assert raw_t.__array_interface__["data"][0] == before          # the same buffer: written in place
    drawn_t, drawn_n = series.drawn()
    assert drawn_t.size < 2 * 36_000 / 60 + 200                   # about two points per bucket
    assert math.isclose(np.nanmax(drawn_n), 0.99) and math.isclose(np.nanmin(drawn_n), np.nanmin(v) / 100)
    assert np.isnan(drawn_n).any()                                # the gap is drawn as a gap
    _, full_v = minmax_decimate(t, v, 6.0)
    assert np.nanmax(full_v) / 100 == np.nanmax(drawn_n)
    assert drawn_t[0] - t[0] < 6.0 and t[-1] - drawn_t[-1] < 6.0   # the whole window, bucket by bucket


def test_the_hold_point_draws_an_unchanged_value_up_to_now() -> None:
    series = LiveSeries(capacity=100, scale=Scale(15.0, 25.0), bucket_s=1.0)
    series.append(100.0, 20.0)                # a setpoint: published once
    t, n = series.drawn(now=160.0)
    assert t.tolist() == [100.0, 100.0, 160.0] and n.tolist() == [0.5, 0.5, 0.5]
    series.append(161.0, math.nan)            # BAD: no value is carried forward
    t, _ = series.drawn(now=170.0)
    assert t[-1] == 161.0


def test_a_value_back_after_a_gap_in_the_same_bucket_still_ends_the_line() -> None:
    # A setpoint marked STALE by a stall, GOOD again 50 ms later: one bucket holds both. The gap
    # must be drawn where it happened, not at the bucket's end, or the line stops at the gap for good.
    t = np.array([100.0, 101.0, 102.0, 103.0, 104.0, 104.05, 105.0, 106.0])
    v = np.array([20.0, 20.0, 20.0, 20.0, np.nan, 20.0, 20.0, 20.0])
    dt, dv = minmax_decimate(t, v, 10.0)
    gap = int(np.flatnonzero(np.isnan(dv))[0])
    assert dt[gap] == 104.0 and np.isfinite(dv[gap + 1:]).all() and dt[-1] > 104.0
    for fill in ("extend", "append"):
        series = LiveSeries(capacity=100, scale=Scale(15.0, 25.0), bucket_s=10.0)
        if fill == "extend":   # the history prefill: one vectorised decimation
            series.extend(np.array([100.0, 101.0, 102.0, 103.0, 104.0]), np.array([20.0] * 4 + [np.nan]))
            series.extend(np.array([104.05]), np.array([20.0]))
        else:
            for ts, value in zip(t[4:6].tolist(), v[4:6].tolist(), strict=True):
                series.append(ts, value)
        drawn_t, drawn_n = series.drawn(now=130.0)
        assert drawn_t[-1] == 130.0 and drawn_n[-1] == 0.5, fill


def test_an_answer_to_an_older_request_is_not_current() -> None:
    model = TrendModel(mode="history", pens=[PenSpec("a", TagInfo(), "#000000")])
    first = model.next_request()
    second = model.next_request()
    assert not model.is_current(first) and model.is_current(second)
    assert model.history_bounds(1000.0) == (1000.0 - model.history_span, 1000.0)
    model.history_range = (10.0, 20.0)
    assert model.history_bounds(1000.0) == (10.0, 20.0)
