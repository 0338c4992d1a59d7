"""``hmi alarms``: the current alarm states and the journal as CSV, for integrators and auditors."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from hmi.alarms.export import write_journal_csv
from hmi.alarms.journal import JournalFilter
from hmi.alarms.persistence import journal, load_records
from hmi.auth.users import list_users
from hmi.cli.common import add_config_argument, open_store_for


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("alarms", help="show alarm states or export the alarm journal")
    actions = parser.add_subparsers(dest="alarms_command", metavar="ACTION", required=True)
    show = actions.add_parser("list", help="alarms that are not normal (as stored)")
    add_config_argument(show)
    show.set_defaults(func=_list)
    export = actions.add_parser("export", help="write the alarm journal as CSV")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--hours", type=float, default=24.0, help="how far back (default 24)")
    add_config_argument(export)
    export.set_defaults(func=_export)


def _list(args: argparse.Namespace) -> int:
    config, store = open_store_for(args, readonly=True)
    try:
        records = store.read_blocking(load_records)
    finally:
        store.close()
    for record in sorted(records, key=lambda r: r.since):
        if record.state.value == "normal":
            continue
        d = config.alarms.get(record.alarm_id)
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.since))
        print(f"{when}  {(d.priority.value if d else '?'):<10} {record.state.value:<15} {record.alarm_id}"
              f"  {d.message_en if d else '(no longer configured)'}")
    return 0


def _export(args: argparse.Namespace) -> int:
    _, store = open_store_for(args, readonly=True)
    since = time.time() - args.hours * 3600
    try:
        entries = store.read_blocking(lambda db: journal(db, JournalFilter(since=since, limit=10_000_000)))
        names = {u.username: u.display_name for u in store.read_blocking(list_users)}
    finally:
        store.close()
    count = write_journal_csv(entries, args.out, names=names)
    print(f"{count} journal entries written to {args.out}")
    return 0
