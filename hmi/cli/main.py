"""The ``hmi`` command. Each area adds its subcommands in its own module (``register``)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from hmi import __version__

COMMAND_MODULES = (
    "hmi.cli.config_commands",
    "hmi.cli.users_commands",
    "hmi.cli.audit_commands",
    "hmi.cli.init_commands",
    "hmi.cli.gui_commands",
    "hmi.cli.masterdata_commands",
    "hmi.cli.label_commands",
    "hmi.cli.equipment_commands",
    "hmi.cli.plugin_commands",
    "hmi.cli.alarms_commands",
    "hmi.cli.mes_commands",
    "hmi.cli.spc_commands",
    "hmi.cli.history_commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hmi", description="Station HMI: the operator station of a factory line.")
    parser.add_argument("--version", action="version", version=f"station-hmi {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages to the console")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
