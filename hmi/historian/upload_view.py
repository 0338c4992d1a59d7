"""What the screens show of the history upload: per sink its state, backlog, oldest row waiting, rate, error.

Typed, so a screen reads fields, not the ``<sink>.<what>`` keys of the status details.
"""

from __future__ import annotations

from dataclasses import dataclass

from hmi.status import Health


@dataclass(frozen=True, slots=True)
class SinkView:
    name: str
    driver: str
    health: Health
    state: str                       # the connection state: ok, connecting, offline, needs_configuration, failed
    backlog_rows: int | None         # None until the first count
    oldest_unsent: float | None      # seconds since the epoch of the oldest row not yet acknowledged
    rows_per_s: float | None
    last_error: str | None
    backfilling: bool = False
    alarmed: bool = False            # the backlog is older than the configured age


@dataclass(frozen=True, slots=True)
class UploadsView:
    sinks: tuple[SinkView, ...] = ()
    dropped_rows: int = 0            # deleted before every sink had them (the disk limit won)
