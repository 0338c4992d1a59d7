"""The SPC summary of a lot, for its page and its PDF report: characteristics, Cpk, violations, causes.

Plain data (no reportlab): ``hmi/production/report.py`` lays out the rows ``report_blocks`` gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi.production.report_texts import ENGLISH, ReportTexts
from hmi.spc import records
from hmi.spc.config import SpcSection
from hmi.spc.rules import RULE_TEXT
from hmi.spc.service import characteristic_capability


def lot_summary(db: sqlite_utils.Database, lot_no: str, section: SpcSection) -> list[dict[str, Any]]:
    """One dict per characteristic charted in the lot (none when the lot had no SPC points)."""
    causes = {r.code: r for r in records.reasons(db, "cause")}
    actions = {r.code: r for r in records.reasons(db, "action")}
    out: list[dict[str, Any]] = []
    for code, config in section.characteristics.items():
        points = records.points_of(db, code, lot_no=lot_no)
        found = records.violations(db, lot_no=lot_no, characteristic=code, limit=100_000)
        if not points and not found:
            continue
        versions = {s.version: s for s in records.limit_versions(db, code)}
        used = sorted({p.limit_version for p in points} | {v.limit_version for v in found})
        cap = characteristic_capability(db, config, code, lot_no=lot_no)
        out.append({
            "characteristic": code, "name": config.name, "name_ko": config.name_ko, "unit": config.unit,
            "chart": config.chart_type.value, "points": len(points), "limit_versions": used,
            "trial": any(versions[v].trial for v in used if v in versions),
            "capability": cap.as_dict() if cap is not None else None,
            "violations": [{
                "rule": v.rule, "rule_text": RULE_TEXT.get(v.rule, v.rule), "index": v.index, "ts": v.sample_ts,
                "limit_version": v.limit_version,
                "cause": _reason(causes, v.cause_code), "action": _reason(actions, v.action_code),
                "note": v.cause_note or "", "by": v.cause_by or "", "needs_cause": v.needs_cause,
            } for v in found],
        })
    return out


def _reason(known: dict[str, records.Reason], code: str | None) -> str:
    if code is None:
        return ""
    reason = known.get(code)
    return f"{reason.name} / {reason.name_ko}" if reason and reason.name_ko else (reason.name if reason else code)


@dataclass(frozen=True, slots=True)
class ReportBlock:
    heading: str
    rows: list[list[Any]]       # the first row is the header
    widths_mm: list[float]


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def report_blocks(summary: list[dict[str, Any]], *, texts: ReportTexts = ENGLISH) -> list[ReportBlock]:
    """The report's SPC tables: one overview, then the violations with their causes."""
    if not summary:
        return []
    overview: list[list[Any]] = [[texts("Characteristic"), texts("Chart"), texts("Limit set"), texts("Points"),
                                  "Cp / Cpk", "Pp / Ppk", texts("Notes")]]
    violations: list[list[Any]] = [[texts("Characteristic"), texts("Rule"), texts("Point"), texts("Time"),
                                    texts("Assignable cause / action")]]
    for s in summary:
        cap = s["capability"] or {}
        versions = ", ".join(s["limit_versions"]) + (f" ({texts('TRIAL')})" if s["trial"] else "")
        overview.append([texts.pick(s["name"], s["name_ko"]) + (f" ({s['unit']})" if s["unit"] else ""), s["chart"],
                         versions, s["points"], f"{_num(cap.get('cp'))} / {_num(cap.get('cpk'))}",
                         f"{_num(cap.get('pp'))} / {_num(cap.get('ppk'))}", "\n".join(cap.get("warnings", []))])
        for v in s["violations"]:
            when = dt.datetime.fromtimestamp(v["ts"]).strftime("%Y-%m-%d %H:%M:%S")
            cause = "\n".join(x for x in (v["cause"], v["action"], v["note"], v["by"]) if x)
            if not cause:
                cause = texts("awaiting cause") if v["needs_cause"] else "—"
            rule = texts.rules.get(v["rule"]) or f"{v['rule']}: {v['rule_text']}"
            violations.append([texts.pick(s["name"], s["name_ko"]), rule, v["index"] + 1, when, cause])
    blocks = [ReportBlock(texts("Characteristics"), overview, [40, 14, 28, 14, 20, 20, 44])]
    if len(violations) > 1:
        blocks.append(ReportBlock(texts("Violations"), violations, [34, 50, 12, 30, 54]))
    return blocks
