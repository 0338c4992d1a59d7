"""What ``hmi spc check`` computes: a chart over a file of values, through the live station's code."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hmi.spc.capability import capability
from hmi.spc.engine import CharacteristicChart, ChartPoint
from hmi.spc.kinds import ChartType, LimitsError, RuleFamily, select_rules
from hmi.spc.limits import LimitSet, trial_attributes, trial_variables


class CheckInputError(ValueError):
    """A values file or an option that cannot be used; the message names the line or the key."""


@dataclass(frozen=True, slots=True)
class CheckInput:
    values: list[float]             # variables: one per line; attributes: the counts
    sizes: list[float]              # attributes: the sample sizes


def parse_pairs(text: str, allowed: Sequence[str], what: str) -> dict[str, float]:
    """``"cl=1,ucl=2"`` → {"cl": 1.0, "ucl": 2.0}; unknown keys and non-numbers are errors."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, raw = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in allowed:
            raise CheckInputError(f"{what}: expected {', '.join(k + '=…' for k in allowed)}, got {part!r}")
        try:
            value = float(raw)
        except ValueError:
            raise CheckInputError(f"{what}: {key} must be a number, got {raw.strip()!r}") from None
        if not math.isfinite(value):
            raise CheckInputError(f"{what}: {key} must be a finite number, got {raw.strip()!r}")
        out[key] = value
    return out


def read_values(path: Path, *, attribute: bool) -> CheckInput:
    """One value per line (variables) or ``count,sample_size`` per line (attributes); blank lines skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckInputError(f"cannot read {path}: {exc}") from None
    values: list[float] = []
    sizes: list[float] = []
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        expected = 2 if attribute else 1
        if len(cells) != expected:
            shape = "count,sample_size" if attribute else "one value"
            raise CheckInputError(f"{path}:{number}: expected {shape} per line, got {','.join(cells)!r}")
        try:
            numbers = [float(c) for c in cells]
        except ValueError:
            raise CheckInputError(f"{path}:{number}: not a number: {','.join(cells)!r}") from None
        if not all(math.isfinite(v) for v in numbers):
            raise CheckInputError(f"{path}:{number}: not a finite number: {','.join(cells)!r}")
        values.append(numbers[0])
        if attribute:
            sizes.append(numbers[1])
    if not values:
        raise CheckInputError(f"{path}: no values")
    return CheckInput(values=values, sizes=sizes)


def run_check(*, chart: ChartType, family: RuleFamily, subgroup: int, data: CheckInput,
              limits: dict[str, float] | None, spec: dict[str, float] | None) -> dict[str, Any]:
    """The check's JSON document: the limits used, each violation, and capability for variables."""
    spec = spec or {}
    rules = select_rules(family)
    try:
        limit_set = _limit_set(chart, subgroup, data, limits, spec)
        engine = CharacteristicChart(limits=limit_set, rules=rules, history=len(data.values) + 1)
        points: list[ChartPoint] = []
        if chart.is_attribute:
            points = [engine.add_count(c, n, float(i)) for i, (c, n) in enumerate(zip(data.values, data.sizes, strict=True))]
        else:
            for i, v in enumerate(data.values):
                if (p := engine.add_value(v, float(i))) is not None:
                    points.append(p)
    except LimitsError as exc:
        raise CheckInputError(str(exc)) from None
    violations = [{"index": p.index, "rule": rule} for p in points for rule in p.rules]
    result: dict[str, Any] = {"chart": chart.value, "rules": family.value, "subgroup": subgroup,
                              "points": len(points), "limits": _limits_json(engine.limits, points),
                              "violations": violations}
    if not chart.is_attribute:
        result["capability"] = capability(data.values, n=subgroup, lsl=spec.get("lsl"), usl=spec.get("usl"),
                                          use_s=chart is ChartType.XBAR_S, violations=len(violations)).as_dict()
    return result


def _limit_set(chart: ChartType, n: int, data: CheckInput, limits: dict[str, float] | None,
               spec: dict[str, float]) -> LimitSet:
    if chart.is_attribute:
        if n != 1:
            raise CheckInputError("--subgroup is for variables charts; attribute files give each sample's size")
    elif len(data.values) % n:
        raise CheckInputError(f"{len(data.values)} values do not make whole subgroups of {n}")
    if limits is None:
        if chart.is_attribute:
            trial = trial_attributes(chart, data.values, data.sizes)
        else:
            trial = trial_variables(chart, data.values, n)
        return LimitSet(**{**_fields(trial), "usl": spec.get("usl"), "lsl": spec.get("lsl")})
    if "cl" not in limits:
        raise CheckInputError("--limits needs cl=… (and ucl=…,lcl=…)")
    return LimitSet(chart=chart, cl=limits["cl"], ucl=limits.get("ucl"), lcl=limits.get("lcl"),
                    usl=spec.get("usl"), lsl=spec.get("lsl"), subgroup_size=n, source="given")


def _fields(limit_set: LimitSet) -> dict[str, Any]:
    return {name: getattr(limit_set, name) for name in limit_set.__dataclass_fields__}


def _limits_json(limit_set: LimitSet, points: Sequence[ChartPoint]) -> dict[str, Any]:
    fixed = limit_set.ucl is not None
    out: dict[str, Any] = {
        "cl": limit_set.cl,
        "ucl": limit_set.ucl if fixed else [p.limits.ucl for p in points],
        "lcl": limit_set.lcl if fixed else [p.limits.lcl for p in points],
        "lsl": limit_set.lsl, "usl": limit_set.usl, "trial": limit_set.trial, "source": limit_set.source,
        "warnings": list(limit_set.warnings),
    }
    if limit_set.dispersion is not None:
        d = limit_set.dispersion
        out["dispersion"] = {"chart": limit_set.chart.dispersion_name, "cl": d.cl, "ucl": d.ucl, "lcl": d.lcl}
    return out
