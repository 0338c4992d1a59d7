"""One connection's life: connect, serve, close, and again, with the station's one backoff.

A driver implements ``connect`` (returns a summary for the status once the connection is usable),
``serve`` (runs while it is; returns or raises when it is lost) and ``close``, and raises
``Unavailable`` (the peer cannot be reached now: retry with backoff) or ``NeedsConfiguration``
(retrying as is cannot help, e.g. a refused certificate or login: retry slowly), or ``TaskFailed``
(a part of a working connection died, e.g. its subscription: FAILED with the reason, restarted with
backoff). The supervisor owns the loop, the waits and the health it reports. Anything else a driver
raises is a bug: logged at once with its traceback, reported FAILED, and the connection is started again.
Equipment drivers, the MES sync engine, each printer and each history sink run under it; the backoff
is ``hmi.connections.backoff`` (capped, with jitter), and an ``Unavailable`` with ``retry_after`` waits
that long instead.

The five states are kept apart here; the status chips know ``Health``, so OFFLINE,
NEEDS_CONFIGURATION and FAILED are reported as ``Health.FAILED`` with the state in ``details``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import weakref
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import ClassVar, Protocol

from hmi.connections.backoff import Backoff
from hmi.status import ComponentStatus, Health
from hmi.wait import wait_event

log = logging.getLogger(__name__)


class Unavailable(Exception):
    """The peer cannot be reached now (refused, unreachable, lost, no answer); worth retrying soon.

    ``retry_after``: the peer said when to come back (HTTP Retry-After); it wins over the backoff.
    """

    def __init__(self, message: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Offline(Unavailable):
    """The peer is known to be down (e.g. no answer after every retry): its values are BAD at once,
    not STALE first as after a loss that may heal on the next attempt."""


class NeedsConfiguration(Exception):
    """The peer refuses what the config says (certificate, login, trust); someone must change something."""


class TaskFailed(Exception):
    """A background part of a working connection died (a subscription the server dropped, a reader that
    crashed): not a loss that heals by waiting for the peer, so FAILED with the reason, not CONNECTING."""


def describe_crash(exc: BaseException) -> str:
    """A driver's unexpected error in one line for a status chip."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"internal error, restarting: {text}"


class ConnectionState(StrEnum):
    OK = "ok"
    CONNECTING = "connecting"
    OFFLINE = "offline"
    NEEDS_CONFIGURATION = "needs_configuration"
    FAILED = "failed"

    @property
    def health(self) -> Health:
        return {ConnectionState.OK: Health.OK, ConnectionState.CONNECTING: Health.CONNECTING}.get(self, Health.FAILED)


class SupervisedConnection(Protocol):
    async def connect(self) -> str: ...

    async def serve(self) -> None: ...

    async def close(self) -> None: ...


class ConnectionSupervisor:
    """Runs one connection; ``needs_configuration_s`` is the slow retry (default: half to all of ``max_s``),
    ``sleep`` the wait between tries (a service may wait on its own clock, or be woken)."""

    running: ClassVar[weakref.WeakSet[ConnectionSupervisor]] = weakref.WeakSet()   # for tests and diagnostics

    def __init__(self, *, name: str, connection: SupervisedConnection, report: Callable[[ComponentStatus], None],
                 initial_s: float, max_s: float, rng: random.Random | None = None,
                 needs_configuration_s: float | None = None,
                 sleep: Callable[[float], Awaitable[None]] | None = None) -> None:
        self.name = name
        self._connection = connection
        self._report = report
        self._rng = rng or random.Random()
        self._backoff = Backoff(initial_s=initial_s, max_s=max_s, rng=self._rng)
        self._max_s = max_s
        self._needs_configuration_s = needs_configuration_s
        self._sleep = sleep or self._wait
        self.state = ConnectionState.CONNECTING
        self.last_ok: float | None = None
        self.last_error: str | None = None
        self.retry_in_s: float | None = None    # set before a failed state is reported
        self._retry_now = asyncio.Event()

    def retry_now(self) -> None:
        """Try again at once, from the first step of the backoff (new work arrived for a peer that was down).

        The default wait ends at once; an owner's own ``sleep`` ends when it sees ``retry_requested``.
        """
        if self.state is not ConnectionState.OK:
            self._backoff.reset()
            self._retry_now.set()

    @property
    def retry_requested(self) -> bool:
        return self._retry_now.is_set()

    async def _wait(self, delay: float) -> None:
        await wait_event(self._retry_now, delay)

    async def run(self) -> None:
        """Until cancelled; the connection is closed on the way out."""
        ConnectionSupervisor.running.add(self)
        try:
            while True:
                delay = await self._once()
                self._retry_now.clear()
                await self._sleep(delay)
                self._retry_now.clear()
        finally:
            ConnectionSupervisor.running.discard(self)
            await self._close()

    async def _once(self) -> float:
        """One connect and serve; returns how long to wait before the next."""
        try:
            summary = await self._connection.connect()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            await self._close()
            return self._failed(exc, lost=False)
        self._backoff.reset()
        self.last_ok = time.time()
        self.retry_in_s = None
        self._set(ConnectionState.OK, summary)
        try:
            await self._connection.serve()
            error: BaseException = Unavailable("the connection ended")
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            error = exc
        await self._close()
        return self._failed(error, lost=True)

    def _failed(self, exc: BaseException, *, lost: bool) -> float:
        if isinstance(exc, NeedsConfiguration):
            # Retrying fast cannot fix a config.
            self.retry_in_s = (self._needs_configuration_s if self._needs_configuration_s is not None
                               else self._max_s * self._rng.uniform(0.5, 1.0))
            self._set(ConnectionState.NEEDS_CONFIGURATION, "needs configuration", str(exc))
        elif isinstance(exc, Unavailable):
            # Just lost after working: CONNECTING (values STALE); not reachable again: OFFLINE (values BAD).
            state = ConnectionState.CONNECTING if lost and not isinstance(exc, Offline) else ConnectionState.OFFLINE
            self.retry_in_s = exc.retry_after if exc.retry_after is not None else self._backoff.next_delay()
            self._set(state, "reconnecting", str(exc))
        elif isinstance(exc, TaskFailed):
            log.error("connection %s failed (restarting it): %s", self.name, exc)
            self.retry_in_s = self._backoff.next_delay()
            self._set(ConnectionState.FAILED, "restarting", str(exc))
        else:
            log.error("connection %s: unexpected error (restarting it): %s", self.name, exc, exc_info=exc)
            self.retry_in_s = self._backoff.next_delay()
            self._set(ConnectionState.FAILED, "restarting", describe_crash(exc))
        return self.retry_in_s

    def _set(self, state: ConnectionState, summary: str, error: str | None = None) -> None:
        self.state = state
        self.last_error = error
        self._report(ComponentStatus(state.health, summary, last_error=error, last_ok=self.last_ok,
                                     details={"state": state.value}))

    async def _close(self) -> None:
        try:
            await self._connection.close()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("connection %s: closing failed", self.name)
