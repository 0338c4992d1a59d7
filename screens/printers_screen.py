"""Printers: each printer's state, the print queue with its states, reprint and cancel, and a preview
of the selected label rendered from the same PDF the printer gets (off the UI thread)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import Permission
from hmi.labels.printer import PrinterState, PrinterStatus
from hmi.labels.queue import JobState, PrintJob
from hmi.refusal import Refusal
from hmi.station import Station
from hmi.status import Health
from screens.refusal_text import error_text, refusal_text
from screens.shell_context import ShellContext
from screens.widgets.screen_base import ScreenBase

# The usual reasons for printing a label again, one tap each: stored in English in the queue and the audit
# (the record reads the same whoever printed it), shown short in the operator's language.
REPRINT_REASONS = {
    "Label damaged": QT_TRANSLATE_NOOP("PrintersScreen", "Damaged"),
    "Label unreadable": QT_TRANSLATE_NOOP("PrintersScreen", "Unreadable"),
    "Label lost": QT_TRANSLATE_NOOP("PrintersScreen", "Lost"),
    "Label on the wrong part": QT_TRANSLATE_NOOP("PrintersScreen", "Wrong part"),
}
REASON_BUTTON_STYLE = "padding: 0 6px; min-width: 0; font-size: 17px;"

_HEALTH = {PrinterState.READY: Health.OK, PrinterState.BUSY: Health.OK, PrinterState.FAULT: Health.DEGRADED,
           PrinterState.OFFLINE: Health.FAILED, PrinterState.UNKNOWN: Health.CONNECTING}


class PrintersScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        labels = context.station.labels
        self._jobs: list[PrintJob] = []
        self._selected: PrintJob | None = None
        self._pixmap: QPixmap | None = None
        self._loading = False
        self._reload_again = False

        top = QHBoxLayout()
        self.printer_row = QHBoxLayout()
        self.printer_row.setSpacing(12)
        self.printer_row.addStretch(1)
        top.addLayout(self.printer_row, 1)
        self.check_button = QPushButton(objectName="CheckPrinters")
        self.check_button.clicked.connect(lambda: context.tasks.spawn(labels.refresh_status()))
        top.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(top)

        middle = QHBoxLayout()
        middle.setSpacing(16)
        self.table = QTableWidget(0, 5, objectName="PrintQueue")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(48)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        middle.addWidget(self.table, 3)

        side = QFrame(objectName="Card")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(16, 12, 16, 12)
        self.preview_title = QLabel(objectName="Muted")
        self.preview = QLabel(objectName="LabelPreview", alignment=Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(240, 120)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.job_info = QLabel(objectName="JobInfo")
        self.job_info.setWordWrap(True)
        self.reprint_button = QPushButton(objectName="Reprint")
        self.reprint_button.setProperty("role", "primary")
        self.reprint_button.setMinimumHeight(64)
        self.reprint_button.clicked.connect(self._ask_reprint_reason)
        self.reason = QLineEdit(objectName="CancelReason")
        self.reason.setMinimumHeight(48)
        self.reason.textChanged.connect(lambda _t: self._update_buttons())
        self.cancel_button = QPushButton(objectName="CancelJob")
        self.cancel_button.setMinimumHeight(56)
        self.cancel_button.clicked.connect(self._cancel)
        for widget in (self.preview_title, self.preview):
            side_layout.addWidget(widget)
        # The job's details and actions and the reprint reason share one slot under the preview: asking for
        # the reason moves nothing, and the panel stays as tall as it was.
        self.action_stack = QStackedWidget(objectName="JobActions")
        job_actions = QWidget()
        job_box = QVBoxLayout(job_actions)
        job_box.setContentsMargins(0, 0, 0, 0)
        for widget in (self.job_info, self.reprint_button, self.reason, self.cancel_button):
            job_box.addWidget(widget)
        job_box.addStretch(1)
        self.action_stack.addWidget(job_actions)
        self.action_stack.addWidget(self._reprint_reason_panel())
        side_layout.addWidget(self.action_stack)
        side_layout.setStretch(1, 1)
        # Long texts (Korean wraps more) scroll inside the panel instead of making the window taller.
        side_scroll = QScrollArea(objectName="PrinterSide")
        side_scroll.setWidget(side)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        middle.addWidget(side_scroll, 2)
        self.body.addLayout(middle, 1)

        self._printer_labels: dict[str, QLabel] = {}
        self._unsubscribers = [
            labels.printer_status.subscribe(lambda _s: self._show_printers(), replay=False),
            labels.queue_version.subscribe(lambda _v: self._reload(), replay=False),
            context.station.auth.session.subscribe(lambda _s: self._update_buttons(), replay=False),
        ]
        self.destroyed.connect(lambda *_: [u() for u in self._unsubscribers])
        self.retranslate()

    def _reprint_reason_panel(self) -> QWidget:
        panel = QWidget(objectName="ReprintReasons")
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        self.reprint_question = QLabel(objectName="Notice")
        self.reprint_question.setWordWrap(True)
        box.addWidget(self.reprint_question)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.reason_group = QButtonGroup(self)
        self.reason_buttons: dict[str, QPushButton] = {}
        for i, reason in enumerate(REPRINT_REASONS):
            button = QPushButton(objectName="ReprintReason")
            button.setStyleSheet(REASON_BUTTON_STYLE)
            button.setProperty("segment", True)   # the theme's selected look for a choice (no alarm colour)
            button.setCheckable(True)
            button.setMinimumHeight(52)
            button.setProperty("reason", reason)
            button.toggled.connect(lambda _on: self._update_reprint_confirm())
            self.reason_group.addButton(button)
            self.reason_buttons[reason] = button
            grid.addWidget(button, i // 2, i % 2)
        box.addLayout(grid)
        self.reprint_note = QLineEdit(objectName="ReprintNote")
        self.reprint_note.setMinimumHeight(48)
        self.reprint_note.textChanged.connect(lambda _t: self._update_reprint_confirm())
        box.addWidget(self.reprint_note)
        row = QHBoxLayout()
        self.reprint_confirm = QPushButton(objectName="ReprintConfirm")
        self.reprint_confirm.setProperty("role", "primary")
        self.reprint_back = QPushButton(objectName="ReprintBack")
        for button in (self.reprint_confirm, self.reprint_back):
            button.setMinimumHeight(60)
            row.addWidget(button)
        self.reprint_confirm.clicked.connect(self._reprint)
        self.reprint_back.clicked.connect(self._close_reprint_reason)
        box.addLayout(row)
        return panel

    # Texts ----------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Printers and labels"))
        self.check_button.setText(self.tr("Check printers"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Job"), self.tr("State"), self.tr("Time"), self.tr("Printer"), self.tr("Details")])
        self.reprint_button.setText(self.tr("Reprint…"))
        self.reprint_question.setText(self.tr("Why is this label printed again?"))
        for reason, button in self.reason_buttons.items():
            button.setText(QCoreApplication.translate("PrintersScreen", REPRINT_REASONS[reason]))
        self.reprint_note.setPlaceholderText(self.tr("Other reason"))
        self.reprint_confirm.setText(self.tr("Reprint"))
        self.reprint_back.setText(self.tr("Back"))
        self.reason.setPlaceholderText(self.tr("Reason for cancelling"))
        self.cancel_button.setText(self.tr("Cancel job"))
        self.preview_title.setText(self.tr("Preview"))
        self._show_printers()
        self._fill_table()
        self._show_job(render=False)   # the label itself does not change with the screen's language

    def _state_text(self, state: JobState) -> str:
        return {JobState.QUEUED: self.tr("queued"), JobState.SENDING: self.tr("sending"),
                JobState.DONE: self.tr("printed"), JobState.FAILED: self.tr("failed"),
                JobState.CANCELLED: self.tr("cancelled")}[state]

    def _printer_state_text(self, state: PrinterState) -> str:
        return {PrinterState.READY: self.tr("ready"), PrinterState.BUSY: self.tr("printing"),
                PrinterState.FAULT: self.tr("fault"), PrinterState.OFFLINE: self.tr("offline"),
                PrinterState.UNKNOWN: self.tr("not checked")}[state]

    # Printers -------------------------------------------------------------------------------------------
    def _show_printers(self) -> None:
        labels = self.context.station.labels
        statuses: dict[str, PrinterStatus] = labels.printer_status.value
        names = [*labels.printers, *labels.printer_errors]
        if not names:
            names = ["—"]
        for name in names:
            if name not in self._printer_labels:
                chip = QLabel(objectName="PrinterState")
                chip.setProperty("chip", True)
                chip.setMinimumHeight(60)
                chip.setMinimumWidth(220)
                chip.setMaximumWidth(520)
                self._printer_labels[name] = chip
                self.printer_row.insertWidget(self.printer_row.count() - 1, chip)
            chip = self._printer_labels[name]
            if name in labels.printer_errors:
                unusable = self.tr("not usable")
                health, text = Health.FAILED, f"{name}: {unusable}"
                chip.setToolTip(labels.printer_errors[name])
            elif name in statuses:
                status = statuses[name]
                health = _HEALTH[status.state]
                text = f"{name}: {self._printer_state_text(status.state)}"
                if status.state in (PrinterState.FAULT, PrinterState.OFFLINE) and status.summary:
                    text += f" — {status.summary}"
                chip.setToolTip(f"{labels.printers[name].describe()}\n{status.summary}")
            else:
                health, text = Health.DISABLED, self.tr("No printer configured")
            chip.setText(chip.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 420))
            chip.setProperty("health", health.value)
            chip.style().unpolish(chip)
            chip.style().polish(chip)

    # Queue ----------------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self._reload()
        self.context.tasks.spawn(self.context.station.labels.refresh_status())

    def _reload(self) -> None:
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self.context.tasks.spawn(self._load())

    async def _load(self) -> None:
        try:
            while True:
                self._reload_again = False
                self._jobs = await self.context.station.labels.jobs(limit=200)
                self._fill_table()
                if not self._reload_again:
                    break
        finally:
            self._loading = False

    def _fill_table(self) -> None:
        selected_id = self._selected.id if self._selected else None
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._jobs))
        for row, job in enumerate(self._jobs):
            when = dt.datetime.fromtimestamp(job.created_at).strftime("%H:%M:%S")
            code = " ".join(v for v in (job.data.get("defect_code", ""), job.data.get("defect_name", "")) if v)
            what = " · ".join(v for v in (job.data.get("lot", ""), code) if v)
            if job.is_reprint:
                reprint = self.tr("REPRINT")
                what = f"{reprint} · {what}"
            if job.state in (JobState.QUEUED, JobState.FAILED) and job.last_error:
                what = f"{what} — {job.last_error}" if what else job.last_error
            if job.state is JobState.CANCELLED and job.cancel_reason:
                what = f"{what} — {job.cancel_reason}"
            state = self._state_text(job.state)
            if job.state is JobState.QUEUED and job.attempts:
                state += f" ({job.attempts})"
            cells = [str(job.id), state, when, job.printer, what]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(job.last_error or text)
                if column == 1 and job.state in (JobState.FAILED, JobState.QUEUED) and job.last_error:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
            if job.id == selected_id:
                self.table.selectRow(row)
        self._selected = next((j for j in self._jobs if j.id == selected_id), None)
        if self._selected is None and self._jobs:
            self.table.selectRow(0)
            self.table.blockSignals(False)
            self._on_select()
        else:
            self.table.blockSignals(False)
            self._show_job(render=False)

    def _on_selection_changed(self) -> None:
        # Qt also emits this while the table is being destroyed with the screen: ignore it unless shown.
        if self.isVisible():
            self._on_select()

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        self._selected = self._jobs[rows[0].row()] if rows and rows[0].row() < len(self._jobs) else None
        self._show_job()

    def _show_job(self, *, render: bool = True) -> None:
        job = self._selected
        if job is None:
            self.job_info.setText(self.tr("No print jobs yet."))
            self._pixmap = None
            self.preview.clear()
        else:
            job_word, reprint, printer_word = self.tr("Job"), self.tr("REPRINT"), self.tr("Printer")
            label_word, tries_word = self.tr("Label"), self.tr("Tries")
            lines = [f"<b>{job_word} {job.id}</b> — {self._state_text(job.state)}"
                     f"{' · ' + reprint if job.is_reprint else ''}",
                     f"{printer_word}: {job.printer} · {label_word}: {job.template}",
                     f"{tries_word}: {job.attempts}"]
            if job.last_error and job.state in (JobState.QUEUED, JobState.FAILED):
                lines.append(f"<span style='color:#8a1c12'>{job.last_error}</span>")
            if job.is_reprint and job.reprint_reason:
                reason_word = self.tr("Reason")
                lines.append(f"{reason_word}: {self._reason_text(job.reprint_reason)}")
            if job.cancel_reason:
                cancelled_word = self.tr("Cancelled")
                lines.append(f"{cancelled_word}: {job.cancel_reason}")
            self.job_info.setText("<br>".join(lines))
            if render:
                self.context.tasks.spawn(self._render_preview(job))
        self._update_buttons()

    async def _render_preview(self, job: PrintJob) -> None:
        try:
            png = await self.context.station.labels.preview(job)
        except Exception as exc:  # a label that cannot be rendered says why, here
            if self._selected is not None and self._selected.id == job.id:
                self.preview.setText(error_text(exc))
                self.preview.setWordWrap(True)
            return
        if self._selected is None or self._selected.id != job.id:
            return
        self._pixmap = QPixmap()
        self._pixmap.loadFromData(png, "PNG")
        self._fit_preview()

    def _fit_preview(self) -> None:
        if self._pixmap is None or self._pixmap.isNull():
            return
        self.preview.setPixmap(self._pixmap.scaled(max(40, self.preview.width() - 16),
                                                   max(40, self.preview.height() - 16),
                                                   Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_preview()

    def _update_buttons(self) -> None:
        auth = self.context.station.auth
        job = self._selected
        self.reprint_button.setVisible(auth.can(Permission.REPRINT_LABEL))
        can_cancel = auth.can(Permission.CANCEL_PRINT_JOB)
        self.reason.setVisible(can_cancel)
        self.cancel_button.setVisible(can_cancel)
        can_reprint = job is not None and job.state is JobState.DONE and auth.can(Permission.REPRINT_LABEL)
        self.reprint_button.setEnabled(can_reprint)
        if not can_reprint:
            self._close_reprint_reason()
        cancellable = job is not None and job.state in (JobState.QUEUED, JobState.FAILED)
        self.reason.setEnabled(cancellable)
        self.cancel_button.setEnabled(cancellable and bool(self.reason.text().strip()))

    @staticmethod
    def _reason_text(stored: str) -> str:
        """A stored reprint reason in the operator's language (the usual reasons are stored in English)."""
        preset, sep, rest = stored.partition(": ")
        if preset in REPRINT_REASONS:
            shown = QCoreApplication.translate("PrintersScreen", REPRINT_REASONS[preset])
            return f"{shown}: {rest}" if sep else shown
        return stored

    # Reprint: a reason first (one tap on a usual one, or typed), then the job ---------------------------
    def reprint_reason(self) -> str:
        """The reason as stored: the chosen usual reason (English), a typed detail, or both."""
        chosen = self.reason_group.checkedButton()
        preset = str(chosen.property("reason")) if chosen is not None else ""
        note = self.reprint_note.text().strip()
        return f"{preset}: {note}" if preset and note else preset or note

    def _ask_reprint_reason(self) -> None:
        self.reason_group.setExclusive(False)
        for button in self.reason_buttons.values():
            button.setChecked(False)
        self.reason_group.setExclusive(True)
        self.reprint_note.clear()
        self.action_stack.setCurrentIndex(1)
        self._update_reprint_confirm()

    def _close_reprint_reason(self) -> None:
        self.action_stack.setCurrentIndex(0)

    def _update_reprint_confirm(self) -> None:
        self.reprint_confirm.setEnabled(bool(self.reprint_reason()))

    def _reprint(self) -> None:
        job = self._selected
        reason = self.reprint_reason()
        if job is not None and reason:
            self._close_reprint_reason()
            self.context.tasks.spawn(self._do_reprint(job, reason))

    async def _do_reprint(self, job: PrintJob, reason: str) -> None:
        try:
            again = await self.context.station.labels.reprint(job.id, reason=reason)
        except Refusal as exc:  # no longer allowed (logged out), or the reason was refused: say why
            self.context.notify(refusal_text(exc))
            return
        self.context.notify(self.tr("Reprint queued as job %1.").replace("%1", str(again.id)))

    def _cancel(self) -> None:
        job = self._selected
        if job is not None:
            self.context.tasks.spawn(self._do_cancel(job, self.reason.text()))

    async def _do_cancel(self, job: PrintJob, reason: str) -> None:
        await self.context.station.labels.cancel(job.id, reason=reason)
        self.reason.clear()
        self.context.notify(self.tr("Job %1 cancelled.").replace("%1", str(job.id)))


