"""``hmi plugins``: which drivers this installation can load, by group (the same in a bundle as from source)."""

from __future__ import annotations

import argparse

from hmi import plugin_registry


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("plugins", help="list the installed plugins (equipment, MES, printers, simulators)")
    parser.set_defaults(func=list_plugins)


def list_plugins(args: argparse.Namespace) -> int:
    for group in plugin_registry.GROUPS:
        names = plugin_registry.available(group)
        print(f"{group}: {' '.join(names) if names else '-'}")
    return 0
