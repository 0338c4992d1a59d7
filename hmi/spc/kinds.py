"""The names SPC's config and bundle use (chart types, rule families), without numpy.

Kept apart so that checking station.toml or a bundle imports nothing heavy before the login screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

MAX_SUBGROUP = 50


class ChartType(StrEnum):
    IMR = "imr"
    XBAR_R = "xbar_r"
    XBAR_S = "xbar_s"
    P = "p"
    NP = "np"
    C = "c"
    U = "u"

    @property
    def is_attribute(self) -> bool:
        return self in (ChartType.P, ChartType.NP, ChartType.C, ChartType.U)

    @property
    def dispersion_name(self) -> str:
        """The paired chart's name (MR, R or S); empty for attribute charts, which stand alone."""
        return {ChartType.IMR: "MR", ChartType.XBAR_R: "R", ChartType.XBAR_S: "S"}.get(self, "")


class LimitsError(ValueError):
    """Limits that cannot be used (or computed) as given; the message says why."""


def chart_for_subgroup(n: int) -> ChartType:
    """The usual variables chart for a subgroup size: I-MR for 1, X̄-R up to 10, X̄-S above."""
    if n < 1:
        raise LimitsError(f"subgroup size must be at least 1, not {n}")
    return ChartType.IMR if n == 1 else ChartType.XBAR_R if n <= 10 else ChartType.XBAR_S


def check_subgroup(chart: ChartType, n: int) -> None:
    if chart is ChartType.IMR and n != 1:
        raise LimitsError(f"the I-MR chart takes single values (subgroup 1), not subgroups of {n}")
    if chart is ChartType.XBAR_R and not 2 <= n <= 10:
        raise LimitsError(f"the X̄-R chart takes subgroups of 2 to 10, not {n} (use xbar_s above 10)")
    if chart is ChartType.XBAR_S and not 2 <= n <= MAX_SUBGROUP:
        raise LimitsError(f"the X̄-S chart takes subgroups of 2 to {MAX_SUBGROUP}, not {n}")


class RuleFamily(StrEnum):
    WE = "we"
    NELSON = "nelson"


RULE_COUNT = {RuleFamily.WE: 4, RuleFamily.NELSON: 8}


class RulesError(ValueError):
    """A rule selection that names no known rule."""


def select_rules(family: RuleFamily | str, numbers: Iterable[int] | None = None) -> tuple[str, ...]:
    """The rule names of a family, all of them or the numbered ones (``select_rules("nelson", [1, 2])``)."""
    try:
        fam = RuleFamily(family)
    except ValueError:
        raise RulesError(f"unknown rule family {family!r}: use we or nelson") from None
    count = RULE_COUNT[fam]
    chosen = sorted(set(numbers)) if numbers is not None else list(range(1, count + 1))
    bad = [n for n in chosen if not 1 <= n <= count]
    if bad:
        raise RulesError(f"{fam.value} has rules 1 to {count}, not {', '.join(map(str, bad))}")
    return tuple(f"{fam.value}-{n}" for n in chosen)
