"""The simulator spares asyncua's per-item deep copy only where nothing can change the value."""

from __future__ import annotations

from asyncua import ua
from asyncua.server.monitored_item_service import MonitoredItemValues

from plugins.simulators import scalar_copy


def test_scalars_are_kept_as_written_and_arrays_are_still_copied() -> None:
    scalar_copy.install()
    values = MonitoredItemValues()
    scalar = ua.DataValue(ua.Variant(1.5, ua.VariantType.Double))
    values.set_current_datavalue(scalar)
    assert values.get_current_datavalue() is scalar

    items = [1.0, 2.0]
    array = ua.DataValue(ua.Variant(items, ua.VariantType.Double))
    values.set_current_datavalue(array)
    items.append(3.0)                                  # a writer reusing its list afterwards
    kept = values.get_current_datavalue()
    assert kept is not None and kept.Value is not None and kept.Value.Value == [1.0, 2.0]
    assert values.get_old_datavalue() is scalar
