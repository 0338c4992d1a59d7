"""After a full collection the C heap's free pages go back to the OS (the soak's RSS growth, issue 17 §7)."""

from __future__ import annotations

import asyncio
import ctypes

import psutil
import pytest

from hmi import heap
from hmi.heap import LoopThreadCollector

MB = 1024 * 1024


def _cycles(n: int) -> None:
    """Garbage only the collector frees: it counts towards its thresholds (freed lists would not)."""
    for _ in range(n):
        cycle: list[object] = []
        cycle.append(cycle)


async def test_the_heap_is_trimmed_once_a_full_collection_period_and_not_before() -> None:
    trims: list[int] = []
    collector = LoopThreadCollector(interval_s=0.01, full_every_s=3600.0, trim=lambda: trims.append(1))
    collector.start()
    try:
        for _ in range(20):            # young collections only: the period is an hour
            _cycles(2_000)
            await asyncio.sleep(0.01)
        assert trims == []
        collector._full_every_s = 0.0
        for _ in range(200):
            _cycles(2_000)
            await asyncio.sleep(0.01)
            if trims:
                break
        assert trims, "no trim once the period is over"
    finally:
        collector.stop()


@pytest.mark.skipif(heap.malloc_trim is None, reason="not glibc")
def test_the_trim_gives_freed_heap_pages_back_to_the_os() -> None:
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(4096) for _ in range(16_384)]   # 64 MB of small blocks: the heap, not mmap
    for block in blocks:
        ctypes.memset(block, 1, 4096)                      # resident
    pin = libc.malloc(4096)                                # a live block above them: glibc cannot shrink the top
    for block in blocks:
        libc.free(block)
    me = psutil.Process()
    before = me.memory_info().rss
    assert heap.malloc_trim is not None
    heap.malloc_trim()
    after = me.memory_info().rss
    libc.free(pin)
    assert before - after > 32 * MB, f"RSS {before / MB:.1f} -> {after / MB:.1f} MB"
