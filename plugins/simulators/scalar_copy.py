"""Spare asyncua's server a deep copy of every scalar value it hands to a monitored item.

asyncua deep-copies each written DataValue once per monitored item so that a caller mutating an
array afterwards cannot change what subscribers see. The simulator writes fresh scalar values and
never touches them again, and with 1,000 items every 100 ms those copies were over half of the
simulator's CPU: the benchmark then measured the simulator, not the station.
"""

from __future__ import annotations

import copy

from asyncua import ua
from asyncua.server.monitored_item_service import MonitoredItemValues

_IMMUTABLE = (bool, int, float, str, bytes, type(None))


def _set_current_datavalue(self: MonitoredItemValues, cur_val: ua.DataValue) -> None:
    self.old_dvalue = self.current_dvalue
    variant = cur_val.Value
    scalar = variant is None or isinstance(variant.Value, _IMMUTABLE)
    self.current_dvalue = cur_val if scalar else copy.deepcopy(cur_val)


def install() -> None:
    """Idempotent; affects only asyncua servers in this process (the simulator's)."""
    MonitoredItemValues.set_current_datavalue = _set_current_datavalue  # type: ignore[method-assign]
