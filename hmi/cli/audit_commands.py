"""``hmi audit``: verify the hash chain (naming the first broken entry), show, count, and replace a lost key."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from hmi import audit, jsonutil
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
    count = actions.add_parser("count", help="print how many entries station.db holds (for the installer; "
                                             "writes nothing)")
    count.add_argument("--data-dir", type=Path, required=True, help="the data folder that holds station.db")
    count.add_argument("--signed", action="store_true",
                       help="count only a trail a station signed with an audit key (an older release's unsigned "
                            "trail counts 0: the installer's first key is how it gets one)")
    count.set_defaults(func=_count)


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


def _count(args: argparse.Namespace) -> int:
    """The installer asks before it writes a key: a new key beside signed entries would re-key the station silently.

    Needs no config (the package's postinst has only the data folder) and leaves nothing behind: postinst
    runs as root, and a -wal or -shm file root made would lock the station user out of its own records.
    """
    path = Path(args.data_dir) / "station.db"
    if not path.is_file():
        print(f"hmi: no station records at {path}", file=sys.stderr)
        return 3
    try:
        entries, signed = count_entries(path)
    except sqlite3.Error as exc:
        print(f"hmi: {path}: the audit entries cannot be counted ({exc})", file=sys.stderr)
        return 1
    print(entries if signed or not args.signed else 0)
    return 0


def count_entries(path: Path) -> tuple[int, bool]:
    """Audit entries in station.db, and whether a key signed them, read without creating any file beside it.

    Signed: the head record carries a MAC, or the MES acknowledged a head (only keyed releases send one).
    With no -wal file every commit is in the main file, so it is read as immutable (no -shm made); with
    one, SQLite must read the WAL through the -shm the station made, and the owner of station.db gets
    any sidecar file this read created.
    """
    wal = path.with_name(path.name + "-wal")
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = {side for side in sidecars if side.exists()}
    mode = "mode=ro" if wal in existed else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "audit" not in tables:
            return 0, False
        entries = int(conn.execute("SELECT count(*) FROM audit").fetchone()[0])
        settings = dict(conn.execute("SELECT key, value FROM settings WHERE key IN (?, ?)",
                                     [audit.HEAD_KEY, audit.ANCHOR_KEY]).fetchall()) if "settings" in tables else {}
        head = jsonutil.loads(settings[audit.HEAD_KEY]) if audit.HEAD_KEY in settings else None
        signed = audit.ANCHOR_KEY in settings or (isinstance(head, dict) and bool(head.get("mac")))
        return entries, signed
    finally:
        conn.close()
        owner = path.stat()
        for side in sidecars:
            if side not in existed and side.exists():
                try:
                    os.chown(side, owner.st_uid, owner.st_gid)
                    side.chmod(0o600)
                except OSError:
                    pass   # not root: the file is this user's, who owns the records too


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
