"""Each Western Electric and Nelson rule against sequences that just trigger it and just do not.

Limits throughout: CL 0, σ 1, UCL 3, LCL −3, so a value is its own distance from the centre in σ.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmi.spc.kinds import RulesError, select_rules
from hmi.spc.limits import PointLimits
from hmi.spc.rules import Violation, evaluate, naive_violations

UNIT = PointLimits(cl=0.0, ucl=3.0, lcl=-3.0, sigma_hi=1.0, sigma_lo=1.0)
ALL = select_rules("we") + select_rules("nelson")


def fired(values: list[float], rule: str) -> list[int]:
    return [v.index for v in evaluate(values, [UNIT] * len(values), [rule])]


ZIGZAG_13 = [0.5 if i % 2 else -0.5 for i in range(13)]   # 13 points alternating: 12 changes

CASES = [
    # rule, just triggers (fires at the last point), just does not (fires nowhere)
    ("we-1", [0.0, 3.01], [0.0, 3.0, -3.0]),
    ("nelson-1", [0.0, -3.01], [2.99, -2.99]),
    ("we-2", [2.1, 0.0, 2.1], [2.1, 0.0, 0.0, 2.1]),
    ("nelson-5", [-2.1, -2.5], [2.1, -2.1, 2.0]),
    ("we-3", [1.1, 1.2, 0.0, 1.3, 1.4], [1.1, 1.2, 0.0, 0.0, 1.3, 1.4]),
    ("nelson-6", [-1.1, -1.2, -1.3, 0.5, -1.4], [-1.1, -1.2, -1.3, 1.1, -1.0]),
    ("we-4", [0.1] * 8, [0.1] * 7 + [0.0]),
    ("nelson-2", [-0.1] * 9, [-0.1] * 8 + [0.1]),
    ("nelson-3", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5], [0.0, 0.1, 0.2, 0.3, 0.4, 0.4]),
    ("nelson-4", [*ZIGZAG_13, 0.5], [*ZIGZAG_13, -0.6]),
    ("nelson-7", [0.9, -0.9] * 7 + [0.5], [0.9, -0.9] * 7 + [1.0]),
    ("nelson-8", [1.1, -1.1] * 4, [1.1, -1.1] * 3 + [1.1, 1.0]),
]


@pytest.mark.parametrize(("rule", "triggers", "does_not"), CASES, ids=[c[0] for c in CASES])
def test_rule_just_triggers_and_just_does_not(rule: str, triggers: list[float], does_not: list[float]) -> None:
    assert fired(triggers, rule)[-1:] == [len(triggers) - 1]
    assert fired(does_not, rule) == []


def test_a_longer_run_fires_at_every_point_past_the_pattern() -> None:
    assert fired([0.2] * 11, "nelson-2") == [8, 9, 10]


def test_two_of_three_reports_the_point_that_completes_it_not_the_next() -> None:
    assert fired([2.5, 2.5, 0.0, 0.0], "we-2") == [1]


def test_violation_names_the_points_it_spans() -> None:
    assert Violation(index=10, rule="nelson-2").points == tuple(range(2, 11))


def test_rule_selection_is_checked() -> None:
    assert select_rules("nelson", [2, 5]) == ("nelson-2", "nelson-5")
    with pytest.raises(RulesError, match="we has rules 1 to 4"):
        select_rules("we", [5])
    with pytest.raises(RulesError, match="unknown rule family"):
        select_rules("minitab")


@pytest.mark.parametrize("seed", range(5))
def test_incremental_evaluation_equals_rereading_every_window(seed: int) -> None:
    rng = random.Random(seed)
    values = [round(rng.gauss(0.0, 1.3), 1) for _ in range(800)]
    # Runs and trends are rare in noise; splice some in.
    values[100:112] = [0.5 + 0.1 * i for i in range(12)]
    values[300:316] = [(-1) ** i * 0.7 for i in range(16)]
    limits = [UNIT] * len(values)
    assert evaluate(values, limits, ALL) == naive_violations(values, limits, ALL)


integers = st.lists(st.integers(min_value=-40, max_value=40), min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(values=integers, cl=st.integers(-5, 5), sigma=st.integers(1, 6), shift=st.integers(-10_000, 10_000),
       power=st.integers(-6, 6), negate=st.booleans())
def test_shifting_or_scaling_values_and_limits_together_changes_no_violation(
        values: list[int], cl: int, sigma: int, shift: int, power: int, negate: bool) -> None:
    # Integers and powers of two keep every comparison exact, so only the rules' logic is under test.
    def limits(scale: float, offset: float) -> PointLimits:
        c, s = cl * scale + offset, sigma * abs(scale)
        return PointLimits(cl=c, ucl=c + 3 * s, lcl=c - 3 * s, sigma_hi=s, sigma_lo=s)

    base = evaluate([float(v) for v in values], [limits(1.0, 0.0)] * len(values), ALL)
    shifted = evaluate([float(v + shift) for v in values], [limits(1.0, shift)] * len(values), ALL)
    scale = 2.0**power * (-1.0 if negate else 1.0)
    scaled = evaluate([v * scale for v in values], [limits(scale, 0.0)] * len(values), ALL)
    assert shifted == base
    assert scaled == base
