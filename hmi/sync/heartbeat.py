"""``station.status`` events: the MES hears that a station started, is alive (with each component's health), and stops.

A heartbeat is store-and-forward like every event, but at most one "running" heartbeat waits in the
outbox: while the MES is away the station does not pile up a week of heartbeats, and the MES hears
the newest state when it is back. "started" and "stopping" are always written.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import sqlite_utils

from hmi import __version__, outbox
from hmi.clock import Clock
from hmi.shutdown import cancel_and_wait
from hmi.status import StatusBoard
from hmi.store import Store

log = logging.getLogger(__name__)

EVENT_TYPE = "station.status"
ACTOR = "system:mes"


class StationHeartbeat:
    name = "heartbeat"

    def __init__(self, *, store: Store, clock: Clock, station_id: str, board: StatusBoard, interval_s: float,
                 enabled: bool = True, notify: Callable[[], None] = lambda: None) -> None:
        self._store = store
        self._clock = clock
        self._station = station_id
        self._board = board
        self._interval = interval_s
        self._enabled = enabled
        self._notify = notify
        self._task: asyncio.Task[None] | None = None

    @property
    def subject(self) -> str:
        return f"station/{self._station}"

    def payload(self, state: str) -> dict[str, Any]:
        """hmi.sync.contract.StationStatus."""
        components = {}
        for name in self._board.names():
            status = self._board[name].value
            components[name] = {"health": status.health.value, "summary": status.summary,
                                "last_error": status.last_error}
        return {"state": state, "version": __version__, "components": components, "actor": ACTOR}

    async def start(self) -> None:
        if not self._enabled:
            return
        await self.beat("started")
        self._task = asyncio.create_task(self._run(), name="station-heartbeat")

    async def stop(self) -> None:
        task, self._task = self._task, None
        await cancel_and_wait([task], timeout_s=3.0, what="station heartbeat")
        if self._enabled:
            with contextlib.suppress(Exception):   # a failed write at shutdown is logged by the writer
                await self.beat("stopping")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.beat("running")
            except Exception:
                log.exception("the station heartbeat could not be written")

    async def beat(self, state: str) -> bool:
        """Write one station.status event; a "running" one only if no earlier one still waits. True if written."""
        payload = self.payload(state)
        now = self._clock.now()
        subject = self.subject

        def write(db: sqlite_utils.Database) -> bool:
            if state == "running" and db.execute(
                    "SELECT 1 FROM outbox WHERE status = 'pending' AND type = ? AND subject = ?"
                    " AND payload LIKE '%\"state\":\"running\"%' LIMIT 1", [EVENT_TYPE, subject]).fetchone():
                return False
            outbox.enqueue(db, station_id=self._station, type=EVENT_TYPE, payload=payload, occurred_at=now,
                           subject=subject)
            return True

        written = await self._store.write(write)
        if written:
            self._notify()
        return bool(written)
