"""What the screens may do with the history: read it and export it; never write samples or describe tags.

Samples reach the historian from the bus, wired by the station (``accept``, ``describe`` stay off this
facade), so no screen can put a value of its making into the record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from hmi.historian.query import PointValue, Series
from hmi.historian.tag_info import TagInfo
from hmi.tags.sample import Quality


class HistoryFacade(Protocol):
    def info(self, tag: str) -> TagInfo: ...

    async def tags(self) -> list[str]: ...

    async def query(self, tags: list[str], start: float, end: float, max_points: int = 2000) -> dict[str, Series]: ...

    async def trend(self, tags: list[str], start: float, end: float, *,
                    max_points: int = 400) -> dict[str, list[tuple[float, float]]]: ...

    async def values_at(self, tags: list[str], at: float) -> dict[str, PointValue | None]: ...

    async def raw(self, tag: str, start: float, end: float) -> list[tuple[float, float | None, Quality]]: ...

    async def export_csv(self, tags: list[str], start: float, end: float, path: Path) -> int: ...
