"""Alarms the ISA-18.2 way: definitions, the state machine, its persistence and performance figures.

Only the Qt-free, import-light parts are re-exported here (hmi.config imports the definitions);
the service lives in ``hmi.alarms.service``.
"""

# hmi.config imports the definitions (they need its Strict): load it first, whichever is imported first.
import hmi.config  # noqa: F401  isort: skip
from hmi.alarms.definitions import AlarmDefinition, AlarmKind, Priority, SuppressWhen
from hmi.alarms.model import AlarmActionError, AlarmRecord, AlarmState, Transition, TransitionKind

__all__ = [
    "AlarmActionError",
    "AlarmDefinition",
    "AlarmKind",
    "AlarmRecord",
    "AlarmState",
    "Priority",
    "SuppressWhen",
    "Transition",
    "TransitionKind",
]
