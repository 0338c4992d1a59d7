"""Waiting for an event with a time limit, without a hidden task.

``asyncio.wait_for(event.wait(), t)`` wraps the wait in a task of its own on Python 3.11: an unnamed
``Event.wait`` task runs beside every worker that waits so (the leak checks see it), and a cancel that
lands as the event fires can be swallowed. ``asyncio.timeout`` waits in the caller's own task.
"""

from __future__ import annotations

import asyncio


async def wait_event(event: asyncio.Event, timeout_s: float) -> bool:
    """Whether ``event`` was set within ``timeout_s``."""
    try:
        async with asyncio.timeout(timeout_s):
            await event.wait()
    except TimeoutError:
        return False
    return True
