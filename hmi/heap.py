"""Keep full garbage collections short in a long-running station process.

A full collection walks every tracked object, and the loop stands still while it does: with
asyncua's address space or the station's screens loaded, that was 100–250 ms (measured in
benchmarks/opcua_latency.py). What exists once start-up is over lives until the process ends, so it
is moved out of the collector's sight; only what is made afterwards is ever walked again.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
from collections.abc import Callable


def _glibc_trim() -> Callable[[], object] | None:
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):    # not glibc (musl, macOS): nothing to give back this way
        return None
    trim.argtypes = [ctypes.c_size_t]
    return lambda: trim(0)


# Hands the C heap's free pages back to the OS (glibc keeps them: free chunks below a live one are
# never trimmed). In the soak an alarm flood left 1-2.5 MB a minute resident that this returns.
malloc_trim: Callable[[], object] | None = _glibc_trim()


def settle_after_start() -> None:
    """Call once, after start-up: collect what start-up left behind, then freeze the rest."""
    gc.collect()
    gc.freeze()


class LoopThreadCollector:
    """Run the garbage collector on the event loop's thread only.

    Python collects in whichever thread happens to allocate. With Qt, a cycle holding a widget or a
    timer collected in a worker thread (a historian write, a PDF render, a plugin import) deletes a
    QObject from the wrong thread while the GUI thread may be delivering its events: a crash. With
    automatic collection off, this checks the same thresholds a few times a second on the loop; a
    full collection (the one that walks everything made since start-up) runs at most once a minute,
    and as often the C heap's free pages are handed back (``trim``, glibc's malloc_trim by default).
    """

    def __init__(self, *, interval_s: float = 0.1, full_every_s: float = 60.0,
                 trim: Callable[[], object] | None = malloc_trim) -> None:
        self._interval_s = interval_s
        self._full_every_s = full_every_s
        self._trim = trim
        self._handle: asyncio.TimerHandle | None = None
        self._last_full = 0.0
        self._last_trim = 0.0

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """From the loop's thread; ``loop`` defaults to the running one."""
        loop = loop or asyncio.get_running_loop()
        gc.disable()
        self._last_full = self._last_trim = loop.time()
        self._handle = loop.call_later(self._interval_s, self._check, loop)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        gc.enable()

    def _check(self, loop: asyncio.AbstractEventLoop) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] > thresholds[0]:
            generation = 1 if counts[1] > thresholds[1] else 0
            if generation == 1 and counts[2] > thresholds[2] and loop.time() - self._last_full >= self._full_every_s:
                generation = 2
                self._last_full = loop.time()
            gc.collect(generation)
        # On its own clock: a full collection needs net allocations, and the heap fragments without them.
        if self._trim is not None and loop.time() - self._last_trim >= self._full_every_s:
            self._last_trim = loop.time()
            self._trim()
        self._handle = loop.call_later(self._interval_s, self._check, loop)
