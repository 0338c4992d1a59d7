"""``hmi history upload-status``: each history sink's backlog, oldest un-uploaded row, rate and last error."""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

from hmi.cli.common import add_config_argument, config_path, fail, load_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser("history", help="the history upload to central sinks")
    commands = history.add_subparsers(dest="history_command", metavar="COMMAND")
    status = commands.add_parser("upload-status", help="each sink's backlog, oldest row waiting, rate and last error")
    add_config_argument(status)
    status.set_defaults(func=_upload_status)
    history.set_defaults(func=lambda args: history.print_help() or 2)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    for unit, size in (("d", 86_400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def _upload_status(args: argparse.Namespace) -> int:
    from hmi.historian.upload_rows import backlog
    from hmi.store.database import StoreError, connect

    config = load_or_exit(config_path(args))
    path = Path(args.data_dir or config.data_dir()) / "history.db"
    sinks = config.history.enabled_sinks()
    if not sinks:
        print("no history sinks are configured ([[history.sinks]] in the station config)")
        return 0
    if not path.exists():
        return fail(f"no history at {path} (is --data-dir or the config's data folder right?)", 3)
    try:
        db = connect(path, readonly=True)
    except StoreError as exc:
        return fail(str(exc), 3)
    now = time.time()
    try:
        for sink in sinks:
            found = backlog(db.conn, sink.name)
            state = db.conn.execute("SELECT updated, last_ok, last_error, rows_per_s FROM upload_sink WHERE sink = ?",
                                    (sink.name,)).fetchone()
            oldest = None if found.oldest_ms is None else max(0.0, now - found.oldest_ms / 1000)
            print(f"{sink.name} ({sink.driver}): backlog {found.rows} rows, oldest waiting {_age(oldest)}")
            if state is None:
                print("  not uploaded yet")
                continue
            updated, last_ok, last_error, rate = state
            print(f"  rate {rate:.0f} rows/s (as of {_age(now - updated)} ago); "
                  f"last success {_age(None if last_ok is None else now - last_ok)}"
                  f"{' ago' if last_ok is not None else ''}")
            print(f"  last error: {last_error or 'none'}")
            if oldest is not None and oldest > config.history.backlog_alarm_age_s:
                print(f"  ALARM: the backlog is older than {_age(config.history.backlog_alarm_age_s)}")
        dropped = db.conn.execute("SELECT coalesce(sum(rows), 0) FROM upload_dropped").fetchone()[0]
        if dropped:
            print(f"{dropped} raw rows were deleted before every sink had them (the disk limit won)")
    except sqlite3.OperationalError as exc:
        return fail(f"{path} has no upload records yet ({exc}); start the station once to migrate it", 3)
    finally:
        db.close()
    return 0
