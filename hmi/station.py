"""The station: the composition root that owns the store, the tag bus, auth and the services.

The same object runs under the Qt shell and headless (``hmi run --headless``). Components are
started in order and stopped in reverse; each is a plain object with async start/stop.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from hmi import audit
from hmi.alarms.connections import ConnectionAlarms, connection_alarm_definitions
from hmi.alarms.definitions import AlarmDefinition, AlarmKind, Priority
from hmi.alarms.model import AlarmActionError
from hmi.alarms.service import AlarmService
from hmi.auth import AuthService
from hmi.auth.permissions import SYSTEM_MES
from hmi.clock import Clock, SystemClock
from hmi.config import StationConfig
from hmi.equipment.driver import DriverFactory
from hmi.equipment.service import EquipmentService, build_driver
from hmi.historian.historian import Historian
from hmi.historian.retention import Dropped
from hmi.historian.tag_info import tag_infos
from hmi.historian.upload_service import HistoryUploads, history_alarm_definitions
from hmi.historian.view_service import TrendViewService
from hmi.labels.library import TemplateLibrary
from hmi.labels.service import LabelService
from hmi.oee.service import OeeService
from hmi.outbox import enqueue
from hmi.plugin_registry import PluginNotFound, load_plugin
from hmi.production.masterdata import AlarmLimit, apply_masterdata
from hmi.production.production import Production
from hmi.services import StationProfile, StationServices
from hmi.shutdown import bounded
from hmi.spc.alarms import alarm_definitions as spc_alarm_definitions
from hmi.spc.service import SpcService
from hmi.status import ComponentStatus, Health, StatusBoard
from hmi.store import Store
from hmi.store.database import content_damage, private_dir
from hmi.store.writer import DISK_FULL, describe_failure
from hmi.sync.engine import SyncEngine
from hmi.sync.heartbeat import StationHeartbeat
from hmi.sync.wiring import build_connector
from hmi.system_service import SystemService
from hmi.tags import Quality, Sample, TagBus

log = logging.getLogger(__name__)

# Each component's stop is bounded in the component itself; this is the safety net above them.
COMPONENT_STOP_TIMEOUT_S = 8.0


DISK_FULL_TAG = "Station.DiskFull"  # True while writes fail because the disk is full


def station_alarms() -> dict[str, AlarmDefinition]:
    """The station's own alarms, beside the configured ones (a config may redefine them by id)."""
    return {"station_disk_full": AlarmDefinition(
        tag=DISK_FULL_TAG, kind=AlarmKind.DISCRETE, normal_value=False, priority=Priority.CRITICAL,
        message_en=DISK_FULL, message_ko="스테이션 디스크가 가득 찼습니다: 기록이 저장되지 않습니다. 정비 담당자를 부르세요",
        consequence="Counts, defects and alarms are not saved.", consequence_ko="계수, 불량과 알람이 저장되지 않습니다.",
        corrective_action="Call maintenance to free disk space.",
        corrective_action_ko="정비 담당자를 불러 디스크 공간을 확보하십시오.",
        area="Station", equipment="Station")}


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("recording dropped history rows for the MES failed", exc_info=task.exception())


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
        self.status["store"].set(ComponentStatus(Health.OK, "records are saved"))
        self._loop: asyncio.AbstractEventLoop | None = None
        self.store = Store(path=self.data_dir / "station.db", on_failure=self._store_failed,
                           audit_key_file=self.data_dir / audit.KEY_FILE, create_audit_key=True)
        self.auth = AuthService(store=self.store, clock=self.clock, security=config.security,
                                station_id=self.station_id)
        self.components: list[Component] = []
        self.historian = Historian(
            path=self.data_dir / "history.db",
            bus=self.bus,
            clock=self.clock,
            settings=config.historian,
            deadbands={name: tag.deadband for name, tag in config.tags.items()},
            infos=tag_infos(config),
        )
        self.components.append(self.historian)
        self.history_upload = HistoryUploads(config=config, db=self.historian.db, clock=self.clock, bus=self.bus,
                                             status=self.status["history"])
        self.historian.protect_unsent(self.history_upload.protected_sinks(), disk_limit_mb=config.history.disk_limit_mb,
                                      unacknowledged_keep_days=config.history.unacknowledged_keep_days,
                                      on_dropped=self._history_dropped)
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
        self.production = Production(store=self.store, auth=self.auth, clock=self.clock, bus=self.bus,
                                     station_id=self.station_id, config=config.production, tags=config.tags)
        self.components.append(self.production)
        self.production.trend_source = self._lot_trend
        self.production.defects.recorded.append(self.labels.on_defect_recorded)
        self.production.alarm_source = self._lot_alarms
        own = {alarm_id: d for alarm_id, d in station_alarms().items() if alarm_id not in config.alarms}
        self.alarms = AlarmService(store=self.store, bus=self.bus, auth=self.auth, clock=self.clock,
                                   definitions={**connection_alarm_definitions(config), **history_alarm_definitions(config),
                                                **config.alarms, **own,
                                                **spc_alarm_definitions(config.spc)},
                                   station_id=self.station_id)
        self.components.append(self.alarms)
        self.components.append(ConnectionAlarms(connections=self.equipment.connections, alarms=self.alarms,
                                                clock=self.clock))
        # After the alarms: the SPC alarms' tags are published once the alarm engine listens.
        self.spc = SpcService(store=self.store, bus=self.bus, auth=self.auth, clock=self.clock,
                              station_id=self.station_id, config=config.spc, active_lot=self.production.lots.active,
                              snapshot=self.production.lots.snapshot,
                              proposals_view=self.production.defects.proposals)
        self.components.append(self.spc)
        self.production.defects.recorded.append(self.spc.on_defect)
        self.production.instructions.signed.append(self.spc.on_signoff)
        self.production.spc_source = self._lot_spc
        self.oee = None if config.oee is None else OeeService(
            store=self.store, auth=self.auth, clock=self.clock, bus=self.bus, station_id=self.station_id,
            section=config.oee, lots=self.production.lots)     # a pause is a downtime event
        if self.oee is not None:
            self.components.append(self.oee)
        self.sync = SyncEngine(store=self.store, clock=self.clock, station_id=self.station_id,
                               connector=build_connector(config), settings=config.sync, auth=self.auth,
                               status=self.status["mes"])
        self.components.append(self.sync)
        self.heartbeat = StationHeartbeat(store=self.store, clock=self.clock, station_id=self.station_id,
                                          board=self.status, interval_s=config.sync.heartbeat_interval_s,
                                          enabled=config.mes is not None and config.mes.enabled,
                                          notify=self.sync.notify)
        self.components.append(self.heartbeat)   # after sync: "stopping" is written before the sync stops
        self.sync.masterdata_hooks.append(self._apply_mes_masterdata)
        self.sync.masterdata_applied.append(self._apply_mes_alarm_limits)
        if self.oee is not None:      # the MES's shift calendar, with the rest of its master data
            self.sync.masterdata_hooks.append(self.oee.masterdata_hook)
            self.sync.masterdata_applied.append(self.oee.on_masterdata)
        self._started: list[Component] = []
        self._background: set[asyncio.Future[None]] = set()
        self.services = StationServices(
            station_id=self.station_id, data_dir=self.data_dir, clock=self.clock, status=self.status,
            profile=StationProfile.of(config), live=self.bus, auth=self.auth, production=self.production,
            labels=self.labels, equipment=self.equipment, alarms=self.alarms, historian=self.historian,
            trend_views=TrendViewService(store=self.store, auth=self.auth, clock=self.clock, station_id=self.station_id),
            spc=self.spc, sync=self.sync, system=SystemService(store=self.store, auth=self.auth), oee=self.oee)

    def _history_dropped(self, dropped: list[Dropped]) -> None:
        """Retention deleted raw rows a history sink had not acknowledged: shown, and told to the MES."""
        total = sum(d.rows for d in dropped)
        self.history_upload.on_dropped(total)
        payload = {"actor": "system:historian", "rows": total,
                   "sinks": self.history_upload.protected_sinks(),
                   "tags": [{"tag": d.tag, "rows": d.rows, "first_ts": d.first_ms / 1000, "last_ts": d.last_ms / 1000}
                            for d in dropped]}

        def record(db: sqlite_utils.Database) -> None:
            enqueue(db, station_id=self.station_id, type="history.dropped", payload=payload,
                    occurred_at=self.clock.now(), subject=f"station/{self.station_id}")

        task = asyncio.ensure_future(self.store.write(record))
        task.add_done_callback(_log_failure)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _apply_mes_masterdata(self, db: sqlite_utils.Database, data: dict[str, Any], *, source: str,
                              version: str) -> None:
        """Master data from the MES goes through production's one apply (inside the sync engine's write)."""
        apply_masterdata(db, data, source=source, version=version, ts=self.clock.now(), station=self.station_id,
                         actor=SYSTEM_MES)

    async def _apply_mes_alarm_limits(self, data: dict[str, Any]) -> None:
        """The bundle's alarm limits, set through the alarm service once the bundle is committed.

        Unknown alarms and limits the alarm refuses are logged and skipped: the rest of the bundle stands.
        """
        for raw in data.get("limits", []):
            limit = AlarmLimit.model_validate(raw)
            current = self.alarms.core.definitions.get(limit.alarm_id)
            if current is None:
                log.warning("master data sets a limit for alarm %s, which this station does not have",
                            limit.alarm_id)
                continue
            if current.limit == limit.limit and (limit.deadband is None or current.deadband == limit.deadband):
                continue
            try:
                await self.alarms._set_limit(limit.alarm_id, limit=limit.limit, deadband=limit.deadband,
                                             actor=SYSTEM_MES)
            except AlarmActionError as exc:
                log.warning("master data limit for alarm %s not set: %s", limit.alarm_id, exc)

    async def _lot_trend(self, lot: Any) -> dict[str, list[tuple[float, float]]]:
        """A lot's process values from the historian, for its page and its report (gaps left out)."""
        tags = list(self.config.production.snapshot_tags)
        if not tags:
            return {}
        end = lot.ended_at or self.clock.now()
        series = await self.historian.query(tags, lot.started_at, end, max_points=400)
        return {tag: [(t, v) for t, v in zip(s.t.tolist(), s.v.tolist(), strict=True) if v == v]
                for tag, s in series.items()}

    async def _lot_alarms(self, lot: Any) -> list[dict[str, Any]]:
        """Alarms raised while a lot ran, for its page and its report."""
        from hmi.alarms.persistence import JournalFilter, journal

        # The lot page checks its own permission (lot history); the full journal stays a supervisor's view.
        query = JournalFilter(since=lot.started_at, until=lot.ended_at or self.clock.now())
        entries = await self.store.read(lambda db: journal(db, query))
        shown = [e for e in entries if e.transition in ("raised", "returned", "acknowledged")]
        return [{"ts": e.ts, "alarm": f"{e.alarm_id} ({e.priority}) {e.transition}, value {e.value}", "value": e.value}
                for e in sorted(shown, key=lambda e: e.ts)]

    async def _lot_spc(self, lot: Any) -> list[dict[str, Any]]:
        """A lot's SPC summary (characteristics, Cpk, violations and causes), for its page and its report."""
        from hmi.spc.report import lot_summary

        await self.spc.idle()   # the points charted so far are in station.db
        return await self.store.read(lambda db: lot_summary(db, lot.lot_no, self.config.spc))

    def open(self) -> Station:
        """Open and migrate the stores. Blocking; call before the event loop runs the station."""
        private_dir(self.data_dir)
        self.store.open()
        self.historian.open()
        return self

    def _store_failed(self, exc: BaseException | None) -> None:
        """A write job failed (or, with None, one committed again): the header's store chip says so, in words.

        Called on the writer thread; the status is set on the loop, where the screens listen.
        """
        status = (ComponentStatus(Health.OK, "records are saved") if exc is None
                  else ComponentStatus(Health.FAILED, describe_failure(exc), last_error=str(exc)))
        disk_full = Sample(DISK_FULL_TAG, self.clock.now(), status.summary == DISK_FULL, Quality.GOOD)

        def tell() -> None:
            self.status["store"].set(status)
            self.bus.publish(disk_full)  # the disk-full alarm: annunciated even while nothing can be saved

        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(tell)
        else:
            tell()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await asyncio.to_thread(self._load_plugins)
        for component in self.components:
            log.info("starting %s", component.name)
            try:
                await component.start()
            except sqlite3.OperationalError as exc:
                if "decode" not in str(exc).lower():
                    raise
                # Damaged text in a record: say where, in words, instead of a traceback.
                raise await self.store.read(functools.partial(content_damage, path=self.store.path, error=exc)) from None
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
