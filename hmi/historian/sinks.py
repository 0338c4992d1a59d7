"""What a history sink is: where the uploader sends history.db's raw samples and 1-minute rollups.

A sink is a plugin in the ``hmi.history_sinks`` entry-point group: a class with a classmethod
``from_options(options, context)`` (and ``config_model``; the model alone may also be registered in
``hmi.history_sinks.options``). It runs under ``hmi.connections.supervisor``: ``open`` raises
``Unavailable`` (retry soon) or ``NeedsConfiguration`` (retry slowly); a write that fails raises
``Unavailable`` and the uploader reopens the sink. Every write must be idempotent: after a crash the
uploader sends a range again, and the sink must then store each (station, tag, ts) once.

A batch says whether it is live or historical (backfill after an outage) and carries rows of one or
many tags; the sink's context names each tag's device and unit, so that a sink with per-device
births (Sparkplug B) can announce the metrics before their data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

# One raw sample: tag, time (ms since the epoch, UTC), value (None when it carried no number), quality
# code (0 GOOD, 1 UNCERTAIN, 2 BAD, 3 STALE).
RawRow = tuple[str, int, float | None, int]
# One 1-minute rollup: tag, bucket start (ms), n, bad, avg, min, max, first, last (None without GOOD samples).
RollupRow = tuple[str, int, int, int, float | None, float | None, float | None, float | None, float | None]

ROLLUP_WIDTH_MS = 60_000


@dataclass(frozen=True, slots=True)
class TagMeta:
    device: str = ""          # the equipment connection the tag comes from
    unit: str = ""
    range_lo: float | None = None
    range_hi: float | None = None
    data_type: str = "float64"


@dataclass(frozen=True, slots=True)
class SinkContext:
    station_id: str
    resolve: Callable[[str], Path]    # a path from station.toml, made absolute against its folder
    tags: Mapping[str, TagMeta] = field(default_factory=dict)
    state_dir: Path | None = None     # where a sink may keep a little state of its own (the station's data folder)


@dataclass(frozen=True, slots=True)
class RawBatch:
    rows: list[RawRow]
    historical: bool      # backfill after an outage (or resent), not the live stream

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True, slots=True)
class RollupBatch:
    """Rollups are resent when a late sample changes a bucket already sent: the sink keeps the newest."""

    rows: list[RollupRow]
    historical: bool

    def __len__(self) -> int:
        return len(self.rows)


class HistorySink(Protocol):
    async def open(self) -> str:
        """Connect (and prepare the central schema); returns a summary for the status."""
        ...

    async def write_raw(self, batch: RawBatch) -> None:
        """Store the batch durably, idempotently; return only once the sink acknowledged it."""
        ...

    async def write_rollups(self, batch: RollupBatch) -> None:
        """Store or replace the buckets durably; return only once the sink acknowledged them."""
        ...

    async def close(self) -> None: ...


class HistorySinkFactory(Protocol):
    def from_options(self, options: dict[str, Any], context: SinkContext) -> HistorySink: ...
