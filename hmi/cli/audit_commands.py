"""``hmi audit verify``: check the hash chain and name the first broken entry."""

from __future__ import annotations

import argparse

from hmi import audit
from hmi.cli.common import add_config_argument, open_store_for


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("audit", help="check or show the audit trail")
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check that no entry was changed, removed or moved")
    add_config_argument(verify)
    verify.set_defaults(func=_verify)
    show = actions.add_parser("show", help="print the newest entries")
    show.add_argument("--limit", type=int, default=50)
    add_config_argument(show)
    show.set_defaults(func=_show)


def _verify(args: argparse.Namespace) -> int:
    _, store = open_store_for(args, readonly=True)
    try:
        result = store.read_blocking(audit.verify)
    finally:
        store.close()
    if result.ok:
        print(f"audit trail OK: {result.entries} entries, chain intact")
        return 0
    print(f"audit trail BROKEN at entry {result.first_broken}: {result.reason} "
          f"({result.entries} entries verified before it)")
    return 1


def _show(args: argparse.Namespace) -> int:
    import datetime as dt

    _, store = open_store_for(args, readonly=True)
    try:
        rows = store.read_blocking(lambda db: audit.entries(db, limit=args.limit))
    finally:
        store.close()
    for e in reversed(rows):
        when = dt.datetime.fromtimestamp(e.ts).isoformat(timespec="seconds")
        print(f"{e.seq:>7} {when} {e.actor:<14} {e.action:<22} {e.object_type}/{e.object_id}")
    return 0
