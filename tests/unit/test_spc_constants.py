"""The control-chart constants against the published table.

Source: D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley 2013,
Appendix Table VI "Factors for Constructing Variables Control Charts" (the same values as ASTM
MNL7A). The table's D3/D4 were computed from d2 and d3 rounded to three places, so they may differ
from the exact value in the last digit; the others are compared at the table's own precision.
"""

from __future__ import annotations

import pytest

from hmi.spc.constants import constants

#      n:  A2     A3     c4      B3     B4     d2     d3     D3     D4
TABLE = {
    2: (1.880, 2.659, 0.7979, 0.000, 3.267, 1.128, 0.853, 0.000, 3.267),
    3: (1.023, 1.954, 0.8862, 0.000, 2.568, 1.693, 0.888, 0.000, 2.574),
    4: (0.729, 1.628, 0.9213, 0.000, 2.266, 2.059, 0.880, 0.000, 2.282),
    5: (0.577, 1.427, 0.9400, 0.000, 2.089, 2.326, 0.864, 0.000, 2.114),
    6: (0.483, 1.287, 0.9515, 0.030, 1.970, 2.534, 0.848, 0.000, 2.004),
    7: (0.419, 1.182, 0.9594, 0.118, 1.882, 2.704, 0.833, 0.076, 1.924),
    8: (0.373, 1.099, 0.9650, 0.185, 1.815, 2.847, 0.820, 0.136, 1.864),
    9: (0.337, 1.032, 0.9693, 0.239, 1.761, 2.970, 0.808, 0.184, 1.816),
    10: (0.308, 0.975, 0.9727, 0.284, 1.716, 3.078, 0.797, 0.223, 1.777),
    15: (0.223, 0.789, 0.9823, 0.428, 1.572, 3.472, 0.756, 0.347, 1.653),
    20: (0.180, 0.680, 0.9869, 0.510, 1.490, 3.735, 0.729, 0.415, 1.585),
    25: (0.153, 0.606, 0.9896, 0.565, 1.435, 3.931, 0.708, 0.459, 1.541),
}


@pytest.mark.parametrize("n", sorted(TABLE))
def test_constants_match_the_published_table(n: int) -> None:
    a2, a3, c4, b3, b4, d2, d3, d3f, d4f = TABLE[n]
    k = constants(n)
    assert k.a2 == pytest.approx(a2, abs=0.0006)
    assert k.a3 == pytest.approx(a3, abs=0.0006)
    assert k.c4 == pytest.approx(c4, abs=0.00006)
    assert k.b3 == pytest.approx(b3, abs=0.0006)
    assert k.b4 == pytest.approx(b4, abs=0.0006)
    assert k.d2 == pytest.approx(d2, abs=0.0006)
    assert k.d3 == pytest.approx(d3, abs=0.0006)
    assert k.d3_factor == pytest.approx(d3f, abs=0.0015)
    assert k.d4_factor == pytest.approx(d4f, abs=0.0015)


def test_subgroup_size_outside_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="between 2 and"):
        constants(1)
