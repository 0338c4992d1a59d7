"""The label service: print, reprint and cancel labels through a persisted queue, one worker per printer.

A label is first a row in station.db (state queued), so nothing is lost to a restart or a printer
that is down. Each printer is a connection under the station's one ``ConnectionSupervisor``: its
worker sends its jobs in order; a job that could not be sent stays at the head of that printer's
queue, and the supervisor tries again with its backoff (retry_initial_s doubling up to retry_max_s,
with jitter), in the station clock's time. A new label for an idle printer that is down is tried at
once. Rendering (reportlab) and the preview (pdfium) run in worker threads, never on the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.config import PluginSection
from hmi.connections.backoff import jittered_delay
from hmi.connections.supervisor import ConnectionState, ConnectionSupervisor, NeedsConfiguration, Unavailable
from hmi.labels import queue
from hmi.labels.config import LabelsSection
from hmi.labels.fonts import FontMissing, ensure_fonts
from hmi.labels.layout import LabelFitError
from hmi.labels.library import TemplateLibrary
from hmi.labels.printer import Printer, PrinterState, PrinterStatus, PrintPayload, create_printer
from hmi.labels.queue import Context, JobState, PrintJob
from hmi.labels.render import LabelFormat, render
from hmi.labels.template import LabelDataError, TemplateError
from hmi.observable import Observable, ObservableView
from hmi.plugin_registry import PluginNotFound
from hmi.refusal import Refusal
from hmi.status import ComponentStatus, Health, StatusBoard
from hmi.store import Store
from hmi.wait import wait_event

log = logging.getLogger(__name__)

REPRINT_MARK = "REPRINT"
SYSTEM_PRINTER = "system:printer"   # the print workers: sending, retries, results
REASON_MAX = 200   # characters of a reprint reason


class LabelError(Refusal):
    """A label request that cannot even be queued (no printer configured at all)."""


class LabelService:
    name = "labels"

    def __init__(self, *, store: Store, auth: AuthService | None, clock: Clock, status: StatusBoard,
                 station_id: str, config: LabelsSection, printers: Mapping[str, PluginSection],
                 templates: TemplateLibrary, data_dir: Path) -> None:
        self._store = store
        self._auth = auth
        self._clock = clock
        self._status_board = status
        self._station = station_id
        self.config = config
        self.templates = templates
        self.printers: dict[str, Printer] = {}
        self.printer_errors: dict[str, str] = {}
        for name, section in printers.items():
            if not section.enabled:
                continue
            try:
                self.printers[name] = create_printer(name, section.driver, section.options(), data_dir=data_dir)
            except (PluginNotFound, ValueError) as exc:
                self.printer_errors[name] = str(exc)
        self._printer_status: Observable[dict[str, PrinterStatus]] = Observable(
            {name: PrinterStatus(PrinterState.UNKNOWN, "not asked yet") for name in self.printers})
        self.printer_status: ObservableView[dict[str, PrinterStatus]] = self._printer_status.view()
        self._queue_version: Observable[int] = Observable(0)  # bumps on every queue change, for views
        self.queue_version: ObservableView[int] = self._queue_version.view()
        self._wakeups: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self.supervisors: dict[str, ConnectionSupervisor] = {}
        self._connections: dict[str, ComponentStatus] = {}
        self._unsent: dict[str, tuple[PrintJob, str]] = {}   # printer -> the job its last send failed, and why
        self._rng = random.Random()

    # Lifecycle ----------------------------------------------------------------------------------------
    async def start(self) -> None:
        if self.printers:  # registering the TrueType fonts takes ~0.3 s: not on the first defect's label
            with contextlib.suppress(FontMissing):
                await asyncio.to_thread(ensure_fonts)
        ctx = self._ctx(SYSTEM_PRINTER)
        requeued = await self._store.write(lambda db: queue.requeue_interrupted(db, ctx))
        if requeued:
            log.warning("%d print job(s) were interrupted while sending; they are sent again", len(requeued))
        for name in self.printers:
            self._wakeups[name] = asyncio.Event()
            supervisor = self.supervisors[name] = ConnectionSupervisor(
                name=f"printer {name}", connection=_PrinterConnection(self, name),
                report=functools.partial(self._on_connection, name), initial_s=self.config.retry_initial_s,
                max_s=self.config.retry_max_s, sleep=functools.partial(self._pause, name), rng=self._rng)
            self._tasks.append(asyncio.create_task(supervisor.run(), name=f"labels:{name}"))
        if self.config.status_interval_s > 0 and self.printers:
            self._tasks.append(asyncio.create_task(self._poll_status(), name="labels:status"))
        self._publish_health()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    def wake(self, printer: str | None = None) -> None:
        """Look at the queue now (after a job was added, or the clock moved in tests)."""
        for name, event in self._wakeups.items():
            if printer is None or name == printer:
                event.set()

    # Requests -----------------------------------------------------------------------------------------
    def default_printer(self) -> str:
        if self.config.default_printer:
            return self.config.default_printer
        names = [*self.printers, *self.printer_errors]
        if not names:
            raise LabelError("no printer is configured: add a [printers.<name>] section to station.toml")
        return names[0]

    async def print_label(self, template: str, data: Mapping[str, str], *, printer: str | None = None,
                          subject: str | None = None) -> PrintJob:
        """Queue a label as the logged-in user (PRINT_LABEL). A printer that is not configured still gets
        the job queued, with the error, so nothing asked for is lost."""
        return await self._queue(self._actor(Permission.PRINT_LABEL), template, data, printer=printer,
                                 subject=subject)

    async def print_defect_label(self, data: Mapping[str, str], *, template: str | None = None,
                                 printer: str | None = None, subject: str | None = None) -> PrintJob:
        """The defect label with the given placeholder values ({lot}, {defect_code}, {defect_name}, …)."""
        return await self.print_label(template or self.config.default_template, data, printer=printer,
                                      subject=subject)

    async def defect_data(self, defect_id: int, *, locale: str = "en") -> tuple[dict[str, str], str]:
        """The label values of a recorded defect and the subject (lot) its print job belongs to."""
        data, subject, _by = await self._defect_record(defect_id, locale=locale)
        return data, subject

    async def _defect_record(self, defect_id: int, *, locale: str) -> tuple[dict[str, str], str, str]:
        """Label values, subject and the identity that recorded the defect, all read from station.db."""
        from hmi.auth.users import find_user
        from hmi.labels.defect_label import defect_label_data, recorded_by_identity
        from hmi.production.records import defect_by_id, lot_by_id

        def read(db: Any) -> tuple[dict[str, str], str, str]:
            defect = defect_by_id(db, defect_id)
            if defect is None:
                raise LabelError("no defect #{defect_id}", defect_id=defect_id)
            lot = lot_by_id(db, defect.lot_id)
            if lot is None:
                raise LabelError("defect #{defect_id} has no lot", defect_id=defect_id)
            user = find_user(db, defect.recorded_by)
            data = defect_label_data(defect, lot, station=self._station, locale=locale,
                                     inspector=user.display_name if user is not None else None)
            return data, f"lot/{lot.lot_no}", recorded_by_identity(defect, known_user=user is not None)

        return await self._store.read(read)

    async def print_defect(self, defect_id: int, *, locale: str = "en") -> PrintJob:
        """Print the label of a recorded defect (the inspector's "Print label"), as the logged-in user."""
        who = self._actor(Permission.PRINT_LABEL)
        data, subject, _by = await self._defect_record(defect_id, locale=locale)
        return await self._queue(who, self.config.default_template, data, subject=subject)

    async def _on_defect_recorded(self, defect: Any) -> None:
        """The ``defects.recorded`` listener: with ``[labels] auto_print`` the label is queued as the defect is
        saved, acting as whoever recorded the defect according to its stored record (a machine identity
        for an automatic one), never as someone the caller names. Otherwise the screen offers the print.
        Private, subscribed by the station: on the facade, a screen could re-queue any defect's label with
        nobody logged in."""
        if not self.config.auto_print or not self.printers:
            return
        data, subject, by = await self._defect_record(int(defect.id), locale="en")
        await self._queue(by, self.config.default_template, data, subject=subject)

    async def reprint(self, job_id: int, *, reason: str) -> PrintJob:
        """The same label again, marked REPRINT, on the same printer, as the logged-in user (inspector).
        A reprint needs a reason (damaged, unreadable, lost …): it is kept with the job and audited."""
        return await self._reprint_as(self._actor(Permission.REPRINT_LABEL), job_id, reason=reason)

    async def cancel(self, job_id: int, *, reason: str) -> PrintJob:
        """Cancel a queued or failed job as the logged-in user; the reason is kept and audited."""
        return await self._cancel_as(self._actor(Permission.CANCEL_PRINT_JOB), job_id, reason=reason)

    # Machine paths: the identity is explicit ("system:…", "cli:…"); never handed to screens. -----------
    async def _queue(self, actor: str, template: str, data: Mapping[str, str], *, printer: str | None = None,
                     subject: str | None = None) -> PrintJob:
        target = printer or self.default_printer()
        error = self._printer_problem(target)
        values = {str(k): "" if v is None else str(v) for k, v in data.items()}
        ctx = self._ctx(actor)
        job = await self._store.write(lambda db: queue.add_job(
            db, ctx, printer=target, template=template, data=values, subject=subject, error=error))
        self._changed(target)
        await self._try_fresh(target, job)
        return job

    async def _try_fresh(self, printer: str, job: PrintJob) -> None:
        """A label for a printer with nothing else waiting goes out at once, even while the printer is down."""
        supervisor = self.supervisors.get(printer)
        if supervisor is None or supervisor.state is ConnectionState.OK:
            return
        head = await self._store.read(lambda db: queue.next_job(db, printer))
        if head is not None and head.id == job.id:
            supervisor.retry_now()
            self.wake(printer)

    async def _reprint_as(self, actor: str, job_id: int, *, reason: str) -> PrintJob:
        from hmi.production.text_rules import checked_text

        why = checked_text(reason, field="Reason", max_length=REASON_MAX, required=True, multiline=False)
        ctx = self._ctx(actor)

        def add(db: Any) -> PrintJob:
            original = queue.get_job(db, job_id)
            if original is None:
                raise queue.JobError("no print job {job_id}", job_id=job_id)
            first = original.reprint_of or original.id
            return queue.add_job(db, ctx, printer=original.printer, template=original.template,
                                 data=original.data, kind="reprint", reprint_of=first, subject=original.subject,
                                 error=self._printer_problem(original.printer), reprint_reason=why)

        job = await self._store.write(add)
        self._changed(job.printer)
        await self._try_fresh(job.printer, job)
        return job

    async def _cancel_as(self, actor: str, job_id: int, *, reason: str) -> PrintJob:
        if not reason.strip():
            raise queue.JobError("give a reason for cancelling the print job")
        ctx = self._ctx(actor)
        job = await self._store.write(lambda db: queue.cancel_job(db, ctx, job_id, reason=reason.strip()))
        self._changed(job.printer)
        return job

    async def jobs(self, *, limit: int = 100) -> list[PrintJob]:
        return await self._store.read(lambda db: queue.list_jobs(db, limit=limit))

    async def job(self, job_id: int) -> PrintJob | None:
        return await self._store.read(lambda db: queue.get_job(db, job_id))

    async def wait_for(self, job_id: int, *, timeout_s: float) -> PrintJob:
        """The job once it is done, failed or cancelled, or as it is after ``timeout_s``."""
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            job = await self.job(job_id)
            assert job is not None
            if job.state in (JobState.DONE, JobState.FAILED, JobState.CANCELLED):
                return job
            if asyncio.get_running_loop().time() >= deadline:
                return job
            await asyncio.sleep(0.02)

    async def render(self, template: str, data: Mapping[str, str], fmt: LabelFormat, *,
                     reprint: bool = False) -> bytes:
        values = {**data, "reprint": REPRINT_MARK if reprint else ""}
        loaded = await asyncio.to_thread(self.templates.load, template)
        return await asyncio.to_thread(render, loaded, values, fmt)

    async def preview(self, job: PrintJob) -> bytes:
        """The job's label as PNG, the way the printer gets it."""
        return await self.render(job.template, job.data, LabelFormat.PNG, reprint=job.is_reprint)

    async def refresh_status(self) -> dict[str, PrinterStatus]:
        names = list(self.printers)
        results = await asyncio.gather(*(self._query(name) for name in names))
        self._printer_status.set({**self._printer_status.value, **dict(zip(names, results, strict=True))})
        self._publish_health()
        for name, result in zip(names, results, strict=True):
            supervisor = self.supervisors.get(name)
            if supervisor is not None and result.state in (PrinterState.READY, PrinterState.BUSY):
                supervisor.retry_now()       # back: its connection need not wait out the backoff
                self.wake(name)
        return self._printer_status.value

    # Workers (each printer's connection, run by its ConnectionSupervisor) -------------------------------
    async def _connect(self, name: str) -> str:
        """Ask the printer how it is: not reachable is "unavailable"; reachable (even with a fault) serves."""
        status = await self._query(name)
        self._set_status(name, status)
        if status.state is PrinterState.OFFLINE:
            raise Unavailable(status.summary or "not reachable")
        return status.summary or status.state.value

    async def _worker(self, name: str) -> None:
        """Send the printer's jobs in order; returns only by raising when the printer did not take one."""
        printer = self.printers[name]
        wakeup = self._wakeups[name]
        while True:
            wakeup.clear()
            job = await self._store.read(lambda db: queue.next_job(db, name))
            if job is None:
                await wakeup.wait()
                continue
            delay = job.next_attempt_at - self._clock.now()
            if job.state is JobState.SENDING:  # another process (hmi label print) is sending it
                delay = 1.0
            if delay > 0:
                await wait_event(wakeup, delay)
                continue
            await self._send(printer, job)

    async def _pause(self, name: str, delay: float) -> None:
        """The supervisor's wait between tries, in the station clock's time: the job that was not sent
        first learns when it is tried next (the printer's wake-ups only re-check the clock)."""
        unsent = self._unsent.pop(name, None)
        error = self._connections.get(name, ComponentStatus(Health.CONNECTING, "")).last_error or "not sent"
        ctx = self._ctx(SYSTEM_PRINTER)
        if unsent is not None:
            job: PrintJob | None = unsent[0]
            error = unsent[1]
        else:   # not reachable: the waiting job's attempt ends here
            job = await self._store.read(lambda db: queue.next_job(db, name))
            if job is None or job.state is not JobState.QUEUED or job.next_attempt_at > ctx.ts:
                job = None
        if job is not None:
            job_id, attempted = job.id, unsent is None
            await asyncio.shield(self._store.write(lambda db: queue.mark_retry(
                db, ctx, job_id, error=error, next_attempt_at=ctx.ts + delay, attempted=attempted)))
            log.warning("print job %s on %s not sent (%s); next try in %.0f s", job_id, name, error, delay)
            self._changed(None)
        wakeup = self._wakeups[name]
        until = self._clock.now() + delay
        supervisor = self.supervisors[name]
        while self._clock.now() < until and not supervisor.retry_requested:
            wakeup.clear()
            await wait_event(wakeup, until - self._clock.now())

    def _on_connection(self, name: str, status: ComponentStatus) -> None:
        self._connections[name] = status
        self._publish_health()

    async def _send(self, printer: Printer, job: PrintJob) -> None:
        ctx = self._ctx(SYSTEM_PRINTER)
        claimed = await self._store.write(lambda db: queue.mark_sending(db, ctx, job.id))
        if claimed is None:
            return
        self._changed(None)
        try:
            template = await asyncio.to_thread(self.templates.load, job.template)
            values = {**job.data, "reprint": REPRINT_MARK if job.is_reprint else ""}
            content = await asyncio.to_thread(render, template, values, printer.format)
        except LabelDataError as exc:  # the stored values will never fill the template
            message = str(exc)
            await self._store.write(lambda db: queue.mark_failed(db, self._ctx(SYSTEM_PRINTER), job.id, error=message))
            self._changed(None)
            return
        except (TemplateError, LabelFitError, FontMissing, OSError) as exc:  # fixable at the station: retry
            await self._retry(claimed, f"cannot render the label: {exc}")
            return
        payload = PrintPayload(job_uid=job.job_uid, title=f"{template.label.name} #{job.id}",
                               format=printer.format, content=content, width_mm=template.label.width_mm,
                               height_mm=template.label.height_mm)
        try:
            reference = await printer.send(payload)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            error = str(exc) or exc.__class__.__name__
            self._unsent[printer.name] = (claimed, error)
            status = await self._query(printer.name)
            if status.state in (PrinterState.READY, PrinterState.BUSY):
                status = PrinterStatus(PrinterState.FAULT, str(exc), ("job refused",))
            self._set_status(printer.name, status)
            if isinstance(exc, NeedsConfiguration):
                raise
            raise Unavailable(error) from exc
        await self._store.write(lambda db: queue.mark_done(db, self._ctx(SYSTEM_PRINTER), job.id, spooler_ref=reference))
        if self._printer_status.value.get(printer.name, PrinterStatus(PrinterState.UNKNOWN)).state is not PrinterState.READY:
            self._set_status(printer.name, PrinterStatus(PrinterState.READY, "printed"))
        self._changed(None)

    async def _retry(self, job: PrintJob, error: str) -> None:
        """A label that could not be rendered (the printer is fine): tried again later, with the same backoff."""
        delay = jittered_delay(initial_s=self.config.retry_initial_s, max_s=self.config.retry_max_s,
                               failures=job.attempts - 1, rng=self._rng)
        ctx = self._ctx(SYSTEM_PRINTER)
        await self._store.write(lambda db: queue.mark_retry(db, ctx, job.id, error=error,
                                                            next_attempt_at=ctx.ts + delay))
        log.warning("print job %s on %s not sent (%s); next try in %.0f s", job.id, job.printer, error, delay)
        self._changed(None)

    async def _poll_status(self) -> None:
        while True:
            try:
                await self.refresh_status()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("printer status")
            await asyncio.sleep(self.config.status_interval_s)

    async def _query(self, name: str) -> PrinterStatus:
        try:
            return await self.printers[name].status()
        except Exception as exc:
            return PrinterStatus(PrinterState.UNKNOWN, f"status query failed: {exc}")

    # Helpers ------------------------------------------------------------------------------------------
    def _set_status(self, name: str, status: PrinterStatus) -> None:
        self._printer_status.set({**self._printer_status.value, name: status})
        self._publish_health()

    def _publish_health(self) -> None:
        statuses = self._printer_status.value
        if not statuses and not self.printer_errors:
            self._status_board["printer"].set(ComponentStatus(Health.DISABLED, "no printer configured"))
            return
        # Ready only once its connection is OK too: not while the supervisor is still to hear from it.
        good = {n for n, s in statuses.items() if s.state in (PrinterState.READY, PrinterState.BUSY)
                and (n not in self.supervisors or self.supervisors[n].state is ConnectionState.OK)}
        bad = {n: s for n, s in statuses.items() if n not in good and s.state is not PrinterState.UNKNOWN}
        details = {n: f"{s.state.value}: {s.summary}" for n, s in statuses.items()}
        details.update({n: f"not usable: {e}" for n, e in self.printer_errors.items()})
        problems = [f"{n}: {s.summary}" for n, s in bad.items()] + [f"{n}: {e}" for n, e in self.printer_errors.items()]
        for n, connection in self._connections.items():
            if connection.details.get("state") in (ConnectionState.FAILED, ConnectionState.NEEDS_CONFIGURATION):
                good.discard(n)
                problems.append(f"{n}: {connection.last_error}")
                details[f"{n}.connection"] = f"{connection.details['state']}: {connection.last_error}"
        if not problems:
            health = Health.OK if good else Health.CONNECTING
            summary = f"{len(good)} printer{'s' if len(good) != 1 else ''} ready" if good else "checking printers"
            self._status_board["printer"].set(ComponentStatus(health, summary, details=details))
        else:
            health = Health.FAILED if not good else Health.DEGRADED
            self._status_board["printer"].set(ComponentStatus(health, problems[0], last_error="; ".join(problems),
                                                              details=details))

    def _printer_problem(self, name: str) -> str | None:
        if name in self.printer_errors:
            return f"printer {name!r} cannot be used: {self.printer_errors[name]}"
        if name not in self.printers:
            known = ", ".join(self.printers) or "none"
            return f"no printer named {name!r} is configured (configured: {known}); the job waits for it"
        return None

    def _actor(self, permission: Permission) -> str:
        """The logged-in user, if their role holds the permission (PermissionDenied otherwise)."""
        if self._auth is None:
            raise LabelError("no one is logged in to print")
        return self._auth.require(permission).username

    def _ctx(self, actor: str) -> Context:
        return Context(ts=self._clock.now(), station=self._station, actor=actor)

    def _changed(self, printer: str | None) -> None:
        self._queue_version.set(self._queue_version.value + 1)
        self.wake(printer)


class _PrinterConnection:
    """One printer as a supervised connection: connect asks its status, serve sends its queue."""

    def __init__(self, service: LabelService, name: str) -> None:
        self._service = service
        self._name = name

    async def connect(self) -> str:
        return await self._service._connect(self._name)

    async def serve(self) -> None:
        await self._service._worker(self._name)

    async def close(self) -> None:
        """Printers hold no connection between jobs."""
