"""Stopping background tasks within a bound, whatever the libraries under them do with cancellation.

A library that swallows a CancelledError (``suppress(BaseException)``, Python 3.11's ``wait_for``
race, a "cancel and ignore" helper) turns ``task.cancel(); await task`` into a wait that can last
forever. These helpers cancel again until the task ends and give up after a deadline, saying which
task overran, so a station always stops.
"""

from __future__ import annotations

import asyncio
import faulthandler
import logging
import sys
from collections.abc import Awaitable, Iterable
from typing import Any

log = logging.getLogger(__name__)

RECANCEL_S = 0.5   # a task that swallowed its cancellation is cancelled again this often
# A whole shutdown overrunning this is hung (every component stop is bounded at 8 s; systemd kills at 90 s):
# the stacks of every thread are printed and the process ends, so the hang can be read, not only suffered.
SHUTDOWN_WATCHDOG_S = 60.0


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any] | None], *, timeout_s: float, what: str) -> bool:
    """Cancel the tasks and wait (at most ``timeout_s``) until they end; False when one overran."""
    pending = {task for task in tasks if task is not None}
    for task in pending:
        task.cancel()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while pending:
        remaining = deadline - loop.time()
        if remaining <= 0:
            names = ", ".join(sorted(task.get_name() for task in pending))
            log.error("%s: did not stop within %.1f s (still running: %s)", what, timeout_s, names)
            return False
        done, pending = await asyncio.wait(pending, timeout=min(remaining, RECANCEL_S))
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                log.error("%s: task %s ended with an error", what, task.get_name(), exc_info=task.exception())
        for task in pending:
            task.cancel()
    return True


async def bounded(awaitable: Awaitable[Any], *, timeout_s: float, what: str) -> bool:
    """Await a stop/close step for at most ``timeout_s``; never waits for it to obey a cancellation.

    Unlike ``asyncio.wait_for``, an overrunning step is cancelled and left behind instead of being
    waited for (a step that swallows its cancellation would hang ``wait_for`` too).
    """
    task = asyncio.ensure_future(awaitable)
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout_s)
    except asyncio.CancelledError:
        task.cancel()
        raise
    if not done:
        task.cancel()
        log.error("%s: did not finish within %.1f s; left behind", what, timeout_s)
        return False
    if not task.cancelled() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]
    return True


async def unless_stopped(step: Awaitable[Any], stop: asyncio.Event, *, what: str) -> bool:
    """Await a start-up step, or give it up when ``stop`` is set first; True when the step ran to its end.

    A SIGTERM that comes while a component's start hangs must still stop the station.
    """
    task = asyncio.ensure_future(step)
    waiter = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
        if not task.done():
            log.warning("%s: given up, a stop was asked for first", what)
            await cancel_and_wait([task], timeout_s=RECANCEL_S * 4, what=what)
    if not task.done() or task.cancelled():
        return False   # given up (a step that swallowed its cancellation is left behind, named in the log)
    task.result()   # a failed step raises here
    return True


def arm_exit_watchdog(timeout_s: float = SHUTDOWN_WATCHDOG_S) -> None:
    """From here on, a process still alive after ``timeout_s`` prints every thread's stack and exits 1."""
    faulthandler.dump_traceback_later(timeout_s, exit=True, file=sys.__stderr__ or 2)
