"""Leak checks: a test that leaves a task, a thread or a top-level widget behind fails."""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from typing import Any

_TASKS: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()


def tracking_task_factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
    task = asyncio.Task(coro, loop=loop, **kwargs)
    _TASKS.add(task)
    return task


class TrackingPolicy(asyncio.DefaultEventLoopPolicy):
    """Every loop it makes records its tasks, so the leak check can find those left running."""

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = super().new_event_loop()
        loop.set_task_factory(tracking_task_factory)
        return loop


def pending_tasks() -> list[asyncio.Task[Any]]:
    return [t for t in list(_TASKS) if not t.done()]


def forget_tasks() -> None:
    _TASKS.clear()


def new_threads(before: set[int], *, grace_s: float = 3.0) -> list[threading.Thread]:
    deadline = time.monotonic() + grace_s
    while True:
        alive = [t for t in threading.enumerate() if t.ident not in before and t.is_alive()]
        # The asyncio default executor's idle workers and the interpreter's own helpers are not leaks.
        alive = [t for t in alive if not t.name.startswith(("asyncio_", "ThreadPoolExecutor-", "QDBus"))]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)
