"""The alarm journal as a supervisor reads it: one transition per row, and the filter it is searched with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class JournalEntry:
    seq: int
    ts: float
    alarm_id: str
    tag: str
    priority: str
    transition: str
    state_before: str
    state_after: str
    value: Any
    user: str
    comment: str


@dataclass(frozen=True, slots=True)
class JournalFilter:
    since: float | None = None
    until: float | None = None
    tag: str = ""                 # part of the tag or alarm id
    priority: str = ""
    state: str = ""               # the state after the transition
    user: str = ""
    limit: int = 2000
