"""Western Electric rules 1–4 and Nelson rules 1–8, checked point by point with a little state per rule.

A rule is reported at every point where its pattern holds in the points that end there (Minitab's
convention): nine points above the centre fire ``nelson-2`` at the ninth, a tenth fires it again.
A "k of m" rule fires only at a point that is itself one of the k, so the point that completes the
pattern is the one reported (and k points are enough at the start of a chart). Comparisons are strict: a point exactly on a zone line is not beyond it,
a point on the centre line breaks a run, and an unchanged value breaks a trend or an alternation.

``IncrementalRules.push`` costs O(1) per point; ``naive_violations`` re-evaluates each window from
scratch and exists to cross-check it (tests) and as the benchmark's baseline.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hmi.spc.kinds import RulesError
from hmi.spc.limits import PointLimits

# What each rule looks for, as the screens and the report name it.
RULE_TEXT = {
    "we-1": "1 point beyond 3σ",
    "we-2": "2 of 3 points beyond 2σ, same side",
    "we-3": "4 of 5 points beyond 1σ, same side",
    "we-4": "8 points in a row on one side",
    "nelson-1": "1 point beyond 3σ",
    "nelson-2": "9 points in a row on one side",
    "nelson-3": "6 points in a row steadily rising or falling",
    "nelson-4": "14 points in a row alternating up and down",
    "nelson-5": "2 of 3 points beyond 2σ, same side",
    "nelson-6": "4 of 5 points beyond 1σ, same side",
    "nelson-7": "15 points in a row within 1σ",
    "nelson-8": "8 points in a row beyond 1σ, either side",
}


@dataclass(frozen=True, slots=True)
class _Pattern:
    kind: str
    length: int = 1     # points in the window
    needed: int = 1     # for "k of m": k


# The two families differ only in which patterns they number; the patterns themselves are shared.
_PATTERNS: dict[str, _Pattern] = {
    "we-1": _Pattern("beyond3"),
    "we-2": _Pattern("k_of_m_2", 3, 2),
    "we-3": _Pattern("k_of_m_1", 5, 4),
    "we-4": _Pattern("run", 8),
    "nelson-1": _Pattern("beyond3"),
    "nelson-2": _Pattern("run", 9),
    "nelson-3": _Pattern("trend", 6),
    "nelson-4": _Pattern("alternating", 14),
    "nelson-5": _Pattern("k_of_m_2", 3, 2),
    "nelson-6": _Pattern("k_of_m_1", 5, 4),
    "nelson-7": _Pattern("within1", 15),
    "nelson-8": _Pattern("outside1", 8),
}


def rule_window(rule: str) -> int:
    """How many points a rule's pattern spans (the points a violation names)."""
    return _PATTERNS[rule].length


@dataclass(frozen=True, slots=True)
class _Point:
    side: int       # +1 above the centre line, -1 below, 0 on it
    zone: int       # signed: ±3 beyond the control limit, ±2 beyond 2σ, ±1 beyond 1σ, 0 within 1σ
    within1: bool   # strictly inside cl ± 1σ


def _classify(value: float, lim: PointLimits) -> _Point:
    side = 1 if value > lim.cl else -1 if value < lim.cl else 0
    if value > lim.ucl:
        zone = 3
    elif value < lim.lcl:
        zone = -3
    elif value > lim.cl + 2 * lim.sigma_hi:
        zone = 2
    elif value < lim.cl - 2 * lim.sigma_lo:
        zone = -2
    elif value > lim.cl + lim.sigma_hi:
        zone = 1
    elif value < lim.cl - lim.sigma_lo:
        zone = -1
    else:
        zone = 0
    within1 = lim.cl - lim.sigma_lo < value < lim.cl + lim.sigma_hi
    return _Point(side=side, zone=zone, within1=within1)


