"""Run a coroutine on the qasync loop to its end, even when Qt ends the loop first."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

CLEANUP_S = 30.0      # the station's stop is bounded per component; this bounds the whole


class LoopEndedEarly(RuntimeError):
    """Qt ended the event loop (the X server went away, app.quit()) before the coroutine was done."""


def run_to_end(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T], *,
               cleanup_s: float = CLEANUP_S) -> T:
    """Run ``coro`` until it is done, the loop stopping one turn later.

    Not qasync's run_until_complete: that processes Qt events once more after the loop stopped (tasks
    then step with no running loop: "no running event loop"), and when Qt ends the loop first it
    raises and leaves the coroutine's ``finally`` (the station's stop) unrun. Here the coroutine is then
    cancelled and the loop run again until its cleanup is done, then ``LoopEndedEarly`` is raised."""
    task = asyncio.ensure_future(coro, loop=loop)

    def stop(_task: asyncio.Future[Any]) -> None:
        loop.call_soon(loop.stop)

    task.add_done_callback(stop)
    try:
        loop.run_forever()
        if task.done():
            return task.result()
        log.error("the Qt event loop ended before the station did (did the display go away?): stopping it")
        task.cancel()
        deadline = time.monotonic() + cleanup_s
        while not task.done() and time.monotonic() < deadline:
            loop.run_forever()          # Qt may end this run too (a broken display): run it again
        if not task.done():
            raise LoopEndedEarly(f"the cleanup did not finish within {cleanup_s:.0f} s")
        if task.cancelled():
            raise LoopEndedEarly("the Qt event loop ended first; the coroutine was cancelled and cleaned up")
        exc = task.exception()
        if exc is not None:
            raise exc
        raise LoopEndedEarly("the Qt event loop ended first; the coroutine finished during cleanup")
    finally:
        task.remove_done_callback(stop)
