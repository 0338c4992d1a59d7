"""Shared by the MES sync tests: recording events fast, a reference MES, waiting for a drain."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from hmi import outbox
from hmi.station import Station
from hmi.sync import anchor, queue
from hmi.sync.config import SyncSection
from hmi.sync.connector import ConnectorContext, MesConnector
from hmi.sync.engine import SyncEngine
from hmi.sync.masterdata import ApplyHook
from plugins.mes.reference_mes.server import ReferenceMes

FAST = SyncSection(batch_size=500, poll_interval_s=0.02, backoff_initial_s=0.01, backoff_max_s=0.05,
                   masterdata_interval_s=3600)


async def record_events(station: Station, count: int, *, subject: Callable[[int], str | None] = lambda i: None,
                        type: str = "defect.recorded", chunk: int = 2000) -> None:
    start = 0
    while start < count:
        end = min(count, start + chunk)

        def write(db, start=start, end=end):  # type: ignore[no-untyped-def]
            for i in range(start, end):
                outbox.enqueue(db, station_id=station.station_id, type=type, payload={"n": i, "synthetic": True},
                               occurred_at=station.clock.now() + i * 0.001, subject=subject(i))

        await station.store.write(write)
        start = end


class RecordingSleep:
    """The engine's waits, recorded and shortened: backoff and Retry-After checked without waiting."""

    def __init__(self, *, real: float = 0.005) -> None:
        self.delays: list[float] = []
        self._real = real

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(min(seconds, self._real))


def make_engine(station: Station, connector: MesConnector | None, *, sleep: RecordingSleep | None = None,
                settings: SyncSection = FAST, masterdata_hooks: Sequence[ApplyHook] = ()) -> SyncEngine:
    return SyncEngine(store=station.store, clock=station.clock, station_id=station.station_id, connector=connector,
                      settings=settings, auth=station.auth, status=station.status["mes"],
                      sleep=sleep or RecordingSleep(), masterdata_hooks=masterdata_hooks)


def context(station: Station) -> ConnectorContext:
    return ConnectorContext(station_id=station.station_id, line="ANO-1", area="Finishing")


async def wait_for(predicate: Callable[[], bool], *, within: float = 30.0, what: str = "condition") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def wait_drained(station: Station, *, within: float = 60.0) -> queue.Backlog:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        backlog = await station.store.read(queue.backlog)
        if backlog.pending - backlog.blocked == 0:
            return backlog
        if loop.time() > deadline:
            raise AssertionError(f"not drained: {backlog}")
        await asyncio.sleep(0.05)


def records_at(mes: ReferenceMes, station_id: str | None = None) -> list[tuple[int, str, int, str]]:
    """The events the MES took, without the audit heads each sync adds (hmi/sync/anchor.py)."""
    return [r for r in mes.received.events(station_id) if r[3] != anchor.EVENT_TYPE]
