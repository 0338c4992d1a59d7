"""Cp, Cpk (within-subgroup σ) and Pp, Ppk (overall σ), with the sample count and honest warnings.

A capability index from a handful of points, or from a process that is not in control, is not a
fact about the process; such results carry a warning that the screens and the report show with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hmi.spc.constants import constants

MIN_VALUES = 30    # fewer single values than this and the σ estimates are too loose to trust


@dataclass(frozen=True, slots=True)
class Capability:
    count: int                 # single values used
    subgroups: int
    mean: float | None
    sigma_within: float | None
    sigma_overall: float | None
    cp: float | None
    cpk: float | None
    pp: float | None
    ppk: float | None
    warnings: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()     # the warnings as keys for the screens: too_few, not_in_control, no_spec, no_variation

    def as_dict(self) -> dict[str, object]:
        return {"count": self.count, "subgroups": self.subgroups, "mean": self.mean,
                "sigma_within": self.sigma_within, "sigma_overall": self.sigma_overall, "cp": self.cp,
                "cpk": self.cpk, "pp": self.pp, "ppk": self.ppk, "warnings": list(self.warnings)}


def indices(mean: float, sigma: float, lsl: float | None, usl: float | None) -> tuple[float | None, float | None]:
    """(C, Ck) for one σ: (USL − LSL)/6σ and min(USL − μ, μ − LSL)/3σ; one-sided specs give Ck only."""
    if sigma <= 0 or not math.isfinite(sigma):
        return None, None
    c = (usl - lsl) / (6 * sigma) if usl is not None and lsl is not None else None
    sides = [(usl - mean) / (3 * sigma)] if usl is not None else []
    sides += [(mean - lsl) / (3 * sigma)] if lsl is not None else []
    return c, (min(sides) if sides else None)


def sigma_within(values: npt.ArrayLike, n: int, *, use_s: bool = False) -> float | None:
    """MR̄/d2(2) for single values, R̄/d2(n) for subgroups (S̄/c4(n) for an X̄-S chart)."""
    data = np.asarray(values, dtype=float)
    if n == 1:
        if data.size < 2:
            return None
        return float(np.abs(np.diff(data)).mean()) / constants(2).d2
    groups = data[: data.size - data.size % n].reshape(-1, n)
    if groups.shape[0] < 1:
        return None
    if use_s:
        return float(groups.std(axis=1, ddof=1).mean()) / constants(n).c4
    return float(np.ptp(groups, axis=1).mean()) / constants(n).d2


def capability(values: npt.ArrayLike, *, n: int, lsl: float | None, usl: float | None, use_s: bool = False,
               violations: int = 0) -> Capability:
    """Capability of consecutive values grouped by n; ``violations`` found on the chart make it a warning."""
    data = np.asarray(values, dtype=float)
    warnings: list[str] = []
    kinds: list[str] = []
    subgroups = data.size // n
    if lsl is None and usl is None:
        warnings.append("no spec limits: capability cannot be computed")
        kinds.append("no_spec")
    if data.size < MIN_VALUES:
        warnings.append(f"only {data.size} values; at least {MIN_VALUES} are needed for a dependable estimate")
        kinds.append("too_few")
    if violations:
        warnings.append(f"not in control ({violations} rule violations): the indices do not describe a stable process")
        kinds.append("not_in_control")
    mean = float(data.mean()) if data.size else None
    within = sigma_within(data, n, use_s=use_s)
    overall = float(data.std(ddof=1)) if data.size >= 2 else None
    cp = cpk = pp = ppk = None
    if mean is not None and within is not None:
        cp, cpk = indices(mean, within, lsl, usl)
    if mean is not None and overall is not None:
        pp, ppk = indices(mean, overall, lsl, usl)
    if within == 0 or overall == 0:
        warnings.append("the values do not vary: capability is undefined")
        kinds.append("no_variation")
    return Capability(count=int(data.size), subgroups=subgroups, mean=mean, sigma_within=within,
                      sigma_overall=overall, cp=cp, cpk=cpk, pp=pp, ppk=ppk, warnings=tuple(warnings),
                      kinds=tuple(kinds))
