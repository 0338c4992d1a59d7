"""Health of one outside connection (equipment, MES, printer), as the header chips show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from hmi.observable import Observable


class Health(StrEnum):
    OK = "ok"
    CONNECTING = "connecting"
    DEGRADED = "degraded"  # working, but something needs a look (backlog, one device down)
    FAILED = "failed"
    DISABLED = "disabled"  # not configured at this station


@dataclass(frozen=True, slots=True)
class ComponentStatus:
    health: Health
    summary: str = ""
    last_error: str | None = None
    last_ok: float | None = None
    details: dict[str, str] = field(default_factory=dict)


class StatusBoard:
    """The station's status chips: one observable per component name ("equipment", "mes", "printer")."""

    COMPONENTS = ("equipment", "mes", "printer")

    def __init__(self) -> None:
        self._items: dict[str, Observable[ComponentStatus]] = {
            name: Observable(ComponentStatus(Health.DISABLED, "not configured")) for name in self.COMPONENTS
        }

    def __getitem__(self, name: str) -> Observable[ComponentStatus]:
        if name not in self._items:
            self._items[name] = Observable(ComponentStatus(Health.DISABLED, "not configured"))
        return self._items[name]

    def names(self) -> list[str]:
        return list(self._items)
