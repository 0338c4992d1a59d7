"""``hmi oee replay``: per-shift OEE over a machine log, with the live station's calculation code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hmi.cli.common import load_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("oee", help="OEE and downtime tools")
    actions = parser.add_subparsers(dest="oee_command", metavar="ACTION", required=True)
    replay = actions.add_parser("replay", help="per-shift OEE over a machine log (CSV)",
                                description="The log has the columns ts,state,good_total,scrap_total,fault_code; "
                                            "ts is ISO 8601 with its offset. Each row holds until the next.")
    replay.add_argument("--config", "-c", type=Path, required=True, help="station.toml (its [oee] section)")
    replay.add_argument("--log", type=Path, required=True, help="machine log, CSV")
    replay.add_argument("--ideal-cycle-s", type=float, default=None,
                        help="ideal cycle time in seconds (default: [oee] ideal_cycle_s)")
    replay.add_argument("--json", action="store_true", help="print one JSON object per shift")
    replay.set_defaults(func=_replay)


def _replay(args: argparse.Namespace) -> int:
    from hmi.oee.replay import ReplayError, read_log, replay_json, text_lines
    from hmi.oee.states import StateMap

    config = load_or_exit(args.config)
    section = config.oee
    if section is None:
        print(f"hmi oee replay: {args.config}: oee: section missing; expected an [oee] section with "
              "state_tag and [[oee.shifts]]", file=sys.stderr)
        return 2
    cycle = args.ideal_cycle_s if args.ideal_cycle_s is not None else section.ideal_cycle_s
    if cycle is None or not cycle > 0:
        print(f"hmi oee replay: {args.config}: oee.ideal_cycle_s: missing; expected the ideal cycle time in "
              "seconds (> 0), or pass --ideal-cycle-s", file=sys.stderr)
        return 2
    try:
        log = read_log(args.log, states=StateMap(mapping=section.states))
        rows = replay_json(section, log, ideal_cycle_s=cycle)
    except ReplayError as exc:
        print(f"hmi oee replay: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print("\n".join(text_lines(rows)) or "no shift overlaps the log")
    return 0
