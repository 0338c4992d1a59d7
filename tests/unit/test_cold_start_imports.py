"""The login screen is shown before the heavy libraries load (cold start: 1.6 s with them, 0.9 s without).

Protocol libraries, label rendering and the charts load behind the login: plugins in ``Station.start``,
renderers on the first label, a screen's module when its page is first built. An eager import anywhere
on the way to the login screen makes these tests fail.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hmi import plugin_registry
from hmi.cli import main as cli
from hmi.config import load_config
from hmi.sync import wiring
from tests.conftest import DEMO_CONFIG

# Loaded only once the station starts or a screen/label needs them.
HEAVY = ("asyncua", "pymodbus", "httpx", "aiomqtt", "reportlab", "pypdfium2", "pyqtgraph",
         "plugins.opcua.driver", "plugins.modbus.driver", "plugins.mes.rest", "plugins.mes.mqtt")

# The modules of the commands the login path does not run.
OTHER_COMMANDS = tuple(sorted({module for module, _ in cli.COMMANDS.values()}))

# The real `hmi run --smoke`, with Station.start (called right after the login is shown) replaced by a
# probe that reports which heavy modules are already loaded at that moment.
PROBE = """
import json, sys
from hmi.station import Station

async def probe(self):
    print("loaded-before-start: " + json.dumps([m for m in HEAVY if m in sys.modules]), flush=True)
    print("commands-before-start: " + json.dumps([m for m in OTHER_COMMANDS if m in sys.modules]), flush=True)

Station.start = probe
from hmi.cli.main import main
sys.exit(main(["run", "--config", CONFIG, "--data-dir", DATA, "--smoke"]))
"""


def test_the_login_screen_is_shown_before_any_heavy_library_loads(tmp_path: Path) -> None:
    script = f"HEAVY = {HEAVY!r}\nOTHER_COMMANDS = {OTHER_COMMANDS!r}\nCONFIG = {str(DEMO_CONFIG)!r}\nDATA = {str(tmp_path)!r}\n" + PROBE
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "hmi: ready: LoginScreen shown" in result.stdout, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("loaded-before-start: "))
    assert json.loads(line.removeprefix("loaded-before-start: ")) == []
    line = next(x for x in result.stdout.splitlines() if x.startswith("commands-before-start: "))
    assert json.loads(line.removeprefix("commands-before-start: ")) == []


# Which modules a command line imports before its command runs, in a fresh interpreter.
PARSE_PROBE = """
import json, sys
from hmi.cli.main import build_parser
build_parser(ARGV).parse_args(ARGV)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("hmi.cli.", "screens", "PySide6", "sqlite_utils",
                                                                "numpy", "hmi.store", "hmi.station")))))
"""


def _imported_for(argv: list[str]) -> set[str]:
    result = subprocess.run([sys.executable, "-c", f"ARGV = {argv!r}\n" + PARSE_PROBE], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_a_command_line_imports_only_the_module_of_its_command(tmp_path: Path) -> None:
    """`hmi run` loads the screens' command module, not the label, equipment or SPC commands."""
    loaded = _imported_for(["run", "--smoke", "--config", str(DEMO_CONFIG)])
    assert "screens.gui_commands" in loaded
    assert loaded.isdisjoint(OTHER_COMMANDS)
    assert loaded.isdisjoint({"PySide6", "sqlite_utils", "numpy", "hmi.store", "hmi.station"})  # the Qt shell and
    # the station load when the command runs, not while its arguments are read
    loaded = _imported_for(["spc", "check", "--chart", "xbar_r", "--rules", "nelson", "--trial", "values.txt"])
    assert loaded & set(OTHER_COMMANDS) == {"hmi.cli.spc_commands"} and "screens.gui_commands" not in loaded


HELP_PROBE = """
import sys
from hmi.cli.main import main
try:
    main(["--help"])
finally:
    print("loaded:", " ".join(m for m in ("PySide6", "sqlite_utils", "hmi.store") if m in sys.modules))
"""


def test_the_help_lists_every_command_without_loading_qt_or_the_store() -> None:
    env = {**os.environ, "COLUMNS": "300"}  # one line per command
    result = subprocess.run([sys.executable, "-c", HELP_PROBE], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if re.match(r"    \S", line)}
    assert listed == {*cli.COMMANDS, "run", "demo", "screenshots"}
    assert result.stdout.splitlines()[-1].split() == ["loaded:"]


def test_each_command_is_registered_by_the_module_and_with_the_help_the_table_names() -> None:
    """The names and help `hmi --help` shows without importing a module are the ones the module adds."""
    by_module: dict[str, dict[str, str]] = {}
    for name, (module, short_help) in cli.COMMANDS.items():
        by_module.setdefault(module, {})[name] = short_help
    for module, expected in by_module.items():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        assert {action.dest: action.help for action in sub._choices_actions} == expected, module


def test_the_screens_add_their_commands_through_entry_points() -> None:
    assert set(cli.command_entry_points()) == {"run", "demo", "screenshots"}
    for name, entry_point in cli.command_entry_points().items():
        sub = argparse.ArgumentParser().add_subparsers()
        entry_point.load()(sub)
        assert list(sub.choices) == [name]


@pytest.mark.parametrize("group", ["hmi.equipment", "hmi.mes"])
def test_a_light_options_model_is_the_plugins_own_model(group: str) -> None:
    """The config is checked with the model the driver itself validates with, not a copy that can drift."""
    names = plugin_registry.available(f"{group}.options")
    assert names
    for name in names:
        assert plugin_registry.plugin_config_model(group, name) is plugin_registry.load_plugin(group, name).config_model


def test_a_light_address_grammar_is_the_drivers_own() -> None:
    """Tag addresses are parsed, before any driver loads, by the grammar the driver itself carries."""
    names = plugin_registry.available("hmi.equipment.addresses")
    assert names == plugin_registry.available("hmi.equipment")
    for name in names:
        light = plugin_registry.plugin_attribute("hmi.equipment", name, "addresses", attribute="parse_address")
        assert light is plugin_registry.load_plugin("hmi.equipment", name).parse_address


def test_an_unknown_driver_is_still_named_with_the_installed_ones() -> None:
    with pytest.raises(plugin_registry.PluginNotFound, match=r"'opcuaa'.*modbus, opcua"):
        plugin_registry.plugin_config_model("hmi.equipment", "opcuaa")


async def test_the_mes_connector_loads_its_plugin_when_first_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(DEMO_CONFIG)
    assert config.mes is not None and config.mes.enabled
    loaded: list[str] = []
    opened: list[str] = []

    class Connector:
        name = "fake"

        async def open(self) -> None:
            opened.append("open")

        async def close(self) -> None:
            opened.append("close")

    class Factory:
        @staticmethod
        def from_options(options: dict[str, Any], context: wiring.ConnectorContext) -> Connector:
            assert options == config.mes.options() and context.station_id == config.station.id  # type: ignore[union-attr]
            return Connector()

    def load(group: str, name: str) -> type[Factory]:
        loaded.append(f"{group}:{name}")
        return Factory

    monkeypatch.setattr(wiring, "load_plugin", load)
    connector = wiring.build_connector(config)
    assert connector is not None and connector.name == config.mes.driver
    await connector.close()  # closing what was never opened loads nothing
    assert loaded == [] and opened == []
    await connector.open()
    await connector.open()
    await connector.close()
    assert loaded == [f"hmi.mes:{config.mes.driver}"]
    assert opened == ["open", "open", "close"]
