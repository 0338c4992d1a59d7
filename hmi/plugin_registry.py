"""Find plugins through entry points, lazily: nothing is imported until a station asks for it.

Groups: ``hmi.equipment`` (tag sources), ``hmi.mes`` (MES connectors), ``hmi.printers``
(label printers), ``hmi.history_sinks`` (where history.db is uploaded), ``hmi.simulators`` (demo and test
peers). A plugin object may carry a
``config_model`` (a pydantic model) that validates its section of station.toml. A plugin whose module
is heavy to import may also register that model alone under the same name in ``<group>.options``
(e.g. ``hmi.equipment.options``): checking a config then does not import the plugin. The same holds for
an equipment driver's address grammar (``hmi.equipment.addresses``, else the driver's ``parse_address``)
and its tools (``hmi.equipment.browse``: what ``hmi browse`` runs).
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

GROUPS = ("hmi.equipment", "hmi.mes", "hmi.printers", "hmi.simulators", "hmi.history_sinks")


class PluginNotFound(LookupError):
    pass


@cache
def _all_entry_points() -> Any:  # SelectableGroups before Python 3.12, EntryPoints after; both .select()
    """Read every installed package's entry points once: each read looks at all of them (~10 ms)."""
    return entry_points()


@cache
def _entry_points(group: str) -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in _all_entry_points().select(group=group)}


def entry_points_of(group: str) -> dict[str, EntryPoint]:
    """The group's entry points by name, none of them loaded."""
    return dict(_entry_points(group))


def available(group: str) -> list[str]:
    return sorted(_entry_points(group))


def load_plugin(group: str, name: str) -> Any:
    found = _entry_points(group).get(name)
    if found is None:
        known = ", ".join(available(group)) or "none installed"
        raise PluginNotFound(f"no {group.removeprefix('hmi.')} driver named {name!r} (installed: {known})")
    return found.load()


def plugin_attribute(group: str, name: str, part: str, *, attribute: str) -> Any:
    """One part of a plugin: its own ``<group>.<part>`` entry point when it registers one (light: the plugin's
    module and its protocol library stay unimported), else the plugin's ``attribute`` (None if it has none).

    Raises PluginNotFound when no plugin of that name is installed.
    """
    if name not in _entry_points(group):
        load_plugin(group, name)  # raises PluginNotFound, naming the installed ones
    own = _entry_points(f"{group}.{part}").get(name)
    return own.load() if own is not None else getattr(load_plugin(group, name), attribute, None)


def plugin_config_model(group: str, name: str) -> type[BaseModel] | None:
    from pydantic import BaseModel  # only a config check needs it, not every command

    model = plugin_attribute(group, name, "options", attribute="config_model")
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None
