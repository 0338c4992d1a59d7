"""A background task that ends with an error is logged at once, reported, and started again.

A poll or subscription loop that dies silently leaves its tags STALE with no reason, and its
traceback surfaces only at shutdown. Every such loop runs under ``keep_running`` instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from hmi.sync.backoff import Backoff

log = logging.getLogger(__name__)


async def keep_running(body: Callable[[], Awaitable[None]], *, what: str,
                       on_failure: Callable[[BaseException], None], backoff: Backoff) -> None:
    """Run ``body()`` until it returns; when it raises, log, call ``on_failure``, wait, run it again.

    Cancellation goes through untouched. ``backoff`` is the caller's, so that the caller resets it
    once the task works again.
    """
    while True:
        try:
            await body()
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.error("%s ended with an error (restarting it): %s: %s", what, type(exc).__name__, exc, exc_info=True)
            try:
                on_failure(exc)
            except Exception:
                log.exception("%s: reporting the failure failed", what)
            await asyncio.sleep(backoff.next_delay())


def describe_crash(exc: BaseException) -> str:
    """A task's error in one line for a status chip."""
    return f"internal error, restarting: {type(exc).__name__}: {exc}" if str(exc) else \
        f"internal error, restarting: {type(exc).__name__}"
