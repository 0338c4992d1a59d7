"""The one typed payload that crosses the tag bus."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Scalar = float | int | bool | str
# A tag with ``array = true`` carries a list (an OPC-UA array variable); every other tag a scalar.
Value = Scalar | list[Scalar] | None


class Quality(StrEnum):
    GOOD = "GOOD"
    UNCERTAIN = "UNCERTAIN"
    BAD = "BAD"
    STALE = "STALE"  # no update within the expected interval: the last value may no longer be true

    @property
    def is_good(self) -> bool:
        return self is Quality.GOOD


@dataclass(frozen=True, slots=True)
class Sample:
    """One value of one tag at one time. ``ts`` is seconds since the epoch, UTC, from the source."""

    tag: str
    ts: float
    value: Value
    quality: Quality
    error: str | None = None  # why the quality is not GOOD, in words an integrator understands