class IncrementalRules:
    """The selected rules over a stream of points: counters and two short ring buffers, no windows."""

    def __init__(self, *, rules: Sequence[str]) -> None:
        unknown = [r for r in rules if r not in _PATTERNS]
        if unknown:
            raise RulesError(f"unknown rules: {', '.join(unknown)}")
        self.rules = tuple(rules)
        self._patterns = [(r, _PATTERNS[r]) for r in self.rules]
        self.reset()

    def reset(self) -> None:
        """Forget the history (a new lot or a new limit set starts a new chart)."""
        self._prev: float | None = None
        self._prev_dir = 0
        self._run = 0           # points in a row on self._run_side
        self._run_side = 0
        self._trend = 0         # consecutive differences of one sign
        self._alt = 0           # consecutive differences alternating in sign
        self._within = 0        # points in a row within 1σ
        self._outside = 0       # points in a row beyond 1σ (either side)
        self._zones: deque[int] = deque(maxlen=5)

    def push(self, value: float, limits: PointLimits) -> list[str]:
        """Take the next point; return the rules whose pattern it completes."""
        p = _classify(value, limits)
        if p.side != 0 and p.side == self._run_side:
            self._run += 1
        else:
            self._run_side, self._run = p.side, (1 if p.side else 0)
        direction = 0 if self._prev is None else (1 if value > self._prev else -1 if value < self._prev else 0)
        if direction == 0:
            self._trend = self._alt = 0
        else:
            self._trend = self._trend + 1 if direction == self._prev_dir else 1
            self._alt = self._alt + 1 if direction == -self._prev_dir else 1
        self._prev, self._prev_dir = value, direction
        self._within = self._within + 1 if p.within1 else 0
        self._outside = self._outside + 1 if abs(p.zone) >= 1 else 0
        self._zones.append(p.zone)
        fired = []
        for name, pattern in self._patterns:
            if self._holds(pattern, p):
                fired.append(name)
        return fired

    def _holds(self, pattern: _Pattern, p: _Point) -> bool:
        kind = pattern.kind
        if kind == "beyond3":
            return abs(p.zone) == 3
        if kind == "run":
            return self._run >= pattern.length
        if kind == "trend":
            return self._trend >= pattern.length - 1
        if kind == "alternating":
            return self._alt >= pattern.length - 1
        if kind == "within1":
            return self._within >= pattern.length
        if kind == "outside1":
            return self._outside >= pattern.length
        # k of m beyond a zone, same side, the current point among them
        level = 2 if kind == "k_of_m_2" else 1
        if abs(p.zone) < level:
            return False
        recent = list(self._zones)[-pattern.length:]
        sign = 1 if p.zone > 0 else -1
        return sum(1 for z in recent if z * sign >= level) >= pattern.needed


@dataclass(frozen=True, slots=True)
class Violation:
    index: int      # the point (or subgroup) that completes the pattern
    rule: str

    @property
    def points(self) -> tuple[int, ...]:
        """The points the pattern spans (those before index 0 never existed)."""
        return tuple(range(max(0, self.index - rule_window(self.rule) + 1), self.index + 1))


def evaluate(values: Sequence[float], limits: Sequence[PointLimits], rules: Sequence[str]) -> list[Violation]:
    """Every violation in a series, through the same incremental evaluator the live station uses."""
    engine = IncrementalRules(rules=rules)
    return [Violation(i, rule) for i, (v, lim) in enumerate(zip(values, limits, strict=True))
            for rule in engine.push(v, lim)]


def naive_violations(values: Sequence[float], limits: Sequence[PointLimits], rules: Sequence[str],
                     *, only_last: bool = False) -> list[Violation]:
    """The same rules, each window re-read from scratch (the benchmark's baseline and the tests' oracle)."""
    x = np.asarray(values, dtype=float)
    cl = np.array([lim.cl for lim in limits])
    hi = np.array([lim.sigma_hi for lim in limits])
    lo = np.array([lim.sigma_lo for lim in limits])
    ucl = np.array([lim.ucl for lim in limits])
    lcl = np.array([lim.lcl for lim in limits])
    out: list[Violation] = []
    indices = [len(x) - 1] if only_last else range(len(x))
    for i in indices:
        for rule in rules:
            pattern = _PATTERNS[rule]
            start = i - pattern.length + 1
            if start < 0 and pattern.kind.startswith("k_of_m"):
                start = 0       # 2 of the first 2 points is already 2 of 3
            elif start < 0:
                continue
            w = slice(start, i + 1)
            xs, c = x[w], cl[w]
            kind = pattern.kind
            if kind == "beyond3":
                ok = bool(x[i] > ucl[i] or x[i] < lcl[i])
            elif kind == "run":
                ok = bool(np.all(xs > c) or np.all(xs < c))
            elif kind == "trend":
                d = np.diff(xs)
                ok = bool(np.all(d > 0) or np.all(d < 0))
            elif kind == "alternating":
                d = np.sign(np.diff(xs))
                ok = bool(np.all(d != 0) and np.all(d[1:] == -d[:-1]))
            elif kind == "within1":
                ok = bool(np.all((xs > c - lo[w]) & (xs < c + hi[w])))
            elif kind == "outside1":
                ok = bool(np.all((xs > c + hi[w]) | (xs < c - lo[w])))
            else:
                level = 2 if kind == "k_of_m_2" else 1
                above = (xs > c + level * hi[w]) | (xs > ucl[w])
                below = (xs < c - level * lo[w]) | (xs < lcl[w])
                ok = bool((above[-1] and above.sum() >= pattern.needed)
                          or (below[-1] and below.sum() >= pattern.needed))
            if ok:
                out.append(Violation(i, rule))
    return out
