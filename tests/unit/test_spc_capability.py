"""Capability and trial limits against worked examples.

- NIST/SEMATECH e-Handbook of Statistical Methods, section 6.1.6 "What is Process Capability?",
  worked example: USL = 20, LSL = 8, x̄ = 16, s = 2 gives Cp = 1.0 and Cpk = 0.6667.
- D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Example 6.1 (piston-ring
  inside diameters, 25 subgroups of 5): x̿ = 74.001, R̄ = 0.023 give the X̄ chart's UCL 74.014 and
  LCL 73.988, the R chart's UCL 0.049 and LCL 0; σ̂ = R̄/d2 = 0.0099 and, with specs 74.000 ± 0.05,
  Cp = 1.68 (section 6.2.5).
"""

from __future__ import annotations

import pytest

from hmi.spc.capability import MIN_VALUES, capability, indices
from hmi.spc.kinds import ChartType
from hmi.spc.limits import trial_attributes, trial_variables


def test_nist_handbook_example() -> None:
    cp, cpk = indices(16.0, 2.0, 8.0, 20.0)
    assert cp == pytest.approx(1.0)
    assert cpk == pytest.approx(0.6667, abs=5e-5)


def _piston_rings() -> list[float]:
    # 25 subgroups of 5, each with mean 74.001 and range 0.023: the example's x̿ and R̄.
    values: list[float] = []
    for i in range(25):
        d = 0.001 * (i % 10)
        values += [74.001 - 0.0115, 74.001 - d, 74.001, 74.001 + d, 74.001 + 0.0115]
    return values


def test_montgomery_piston_ring_limits() -> None:
    values = _piston_rings()
    limits = trial_variables(ChartType.XBAR_R, values, 5)
    assert limits.cl == pytest.approx(74.001, abs=5e-4)
    assert limits.ucl == pytest.approx(74.014, abs=5e-4)
    assert limits.lcl == pytest.approx(73.988, abs=5e-4)
    assert limits.dispersion is not None
    assert limits.dispersion.cl == pytest.approx(0.023, abs=1e-9)
    assert limits.dispersion.ucl == pytest.approx(0.049, abs=5e-4)
    assert limits.dispersion.lcl == 0.0
    assert limits.trial and limits.source == "trial" and limits.warnings == ()


def test_montgomery_piston_ring_capability() -> None:
    cap = capability(_piston_rings(), n=5, lsl=73.95, usl=74.05)
    assert cap.sigma_within == pytest.approx(0.0099, abs=5e-5)
    assert cap.cp == pytest.approx(1.68, abs=0.01)   # the book rounds σ̂ to 0.0099 first; exact 1.6855
    assert cap.count == 125 and cap.subgroups == 25
    assert cap.warnings == ()


def test_too_few_points_and_out_of_control_are_warned_not_hidden() -> None:
    few = capability([1.0, 1.2, 0.9, 1.1], n=1, lsl=0.0, usl=2.0)
    assert few.cpk is not None
    assert any(f"at least {MIN_VALUES}" in w for w in few.warnings)
    unstable = capability(_piston_rings(), n=5, lsl=73.95, usl=74.05, violations=3)
    assert any("not in control" in w for w in unstable.warnings)


def test_one_sided_spec_gives_cpk_only() -> None:
    cap = capability(_piston_rings(), n=5, lsl=None, usl=74.05)
    assert cap.cp is None and cap.cpk is not None and cap.ppk is not None


def test_p_chart_trial_centre_line_is_pooled() -> None:
    limits = trial_attributes(ChartType.P, [2, 4, 6], [100, 100, 200])
    assert limits.cl == pytest.approx(12 / 400)
    point = limits.point_limits(100)
    assert point.ucl == pytest.approx(0.03 + 3 * (0.03 * 0.97 / 100) ** 0.5)
    assert point.lcl == 0.0
    assert limits.trial
