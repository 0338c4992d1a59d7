"""Chart types, limit sets (from the centre, or trial limits from a baseline) and per-point limits.

A limit set is what the centre (or the file import) decided for one product, operation and
characteristic, under a version; trial limits are computed here from a baseline window with the
standard constants and are always flagged ``trial``, so they can never pass for a set from the centre.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from hmi.spc.constants import constants
from hmi.spc.kinds import ChartType, LimitsError, check_subgroup

RECOMMENDED_BASELINE = 20   # subgroups; fewer gives trial limits with a warning


@dataclass(frozen=True, slots=True)
class PointLimits:
    """The limits one point is judged against; zones are cl ± k·sigma on each side."""

    cl: float
    ucl: float
    lcl: float
    sigma_hi: float
    sigma_lo: float


@dataclass(frozen=True, slots=True)
class DispersionLimits:
    """The paired MR, R or S chart."""

    cl: float
    ucl: float
    lcl: float


@dataclass(frozen=True, slots=True)
class LimitSet:
    """One version of the limits for a characteristic; ``ucl``/``lcl`` None = per point (p, np, c, u)."""

    chart: ChartType
    cl: float
    ucl: float | None = None
    lcl: float | None = None
    usl: float | None = None
    lsl: float | None = None
    subgroup_size: int = 1
    version: str = ""
    trial: bool = False
    product: str = ""
    operation: str = ""
    characteristic: str = ""
    source: str = ""                    # "mes", "file" or "trial"
    dispersion: DispersionLimits | None = None
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        values = [self.cl, self.ucl, self.lcl, self.usl, self.lsl]
        if any(v is not None and not math.isfinite(v) for v in values):
            raise LimitsError("limits must be finite numbers")
        # An attribute chart's lower limit may sit on its centre line (a c chart with c̄ = 0).
        if (self.ucl is not None and self.lcl is not None and not self.lcl < self.cl < self.ucl
                and not (self.chart.is_attribute and self.lcl <= self.cl < self.ucl)):
            raise LimitsError(f"need lcl < cl < ucl, got lcl={self.lcl}, cl={self.cl}, ucl={self.ucl}")
        if (self.ucl is None) != (self.lcl is None):
            raise LimitsError("give both ucl and lcl, or neither")
        if self.ucl is None and not self.chart.is_attribute:
            raise LimitsError(f"the {self.chart.value} chart needs ucl and lcl")
        if self.usl is not None and self.lsl is not None and not self.lsl < self.usl:
            raise LimitsError(f"need lsl < usl, got lsl={self.lsl}, usl={self.usl}")
        if self.chart is ChartType.P and not 0.0 <= self.cl <= 1.0:
            raise LimitsError(f"a p chart's centre line is a fraction between 0 and 1, not {self.cl}")
        if self.chart.is_attribute and self.cl < 0:
            raise LimitsError(f"an attribute chart's centre line cannot be negative ({self.cl})")
        if not self.chart.is_attribute:
            check_subgroup(self.chart, self.subgroup_size)

    @property
    def sigma(self) -> float | None:
        """The process σ (of single values) the control limits stand for; None for attribute charts."""
        if self.chart.is_attribute or self.ucl is None or self.lcl is None:
            return None
        return (self.ucl - self.lcl) / 6.0 * math.sqrt(self.subgroup_size)

    def with_dispersion(self) -> LimitSet:
        """The paired chart's limits derived from σ when the set does not carry them."""
        if self.dispersion is not None or self.chart.is_attribute:
            return self
        return replace(self, dispersion=dispersion_from_sigma(self.chart, self.subgroup_size, self.sigma or 0.0))

    def point_limits(self, sample_size: float = 1.0) -> PointLimits:
        """The limits for one point (for p and u charts, per its sample size when ucl/lcl are not fixed)."""
        if self.ucl is not None and self.lcl is not None:
            return PointLimits(cl=self.cl, ucl=self.ucl, lcl=self.lcl, sigma_hi=(self.ucl - self.cl) / 3.0,
                               sigma_lo=(self.cl - self.lcl) / 3.0)
        return attribute_point_limits(self.chart, self.cl, sample_size)


def attribute_point_limits(chart: ChartType, cl: float, sample_size: float) -> PointLimits:
    """3σ limits of an attribute chart; the lower limit stops at 0 (p's upper at 1), the zones do not."""
    if sample_size <= 0:
        raise LimitsError(f"the sample size must be positive, not {sample_size}")
    if chart is ChartType.P:
        sigma = math.sqrt(cl * (1.0 - cl) / sample_size)
        upper_bound = 1.0
    elif chart is ChartType.NP:
        sigma = math.sqrt(max(cl * (1.0 - cl / sample_size), 0.0))
        upper_bound = sample_size
    elif chart is ChartType.C:
        sigma = math.sqrt(cl)
        upper_bound = math.inf
    elif chart is ChartType.U:
        sigma = math.sqrt(cl / sample_size)
        upper_bound = math.inf
    else:
        raise LimitsError(f"{chart.value} is not an attribute chart")
    return PointLimits(cl=cl, ucl=min(cl + 3.0 * sigma, upper_bound), lcl=max(cl - 3.0 * sigma, 0.0),
                       sigma_hi=sigma, sigma_lo=sigma)


