"""The control-chart constants (d2, d3, c4 and the A2, A3, B3, B4, D3, D4 built from them).

They are computed from the normal distribution rather than typed in from a table, so a typo cannot
hide in them; ``tests/unit/test_spc_constants.py`` checks them against the published tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from hmi.spc.kinds import MAX_SUBGROUP

# The grid on which the range integrals are taken: the integrands vanish beyond ±8 σ.
_GRID = np.linspace(-8.0, 8.0, 1601)
_STEP = float(_GRID[1] - _GRID[0])
_PHI = 0.5 * (1.0 + np.array([math.erf(x / math.sqrt(2.0)) for x in _GRID]))


@dataclass(frozen=True, slots=True)
class ChartConstants:
    n: int
    d2: float
    d3: float
    c4: float
    a2: float
    a3: float
    b3: float
    b4: float
    d3_factor: float   # D3 (lower range-chart factor)
    d4_factor: float   # D4 (upper range-chart factor)


def _check(n: int) -> None:
    if not 2 <= n <= MAX_SUBGROUP:
        raise ValueError(f"subgroup size must be between 2 and {MAX_SUBGROUP}, not {n}")


@cache
def d2(n: int) -> float:
    """E[range] of n standard normal values: ∫ 1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ dx."""
    _check(n)
    integrand = 1.0 - _PHI**n - (1.0 - _PHI) ** n
    return float(np.trapezoid(integrand, dx=_STEP))


@cache
def d3(n: int) -> float:
    """Standard deviation of that range, from E[R²] = 2 ∬_{x<y} P(min ≤ x, max > y) dx dy."""
    _check(n)
    phi_x = _PHI[:, None]
    phi_y = _PHI[None, :]
    # Trapezoid weights over the triangle x ≤ y: the diagonal counts half.
    weight = np.triu(np.ones((_GRID.size, _GRID.size)), k=1) + 0.5 * np.eye(_GRID.size)
    joint = 1.0 - phi_y**n - (1.0 - phi_x) ** n + np.clip(phi_y - phi_x, 0.0, None) ** n
    second_moment = 2.0 * float(np.sum(weight * joint)) * _STEP * _STEP
    return math.sqrt(second_moment - d2(n) ** 2)


@cache
def c4(n: int) -> float:
    """E[s]/σ for n normal values: √(2/(n−1)) Γ(n/2) / Γ((n−1)/2)."""
    _check(n)
    return math.sqrt(2.0 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


@cache
def constants(n: int) -> ChartConstants:
    """Every factor for subgroup size n (the range factors need the double integral, ~20 ms once)."""
    dd2, dd3, cc4 = d2(n), d3(n), c4(n)
    spread = 3.0 * math.sqrt(1.0 - cc4**2) / cc4
    return ChartConstants(n=n, d2=dd2, d3=dd3, c4=cc4, a2=3.0 / (dd2 * math.sqrt(n)),
                          a3=3.0 / (cc4 * math.sqrt(n)), b3=max(0.0, 1.0 - spread), b4=1.0 + spread,
                          d3_factor=max(0.0, 1.0 - 3.0 * dd3 / dd2), d4_factor=1.0 + 3.0 * dd3 / dd2)
