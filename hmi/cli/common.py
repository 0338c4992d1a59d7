"""What most commands share: finding the config, opening the station's store, reporting errors."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from importlib.resources import files
from pathlib import Path

from hmi.config import ConfigError, StationConfig, load_config
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


def open_store_for(args: argparse.Namespace) -> tuple[StationConfig, Store]:
    """The config and an opened station.db, for commands that work on records."""

    config = load_or_exit(config_path(args))
    data_dir = args.data_dir or config.data_dir()
    try:
        store = Store(path=Path(data_dir) / "station.db").open()
    except StoreError as exc:
        raise store_error_exit(exc) from None
    return config, store
