"""Modbus TCP (and RTU over serial) equipment driver; pymodbus stays inside this package.

The driver loads on first use, so that reading the config (``plugins.modbus.options``) does not load pymodbus.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ModbusDriver"]


def __getattr__(name: str) -> Any:
    if name == "ModbusDriver":
        from plugins.modbus.driver import ModbusDriver

        return ModbusDriver
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