async def demo_print_jobs(station: Station) -> None:
    """A few printed, reprinted, cancelled and waiting defect labels for the printers screen, made by the
    demo inspector logged in for the purpose (labels are always printed as someone)."""
    from hmi.auth import Role
    from hmi.demo import DEMO_USERS

    was_logged_in = station.auth.current is not None
    if not was_logged_in:
        inspector = next(u for u in DEMO_USERS if u[2] is Role.INSPECTOR)
        await station.auth.login_pin(inspector[0], inspector[3])
    try:
        samples = [("L2411-0007", "SCR-03", "스크래치 (표면 긁힘)", "2"), ("L2411-0007", "DNT-01", "찍힘 Dent", "1"),
                   ("L2411-0008", "CLR-02", "색상 얼룩 Colour stain", "4")]
        jobs = []
        for lot, code, name, qty in samples:
            jobs.append(await station.labels.print_defect_label(
                {"lot": lot, "work_order": "WO-5521", "product": "Case X2 black", "defect_code": code,
                 "defect_name": name, "qty": qty, "inspector": "Lee Seo-yeon", "station": station.station_id,
                 "time": "2026-11-24 09:12"}, subject=f"lot/{lot}"))
        await station.labels.wait_for(jobs[-1].id, timeout_s=10)
        await station.labels.reprint(jobs[0].id, reason="Label damaged")
        await station.labels.print_defect_label(
            {"lot": "L2411-0009", "defect_code": "BRR-05", "defect_name": "Burr", "qty": "1", "time": "09:40"},
            printer="zebra-2")
        cancelled = await station.labels.print_defect_label(
            {"lot": "L2411-0009", "defect_code": "BRR-05", "defect_name": "Burr", "qty": "1", "time": "09:41"},
            printer="zebra-2")
        await station.labels.cancel(cancelled.id, reason="printed twice by mistake")
    finally:
        if not was_logged_in:
            await station.auth.logout()
