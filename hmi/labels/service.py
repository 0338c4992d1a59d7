"""The label service: print, reprint and cancel labels through a persisted queue, one worker per printer.

A label is first a row in station.db (state queued), so nothing is lost to a restart or a printer
that is down. Each printer's worker sends its jobs in order; a job that could not be sent stays at
the head of that printer's queue and is retried with a growing delay (retry_initial_s doubling up to
retry_max_s). Rendering (reportlab) and the preview (pdfium) run in worker threads, never on the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.config import PluginSection
from hmi.labels import queue
from hmi.labels.config import LabelsSection
from hmi.labels.fonts import FontMissing, ensure_fonts
from hmi.labels.layout import LabelFitError
from hmi.labels.library import TemplateLibrary
from hmi.labels.printer import Printer, PrinterState, PrinterStatus, PrintPayload, create_printer
from hmi.labels.queue import Context, JobState, PrintJob
from hmi.labels.render import LabelFormat, render
from hmi.labels.template import LabelDataError, TemplateError
from hmi.observable import Observable
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
        self.printer_status: Observable[dict[str, PrinterStatus]] = Observable(
            {name: PrinterStatus(PrinterState.UNKNOWN, "not asked yet") for name in self.printers})
        self.queue_version: Observable[int] = Observable(0)  # bumps on every queue change, for views
        self._wakeups: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []

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
            self._tasks.append(asyncio.create_task(self._worker(name), name=f"labels:{name}"))
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

    async def on_defect_recorded(self, defect: Any) -> None:
        """The ``defects.recorded`` listener: with ``[labels] auto_print`` the label is queued as the defect is
        saved, acting as whoever recorded the defect according to its stored record (a machine identity
        for an automatic one), never as someone the caller names. Otherwise the screen offers the print."""
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
        return job

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
        self.printer_status.set({**self.printer_status.value, **dict(zip(names, results, strict=True))})
        self._publish_health()
        return self.printer_status.value

    # Workers ------------------------------------------------------------------------------------------
    async def _worker(self, name: str) -> None:
        printer = self.printers[name]
        wakeup = self._wakeups[name]
        while True:
            wakeup.clear()
            try:
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
            except asyncio.CancelledError:
                raise
            except Exception:  # a store hiccup must not end the printer's worker
                log.exception("print worker %s", name)
                await asyncio.sleep(1.0)

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
        except Exception as exc:
            await self._retry(claimed, str(exc) or exc.__class__.__name__)
            status = await self._query(printer.name)
            if status.state in (PrinterState.READY, PrinterState.BUSY):
                status = PrinterStatus(PrinterState.FAULT, str(exc), ("job refused",))
            self._set_status(printer.name, status)
            return
        await self._store.write(lambda db: queue.mark_done(db, self._ctx(SYSTEM_PRINTER), job.id, spooler_ref=reference))
        if self.printer_status.value.get(printer.name, PrinterStatus(PrinterState.UNKNOWN)).state is not PrinterState.READY:
            self._set_status(printer.name, PrinterStatus(PrinterState.READY, "printed"))
        self._changed(None)

    async def _retry(self, job: PrintJob, error: str) -> None:
        delay = min(self.config.retry_max_s, self.config.retry_initial_s * 2 ** max(0, job.attempts - 1))
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
        self.printer_status.set({**self.printer_status.value, name: status})
        self._publish_health()

    def _publish_health(self) -> None:
        statuses = self.printer_status.value
        if not statuses and not self.printer_errors:
            self._status_board["printer"].set(ComponentStatus(Health.DISABLED, "no printer configured"))
            return
        good = {n for n, s in statuses.items() if s.state in (PrinterState.READY, PrinterState.BUSY)}
        bad = {n: s for n, s in statuses.items() if n not in good and s.state is not PrinterState.UNKNOWN}
        details = {n: f"{s.state.value}: {s.summary}" for n, s in statuses.items()}
        details.update({n: f"not usable: {e}" for n, e in self.printer_errors.items()})
        problems = [f"{n}: {s.summary}" for n, s in bad.items()] + [f"{n}: {e}" for n, e in self.printer_errors.items()]
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
        self.queue_version.set(self.queue_version.value + 1)
        self.wake(printer)
