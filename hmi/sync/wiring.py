"""The MES connector named by ``[mes] driver = "…"``, found through the ``hmi.mes`` entry points."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from hmi.config import StationConfig
from hmi.outbox import OutboxEvent
from hmi.plugin_registry import PluginNotFound, load_plugin
from hmi.sync.connector import (
    ConnectorContext,
    EventOutcome,
    MasterdataBundle,
    MesConnector,
    watch_masterdata,
)


def build_connector(config: StationConfig) -> MesConnector | None:
    section = config.mes
    if section is None or not section.enabled:
        return None
    context = ConnectorContext(station_id=config.station.id, line=config.station.line, area=config.station.area,
                               resolve=config.resolve)
    return DeferredConnector(driver=section.driver, options=section.options(), context=context)


class DeferredConnector:
    """The configured connector, made when the engine first opens it.

    Its plugin (httpx, the MQTT client) then loads in a worker thread once the station starts, behind
    the login screen, instead of while the station object is built.
    """

    def __init__(self, *, driver: str, options: dict[str, Any], context: ConnectorContext) -> None:
        self.name = driver
        self._options = options
        self._context = context
        self._connector: MesConnector | None = None
        self._watch: Callable[[], None] | None = None

    async def connector(self) -> MesConnector:
        if self._connector is None:
            factory = await asyncio.to_thread(load_plugin, "hmi.mes", self.name)
            self._connector = factory.from_options(self._options, self._context)
            if self._watch is not None:
                watch_masterdata(self._connector, self._watch)
        return self._connector

    def warnings(self) -> list[str]:
        """The options model's warnings, without loading the connector (httpx, the MQTT client)."""
        return options_warnings(self.name, self._options)

    def watch_masterdata(self, callback: Callable[[], None]) -> None:
        self._watch = callback
        if self._connector is not None:
            watch_masterdata(self._connector, callback)

    async def open(self) -> None:
        await (await self.connector()).open()

    async def close(self) -> None:
        if self._connector is not None:
            await self._connector.close()

    async def send_batch(self, events: Sequence[OutboxEvent]) -> list[EventOutcome]:
        return await (await self.connector()).send_batch(events)

    async def fetch_masterdata(self, etag: str | None) -> MasterdataBundle | None:
        return await (await self.connector()).fetch_masterdata(etag)


def options_warnings(driver: str, options: dict[str, Any]) -> list[str]:
    """What a connector's options model (``hmi.mes.options``) finds unsafe in these settings."""
    try:
        model = load_plugin("hmi.mes.options", driver)
    except PluginNotFound:
        return []
    warnings = getattr(model.model_validate(options), "warnings", None)
    return list(warnings()) if warnings is not None else []
