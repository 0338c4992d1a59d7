"""The station's history upload: one supervised uploader per ``[[history.sinks]]``, one status, one alarm each.

The ``history`` status shows each sink's backlog (rows), the age of its oldest row not yet
uploaded, its rate and its last error (in ``details``, keyed ``<sink>.<what>``); a backlog older than
``backlog_alarm_age_s`` raises the sink's diagnostic alarm through its own tag on the bus.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass

import sqlite_utils

from hmi.alarms.definitions import AlarmDefinition, AlarmKind, Priority
from hmi.clock import Clock
from hmi.config import StationConfig
from hmi.connections.supervisor import ConnectionSupervisor
from hmi.historian.database import HistoryDatabase
from hmi.historian.retention import Dropped, UnsentPolicy
from hmi.historian.sinks import HistorySink, SinkContext, TagMeta
from hmi.historian.upload import SinkUploader, UploadStatus
from hmi.historian.upload_config import HistorySinkSection
from hmi.observable import Observable
from hmi.outbox import enqueue
from hmi.plugin_registry import load_plugin
from hmi.shutdown import cancel_and_wait
from hmi.status import ComponentStatus, Health
from hmi.store import Store
from hmi.tags.address import AddressError, parse_address
from hmi.tags.bus import TagBus
from hmi.tags.sample import Quality, Sample

log = logging.getLogger(__name__)

STOP_TIMEOUT_S = 5.0


def backlog_tag(sink: str) -> str:
    return f"history-backlog:{sink}"


def backlog_alarm_id(sink: str) -> str:
    return f"history.{sink}.backlog"


def history_alarm_definitions(config: StationConfig) -> dict[str, AlarmDefinition]:
    """One diagnostic alarm per enabled sink: its oldest un-uploaded row is older than the configured age."""
    hours = config.history.backlog_alarm_age_s / 3600
    return {backlog_alarm_id(sink.name): AlarmDefinition(
        tag=backlog_tag(sink.name), kind=AlarmKind.DISCRETE, normal_value=False, priority=Priority.DIAGNOSTIC,
        message_en=f"History upload to {sink.name} is more than {hours:g} h behind",
        message_ko=f"{sink.name}(으)로의 이력 업로드가 {hours:g}시간 넘게 밀려 있습니다",
        consequence="The central history lacks this station's latest data; nothing is lost at the station.",
        corrective_action="Check the network and the central database; the station uploads the backlog by itself.",
        area="Station", equipment="Station") for sink in config.history.enabled_sinks()}


def sink_context(config: StationConfig) -> SinkContext:
    """Each tag's device (its connection) and unit, for sinks that announce metrics before their data."""
    tags: dict[str, TagMeta] = {}
    for name, tag in config.tags.items():
        try:
            device = parse_address(tag.address).connection or ""
        except AddressError:
            device = ""
        tags[name] = TagMeta(device=device, unit=tag.unit, range_lo=tag.range_lo, range_hi=tag.range_hi,
                             data_type=tag.data_type.value)
    return SinkContext(station_id=config.station.id, resolve=config.resolve, tags=tags)


@dataclass(slots=True)
class _Sink:
    section: HistorySinkSection
    connection: ComponentStatus | None = None
    upload: UploadStatus | None = None
    uploader: SinkUploader | None = None


def unsent_policy(config: StationConfig) -> UnsentPolicy:
    """What retention keeps for the configured sinks (the historian's, handed to it when it is made)."""
    return UnsentPolicy(sinks=tuple(s.name for s in config.history.enabled_sinks()),
                        disk_limit_mb=config.history.disk_limit_mb,
                        keep_days=config.history.unacknowledged_keep_days)


