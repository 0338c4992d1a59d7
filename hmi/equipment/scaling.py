"""Engineering units and deadband, applied the same way whatever the driver."""

from __future__ import annotations

from hmi.config import Scaling
from hmi.tags.sample import Value


def to_engineering(raw: Value, scaling: Scaling | None) -> Value:
    if scaling is None or isinstance(raw, bool) or not isinstance(raw, int | float):
        return raw
    return scaling.eng_lo + (raw - scaling.raw_lo) * (scaling.eng_hi - scaling.eng_lo) / (scaling.raw_hi - scaling.raw_lo)


def to_raw(value: Value, scaling: Scaling | None) -> Value:
    if scaling is None or isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return scaling.raw_lo + (value - scaling.eng_lo) * (scaling.raw_hi - scaling.raw_lo) / (scaling.eng_hi - scaling.eng_lo)


def within_deadband(previous: Value, current: Value, deadband: float) -> bool:
    """True when ``current`` is too close to ``previous`` to be worth publishing."""
    if deadband <= 0 or isinstance(previous, bool) or isinstance(current, bool):
        return False
    if not isinstance(previous, int | float) or not isinstance(current, int | float):
        return False
    return abs(current - previous) < deadband
