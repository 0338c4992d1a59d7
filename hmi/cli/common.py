"""What most commands share: finding the config, opening the station's store, reporting errors."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from hmi.config import ConfigError, StationConfig, load_config

if TYPE_CHECKING:
    from hmi.store import Store, StoreError

SYSTEM_CONFIG = Path("/etc/station-hmi/station.toml")


def demo_config_path() -> Path:
    return Path(str(files("resources") / "demo" / "station.toml"))


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", "-c", type=Path, default=None,
        help=f"station.toml (default: $HMI_CONFIG, else {SYSTEM_CONFIG} when it exists)",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="use this data folder instead of the config's")


def config_path(args: argparse.Namespace) -> Path:
    if getattr(args, "config", None):
        return Path(args.config)
    if os.environ.get("HMI_CONFIG"):
        return Path(os.environ["HMI_CONFIG"])
    if SYSTEM_CONFIG.exists():
        return SYSTEM_CONFIG
    raise SystemExit(f"hmi: no station config: pass --config FILE, set HMI_CONFIG, or install {SYSTEM_CONFIG}")


def load_or_exit(path: Path) -> StationConfig:
    try:
        return load_config(path)
    except ConfigError as exc:
        report_config_error(exc)
        raise SystemExit(2) from None


def report_config_error(exc: ConfigError) -> None:
    count = len(exc.problems)
    print(f"hmi: the station config has {count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)


def fail(message: str, code: int = 1) -> int:
    print(f"hmi: {message}", file=sys.stderr)
    return code


def store_error_exit(exc: StoreError) -> SystemExit:
    print(f"hmi: {exc}", file=sys.stderr)
    return SystemExit(3)


def read_pin(args: argparse.Namespace) -> str:
    if getattr(args, "pin", None):
        return str(args.pin)
    if getattr(args, "pin_stdin", False):
        return sys.stdin.readline().strip()
    first = getpass.getpass("PIN: ")
    if getpass.getpass("PIN again: ") != first:
        raise SystemExit("hmi: the two PINs differ")
    return first


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


def open_store_for(args: argparse.Namespace, *, create: bool = False,
                   readonly: bool = False) -> tuple[StationConfig, Store]:
    """The config and an opened station.db, for commands that work on records.

    A command that only checks or shows records never creates a database: a missing one is an error
    (often a wrong --data-dir). ``create`` is for commands that may set up a station's first records.
    The audit key is read from beside station.db; a command that writes creates it when missing, so its
    entries are signed like the station's; a reading command never creates it.
    """
    from hmi import audit
    from hmi.store import Store, StoreError

    config = load_or_exit(config_path(args))
    data_dir = Path(args.data_dir or config.data_dir())
    path = data_dir / "station.db"
    if not create and not path.exists():
        print(f"hmi: no station records at {path} (is --data-dir or the config's data folder right?). "
              "Nothing was created; a new station is set up with `hmi init`.", file=sys.stderr)
        raise SystemExit(3)
    key_file = data_dir / audit.KEY_FILE
    if readonly and not key_file.exists():
        print(f"hmi: warning: the audit key file {key_file} is missing: entries signed with it will not "
              "verify; restore it from the backup", file=sys.stderr)
        key_file_arg: Path | None = None
    else:
        key_file_arg = key_file
    try:
        store = Store(path=path, audit_key_file=key_file_arg, create_audit_key=not readonly).open()
    except StoreError as exc:
        raise store_error_exit(exc) from None
    except audit.AuditKeyError as exc:
        print(f"hmi: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
    return config, store
