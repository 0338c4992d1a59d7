"""Races between the alarm writer and its callers, made deterministic with a slow store (a loaded machine).

Under load the writer task takes a batch and is still committing it when a test (or the shell) calls
``flush`` or ``stop``: flush must wait for that batch, and stop must neither drop nor write it twice.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

from hmi.station import Station
from tests.unit.test_alarm_service import alarm_config, publish


def slow_writes(station: Station, delay_s: float) -> threading.Event:
    """Every write job sleeps first on the writer thread; the event is set while one is in hand."""
    in_hand = threading.Event()
    original = station.store.write

    async def slow(fn: Any) -> Any:
        def job(db: Any) -> Any:
            in_hand.set()
            time.sleep(delay_s)
            return fn(db)

        return await original(job)

    station.store.write = slow  # type: ignore[method-assign]
    return in_hand


async def _journal_count(station: Station) -> int:
    return await station.store.read(lambda db: db.execute("SELECT count(*) FROM alarm_journal").fetchone()[0])


async def _until_set(event: threading.Event) -> None:
    deadline = time.monotonic() + 20
    while not event.is_set():
        assert time.monotonic() < deadline, "the writer never took the batch"
        await asyncio.sleep(0.005)


async def test_flush_waits_for_the_batch_the_writer_has_in_hand(make_station: Callable[..., Station]) -> None:
    station = make_station(alarm_config())
    await station.start()
    try:
        in_hand = slow_writes(station, 0.3)
        publish(station, "Bath1.Temp", 24.0)
        await _until_set(in_hand)              # the writer took the batch and is committing it
        await asyncio.wait_for(station.alarms.flush(), 20)
        assert await _journal_count(station) == 1
    finally:
        await station.stop()


async def test_stop_during_a_write_neither_drops_nor_doubles_it(make_station: Callable[..., Station]) -> None:
    station = make_station(alarm_config())
    await station.start()
    in_hand = slow_writes(station, 0.3)
    publish(station, "Bath1.Temp", 24.0)
    await _until_set(in_hand)
    await station.stop()
    assert await asyncio.to_thread(station.store.read_blocking, lambda db: db.execute(
        "SELECT count(*) FROM alarm_journal").fetchone()[0]) == 1
    assert all(not t.get_name().startswith("alarms") for t in asyncio.all_tasks() if not t.done())
