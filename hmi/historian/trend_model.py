"""The trends model, Qt-free: mode and range, the pens and their scales, live buffers, stale answers.

The plot draws every pen in one view whose y axis runs 0..1: each pen's values are normalised by
its own scale (the tag's engineering range, widened only when a value leaves it), and the scale is
drawn beside the plot in the pen's colour. So no pen is ever read against another pen's axis, and
nothing on the live path auto-ranges.

A live pen keeps its samples in preallocated arrays: a sample is written in place, and what the
plot draws is a min/max decimation (two points per time bucket, about one bucket per pixel column)
kept up to date sample by sample. A frame hands the plot views of those arrays: no copy, no
re-decimation, and the drawn point count stays near twice the plot's width however long the window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from hmi.historian.tag_info import TagInfo

LIVE_SPANS: tuple[float, ...] = (60.0, 600.0, 3600.0, 8 * 3600.0)
HISTORY_SPANS: tuple[float, ...] = (3600.0, 8 * 3600.0, 24 * 3600.0, 7 * 86_400.0)
# The drawn y range of the one view: a little room above and below each pen's scale.
Y_PAD = 0.03
# A value off its scale widens the scale by this share of the span beyond the value.
WIDEN_MARGIN = 0.05


@dataclass(slots=True)
class Scale:
    """A pen's engineering range: ``lo`` maps to 0 and ``hi`` to 1 on the shared view."""

    lo: float
    hi: float
    version: int = 0   # bumped whenever the range changes (the plot redraws the pen's axis then)

    def normalise(self, values: np.ndarray) -> np.ndarray:
        return (values - self.lo) / (self.hi - self.lo)

    def include(self, low: float, high: float) -> bool:
        """Widen to hold [low, high] (finite), with a margin; True when the range changed."""
        if not (math.isfinite(low) and math.isfinite(high)) or (low >= self.lo and high <= self.hi):
            return False
        span = max(self.hi, high) - min(self.lo, low)
        if low < self.lo:
            self.lo = low - WIDEN_MARGIN * span
        if high > self.hi:
            self.hi = high + WIDEN_MARGIN * span
        self.version += 1
        return True

    @staticmethod
    def for_tag(info: TagInfo, data: np.ndarray | None = None) -> Scale:
        """The tag's configured range; without one, the data's range (or 0..1 with no data)."""
        if info.range_lo is not None and info.range_hi is not None and info.range_hi > info.range_lo:
            scale = Scale(float(info.range_lo), float(info.range_hi))
        else:
            finite = data[np.isfinite(data)] if data is not None and data.size else np.empty(0)
            if finite.size:
                lo, hi = float(finite.min()), float(finite.max())
                pad = 0.1 * (hi - lo) if hi > lo else max(1.0, abs(hi) * 0.1)
                scale = Scale(lo - pad, hi + pad)
            else:
                scale = Scale(0.0, 1.0)
        if data is not None and data.size:
            finite = data[np.isfinite(data)]
            if finite.size:
                scale.include(float(finite.min()), float(finite.max()))
        return scale


@dataclass(frozen=True, slots=True)
class PenSpec:
    tag: str
    info: TagInfo
    colour: str

    @property
    def limits(self) -> tuple[tuple[str, float], ...]:
        return self.info.limits


