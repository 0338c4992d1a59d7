"""``hmi spc check``: a chart over a values file, with the live station's limits, rules and capability."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hmi.spc.kinds import ChartType, RuleFamily


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("spc", help="statistical process control tools")
    actions = parser.add_subparsers(dest="spc_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="run a chart and its rules over a values file",
                               description="Variables charts: one value per line. Attribute charts "
                                           "(p, np, c, u): count,sample_size per line.")
    check.add_argument("--chart", required=True, choices=[c.value for c in ChartType])
    check.add_argument("--rules", required=True, choices=[f.value for f in RuleFamily])
    check.add_argument("--subgroup", type=int, default=1, help="values per subgroup (variables charts)")
    source = check.add_mutually_exclusive_group(required=True)
    source.add_argument("--limits", help="cl=…,ucl=…,lcl=… (p and u charts: cl=… alone gives limits per sample)")
    source.add_argument("--trial", action="store_true", help="compute trial limits from the file itself")
    check.add_argument("--spec", help="lsl=…,usl=… (either or both)")
    check.add_argument("values", type=Path)
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    # The engine (numpy) is imported only when a check runs, not for every `hmi` command.
    from hmi.spc.check import CheckInputError, parse_pairs, read_values, run_check

    chart = ChartType(args.chart)
    try:
        limits = None if args.trial else parse_pairs(args.limits, ("cl", "ucl", "lcl"), "--limits")
        spec = parse_pairs(args.spec, ("lsl", "usl"), "--spec") if args.spec else None
        data = read_values(args.values, attribute=chart.is_attribute)
        result = run_check(chart=chart, family=RuleFamily(args.rules), subgroup=args.subgroup, data=data,
                           limits=limits, spec=spec)
    except CheckInputError as exc:
        print(f"hmi spc check: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    _print_text(result)
    return 0


def _print_text(result: dict[str, object]) -> None:
    lim = result["limits"]
    assert isinstance(lim, dict)
    kind = "trial limits" if lim["trial"] else "limits"
    ucl, lcl = lim["ucl"], lim["lcl"]
    bounds = f"UCL {ucl:.6g}  LCL {lcl:.6g}" if isinstance(ucl, float) and isinstance(lcl, float) else "UCL/LCL per sample"
    print(f"{result['chart']} chart, {result['points']} points, {kind}: CL {lim['cl']:.6g}  {bounds}")
    for warning in lim["warnings"]:
        print(f"  warning: {warning}")
    violations = result["violations"]
    assert isinstance(violations, list)
    print(f"{len(violations)} violations")
    for v in violations:
        print(f"  point {v['index']}: {v['rule']}")
    cap = result.get("capability")
    if isinstance(cap, dict):
        parts = [f"{k} {cap[k]:.3f}" for k in ("cp", "cpk", "pp", "ppk") if cap[k] is not None]
        print(f"capability over {cap['count']} values: {'  '.join(parts) or 'not computed'}")
        for warning in cap["warnings"]:
            print(f"  warning: {warning}")
