"""One characteristic's chart: values become subgroups, subgroups become points, points meet the rules.

Pure: the caller hands in values (with their time) and gets back the finished points with the rules
they completed, so the live service and ``hmi spc check`` share every line of it.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hmi.spc.kinds import ChartType, LimitsError
from hmi.spc.limits import LimitSet, PointLimits
from hmi.spc.rules import IncrementalRules

HISTORY_POINTS = 2000


@dataclass(frozen=True, slots=True)
class ChartPoint:
    index: int                  # 0-based position on the chart (since the chart started)
    ts: float
    value: float                # x, x̄, p, np, c or u
    dispersion: float | None    # MR, R or S (None for the first I-MR point and attribute charts)
    sample_size: float          # subgroup size, or the inspected count of an attribute sample
    raw: tuple[float, ...]      # the measured values (or the defect count) behind the point
    limits: PointLimits
    rules: tuple[str, ...]      # the rules this point completes


class CharacteristicChart:
    """The running chart of one characteristic under one limit set."""

    def __init__(self, *, limits: LimitSet, rules: Sequence[str], history: int = HISTORY_POINTS) -> None:
        self.limits = limits.with_dispersion()
        self._rules = IncrementalRules(rules=rules)
        self._pending: list[float] = []
        self._previous: float | None = None
        self._count = 0
        self.points: deque[ChartPoint] = deque(maxlen=history)

    @property
    def rules(self) -> tuple[str, ...]:
        return self._rules.rules

    @property
    def count(self) -> int:
        """Points made so far (the index the next one gets)."""
        return self._count

    def add_value(self, value: float, ts: float) -> ChartPoint | None:
        """A measured value; returns the point when it completes a subgroup."""
        if self.limits.chart.is_attribute:
            raise LimitsError("an attribute chart takes counts, not measured values")
        if not math.isfinite(value):
            raise LimitsError("a measured value must be a finite number")
        self._pending.append(float(value))
        n = self.limits.subgroup_size
        if len(self._pending) < n:
            return None
        group, self._pending = self._pending, []
        if n == 1:
            x = group[0]
            disp = abs(x - self._previous) if self._previous is not None else None
            self._previous = x
        else:
            arr = np.asarray(group)
            x = float(arr.mean())
            disp = float(arr.std(ddof=1)) if self.limits.chart is ChartType.XBAR_S else float(np.ptp(arr))
        return self._point(x, disp, float(n), tuple(group), ts)

    def add_count(self, count: float, sample_size: float, ts: float) -> ChartPoint:
        """An attribute sample: defects (or defectives) found in ``sample_size`` units."""
        chart = self.limits.chart
        if not chart.is_attribute:
            raise LimitsError("a variables chart takes measured values, not counts")
        if not (math.isfinite(count) and math.isfinite(sample_size)) or count < 0:
            raise LimitsError("a count must be a finite number of 0 or more")
        if sample_size <= 0:
            raise LimitsError("the sample size must be positive")
        if chart in (ChartType.P, ChartType.NP) and count > sample_size:
            raise LimitsError(f"{count:g} defectives cannot come from {sample_size:g} units")
        value = count / sample_size if chart in (ChartType.P, ChartType.U) else count
        return self._point(value, None, sample_size, (float(count),), ts)

    def _point(self, value: float, disp: float | None, size: float, raw: tuple[float, ...], ts: float) -> ChartPoint:
        lim = self.limits.point_limits(size)
        fired = tuple(self._rules.push(value, lim))
        point = ChartPoint(index=self._count, ts=ts, value=value, dispersion=disp, sample_size=size, raw=raw,
                           limits=lim, rules=fired)
        self._count += 1
        self.points.append(point)
        return point
