"""What the sync engine needs from an MES connector (REST, MQTT, or a site's own plugin).

Connectors live in plugins/ and are found through the ``hmi.mes`` entry-point group. The engine
never sees HTTP or MQTT types: a connector answers with an ``EventOutcome`` per event, or raises
``MesUnavailable`` when the whole batch could not be handed over (network down, 5xx, 429),
``MesConfigurationError`` when it cannot work as configured (certificate, credentials, address), or
``MesBatchRefused`` when the MES refused the batch as a whole for what it holds (HTTP 400): the
engine then bisects the batch to find and quarantine the event it refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from hmi.connections.supervisor import NeedsConfiguration, Offline
from hmi.outbox import OutboxEvent


class Outcome(StrEnum):
    DELIVERED = "delivered"      # the MES has it (first time or as a duplicate of an earlier send)
    TRANSIENT = "transient"      # try again later (with backoff, or after retry_after)
    REJECTED = "rejected"        # the MES refuses it for good: quarantine it with the reason
    DEFERRED = "deferred"        # not taken because an earlier event of its subject was rejected


@dataclass(frozen=True, slots=True)
class EventOutcome:
    event_id: str
    outcome: Outcome
    reason: str = ""
    retry_after: float | None = None


class MesUnavailable(Offline):
    """The batch did not reach the MES (or the MES asked us to wait, ``retry_after``). Nothing was delivered.

    The connection supervisor's "unavailable": OFFLINE (events are stored), retried with its backoff.
    """


class MesConfigurationError(NeedsConfiguration):
    """The connection cannot work as configured (bad certificate, refused credentials, wrong address).

    Not a kind of ``MesUnavailable``: waiting does not fix it, someone must change the config or the
    MES. The supervisor shows it as "needs configuration" with this text, and retries slowly.
    """


class MesBatchRefused(Exception):
    """The MES refused the whole batch for something in it (HTTP 400): nothing of it was taken."""


@dataclass(frozen=True, slots=True)
class MasterdataBundle:
    """One complete master data set from the MES: applied as a whole or not at all."""

    version: str
    etag: str | None
    data: dict[str, Any]
    source: str


@dataclass(frozen=True, slots=True)
class ConnectorContext:
    """What a connector may know about its station."""

    station_id: str
    line: str = ""
    area: str = ""
    resolve: Callable[[str], Path] = field(default=Path)  # config-relative paths (CA files, certs)


class MesConnector(Protocol):
    name: str

    async def open(self) -> None:
        """Connect (or prepare to). May raise MesUnavailable; the connection supervisor retries with backoff."""

    async def close(self) -> None: ...

    async def send_batch(self, events: Sequence[OutboxEvent]) -> list[EventOutcome]:
        """Hand the events over in the given order; one outcome per event, in the same order."""

    async def fetch_masterdata(self, etag: str | None) -> MasterdataBundle | None:
        """The current master data, or None when it has not changed since ``etag``."""


def watch_masterdata(connector: object, callback: Callable[[], None]) -> bool:
    """Ask a connector that is told of new master data (MQTT's retained bundle) to call ``callback``.

    Optional for a connector (``watch_masterdata(callback)``): one that only answers fetches is polled.
    """
    watch = getattr(connector, "watch_masterdata", None)
    if watch is None:
        return False
    watch(callback)
    return True


def check_alive(connector: object) -> None:
    """Raise what killed a connector's background part (MQTT's reader), if one died since it opened.

    Optional for a connector (``check_alive()``): one with no background part has nothing to report.
    """
    check = getattr(connector, "check_alive", None)
    if check is not None:
        check()


def configuration_warnings(connector: object) -> list[str]:
    """What is unsafe in a connector's settings (``warnings()``, optional for a connector)."""
    warnings = getattr(connector, "warnings", None)
    return list(warnings()) if warnings is not None else []


class MesConnectorFactory(Protocol):
    """What the ``hmi.mes`` entry point names: a class with a pydantic ``config_model``."""

    config_model: Any

    @classmethod
    def from_options(cls, options: dict[str, Any], context: ConnectorContext) -> MesConnector: ...
