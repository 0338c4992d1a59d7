"""Garbage is collected on the loop's thread only, and still collected."""

from __future__ import annotations

import asyncio
import gc
import threading

from hmi.heap import LoopThreadCollector

COLLECTED_IN: list[str] = []    # the thread each cycle was collected in


class _Cycle:
    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        COLLECTED_IN.append(threading.current_thread().name)


def _allocate(n: int) -> None:
    junk = [[i] for i in range(n)]   # enough to cross the collector's thresholds many times over
    del junk


async def test_cycles_made_anywhere_are_collected_on_the_loop_thread_only() -> None:
    COLLECTED_IN.clear()
    collector = LoopThreadCollector(interval_s=0.01, full_every_s=0.0)
    collector.start()
    try:
        assert not gc.isenabled()
        for _ in range(50):
            _Cycle()
        worker = threading.Thread(target=_allocate, args=(200_000,), name="worker")
        worker.start()
        worker.join()
        assert COLLECTED_IN == []          # the worker's allocations did not collect them
        alive = [[i] for i in range(5_000)]        # what the loop's own work allocates
        for _ in range(100):
            await asyncio.sleep(0.01)
            if len(COLLECTED_IN) == 50:
                break
        assert [threading.main_thread().name] * 50 == COLLECTED_IN
        del alive
    finally:
        collector.stop()
    assert gc.isenabled()
