"""The station: the composition root that owns the store, the tag bus, auth and the services.

The same object runs under the Qt shell and headless (``hmi run --headless``). Components are
started in order and stopped in reverse; each is a plain object with async start/stop.

One way of wiring: what a component needs is handed to its constructor; what one area does when
another's thing happens (a defect committed, rows dropped) is a subscription to that area's ``Event``.
The rules themselves live in the services, not here.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from pathlib import Path
from typing import Protocol

from hmi import audit
from hmi.alarms.connections import ConnectionAlarms, connection_alarm_definitions
from hmi.alarms.mes_limits import mes_limits
from hmi.alarms.service import AlarmService
from hmi.auth import AuthService
from hmi.clock import Clock, SystemClock
from hmi.config import StationConfig
from hmi.equipment.driver import DriverFactory
from hmi.equipment.service import EquipmentService, build_driver
from hmi.historian.historian import Historian
from hmi.historian.tag_info import tag_infos
from hmi.historian.upload_service import HistoryUploads, history_alarm_definitions, unsent_policy
from hmi.historian.view_service import TrendViewService
from hmi.labels.library import TemplateLibrary
from hmi.labels.service import LabelService
from hmi.oee.service import OeeService
from hmi.plugin_registry import PluginNotFound, load_plugin
from hmi.production.production import Production
from hmi.services import StationProfile, StationServices
from hmi.shutdown import bounded
from hmi.spc.alarms import alarm_definitions as spc_alarm_definitions
from hmi.status import StatusBoard
from hmi.store import Store
from hmi.store.database import content_damage, private_dir
from hmi.store.health import StoreHealth, store_alarms
from hmi.sync.engine import SyncEngine
from hmi.sync.heartbeat import StationHeartbeat
from hmi.sync.wiring import build_connector
from hmi.system_service import SystemService
from hmi.tags import TagBus

log = logging.getLogger(__name__)

# Each component's stop is bounded in the component itself; this is the safety net above them.
COMPONENT_STOP_TIMEOUT_S = 8.0
SLOW_START_S = 20.0   # a component still starting after this is named in the log (its start may hang)


class Component(Protocol):
    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Station:
    def __init__(self, *, config: StationConfig, clock: Clock | None = None, data_dir: Path | None = None,
                 equipment_drivers: DriverFactory = build_driver) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        self.data_dir = data_dir or config.data_dir()
        self.station_id = config.station.id
        self.bus = TagBus()
        self.status = StatusBoard()
        self.store_health = StoreHealth(status=self.status["store"], bus=self.bus, clock=self.clock)
        self.store = Store(path=self.data_dir / "station.db", on_failure=self.store_health.on_failure,
                           audit_key_file=self.data_dir / audit.KEY_FILE, create_audit_key=True)
        self.auth = AuthService(store=self.store, clock=self.clock, security=config.security,
                                station_id=self.station_id)
        self.components: list[Component] = [self.store_health]   # first: it knows the loop before a write fails
        self.historian = Historian(
            path=self.data_dir / "history.db",
            bus=self.bus,
            clock=self.clock,
            settings=config.historian,
            deadbands={name: tag.deadband for name, tag in config.tags.items()},
            infos=tag_infos(config),
            unsent=unsent_policy(config),
        )
        self.components.append(self.historian)
        self.history_upload = HistoryUploads(config=config, db=self.historian.db, clock=self.clock, bus=self.bus,
                                             status=self.status["history"], store=self.store)
        self.historian.dropped.subscribe(self.history_upload.on_dropped)
        self.components.append(self.history_upload)
        templates_dir = config.labels.templates_dir
        self.labels = LabelService(
            store=self.store, auth=self.auth, clock=self.clock, status=self.status, station_id=self.station_id,
            config=config.labels, printers=config.printers,
            templates=TemplateLibrary(folders=[config.resolve(templates_dir)] if templates_dir else []),
            data_dir=self.data_dir)
        self.components.append(self.labels)
        self.equipment = EquipmentService(config=config, bus=self.bus, status=self.status, clock=self.clock,
                                          auth=self.auth, store=self.store, station_id=self.station_id,
                                          driver_factory=equipment_drivers)
        self.components.append(self.equipment)
        own = {alarm_id: d for alarm_id, d in store_alarms().items() if alarm_id not in config.alarms}
        self.alarms = AlarmService(store=self.store, bus=self.bus, auth=self.auth, clock=self.clock,
                                   definitions={**connection_alarm_definitions(config), **history_alarm_definitions(config),
                                                **config.alarms, **own,
                                                **spc_alarm_definitions(config.spc)},
                                   station_id=self.station_id)
        self.production = Production(store=self.store, auth=self.auth, clock=self.clock, bus=self.bus,
                                     station_id=self.station_id, config=config.production, tags=config.tags,
                                     historian=self.historian, alarms=self.alarms, spc=config.spc)
        self.components.append(self.production)
        # A private listener: on the facade, a screen could re-queue any defect's label with nobody logged in.
        self.production.defects.recorded.subscribe(self.labels._on_defect_recorded)
        self.components.append(self.alarms)
        self.components.append(ConnectionAlarms(connections=self.equipment.connections, alarms=self.alarms,
                                                clock=self.clock))
        # After the alarms: the SPC alarms' tags are published once the alarm engine listens.
        self.spc = self.production.spc
        self.components.append(self.spc)
        self.oee = None if config.oee is None else OeeService(
            store=self.store, auth=self.auth, clock=self.clock, bus=self.bus, station_id=self.station_id,
            section=config.oee, lots=self.production.lots)     # a pause is a downtime event
        if self.oee is not None:
            self.components.append(self.oee)
        self.sync = SyncEngine(store=self.store, clock=self.clock, station_id=self.station_id,
                               connector=build_connector(config), settings=config.sync, auth=self.auth,
                               status=self.status["mes"],
                               # What applies a bundle, inside its transaction: production, and the OEE calendar.
                               masterdata_hooks=(self.production._apply_mes_masterdata,
                                                 *(() if self.oee is None else (self.oee._masterdata_hook,))))
        self.components.append(self.sync)
        self.heartbeat = StationHeartbeat(store=self.store, clock=self.clock, station_id=self.station_id,
                                          board=self.status, interval_s=config.sync.heartbeat_interval_s,
                                          enabled=config.mes is not None and config.mes.enabled,
                                          notify=self.sync.notify)
        self.components.append(self.heartbeat)   # after sync: "stopping" is written before the sync stops
        # What follows a committed bundle: the MES's alarm limits, and its shift calendar counting at once.
        self.sync.masterdata_applied.subscribe(mes_limits(self.alarms))
        if self.oee is not None:
            self.sync.masterdata_applied.subscribe(self.oee._on_masterdata)
            # A file bundle's calendar too, in the import's transaction, audited as the importing user.
            self.production.masterdata_hooks.append(self.oee._masterdata_hook)
            self.production.masterdata_applied.subscribe(self.oee._on_masterdata)
        self._started: list[Component] = []
        self.services = StationServices(
            station_id=self.station_id, data_dir=self.data_dir, clock=self.clock, status=self.status,
            profile=StationProfile.of(config), live=self.bus, auth=self.auth, production=self.production,
            labels=self.labels, equipment=self.equipment, alarms=self.alarms, historian=self.historian,
            trend_views=TrendViewService(store=self.store, auth=self.auth, clock=self.clock, station_id=self.station_id),
            spc=self.spc, sync=self.sync, system=SystemService(store=self.store, auth=self.auth),
            history_uploads=self.history_upload.view, oee=self.oee)

    def open(self) -> Station:
        """Open and migrate the stores. Blocking; call before the event loop runs the station."""
        private_dir(self.data_dir)
        self.store.open()
        self.historian.open()
        return self

    async def start(self) -> None:
        await asyncio.to_thread(self._load_plugins)
        for component in self.components:
            log.info("starting %s", component.name)
            slow = asyncio.get_running_loop().call_later(
                SLOW_START_S, log.warning, "starting %s: not done after %.0f s", component.name, SLOW_START_S)
            try:
                await component.start()
            except sqlite3.OperationalError as exc:
                if "decode" not in str(exc).lower():
                    raise
                # Damaged text in a record: say where, in words, instead of a traceback.
                raise await self.store.read(functools.partial(content_damage, path=self.store.path, error=exc)) from None
            finally:
                slow.cancel()
            self._started.append(component)

    def _load_plugins(self) -> None:
        """Import the configured drivers and MES connector (asyncua, pymodbus, httpx...) off the loop.

        Nothing imports them before the login screen is shown; the components then find them loaded.
        A driver that is missing or broken is reported by its component, as before.
        """
        wanted = [("hmi.equipment", section.driver) for section in self.config.connections.values()
                  if section.enabled]
        if self.config.mes is not None and self.config.mes.enabled:
            wanted.append(("hmi.mes", self.config.mes.driver))
        for group, name in wanted:
            try:
                load_plugin(group, name)
            except PluginNotFound:
                pass
            except Exception:
                log.exception("loading the %s plugin %r failed", group, name)

    async def stop(self) -> None:
        """Stop the components in reverse order; one that overruns is named in the log and left behind."""
        while self._started:
            component = self._started.pop()
            log.info("stopping %s", component.name)
            try:
                await bounded(component.stop(), timeout_s=COMPONENT_STOP_TIMEOUT_S, what=f"stopping {component.name}")
            except Exception:
                log.exception("stopping %s failed", component.name)

    def close(self) -> None:
        self.historian.close()
        self.store.close()
