"""The station: the composition root that owns the store, the tag bus, auth and the services.

The same object runs under the Qt shell and headless (``hmi run --headless``). Components are
started in order and stopped in reverse; each is a plain object with async start/stop.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from hmi.auth import AuthService
from hmi.clock import Clock, SystemClock
from hmi.config import StationConfig
from hmi.equipment.service import EquipmentService
from hmi.status import StatusBoard
from hmi.store import Store
from hmi.sync.engine import SyncEngine
from hmi.sync.wiring import build_connector
from hmi.tags import TagBus

log = logging.getLogger(__name__)


class Component(Protocol):
    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Station:
    def __init__(self, *, config: StationConfig, clock: Clock | None = None, data_dir: Path | None = None) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        self.data_dir = data_dir or config.data_dir()
        self.station_id = config.station.id
        self.store = Store(path=self.data_dir / "station.db")
        self.bus = TagBus()
        self.status = StatusBoard()
        self.auth = AuthService(store=self.store, clock=self.clock, security=config.security,
                                station_id=self.station_id)
        self.components: list[Component] = []
        self.equipment = EquipmentService(config=config, bus=self.bus, status=self.status, clock=self.clock,
                                          auth=self.auth, store=self.store, station_id=self.station_id)
        self.components.append(self.equipment)
        self.sync = SyncEngine(store=self.store, clock=self.clock, station_id=self.station_id,
                               connector=build_connector(config), settings=config.sync, auth=self.auth,
                               status=self.status["mes"])
        self.components.append(self.sync)
        self._started: list[Component] = []

    def open(self) -> Station:
        """Open and migrate the stores. Blocking; call before the event loop runs the station."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.store.open()
        return self

    async def start(self) -> None:
        for component in self.components:
            log.info("starting %s", component.name)
            await component.start()
            self._started.append(component)

    async def stop(self) -> None:
        while self._started:
            component = self._started.pop()
            try:
                await component.stop()
            except Exception:
                log.exception("stopping %s failed", component.name)

    def close(self) -> None:
        self.store.close()
