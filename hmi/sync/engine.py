"""The sync engine: drains the outbox to the MES in order, exactly once as the MES sees it.

Store-and-forward: an event leaves the outbox (status 'delivered') only after the MES acknowledged
it; a crash in between makes the station send it again, and the MES drops the repeat by its
``event_id``. Transient failures back off with jitter (Retry-After wins); a permanent rejection
quarantines that one event, and only the later events of the same subject wait behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from hmi.auth import AuthService, Permission, PermissionDenied
from hmi.clock import Clock
from hmi.observable import Observable
from hmi.refusal import Refusal
from hmi.shutdown import bounded, cancel_and_wait
from hmi.status import ComponentStatus, Health
from hmi.store import Store
from hmi.sync import masterdata, queue
from hmi.sync.backoff import Backoff
from hmi.sync.config import SyncSection
from hmi.sync.connector import MasterdataBundle, MesConnector, MesUnavailable, Outcome

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
    ) -> None:
        self._store = store
        self._clock = clock
        self._station = station_id
        self._connector = connector
        self._settings = settings
        self._auth = auth
        self._status = status
        self._sleep = sleep
        self._backoff = Backoff(initial_s=settings.backoff_initial_s, max_s=settings.backoff_max_s)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._next_masterdata = 0.0
        self.masterdata_hooks: list[masterdata.ApplyHook] = []
        # Run after a bundle was committed (e.g. alarm limits, which their own service writes).
        self.masterdata_applied: list[Callable[[dict[str, Any]], Awaitable[None]]] = []
        self.snapshot: Observable[SyncSnapshot] = Observable(SyncSnapshot(
            connector=connector.name if connector else ""))

    # Lifecycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        await self.refresh()
        if self._connector is None:
            self._publish_status()
            return
        self._update(connection=Connection.CONNECTING)
        self._task = asyncio.create_task(self._run(), name="sync-engine")

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

    # The loop ---------------------------------------------------------------------------------
    async def _run(self) -> None:
        assert self._connector is not None
        connector = self._connector
        opened = False
        while True:
            try:
                if not opened:
                    await connector.open()
                    opened = True
                    self._update(connection=Connection.ONLINE, last_error=None)
                await self._maybe_pull_masterdata(connector)
                sent = await self.drain_once()
            except MesUnavailable as exc:
                delay = exc.retry_after if exc.retry_after is not None else self._backoff.next_delay()
                log.info("MES unavailable (%s); next try in %.1f s", exc, delay)
                await self.refresh()
                self._update(connection=Connection.OFFLINE, last_error=str(exc), retry_in_s=delay, draining=False,
                             drain_total=0)
                await self._sleep(delay)
                continue
            except Exception as exc:  # a connector bug must not end store-and-forward
                log.exception("sync failed")
                self._update(connection=Connection.OFFLINE, last_error=f"{type(exc).__name__}: {exc}")
                await self._sleep(self._backoff.next_delay())
                continue
            if not sent:
                self._update(draining=False, drain_total=0)
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._settings.poll_interval_s)

    async def drain_once(self) -> int:
        """Send one batch; returns how many events it held (0: nothing to send)."""
        assert self._connector is not None
        limit = self._settings.batch_size
        batch = await self._store.read(lambda db: queue.next_batch(db, limit=limit))
        if not batch:
            await self.refresh()
            return 0
        if not self.snapshot.value.draining:
            backlog = self.snapshot.value.pending or len(batch)
            self._update(draining=True, drain_total=max(backlog, len(batch)))
        outcomes = await self._connector.send_batch(batch)
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
        self._backoff.reset()
        self._update(connection=Connection.ONLINE, last_error=None, retry_in_s=None)
        return len(batch)

    async def _maybe_pull_masterdata(self, connector: MesConnector) -> None:
        if self._clock.monotonic() < self._next_masterdata:
            return
        etag = await self._store.read(lambda db: queue.get_state(db, "masterdata_etag"))
        try:
            bundle = await connector.fetch_masterdata(etag)
        except MesUnavailable as exc:
            # Master data trouble must not hold back the events: try again sooner, keep draining.
            log.info("master data not fetched: %s", exc)
            self._next_masterdata = self._clock.monotonic() + min(30.0, self._settings.masterdata_interval_s)
            return
        self._next_masterdata = self._clock.monotonic() + self._settings.masterdata_interval_s
        if bundle is not None:
            await self._apply_masterdata(bundle)

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
        hooks = list(self.masterdata_hooks)

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
        for after in list(self.masterdata_applied):
            try:
                await after(bundle.data)
            except Exception:
                log.exception("after applying master data %s", bundle.version)
        merged = tuple(dict.fromkeys((*self.snapshot.value.new_work_orders, *new)))
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
                     masterdata_version=version or self.snapshot.value.masterdata_version)

    def _update(self, **changes: object) -> None:
        self.snapshot.set(replace(self.snapshot.value, **changes))  # type: ignore[arg-type]
        self._publish_status()

    def _publish_status(self) -> None:
        if self._status is None:
            return
        snap = self.snapshot.value
        if self._connector is None:
            self._status.set(ComponentStatus(Health.DISABLED, "not configured"))
            return
        age = self._clock.now() - snap.oldest_at if snap.oldest_at is not None else 0.0
        details = {"backlog": str(snap.pending), "quarantined": str(snap.quarantined),
                   "oldest_age_s": f"{age:.0f}", "connector": snap.connector}
        waiting = f"{snap.pending} waiting" + (f", {snap.quarantined} quarantined" if snap.quarantined else "")
        if snap.new_work_orders:
            waiting += f" · new work orders: {', '.join(snap.new_work_orders)}"
        if snap.connection is Connection.ONLINE:
            health = Health.DEGRADED if snap.quarantined or age > self._settings.backlog_warn_age_s else Health.OK
            summary = f"online · {waiting}"
        elif snap.connection is Connection.CONNECTING:
            health, summary = Health.CONNECTING, f"connecting · {waiting}"
        else:
            health, summary = Health.FAILED, f"offline · {waiting}"
        self._status.set(ComponentStatus(health, summary, last_error=snap.last_error, last_ok=snap.last_sync_at,
                                         details=details))
