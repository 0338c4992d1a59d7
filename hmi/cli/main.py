"""The ``hmi`` command. Each area adds its subcommands in its own module (``register``).

Subcommands are known by name and short help; a command's module is imported only when that command is
chosen (or for ``hmi --help``), so ``hmi run`` does not pay for the label, equipment or SPC commands.
Other packages (the Qt screens, a site's own tools) add commands through the ``hmi.commands``
entry-point group: the entry point's name is the command, its object ``add(sub)`` adds that one parser.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib.metadata import EntryPoint

from hmi import __version__, plugin_registry

COMMANDS_GROUP = "hmi.commands"

# command → (module whose ``register(sub)`` adds it, short help for ``hmi --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "check-config": ("hmi.cli.config_commands", "check a station.toml and list every problem"),
    "users": ("hmi.cli.users_commands", "add, list, disable users or reset a PIN"),
    "audit": ("hmi.cli.audit_commands", "check or show the audit trail"),
    "init": ("hmi.cli.init_commands", "set up a new station's data folder, station.db and audit key"),
    "masterdata": ("hmi.cli.masterdata_commands",
                   "import or show the master data (products, orders, instructions…)"),
    "label": ("hmi.cli.label_commands", "render or print a label from a template"),
    "printers": ("hmi.cli.label_commands", "list the configured printers with their status"),
    "watch": ("hmi.cli.equipment_commands", "connect with the config's connections and print every sample"),
    "read": ("hmi.cli.equipment_commands",
             "read one address once, e.g. 'modbus://127.0.0.1:502/hr/40001?type=float32'"),
    "browse": ("hmi.cli.equipment_commands", "list an OPC-UA server's variables with nsu= addresses"),
    "simulate": ("hmi.cli.equipment_commands", "run the anodizing-line simulator (OPC-UA + Modbus TCP on loopback)"),
    "certs": ("hmi.cli.equipment_commands", "the station's OPC-UA certificate and trusted servers"),
    "plugins": ("hmi.cli.plugin_commands", "list the installed plugins (equipment, MES, printers, simulators)"),
    "alarms": ("hmi.cli.alarms_commands", "show alarm states or export the alarm journal"),
    "mes-sim": ("hmi.cli.mes_commands", "run the reference MES (REST, records what it receives, fails on demand)"),
    "sync": ("hmi.cli.mes_commands", "the MES outbox: backlog and quarantined events"),
    "spc": ("hmi.cli.spc_commands", "statistical process control tools"),
    "oee": ("hmi.cli.oee_commands", "OEE and downtime tools"),
    "history": ("hmi.cli.history_commands", "the history upload to central sinks"),
}

_TOP_LEVEL_HELP = ("-h", "--help")


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv``; None when there is none or the top-level help is asked for.

    The top-level options take no values, so the command is the first word that is not an option.
    """
    for word in argv:
        if word in _TOP_LEVEL_HELP:
            return None
        if not word.startswith("-"):
            return word
    return None


def command_entry_points() -> dict[str, EntryPoint]:
    """Commands other packages add; a name the core already has stays the core's."""
    return {name: ep for name, ep in plugin_registry.entry_points_of(COMMANDS_GROUP).items() if name not in COMMANDS}


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``: the chosen command in full, the others by name and help only.

    With no command chosen (or ``--help``) only the commands other packages add are loaded, for their help.
    """
    parser = argparse.ArgumentParser(prog="hmi", description="Station HMI: the operator station of a factory line.")
    parser.add_argument("--version", action="version", version=f"station-hmi {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages to the console")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = chosen_command(argv)
    extra = command_entry_points()
    if chosen in COMMANDS:
        importlib.import_module(COMMANDS[chosen][0]).register(sub)
    for name, (_, short_help) in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=short_help, add_help=False)
    for name, entry_point in extra.items():
        if chosen is None or name == chosen:
            entry_point.load()(sub)
        else:
            sub.add_parser(name, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
