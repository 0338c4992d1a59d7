"""``hmi init``: set up a new station's records on purpose (data folder, station.db, audit key).

The station refuses to start on a 0-byte station.db, or on one without its schema but with a WAL
beside it, because treating those as a new station would silently lose every record. ``hmi init``
is how a person says "this is a new station": it makes the folder (0700), the database (0600) and
the audit key (0600), and refuses a folder that already holds a station's records.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hmi import audit
from hmi.cli.common import add_config_argument, config_path, load_or_exit, store_error_exit
from hmi.store import Store, StoreError
from hmi.store.database import private_dir


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("init", help="set up a new station's data folder, station.db and audit key")
    add_config_argument(parser)
    parser.set_defaults(func=_init)


def _init(args: argparse.Namespace) -> int:
    config = load_or_exit(config_path(args))
    data_dir = Path(args.data_dir or config.data_dir())
    path = data_dir / "station.db"
    if path.exists() and path.stat().st_size > 0 and _has_schema(path):
        print(f"hmi: {path} already holds a station's records; nothing was changed", file=sys.stderr)
        return 1
    private_dir(data_dir)
    try:
        store = Store(path=path, audit_key_file=data_dir / audit.KEY_FILE, create_audit_key=True,
                      initialize=True).open()
    except StoreError as exc:
        raise store_error_exit(exc) from None
    except audit.AuditKeyError as exc:
        print(f"hmi: {exc}", file=sys.stderr)
        return 3
    store.close()
    print(f"new station {config.station.id}: records in {path}, audit key in {data_dir / audit.KEY_FILE} "
          "(back the key up with the records: without it the audit trail cannot be checked)")
    return 0


def _has_schema(path: Path) -> bool:
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True  # something we do not understand: leave it alone