class HistoryUploads:
    name = "history-upload"

    def __init__(self, *, config: StationConfig, db: HistoryDatabase, clock: Clock, bus: TagBus,
                 status: Observable[ComponentStatus], store: Store | None = None) -> None:
        self._config = config
        self._store = store   # station.db, where rows dropped unsent are told to the MES (none: only shown)
        self._settings = config.history
        self._db = db
        self._clock = clock
        self._bus = bus
        self._status = status
        self._sinks = {section.name: _Sink(section) for section in config.history.enabled_sinks()}
        self._tasks: list[asyncio.Task[None]] = []
        self._alarmed: dict[str, bool] = {}
        self.dropped_rows = 0

    async def start(self) -> None:
        if not self._sinks:
            self._status.set(ComponentStatus(Health.DISABLED, "no history sinks"))
            return
        context = sink_context(self._config)
        for name, state in self._sinks.items():
            try:
                factory = await asyncio.to_thread(load_plugin, "hmi.history_sinks", state.section.driver)
                sink: HistorySink = factory.from_options(state.section.options(), context)
            except Exception as exc:
                log.error("history sink %s cannot be made: %s", name, exc)
                state.connection = ComponentStatus(Health.FAILED, "cannot start", last_error=str(exc))
                continue
            state.uploader = SinkUploader(name=name, sink=sink, db=self._db, clock=self._clock, settings=self._settings,
                                          on_status=functools.partial(self._on_upload, name))
            supervisor = ConnectionSupervisor(name=f"history sink {name}", connection=state.uploader,
                                              report=functools.partial(self._on_connection, name),
                                              initial_s=self._settings.backoff_initial_s,
                                              max_s=self._settings.backoff_max_s)
            self._tasks.append(asyncio.create_task(supervisor.run(), name=f"history-upload-{name}"))
        self._publish()

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        await cancel_and_wait(tasks, timeout_s=STOP_TIMEOUT_S, what="history upload")

    def protected_sinks(self) -> list[str]:
        """The sinks whose unacknowledged raw rows retention keeps."""
        return list(self._sinks)

    async def on_dropped(self, dropped: list[Dropped]) -> None:
        """The historian's ``dropped`` event: retention deleted raw rows a sink had not acknowledged (the disk
        limit won). Shown in the status, and told to the MES."""
        total = sum(d.rows for d in dropped)
        self.dropped_rows += total
        self._publish()
        if self._store is None:
            return
        station_id = self._config.station.id
        payload = {"actor": "system:historian", "rows": total, "sinks": self.protected_sinks(),
                   "tags": [{"tag": d.tag, "rows": d.rows, "first_ts": d.first_ms / 1000, "last_ts": d.last_ms / 1000}
                            for d in dropped]}
        now = self._clock.now()

        def record(db: sqlite_utils.Database) -> None:
            enqueue(db, station_id=station_id, type="history.dropped", payload=payload, occurred_at=now,
                    subject=f"station/{station_id}")

        await self._store.write(record)

    def _on_connection(self, name: str, status: ComponentStatus) -> None:
        self._sinks[name].connection = status
        self._publish()

    def _on_upload(self, name: str, status: UploadStatus) -> None:
        self._sinks[name].upload = status
        old = status.oldest_unsent is not None and \
            self._clock.now() - status.oldest_unsent > self._settings.backlog_alarm_age_s
        if self._alarmed.get(name) is not old:
            self._alarmed[name] = old
            self._bus.publish(Sample(backlog_tag(name), self._clock.now(), old, Quality.GOOD))
        self._publish()

    def _publish(self) -> None:
        details: dict[str, str] = {}
        healths: list[Health] = []
        summaries: list[str] = []
        errors: list[str] = []
        now = self._clock.now()
        for name, state in self._sinks.items():
            connection = state.connection or ComponentStatus(Health.CONNECTING, "connecting")
            health = connection.health
            details[f"{name}.state"] = connection.details.get("state", health.value)
            if connection.last_error:
                details[f"{name}.last_error"] = connection.last_error
                errors.append(f"{name}: {connection.last_error}")
            upload = state.upload
            if upload is not None:
                details[f"{name}.backlog_rows"] = str(upload.backlog_rows)
                details[f"{name}.rows_per_s"] = f"{upload.rows_per_s:.0f}"
                age = None if upload.oldest_unsent is None else max(0.0, now - upload.oldest_unsent)
                details[f"{name}.oldest_unsent_age_s"] = "" if age is None else f"{age:.0f}"
                if health is Health.OK and self._alarmed.get(name):
                    health = Health.DEGRADED
                summaries.append(f"{name}: {upload.backlog_rows} rows waiting" if upload.backlog_rows
                                 else f"{name}: up to date")
            else:
                summaries.append(f"{name}: {connection.summary}")
            healths.append(health)
        if self.dropped_rows:
            details["dropped_rows"] = str(self.dropped_rows)
            summaries.append(f"{self.dropped_rows} rows deleted before upload (disk limit)")
            healths.append(Health.DEGRADED)
        order = [Health.FAILED, Health.DEGRADED, Health.CONNECTING, Health.OK, Health.DISABLED]
        worst = min(healths, key=order.index) if healths else Health.DISABLED
        self._status.set(ComponentStatus(worst, "; ".join(summaries), last_error=errors[0] if errors else None,
                                         details=details))
