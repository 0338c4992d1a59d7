"""kill -9 the uploader at random moments while it publishes to mosquitto: afterwards the namespace has
received every row of the edge (a batch may come twice, never none), and every session's bdSeq is new."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hmi.historian.database import HistoryDatabase
from tests.equipment_support import until
from tests.history_crash_support import Worker
from tests.history_support import edge_rows, fill
from tests.integration.history_upload_crash_worker import TAGS
from tests.mosquitto import Mosquitto
from tests.sparkplug_decoder import Listener, listening

KILLS = 50

pytestmark = [pytest.mark.slow, pytest.mark.integration,
              pytest.mark.skipif(not Mosquitto.available(), reason="mosquitto is not installed")]


@pytest.fixture
async def broker(tmp_path: Path) -> AsyncIterator[Mosquitto]:
    server = Mosquitto(folder=tmp_path / "mosquitto")
    await server.start()
    yield server
    await server.stop()


def received(listener: Listener) -> set[tuple[str, int]]:
    return {(m.name, m.timestamp) for msg in listener.messages if msg.kind in ("DDATA", "NDATA") for m in msg.metrics}


async def test_kill_9_while_publishing_loses_nothing(tmp_path: Path, broker: Mosquitto) -> None:
    path = tmp_path / "history.db"
    db = HistoryDatabase(path=path).open()
    fill(db, tags=TAGS, start_s=time.time() - 6 * 3600, count=4000, step_s=5.0)   # an outage to backfill
    db.close()
    rng = random.Random(20)
    async with listening(broker.port) as listener:
        worker = Worker(path, "sparkplug", {"host": "127.0.0.1", "port": broker.port, "group_id": "crash"})
        try:
            for _ in range(KILLS):
                await asyncio.to_thread(worker.run_until_killed, rng)
            partial = len(received(listener))
            await asyncio.to_thread(worker.drain)
        finally:
            await asyncio.to_thread(worker.close)
        edge = edge_rows(path)
        with contextlib.suppress(AssertionError):     # said below, with the counts
            await until(lambda: received(listener) >= edge, within=60)
    got = received(listener)
    assert 0 < partial < len(edge), "the kills should have caught the upload midway"
    assert got >= edge, f"{len(edge - got)} rows of the edge never reached the namespace"
    assert got <= edge, f"{len(got - edge)} rows that are not at the edge"
    # Each process's session has the next bdSeq (kept on disk), so a late will (NDEATH) never matches a
    # newer birth; a rebirth in one session (here: for tags station.toml did not name) keeps its bdSeq.
    births = [m.metric("bdSeq").value for m in listener.of("NBIRTH")]
    assert births == sorted(births) and len(set(births)) >= KILLS // 2
    # The wills come in session order too (a process killed between CONNECT and NBIRTH leaves a death
    # for a session that was never born: a host application ignores it).
    deaths = [m.metric("bdSeq").value for m in listener.of("NDEATH")]
    assert deaths and deaths == sorted(deaths)