def dispersion_from_sigma(chart: ChartType, n: int, sigma: float) -> DispersionLimits:
    """MR/R/S limits for a known σ: R̄ = d2·σ with D3, D4; S̄ = c4·σ with B3, B4."""
    if chart is ChartType.IMR:
        k = constants(2)
        centre = k.d2 * sigma
        return DispersionLimits(cl=centre, ucl=k.d4_factor * centre, lcl=k.d3_factor * centre)
    k = constants(n)
    if chart is ChartType.XBAR_R:
        centre = k.d2 * sigma
        return DispersionLimits(cl=centre, ucl=k.d4_factor * centre, lcl=k.d3_factor * centre)
    if chart is ChartType.XBAR_S:
        centre = k.c4 * sigma
        return DispersionLimits(cl=centre, ucl=k.b4 * centre, lcl=k.b3 * centre)
    raise LimitsError(f"{chart.value} has no paired chart")


def _baseline_warnings(count: int) -> tuple[str, ...]:
    if count < RECOMMENDED_BASELINE:
        return (f"trial limits from only {count} subgroups; {RECOMMENDED_BASELINE} to 25 are usual",)
    return ()


def trial_variables(chart: ChartType, values: Sequence[float], n: int) -> LimitSet:
    """Trial limits from consecutive values grouped by n (I-MR: n = 1), with A2/D3/D4 or A3/B3/B4."""
    check_subgroup(chart, n)
    data = np.asarray(values, dtype=float)
    if n == 1:
        if data.size < 2:
            raise LimitsError("trial limits need at least 2 values")
        centre = float(data.mean())
        mr_bar = float(np.abs(np.diff(data)).mean())
        k = constants(2)
        sigma = mr_bar / k.d2
        return LimitSet(chart=chart, cl=centre, ucl=centre + 3 * sigma, lcl=centre - 3 * sigma, subgroup_size=1,
                        trial=True, source="trial", warnings=_baseline_warnings(data.size - 1),
                        dispersion=DispersionLimits(cl=mr_bar, ucl=k.d4_factor * mr_bar, lcl=k.d3_factor * mr_bar))
    groups = data[: data.size - data.size % n].reshape(-1, n)
    if groups.shape[0] < 2:
        raise LimitsError(f"trial limits need at least 2 subgroups of {n}")
    centre = float(groups.mean(axis=1).mean())
    k = constants(n)
    if chart is ChartType.XBAR_R:
        r_bar = float(np.ptp(groups, axis=1).mean())
        half = k.a2 * r_bar
        disp = DispersionLimits(cl=r_bar, ucl=k.d4_factor * r_bar, lcl=k.d3_factor * r_bar)
    else:
        s_bar = float(groups.std(axis=1, ddof=1).mean())
        half = k.a3 * s_bar
        disp = DispersionLimits(cl=s_bar, ucl=k.b4 * s_bar, lcl=k.b3 * s_bar)
    if half <= 0:
        raise LimitsError("the baseline has no variation; trial limits cannot be computed")
    return LimitSet(chart=chart, cl=centre, ucl=centre + half, lcl=centre - half, subgroup_size=n, trial=True,
                    source="trial", dispersion=disp, warnings=_baseline_warnings(groups.shape[0]))


def trial_attributes(chart: ChartType, counts: Sequence[float], sizes: Sequence[float]) -> LimitSet:
    """Trial centre line of an attribute chart: p̄ = Σd/Σn, n·p̄, c̄ or ū = Σc/Σn (limits per point)."""
    c = np.asarray(counts, dtype=float)
    s = np.asarray(sizes, dtype=float)
    if c.size < 2:
        raise LimitsError("trial limits need at least 2 samples")
    if chart is ChartType.P:
        centre = float(c.sum() / s.sum())
    elif chart is ChartType.NP:
        if np.ptp(s) != 0:
            raise LimitsError("the np chart needs one sample size for all samples; use the p chart")
        centre = float(c.sum() / s.sum() * s[0])
    elif chart is ChartType.C:
        centre = float(c.mean())
    elif chart is ChartType.U:
        centre = float(c.sum() / s.sum())
    else:
        raise LimitsError(f"{chart.value} is not an attribute chart")
    return LimitSet(chart=chart, cl=centre, trial=True, source="trial", warnings=_baseline_warnings(c.size))
