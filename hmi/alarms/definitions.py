"""Alarm definitions as written in station.toml (``[alarms.<id>]``), checked strictly.

One definition is one alarm: a tag, a kind (a limit, a deviation, a discrete state, bad quality or
a rate of change), a priority and the texts the operator needs to act on it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from hmi.config import Strict


class AlarmKind(StrEnum):
    HIHI = "hihi"
    HI = "hi"
    LO = "lo"
    LOLO = "lolo"
    DEVIATION = "deviation"          # |value - setpoint tag| >= limit
    DISCRETE = "discrete"            # value differs from normal_value
    BAD_QUALITY = "bad_quality"      # the tag's quality is BAD or STALE
    RATE_OF_CHANGE = "rate_of_change"  # |change per second| >= limit

    @property
    def needs_limit(self) -> bool:
        return self in _LIMIT_KINDS


_LIMIT_KINDS = {AlarmKind.HIHI, AlarmKind.HI, AlarmKind.LO, AlarmKind.LOLO, AlarmKind.DEVIATION,
                AlarmKind.RATE_OF_CHANGE}


class Priority(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    DIAGNOSTIC = "diagnostic"

    @property
    def rank(self) -> int:
        """0 is the most urgent: the order of the alarm list and the banner."""
        return _RANK[self]


_RANK = {p: i for i, p in enumerate(Priority)}


class SuppressWhen(Strict):
    """Suppressed by design while ``tag`` equals ``equals`` (e.g. the machine is in maintenance)."""

    tag: Annotated[str, Field(min_length=1)]
    equals: bool | int | float | str


class AlarmDefinition(Strict):
    tag: Annotated[str, Field(min_length=1)]
    kind: AlarmKind
    priority: Priority = Priority.MEDIUM
    limit: float | None = None
    setpoint_tag: str | None = None              # deviation alarms only
    normal_value: bool | int | float | str | None = None  # discrete alarms only
    deadband: Annotated[float, Field(ge=0)] = 0.0
    on_delay_s: Annotated[float, Field(ge=0)] = 0.0
    off_delay_s: Annotated[float, Field(ge=0)] = 0.0
    message_en: Annotated[str, Field(min_length=1)]
    message_ko: str = ""
    consequence: str = ""
    consequence_ko: str = ""
    corrective_action: str = ""
    corrective_action_ko: str = ""
    area: str = ""
    equipment: str = ""
    latching: bool = False
    suppress_when: SuppressWhen | None = None
    max_shelve_s: Annotated[float, Field(gt=0)] = 8 * 3600.0

    @model_validator(mode="after")
    def _kind_needs(self) -> AlarmDefinition:
        if self.kind.needs_limit and self.limit is None:
            raise ValueError(f"a {self.kind.value} alarm needs 'limit'")
        if self.kind is AlarmKind.DEVIATION and not self.setpoint_tag:
            raise ValueError("a deviation alarm needs 'setpoint_tag'")
        if self.kind is AlarmKind.DISCRETE and self.normal_value is None:
            raise ValueError("a discrete alarm needs 'normal_value' (the value that is not an alarm)")
        if self.kind in (AlarmKind.DEVIATION, AlarmKind.RATE_OF_CHANGE) and self.limit is not None \
                and self.limit <= 0:
            raise ValueError(f"a {self.kind.value} alarm needs a 'limit' greater than 0")
        return self

    def message(self, locale: str) -> str:
        return self.message_ko if locale == "ko" and self.message_ko else self.message_en

    def consequence_text(self, locale: str) -> str:
        return self.consequence_ko if locale == "ko" and self.consequence_ko else self.consequence

    def corrective_action_text(self, locale: str) -> str:
        return self.corrective_action_ko if locale == "ko" and self.corrective_action_ko else self.corrective_action
