"""``hmi plugins``: which drivers this installation can load, by group (the same in a bundle as from source)."""

from __future__ import annotations

import argparse
import sys

from hmi import plugin_registry


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("plugins", help="list the installed plugins (equipment, MES, printers, simulators)")
    parser.add_argument("--load", action="store_true", help="also import each one and report those that fail")
    parser.set_defaults(func=list_plugins)


def list_plugins(args: argparse.Namespace) -> int:
    failed = 0
    for group in plugin_registry.GROUPS:
        names = plugin_registry.available(group)
        print(f"{group}: {' '.join(names) if names else '-'}")
        for name in names if args.load else ():
            try:
                plugin_registry.load_plugin(group, name)
            except Exception as exc:  # report every broken plugin, not only the first
                failed += 1
                print(f"hmi: {group} plugin {name!r} cannot be loaded: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 1 if failed else 0
