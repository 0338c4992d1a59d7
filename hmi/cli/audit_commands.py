"""``hmi audit verify``: check the hash chain and name the first broken entry."""

from __future__ import annotations

import argparse
import sys

from hmi import audit
from hmi.cli.common import add_config_argument, cli_actor, open_store_for


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
    new_key = actions.add_parser("new-key", help="start a new audit key when audit.key is lost for good (recorded)")
    new_key.add_argument("--key-is-lost", action="store_true", required=True,
                         help="say that audit.key cannot be restored from a backup")
    add_config_argument(new_key)
    new_key.set_defaults(func=_new_key)


def _verify(args: argparse.Namespace) -> int:
    _, store = open_store_for(args, readonly=True)
    try:
        result = store.read_blocking(audit.verify)
    finally:
        store.close()
    if result.ok and store.audit_key is None and result.entries:
        # Without the key a trail re-hashed with plain SHA-256 looks whole: never call that OK.
        print(f"audit trail NOT CHECKED: the audit key file is missing, so {result.entries} entries cannot be "
              "told from a trail rewritten without it; restore audit.key from the backup")
        return 1
    if result.ok:
        print(f"audit trail OK: {result.entries} entries, chain intact")
        if result.notice:
            print(f"WARNING: {result.notice}")
        if len(result.segments) > 1:
            for segment in result.segments:
                print(f"  entries {segment.first}-{segment.last}: {_CHECKED[segment.checked]}")
        return 0
    print(f"audit trail BROKEN at entry {result.first_broken}: {result.reason} "
          f"({result.entries} entries verified before it)")
    return 1


_CHECKED = {
    audit.Checked.KEY: "signed with the current audit key (checked)",
    audit.Checked.ANCHORED: "signed with the lost key, up to the head the MES acknowledged under it (linked to it)",
    audit.Checked.LINKED: "signed with the lost key after the MES's last acknowledged head (links only)",
    audit.Checked.PLAIN: "written before the station had an audit key (plain SHA-256)",
}


def _new_key(args: argparse.Namespace) -> int:
    import time
    from pathlib import Path

    config, store = open_store_for(args, readonly=True)
    path = Path(store.path).parent / audit.KEY_FILE
    try:
        key = store.write_blocking(lambda db: audit.replace_lost_key(
            db, path, ts=time.time(), station=config.station.id, actor=cli_actor()))
    except audit.AuditKeyError as exc:
        print(f"hmi: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"new audit key in {path}: it signs entries from {key.keyed_from} on; entry {key.keyed_from} records the "
          f"replacement, and every `hmi audit verify` reports entries 1-{key.keyed_from - 1} as no longer checked "
          "with a key. Back the new key up with station.db.")
    return 0


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
