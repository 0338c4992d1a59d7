"""Canonical machine states, and the map from a state tag's raw values to them."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class State(StrEnum):
    RUNNING = "running"
    STOPPED = "stopped"
    BLOCKED = "blocked"
    STARVED = "starved"
    FAULT = "fault"
    SETUP = "setup"
    # The station was off or the tag had no good value: neither run time nor downtime.
    UNKNOWN = "unknown"

    @property
    def is_stop(self) -> bool:
        return self not in (State.RUNNING, State.UNKNOWN)


def raw_key(value: object) -> str:
    """A tag value as the config writes it: 1, 1.0 and "1" are all "1"; True is "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class UnmappedState(ValueError):
    """A raw state value that neither the config maps nor is a canonical name."""


class StateMap:
    """Raw value -> State. Canonical names map to themselves; the config's map comes first."""

    def __init__(self, *, mapping: Mapping[str, State]) -> None:
        self._map = {raw_key(k): v for k, v in mapping.items()}

    def state(self, value: object) -> State:
        if value is None:
            return State.UNKNOWN
        key = raw_key(value)
        if key in self._map:
            return self._map[key]
        try:
            return State(key.lower())
        except ValueError:
            known = sorted(set(self._map) | {s.value for s in State})
            raise UnmappedState(f"state value {key!r} is not mapped; expected one of {', '.join(known)} "
                                f"(add it to [oee.states])") from None
