"""An outbox event the sync engine set aside, as the sync screen shows it with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from hmi.outbox import OutboxEvent


@dataclass(frozen=True, slots=True)
class QuarantinedEvent:
    event: OutboxEvent
    reason: str
    quarantined_at: float
    waiting_behind: int       # events of the same subject held back by this one
