"""What an alarm is at a moment (ISA-18.2 / IEC 62682 states) and what happened to it (transitions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from hmi import jsonutil
from hmi.refusal import Refusal
from hmi.tags import Value


class AlarmState(StrEnum):
    NORMAL = "normal"
    UNACK_ACTIVE = "unack_active"
    ACK_ACTIVE = "ack_active"
    UNACK_RTN = "unack_rtn"
    # Overlays: the alarm is not annunciated while one of them holds.
    SHELVED = "shelved"
    SUPPRESSED = "suppressed"
    OUT_OF_SERVICE = "out_of_service"

    @property
    def annunciated(self) -> bool:
        return self in (AlarmState.UNACK_ACTIVE, AlarmState.ACK_ACTIVE, AlarmState.UNACK_RTN)

    @property
    def unacknowledged(self) -> bool:
        return self in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RTN)


class TransitionKind(StrEnum):
    RAISED = "raised"                  # the process condition became active (after the on-delay)
    RETURNED = "returned"              # the process condition returned to normal (after the off-delay)
    ACKNOWLEDGED = "acknowledged"
    RESET = "reset"                    # a latched alarm released by a person
    SHELVED = "shelved"
    UNSHELVED = "unshelved"
    SUPPRESSED = "suppressed"          # by design (e.g. the machine is in maintenance)
    UNSUPPRESSED = "unsuppressed"
    OUT_OF_SERVICE = "out_of_service"
    IN_SERVICE = "in_service"


class AlarmActionError(Refusal):
    """An operator action that does not apply to the alarm as it is now; the message says why."""


@dataclass(slots=True)
class AlarmRecord:
    """The persisted state of one alarm, plus run-time helpers that need not survive a restart."""

    alarm_id: str
    condition: bool = False            # the process condition, after on/off delays
    active: bool = False               # annunciated as active: the condition, or held by latching
    acked: bool = True
    shelved_until: float | None = None
    shelve_reason: str = ""
    shelved_by: str = ""
    suppressed: bool = False
    out_of_service: bool = False
    oos_reason: str = ""
    since: float = 0.0                 # when the state last changed
    value: Value = None                # the value at the last transition
    # Run time only:
    raw: bool = False                  # the condition before delays (for the deadband)
    pending_since: float | None = None
    last_numeric: tuple[float, float] | None = field(default=None, repr=False)  # (ts, value) for rates

    @property
    def overlaid(self) -> bool:
        return self.out_of_service or self.suppressed or self.shelved_until is not None

    @property
    def state(self) -> AlarmState:
        if self.out_of_service:
            return AlarmState.OUT_OF_SERVICE
        if self.suppressed:
            return AlarmState.SUPPRESSED
        if self.shelved_until is not None:
            return AlarmState.SHELVED
        return base_state(active=self.active, acked=self.acked)

    def row(self) -> dict[str, Any]:
        return {
            "alarm_id": self.alarm_id, "state": self.state.value, "condition": int(self.condition),
            "active": int(self.active), "acked": int(self.acked), "shelved_until": self.shelved_until,
            "shelve_reason": self.shelve_reason, "shelved_by": self.shelved_by,
            "suppressed": int(self.suppressed), "out_of_service": int(self.out_of_service),
            "oos_reason": self.oos_reason, "since": self.since, "value": _json_value(self.value),
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AlarmRecord:
        condition = bool(row["condition"])
        return cls(alarm_id=row["alarm_id"], condition=condition, active=bool(row["active"]),
                   acked=bool(row["acked"]), shelved_until=row["shelved_until"],
                   shelve_reason=row["shelve_reason"], shelved_by=row["shelved_by"],
                   suppressed=bool(row["suppressed"]), out_of_service=bool(row["out_of_service"]),
                   oos_reason=row["oos_reason"], since=row["since"], value=_from_json_value(row["value"]),
                   raw=condition)


def base_state(*, active: bool, acked: bool) -> AlarmState:
    if active:
        return AlarmState.ACK_ACTIVE if acked else AlarmState.UNACK_ACTIVE
    return AlarmState.NORMAL if acked else AlarmState.UNACK_RTN


@dataclass(frozen=True, slots=True)
class Transition:
    alarm_id: str
    ts: float
    kind: TransitionKind
    before: AlarmState
    after: AlarmState
    value: Value
    user: str                          # the person, or "system" when the process caused it
    comment: str
    row: dict[str, Any]                # the alarm's persisted state right after this transition


def _json_value(value: Value) -> str | None:
    return None if value is None else jsonutil.dumps(value)


def _from_json_value(text: str | None) -> Value:
    value = jsonutil.loads(text)
    return value if isinstance(value, bool | int | float | str) else None
