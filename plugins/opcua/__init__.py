"""OPC-UA equipment driver (asyncua client); asyncua types stay inside this package.

The driver loads on first use, so that reading the config (``plugins.opcua.options``) does not load asyncua.
"""

from __future__ import annotations

from typing import Any

__all__ = ["OpcUaDriver"]


def __getattr__(name: str) -> Any:
    if name == "OpcUaDriver":
        from plugins.opcua.driver import OpcUaDriver

        return OpcUaDriver
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
