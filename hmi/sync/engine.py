"""The sync engine: drains the outbox to the MES in order, exactly once as the MES sees it.

Store-and-forward: an event leaves the outbox (status 'delivered') only after the MES acknowledged
it; a crash in between makes the station send it again, and the MES drops the repeat by its
``event_id``. The connection's life (reconnects, backoff with jitter, Retry-After, health) belongs to
the station's one ``ConnectionSupervisor``; a permanent rejection quarantines that one event, and only
the later events of the same subject wait behind it. Each drain first puts the audit chain's new head
in the outbox, so the MES anchors the chain (anchor.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from hmi import jsonutil
from hmi.auth import AuthService, Permission, PermissionDenied
from hmi.clock import Clock
from hmi.connections.supervisor import ConnectionState, ConnectionSupervisor
from hmi.observable import Event, EventView, Observable, ObservableView
from hmi.outbox import OutboxEvent
from hmi.refusal import Refusal
from hmi.shutdown import bounded, cancel_and_wait
from hmi.status import ComponentStatus, Health
from hmi.store import Store
from hmi.sync import anchor, masterdata, queue
from hmi.sync.config import SyncSection
from hmi.sync.connector import (
    EventOutcome,
    MasterdataBundle,
    MesBatchRefused,
    MesConfigurationError,
    MesConnector,
    MesUnavailable,
    Outcome,
    check_alive,
    configuration_warnings,
    watch_masterdata,
)
from hmi.wait import wait_event

log = logging.getLogger(__name__)

STOP_TIMEOUT_S = 3.0   # for the loop, and again for closing the connector

Sleep = Callable[[float], Awaitable[None]]


class SkipNeedsReason(Refusal, ValueError):
    """An event the MES will never receive is given up only with a reason on record."""


class Connection(StrEnum):
    DISABLED = "disabled"
    CONNECTING = "connecting"
    ONLINE = "online"
    OFFLINE = "offline"
    NEEDS_CONFIGURATION = "needs_configuration"   # certificate, credentials or address: waiting won't fix it
    FAILED = "failed"                             # a bug (the connector's or ours): logged, shown, restarted


_CONNECTION = {ConnectionState.CONNECTING: Connection.CONNECTING, ConnectionState.OFFLINE: Connection.OFFLINE,
               ConnectionState.NEEDS_CONFIGURATION: Connection.NEEDS_CONFIGURATION,
               ConnectionState.FAILED: Connection.FAILED}


@dataclass(frozen=True, slots=True)
class SyncSnapshot:
    """What the sync screen and the MES chip show."""

    connection: Connection = Connection.DISABLED
    connector: str = ""
    last_error: str | None = None
    last_sync_at: float | None = None
    pending: int = 0
    blocked: int = 0
    quarantined: int = 0
    oldest_at: float | None = None
    draining: bool = False
    drain_total: int = 0          # the backlog when this drain began: progress = 1 - pending / drain_total
    retry_in_s: float | None = None
    masterdata_version: str | None = None
    masterdata_error: str | None = None       # the last pull failed (shown even while events flow)
    masterdata_needs_configuration: bool = False
    warnings: tuple[str, ...] = ()             # unsafe settings (verify = false, a token over http://)
    new_work_orders: tuple[str, ...] = field(default_factory=tuple)


class SyncEngine:
    name = "sync"

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        station_id: str,
        connector: MesConnector | None,
        settings: SyncSection,
        auth: AuthService | None = None,
        status: Observable[ComponentStatus] | None = None,
        sleep: Sleep = asyncio.sleep,
        masterdata_hooks: Sequence[masterdata.ApplyHook] = (),
    ) -> None:
        self._store = store
        self._clock = clock
        self._station = station_id
        self._connector = connector
        self._settings = settings
        self._auth = auth
        self._status = status
        self._sleep = sleep
        self._supervisor: ConnectionSupervisor | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._next_masterdata = 0.0
        self._last_logged: tuple[Connection, str] | None = None
        self._masterdata_logged: str | None = None
        # Run inside the bundle's transaction (production's tables, the OEE calendar): one refusing undoes it all.
        self._masterdata_hooks: tuple[masterdata.ApplyHook, ...] = tuple(masterdata_hooks)
        # Told after a bundle was committed (e.g. alarm limits, which their own service writes).
        self._masterdata_applied: Event[dict[str, Any]] = Event("masterdata.applied")
        self.masterdata_applied: EventView[dict[str, Any]] = self._masterdata_applied.view()
        self._snapshot: Observable[SyncSnapshot] = Observable(SyncSnapshot(
            connector=connector.name if connector else ""))
        self.snapshot: ObservableView[SyncSnapshot] = self._snapshot.view()

    # Lifecycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        await self.refresh()
        if self._connector is None:
            self._publish_status()
            return
        warnings = tuple(await asyncio.to_thread(configuration_warnings, self._connector))
        for warning in warnings:
            log.warning("MES connection: %s", warning)
        self._update(connection=Connection.CONNECTING, warnings=warnings)
        # Subscribed before the first fetch: a bundle pushed by the MES is applied as soon as it arrives.
        watch_masterdata(self._connector, self._masterdata_arrived)
        self._supervisor = ConnectionSupervisor(
            name=f"mes {self._connector.name}", connection=_MesConnection(self), report=self._on_connection,
            initial_s=self._settings.backoff_initial_s, max_s=self._settings.backoff_max_s,
            needs_configuration_s=self._settings.needs_configuration_retry_s, sleep=self._pause)
        self._task = asyncio.create_task(self._supervisor.run(), name="sync-engine")

    async def stop(self) -> None:
        task, self._task = self._task, None
        await cancel_and_wait([task], timeout_s=STOP_TIMEOUT_S, what="sync engine")
        if self._connector is not None:
            try:
                await bounded(self._connector.close(), timeout_s=STOP_TIMEOUT_S,
                              what=f"closing the MES connector {self._connector.name}")
            except Exception:
                log.exception("closing the MES connector failed")

    def notify(self) -> None:
        """Something was recorded: drain now instead of at the next poll."""
        self._wake.set()

    # Supervisor actions -------------------------------------------------------------------------
    async def retry(self, event_id: str, *, reason: str = "") -> None:
        await self._resolve(event_id, "retry", reason)

    async def skip(self, event_id: str, *, reason: str) -> None:
        if not reason.strip():
            raise SkipNeedsReason("give a reason for skipping the event: the MES will never receive it")
        await self._resolve(event_id, "skip", reason.strip())

    async def _resolve(self, event_id: str, action: str, reason: str) -> None:
        actor = "system"
        if self._auth is not None:
            actor = self._auth.require(Permission.MANAGE_SYNC).username
        now = self._clock.now()
        await self._store.write(lambda db: queue.resolve(db, event_id=event_id, action=action, actor=actor,
                                                         reason=reason, now=now, station_id=self._station))
        await self.refresh()
        self.notify()

    async def quarantined(self) -> list[queue.QuarantinedEvent]:
        return await self._store.read(queue.quarantined)

    # The connection's life (run by the ConnectionSupervisor) ---------------------------------------
    async def _pause(self, delay: float) -> None:
        """The supervisor's wait between tries: the backlog is re-read first, so that the screen is current."""
        await self.refresh()
        await self._sleep(delay)

    def _on_connection(self, status: ComponentStatus) -> None:
        """The supervisor's report: the snapshot's connection, logged once per change of state or reason."""
        supervisor = self._supervisor
        state = supervisor.state if supervisor is not None else ConnectionState.CONNECTING
        if state is ConnectionState.OK:
            self._log_recovered()
            self._update(connection=Connection.ONLINE, last_error=None, retry_in_s=None)
            return
        connection = _CONNECTION[state]
        reason = status.last_error or status.summary
        if state is not ConnectionState.FAILED:      # FAILED was logged, with its traceback, by the supervisor
            self._log_state(connection, reason)
        else:
            self._last_logged = (connection, reason)
        if state is ConnectionState.NEEDS_CONFIGURATION:
            self._next_masterdata = 0.0       # the next try checks everything again
        self._update(connection=connection, last_error=reason,
                     retry_in_s=supervisor.retry_in_s if supervisor is not None else None,
                     draining=False, drain_total=0)

    async def _connect(self) -> str:
        """Open the connector, and hear from the MES: a master data answer, or delivered events.

        Only an answer says "online": a REST connector's ``open`` does not talk to the MES at all.
        """
        assert self._connector is not None
        connector = self._connector
        await connector.open()
        self._next_masterdata = 0.0
        pulled = await self._maybe_pull_masterdata(connector)
        if pulled is not None:
            if await self.drain_once() == 0:
                raise pulled          # no answer at all yet: not online
            self._next_masterdata = 0.0     # the MES took events: the failed pull need not wait its 30 s
        return f"online ({connector.name})"

    async def _serve(self) -> None:
        """Drain while the MES answers; returns or raises when it does not."""
        assert self._connector is not None
        connector = self._connector
        while True:
            check_alive(connector)
            await self._maybe_pull_masterdata(connector)
            if not await self.drain_once():
                self._update(draining=False, drain_total=0)
                self._wake.clear()
                await wait_event(self._wake, self._settings.poll_interval_s)

    async def _close(self) -> None:
        """Drop the connector's connection: the next try starts from a fresh one (and re-reads TLS files)."""
        if self._connector is not None:
            await bounded(self._connector.close(), timeout_s=STOP_TIMEOUT_S,
                          what=f"closing the MES connector {self._connector.name}")

    def _log_state(self, connection: Connection, reason: str) -> None:
        """One WARNING per change of state or reason, not one per retry."""
        if self._last_logged != (connection, reason):
            self._last_logged = (connection, reason)
            log.warning("MES %s: %s", connection.value.replace("_", " "), reason)

    def _log_recovered(self) -> None:
        if self._last_logged is not None:
            self._last_logged = None
            log.warning("MES online again")

    async def drain_once(self) -> int:
        """Send one batch; returns how many events it held (0: nothing to send)."""
        assert self._connector is not None
        limit = self._settings.batch_size
        if await self._store.read(anchor.head_to_send) is not None:
            now = self._clock.now()
            await self._store.write(lambda db: anchor.enqueue_head(db, station_id=self._station, now=now))
        batch = await self._store.read(lambda db: queue.next_batch(db, limit=limit))
        if not batch:
            await self.refresh()
            return 0
        if not self._snapshot.value.draining:
            backlog = self._snapshot.value.pending or len(batch)
            self._update(draining=True, drain_total=max(backlog, len(batch)))
        outcomes = await self._send_checked(batch)
        known = {e.event_id for e in batch}
        outcomes = [o for o in outcomes if o.event_id in known]
        now = self._clock.now()

        def record(db):  # type: ignore[no-untyped-def]
            queue.apply_outcomes(db, outcomes, now=now, station_id=self._station)
            if any(o.outcome is Outcome.DELIVERED for o in outcomes):
                queue.set_state(db, "last_sync_at", now)

        await self._store.write(record)
        await self.refresh()
        transient = [o for o in outcomes if o.outcome is Outcome.TRANSIENT]
        if transient or len(outcomes) < len(batch):
            waits = [o.retry_after for o in transient if o.retry_after is not None]
            reason = transient[0].reason if transient else "the MES answered for only part of the batch"
            raise MesUnavailable(reason, retry_after=max(waits) if waits else None)
        return len(batch)

    async def _send_checked(self, batch: list[OutboxEvent]) -> list[EventOutcome]:
        """Refuse here what no MES could read (NaN, unencodable text), then send the rest."""
        outcomes: list[EventOutcome] = []
        sendable: list[OutboxEvent] = []
        for event in batch:
            try:
                jsonutil.dumps_strict(event.envelope())
            except ValueError as exc:
                _, problems = jsonutil.strict(event.envelope())
                where = "; ".join(f"{k}: {v.split(':')[0]}" for k, v in problems.items()) or str(exc)
                outcomes.append(EventOutcome(event.event_id, Outcome.REJECTED,
                                             f"the station cannot encode this event as JSON ({where})"))
            else:
                sendable.append(event)
        if outcomes:
            sendable, deferred = _hold_back(sendable, _subjects(batch, outcomes))
            outcomes += deferred
        return outcomes + await self._send_bisecting(sendable)

    async def _send_bisecting(self, events: list[OutboxEvent]) -> list[EventOutcome]:
        """Send; when the MES refuses the batch as a whole, halve it until the refused event is alone.

        Order per subject holds: the second half goes only after the first was answered, and events
        of a subject refused in the first half wait (deferred) behind their refused event.
        """
        if not events:
            return []
        assert self._connector is not None
        try:
            return await self._connector.send_batch(events)
        except MesBatchRefused as exc:
            if len(events) == 1:
                log.warning("the MES refused event %s (%s): %s", events[0].event_id, events[0].type, exc)
                return [EventOutcome(events[0].event_id, Outcome.REJECTED, str(exc) or "refused by the MES")]
            middle = len(events) // 2
            first = await self._send_bisecting(events[:middle])
            if len(first) < middle or any(o.outcome is Outcome.TRANSIENT for o in first):
                return first      # the rest waits for the next try, in order
            rest, deferred = _hold_back(events[middle:], _subjects(events[:middle], first))
            return first + deferred + await self._send_bisecting(rest)

    async def _maybe_pull_masterdata(self, connector: MesConnector) -> MesUnavailable | None:
        """Pull when due. An unavailable pull is shown and returned, never raised: master data trouble
        must not hold back the events. A configuration error is raised: it is the connection's."""
        if self._clock.monotonic() < self._next_masterdata:
            return None
        etag = await self._store.read(lambda db: queue.get_state(db, "masterdata_etag"))
        try:
            bundle = await connector.fetch_masterdata(etag)
        except (MesUnavailable, MesConfigurationError) as exc:
            needs_config = isinstance(exc, MesConfigurationError)
            reason = f"master data not fetched: {exc}"
            if self._masterdata_logged != reason:
                self._masterdata_logged = reason
                log.warning("%s", reason)
            retry = self._settings.needs_configuration_retry_s if needs_config else 30.0
            self._next_masterdata = self._clock.monotonic() + min(retry, self._settings.masterdata_interval_s)
            self._update(masterdata_error=reason, masterdata_needs_configuration=needs_config)
            if isinstance(exc, MesConfigurationError):
                raise
            return exc
        if self._masterdata_logged is not None:
            self._masterdata_logged = None
            log.warning("master data fetched again")
        self._next_masterdata = self._clock.monotonic() + self._settings.masterdata_interval_s
        self._update(masterdata_error=None, masterdata_needs_configuration=False)
        if bundle is not None:
            await self._apply_masterdata(bundle)
        return None

    def _masterdata_arrived(self) -> None:
        self._next_masterdata = 0.0
        self._wake.set()

    async def pull_masterdata_now(self) -> None:
        self._next_masterdata = 0.0
        self.notify()

    async def apply_masterdata(self, bundle: MasterdataBundle) -> list[str]:
        """Apply a bundle by hand, as the signed-in admin; the MES's own pull uses the private path."""
        if self._auth is None:
            raise PermissionDenied(Permission.REPLACE_MASTERDATA, None)
        self._auth.require(Permission.REPLACE_MASTERDATA)
        return await self._apply_masterdata(bundle)

    async def _apply_masterdata(self, bundle: MasterdataBundle) -> list[str]:
        """Apply a bundle atomically; on failure keep the last good copy and say why."""
        now = self._clock.now()
        hooks = list(self._masterdata_hooks)

        def apply(db):  # type: ignore[no-untyped-def]
            new = masterdata.store_and_apply(db, bundle, now=now, hooks=hooks)
            queue.set_state(db, "masterdata_etag", bundle.etag)
            return new

        try:
            new = await self._store.write(apply)
        except Exception as exc:
            error = str(exc)
            log.warning("master data %s refused: %s", bundle.version, error)
            await self._store.write(lambda db: masterdata.record_failure(db, bundle, now=now, error=error))
            self._update(last_error=f"master data {bundle.version} not applied: {error}")
            return []
        log.info("master data %s applied (%d new work orders)", bundle.version, len(new))
        await self._masterdata_applied.emit(bundle.data)   # a failing listener is logged, the bundle stands
        merged = tuple(dict.fromkeys((*self._snapshot.value.new_work_orders, *new)))
        self._update(masterdata_version=bundle.version, new_work_orders=merged)
        return new

    def acknowledge_new_work_orders(self) -> None:
        self._update(new_work_orders=())

    # Publishing -------------------------------------------------------------------------------
    async def refresh(self) -> None:
        """Re-read the backlog and publish it."""

        def read(db):  # type: ignore[no-untyped-def]
            cached = masterdata.last_good(db)
            return queue.backlog(db), queue.get_state(db, "last_sync_at"), cached.version if cached else None

        backlog, last_sync, version = await self._store.read(read)
        self._update(pending=backlog.pending, blocked=backlog.blocked, quarantined=backlog.quarantined,
                     oldest_at=backlog.oldest_at, last_sync_at=last_sync,
                     masterdata_version=version or self._snapshot.value.masterdata_version)

    def _update(self, **changes: object) -> None:
        self._snapshot.set(replace(self._snapshot.value, **changes))  # type: ignore[arg-type]
        self._publish_status()

    def _publish_status(self) -> None:
        if self._status is None:
            return
        snap = self._snapshot.value
        if self._connector is None:
            self._status.set(ComponentStatus(Health.DISABLED, "not configured"))
            return
        age = self._clock.now() - snap.oldest_at if snap.oldest_at is not None else 0.0
        details = {"backlog": str(snap.pending), "quarantined": str(snap.quarantined),
                   "oldest_age_s": f"{age:.0f}", "connector": snap.connector}
        waiting = f"{snap.pending} waiting" + (f", {snap.quarantined} quarantined" if snap.quarantined else "")
        if snap.new_work_orders:
            waiting += f" · new work orders: {', '.join(snap.new_work_orders)}"
        if snap.connection is Connection.ONLINE and snap.masterdata_needs_configuration:
            health, summary = Health.FAILED, f"needs configuration · {snap.masterdata_error} · {waiting}"
        elif snap.connection is Connection.ONLINE:
            troubled = snap.quarantined or age > self._settings.backlog_warn_age_s or snap.masterdata_error
            health = Health.DEGRADED if troubled else Health.OK
            summary = f"online · {waiting}" + (f" · {snap.masterdata_error}" if snap.masterdata_error else "")
        elif snap.connection is Connection.CONNECTING:
            health, summary = Health.CONNECTING, f"connecting · {waiting}"
        elif snap.connection is Connection.FAILED:
            health, summary = Health.FAILED, f"failed · {snap.last_error} · {waiting}"
        elif snap.connection is Connection.NEEDS_CONFIGURATION:
            # Its own words on the chip: the FAILED chip shows the summary, and the summary says what to fix.
            health, summary = Health.FAILED, f"needs configuration · {snap.last_error} · {waiting}"
        else:   # offline stores events as planned: a caution, red once the backlog is old
            stale = age > self._settings.backlog_warn_age_s
            health, summary = (Health.FAILED if stale else Health.DEGRADED), f"offline · {waiting}"
        details["state"] = snap.connection.value
        last_error = snap.last_error or snap.masterdata_error
        self._status.set(ComponentStatus(health, summary, last_error=last_error, last_ok=snap.last_sync_at,
                                         details=details))


class _MesConnection:
    """The engine as the supervisor's connection: connect hears from the MES, serve drains, close drops."""

    def __init__(self, engine: SyncEngine) -> None:
        self._engine = engine

    async def connect(self) -> str:
        return await self._engine._connect()

    async def serve(self) -> None:
        await self._engine._serve()

    async def close(self) -> None:
        await self._engine._close()


def _subjects(events: list[OutboxEvent], outcomes: list[EventOutcome]) -> set[str]:
    """The subjects of the events that were refused (or held back) in this answer."""
    stopped = {o.event_id for o in outcomes if o.outcome in (Outcome.REJECTED, Outcome.DEFERRED)}
    return {e.subject for e in events if e.event_id in stopped and e.subject is not None}


def _hold_back(events: list[OutboxEvent], subjects: set[str]) -> tuple[list[OutboxEvent], list[EventOutcome]]:
    """Split off the events of refused subjects: they wait behind the refused event (DEFERRED)."""
    if not subjects:
        return events, []
    kept = [e for e in events if e.subject not in subjects]
    held = [EventOutcome(e.event_id, Outcome.DEFERRED, "waits behind a refused event of its subject")
            for e in events if e.subject in subjects]
    return kept, held