def minmax_decimate(t: np.ndarray, v: np.ndarray, bucket_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Each time bucket's min and max in the order they occurred (a spike survives); a gap (NaN)
    kept where it occurred, so a value that came back after it still ends the line. Buckets are
    aligned on absolute time, so a scrolling trend does not shimmer."""
    n = t.shape[0]
    if n < 4 or bucket_s <= 0:
        return t, v
    key = np.floor(t / bucket_s)
    gap = np.isnan(v)
    starts_mask = np.ones(n, dtype=bool)   # a run: one bucket, all values or all gap
    starts_mask[1:] = (key[1:] != key[:-1]) | (gap[1:] != gap[:-1])
    starts = np.flatnonzero(starts_mask)
    if starts.size * 2 >= n:
        return t, v
    with np.errstate(invalid="ignore"):
        lo = np.fmin.reduceat(v, starts)
        hi = np.fmax.reduceat(v, starts)
    ends = np.append(starts[1:], n) - 1
    rising = ~(v[starts] > v[ends])
    times = np.stack([t[starts], (t[starts] + t[ends]) / 2], axis=1)
    values = np.stack([np.where(rising, lo, hi), np.where(rising, hi, lo)], axis=1)
    keep = np.ones((starts.size, 2), dtype=bool)
    keep[:, 1] = ~gap[starts]              # a gap run is one NaN point, at its start
    return times[keep], values[keep]


class LiveSeries:
    """One live pen: raw samples and their drawn decimation, both in preallocated arrays.

    ``append`` is O(1): it writes the sample and updates the newest bucket's two points in place.
    When the arrays are full the older half is dropped (one copy per ``capacity / 2`` samples, not
    one per frame). ``drawn`` returns views, ending with a hold point at ``now`` that carries the
    last value forward, so a pen whose value has not changed (a setpoint) still draws its line.
    """

    def __init__(self, *, capacity: int, scale: Scale, bucket_s: float) -> None:
        self.scale = scale
        self.bucket_s = bucket_s
        self._t = np.empty(capacity)
        self._v = np.empty(capacity)
        self._size = 0
        self._dt = np.empty(capacity + 1)   # + the hold point
        self._dn = np.empty(capacity + 1)
        self._dsize = 0
        self._key = math.nan     # the newest bucket's key; NaN after a gap (no open bucket)
        self._bmin = self._bmax = 0.0
        self._bmin_t = self._bmax_t = 0.0

    # Input ---------------------------------------------------------------------------------------
    def append(self, ts: float, value: float) -> None:
        if self._size == self._t.shape[0]:
            self._drop_older_half()
        self._t[self._size] = ts
        self._v[self._size] = value
        self._size += 1
        if math.isfinite(value) and self.scale.include(value, value):
            self._redecimate()
            return
        self._decimate_one(ts, value)

    def extend(self, t: np.ndarray, v: np.ndarray) -> None:
        """Many samples at once (a history prefill): one vectorised decimation, not one per sample."""
        n = min(t.shape[0], self._t.shape[0] - self._size)
        if n <= 0:
            return
        t, v = t[-n:], v[-n:]
        if self._size and t[0] < self._t[self._size - 1]:   # older than what is held: merge in order
            t = np.concatenate([t, self._t[: self._size]])
            v = np.concatenate([v, self._v[: self._size]])
            order = np.argsort(t, kind="stable")
            t, v = t[order][-self._t.shape[0]:], v[order][-self._t.shape[0]:]
            self._size = 0
        self._t[self._size: self._size + t.shape[0]] = t
        self._v[self._size: self._size + v.shape[0]] = v
        self._size += t.shape[0]
        finite = self._v[: self._size][np.isfinite(self._v[: self._size])]
        if finite.size:
            self.scale.include(float(finite.min()), float(finite.max()))
        self._redecimate()

    def set_bucket(self, bucket_s: float) -> None:
        """A new bucket width (the window or the plot's width changed): decimate again, once."""
        if bucket_s > 0 and not math.isclose(bucket_s, self.bucket_s, rel_tol=0.05):
            self.bucket_s = bucket_s
            self._redecimate()

    # Output --------------------------------------------------------------------------------------
    def raw(self) -> tuple[np.ndarray, np.ndarray]:
        return self._t[: self._size], self._v[: self._size]

    def drawn(self, now: float | None = None, *, since: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Views of the decimated, normalised points from ``since`` (one point earlier, so the line
        enters the window) and the hold point up to ``now``."""
        size = self._dsize
        first = 0
        if since is not None and size:
            first = max(0, int(np.searchsorted(self._dt[:size], since)) - 1)
        if now is not None and self._size and size and math.isfinite(self._v[self._size - 1]) \
                and math.isfinite(self._dn[size - 1]) and now > self._dt[size - 1]:
            self._dt[size] = now
            self._dn[size] = self._dn[size - 1]
            size += 1
        return self._dt[first:size], self._dn[first:size]

    def value_at(self, at: float) -> float | None:
        """The raw value in force at ``at`` (NaN for a gap), None before the first sample."""
        t, v = self.raw()
        i = int(np.searchsorted(t, at, side="right")) - 1
        return None if i < 0 else float(v[i])

    def latest(self) -> float | None:
        return float(self._v[self._size - 1]) if self._size else None

    @property
    def drawn_size(self) -> int:
        return self._dsize

    # Decimation ----------------------------------------------------------------------------------
    def _decimate_one(self, ts: float, value: float) -> None:
        if not math.isfinite(value):
            self._put(ts, math.nan)
            self._key = math.nan
            return
        n = (value - self.scale.lo) / (self.scale.hi - self.scale.lo)
        key = math.floor(ts / self.bucket_s)
        if key != self._key:   # a new bucket: two slots, both this sample for now
            self._key = key
            self._bmin = self._bmax = n
            self._bmin_t = self._bmax_t = ts
            self._put(ts, n)
            self._put(ts, n)
            return
        if n < self._bmin:
            self._bmin, self._bmin_t = n, ts
        if n > self._bmax:
            self._bmax, self._bmax_t = n, ts
        first_t, first, second_t, second = (
            (self._bmin_t, self._bmin, self._bmax_t, self._bmax) if self._bmin_t <= self._bmax_t
            else (self._bmax_t, self._bmax, self._bmin_t, self._bmin))
        if self._bmin_t == self._bmax_t:   # one extreme so far: it spans the bucket up to this sample
            first_t, second_t, second = self._bmin_t, ts, n
        i = self._dsize - 2
        self._dt[i], self._dn[i], self._dt[i + 1], self._dn[i + 1] = first_t, first, second_t, second

    def _put(self, ts: float, n: float) -> None:
        if self._dsize >= self._dt.shape[0] - 1:
            keep = self._dsize // 2
            self._dt[:keep] = self._dt[self._dsize - keep: self._dsize]
            self._dn[:keep] = self._dn[self._dsize - keep: self._dsize]
            self._dsize = keep
        self._dt[self._dsize] = ts
        self._dn[self._dsize] = n
        self._dsize += 1

    def _redecimate(self) -> None:
        """Rebuild the drawn points from the raw samples (a new scale, bucket width or prefill)."""
        t, v = self.raw()
        dt, dv = minmax_decimate(t, v, self.bucket_s)
        count = min(dt.shape[0], self._dt.shape[0] - 1)
        self._dt[:count] = dt[-count:] if count else dt[:0]
        self._dn[:count] = self.scale.normalise(dv[-count:]) if count else dv[:0]
        self._dsize = count
        self._key = math.nan   # the next sample opens a new bucket (the rebuilt last one is closed)

    def _drop_older_half(self) -> None:
        keep = self._size // 2
        self._t[:keep] = self._t[self._size - keep: self._size]
        self._v[:keep] = self._v[self._size - keep: self._size]
        self._size = keep


@dataclass(slots=True)
class TrendModel:
    """What the trends screen shows, without Qt: mode, range, pens, live series, and which history
    answer is still wanted (a request counter: an answer to an older request is dropped)."""

    mode: str = "live"
    live_span: float = LIVE_SPANS[1]
    history_span: float = HISTORY_SPANS[2]
    history_range: tuple[float, float] | None = None
    pens: list[PenSpec] = field(default_factory=list)
    scales: dict[str, Scale] = field(default_factory=dict)   # per pen; the plot draws the same objects
    live: dict[str, LiveSeries] = field(default_factory=dict)
    request: int = 0

    def __post_init__(self) -> None:
        if self.mode not in ("live", "history"):
            self.mode = "live"

    @property
    def tags(self) -> list[str]:
        return [pen.tag for pen in self.pens]

    def set_pens(self, pens: list[PenSpec]) -> None:
        """New pens, each on its tag's scale (a pen kept from before keeps its widened scale)."""
        self.scales = {pen.tag: self.scales.get(pen.tag) or Scale.for_tag(pen.info) for pen in pens}
        self.pens = list(pens)
        self.live = {}

    def next_request(self) -> int:
        self.request += 1
        return self.request

    def is_current(self, request: int) -> bool:
        return request == self.request

    def history_bounds(self, now: float) -> tuple[float, float]:
        if self.history_range is not None:
            return self.history_range
        return now - self.history_span, now

    def new_live(self, *, rate_hz: float, width_px: int) -> dict[str, LiveSeries]:
        """Fresh live series for the pens: room for the window at ``rate_hz`` (and half again)."""
        capacity = int(self.live_span * rate_hz * 1.5) + 1024
        bucket = self.live_bucket(width_px)
        self.live = {pen.tag: LiveSeries(capacity=capacity, scale=self.scales[pen.tag], bucket_s=bucket)
                     for pen in self.pens}
        return self.live

    def live_bucket(self, width_px: int) -> float:
        """About one bucket (two drawn points) per pixel column of the plot."""
        return self.live_span / max(100, width_px)

    def live_values(self, at: float | None = None) -> dict[str, float | None]:
        """Each live pen's value at ``at`` (the cursor), or its latest."""
        return {tag: (series.latest() if at is None else series.value_at(at)) for tag, series in self.live.items()}
