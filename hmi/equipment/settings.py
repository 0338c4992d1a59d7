"""The [equipment] section of station.toml: how the station judges freshness and confirms writes."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from hmi.alarms.definitions import Priority
from hmi.config import Strict


class EquipmentSection(Strict):
    # A value not refreshed within stale_factor x its interval (and at least min_stale_s) is STALE.
    stale_factor: Annotated[float, Field(ge=1.5, le=100)] = 3.0
    min_stale_s: Annotated[float, Field(ge=0.1)] = 2.0
    # A write is confirmed when the read-back returns the value within this time.
    write_confirm_s: Annotated[float, Field(gt=0, le=60)] = 5.0
    # Recent values kept per tag for the tag detail view.
    recent_values: Annotated[int, Field(ge=1, le=10000)] = 120
    # Korean names of the equipment and the areas that tags and alarms name in ``equipment`` and ``area``
    # ("Anodizing bath" = "양극산화 욕조").
    # One plant-wide table may be copied to every station: names no tag here uses are not an error.
    names_ko: dict[str, str] = Field(default_factory=dict)
    # A lost connection raises the alarm ``connection.<name>`` (hmi.alarms.connections) at this priority;
    # ``connection_alarm_priorities`` sets it per connection name.
    connection_alarm_priority: Priority = Priority.DIAGNOSTIC
    connection_alarm_priorities: dict[str, Priority] = Field(default_factory=dict)

    def display_name(self, equipment: str, *, korean: bool) -> str:
        return self.names_ko.get(equipment, equipment) if korean else equipment
