"""Keep full garbage collections short in a long-running station process.

A full collection walks every tracked object, and the loop stands still while it does: with
asyncua's address space or the station's screens loaded, that was 100–250 ms (measured in
benchmarks/opcua_latency.py). What exists once start-up is over lives until the process ends, so it
is moved out of the collector's sight; only what is made afterwards is ever walked again.
"""

from __future__ import annotations

import asyncio
import gc


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
    full collection (the one that walks everything made since start-up) runs at most once a minute.
    """

    def __init__(self, *, interval_s: float = 0.1, full_every_s: float = 60.0) -> None:
        self._interval_s = interval_s
        self._full_every_s = full_every_s
        self._handle: asyncio.TimerHandle | None = None
        self._last_full = 0.0

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """From the loop's thread; ``loop`` defaults to the running one."""
        loop = loop or asyncio.get_running_loop()
        gc.disable()
        self._last_full = loop.time()
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
        self._handle = loop.call_later(self._interval_s, self._check, loop)
