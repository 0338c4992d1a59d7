"""What the screens may do with the alarms: act as the logged-in user and read; never feed samples or tick.

The engine's feeding side (``on_sample``, ``replay``, ``tick``) is wired by the station and stays off this
facade, so no screen can raise an alarm with a sample of its making.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from hmi.alarms.definitions import AlarmDefinition
from hmi.alarms.journal import JournalEntry, JournalFilter
from hmi.alarms.performance import Performance
from hmi.alarms.service import AlarmSummary, AlarmView, Span
from hmi.observable import Readable


class AlarmsFacade(Protocol):
    @property
    def changed(self) -> Readable[int]: ...    # bumps when any alarm changes; views re-read then

    async def acknowledge(self, alarm_ids: Iterable[str], *, comment: str = "") -> int: ...

    async def shelve(self, alarm_id: str, *, duration_s: float, reason: str) -> None: ...

    async def unshelve(self, alarm_id: str) -> None: ...

    async def remove_from_service(self, alarm_id: str, *, reason: str) -> None: ...

    async def return_to_service(self, alarm_id: str) -> None: ...

    async def reset(self, alarm_id: str, *, comment: str = "") -> None: ...

    async def set_limit(self, alarm_id: str, *, limit: float, deadband: float | None = None) -> AlarmDefinition: ...

    def view(self, alarm_id: str) -> AlarmView: ...

    def views(self, *, include_overlaid: bool = True) -> list[AlarmView]: ...

    def summary(self) -> AlarmSummary: ...

    async def journal(self, query: JournalFilter | None = None) -> list[JournalEntry]: ...

    async def during(self, span: Span) -> list[dict[str, Any]]: ...

    async def performance(self, *, window_s: float = 24 * 3600.0) -> Performance: ...
