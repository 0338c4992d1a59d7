"""MES sync (supervisor): is the MES reachable, how much waits, and what the MES refused; and the history upload.

Quarantined events are shown with the MES's reason; a supervisor sends one again (after the MES
was fixed) or skips it with a reason. Both are checked and audited in hmi.sync, not here.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.sync.engine import Connection, SyncSnapshot
from hmi.sync.quarantined import QuarantinedEvent
from screens.history_upload_panel import HistoryUploadPanel
from screens.refusal_text import error_text
from screens.shell_context import ShellContext
from screens.sync_event_text import event_type_text, subject_text
from screens.widgets.duration_text import duration_text
from screens.widgets.screen_base import ScreenBase
from screens.widgets.status_text import summary_text
from screens.widgets.verbatim import verbatim_item


class SyncScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._engine = context.station.sync
        self._held: list[QuarantinedEvent] = []
        self._shown_quarantined = -1

        card = QFrame(objectName="Card")
        grid = QGridLayout(card)
        grid.setContentsMargins(20, 16, 20, 16)
        grid.setHorizontalSpacing(24)
        self.captions = [QLabel(objectName="Muted") for _ in range(4)]
        self.connection = QLabel(objectName="SyncConnection")
        self.last_sync = QLabel(objectName="SyncLastSync")
        self.backlog = QLabel(objectName="SyncBacklog")
        self.masterdata = QLabel(objectName="SyncMasterdata")
        for column, value in enumerate((self.connection, self.last_sync, self.backlog, self.masterdata)):
            grid.addWidget(self.captions[column], 0, column)
            value.setWordWrap(True)
            grid.addWidget(value, 1, column)
            grid.setColumnStretch(column, 1)
        self.progress = QProgressBar(objectName="SyncProgress")
        self.progress.setMinimumHeight(28)
        grid.addWidget(self.progress, 2, 0, 1, 4)
        self.error = QLabel(objectName="Error")
        self.error.setWordWrap(True)
        grid.addWidget(self.error, 3, 0, 1, 4)
        self.body.addWidget(card)

        # The station's history reaching the central systems (PostgreSQL, Sparkplug B): the other sync.
        self.history = HistoryUploadPanel(uploads=context.station.history_uploads, clock=context.station.clock)
        self.body.addWidget(self.history)

        self.new_orders = QLabel(objectName="Notice")
        self.new_orders.setWordWrap(True)
        self.body.addWidget(self.new_orders)

        self.quarantine_title = QLabel(objectName="SectionTitle")
        self.body.addWidget(self.quarantine_title)
        self.table = QTableWidget(0, 5, objectName="QuarantineTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(56)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,) * 3
                                      + (QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.body.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.reason = QLineEdit(objectName="SkipReason")
        self.reason.textChanged.connect(self._selection_changed)
        self.retry_button = QPushButton(objectName="RetryEvent")
        self.retry_button.setProperty("role", "primary")
        self.skip_button = QPushButton(objectName="SkipEvent")
        self.retry_button.clicked.connect(lambda: self._act("retry"))
        self.skip_button.clicked.connect(lambda: self._act("skip"))
        for button in (self.retry_button, self.skip_button):
            button.setMinimumHeight(60)
        self.reason.setMinimumHeight(60)
        actions.addWidget(self.reason, 1)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.skip_button)
        self.body.addLayout(actions)

        hint = QVBoxLayout()
        self.hint = QLabel(objectName="Muted")
        self.hint.setWordWrap(True)
        hint.addWidget(self.hint)
        self.body.addLayout(hint)

        self._unsubscribe = self._engine.snapshot.subscribe(self._show, replay=False)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self.retranslate()

    # Texts ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title_label.setText(self.tr("MES sync"))
        for label, text in zip(self.captions, (self.tr("Connection"), self.tr("Last successful sync"),
                                                self.tr("Waiting to send"), self.tr("Master data")), strict=True):
            label.setText(text)
        self.quarantine_title.setText(self.tr("Refused by the MES (quarantined)"))
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Event"), self.tr("About"),
                                              self.tr("Reason from the MES"), self.tr("Waiting behind")])
        self.reason.setPlaceholderText(self.tr("Reason (required to skip)"))
        self.retry_button.setText(self.tr("Send again"))
        self.skip_button.setText(self.tr("Skip event"))
        self.hint.setText(self.tr("Events of the same lot or alarm wait behind a refused event; all other events keep flowing. Skipped events never reach the MES."))
        self._show(self._engine.snapshot.value)
        self._fill_table()
        self.history.retranslate()

    def on_shown(self) -> None:
        self.context.tasks.spawn(self._reload())

    # Status -----------------------------------------------------------------------------------
    def _show(self, snap: SyncSnapshot) -> None:
        states = {
            Connection.DISABLED: self.tr("Not configured"),
            Connection.CONNECTING: self.tr("Connecting…"),
            Connection.ONLINE: self.tr("Online"),
            Connection.OFFLINE: self.tr("Offline — storing events"),
            Connection.NEEDS_CONFIGURATION: self.tr("Needs configuration — storing events"),
            Connection.FAILED: self.tr("Failed, restarting — storing events"),
        }
        text = states[snap.connection]
        if snap.connector:
            text += f" ({snap.connector.upper()})"
        if snap.connection in (Connection.OFFLINE, Connection.NEEDS_CONFIGURATION, Connection.FAILED) \
                and snap.retry_in_s is not None:
            text += "<br>" + self.tr("next try in {0}").format(duration_text(snap.retry_in_s))
        self.connection.setText(text)
        # Offline stores events, as planned: a caution (amber); red only when the MES needs configuration.
        health = {Connection.OFFLINE: "degraded", Connection.NEEDS_CONFIGURATION: "failed",
                  Connection.FAILED: "failed"}.get(snap.connection, "ok")
        self.connection.setProperty("health", health)
        now = self.context.station.clock.now()
        if snap.last_sync_at:
            when = dt.datetime.fromtimestamp(snap.last_sync_at).strftime("%Y-%m-%d %H:%M:%S")
            ago = self.tr("{0} ago").format(duration_text(now - snap.last_sync_at))
            self.last_sync.setText(f"{when}<br>{ago}")
        else:
            self.last_sync.setText(self.tr("never"))
        backlog = self.tr("%n event(s)", "", snap.pending)
        if snap.oldest_at is not None and snap.pending:
            backlog += "<br>" + self.tr("oldest {0} old").format(duration_text(now - snap.oldest_at))
        if snap.blocked:
            backlog += "<br>" + self.tr("%n held behind refused events", "", snap.blocked)
        self.backlog.setText(backlog)
        self.masterdata.setText(snap.masterdata_version or self.tr("none received yet"))
        draining = snap.draining and snap.drain_total > 0 and snap.connection is Connection.ONLINE
        self.progress.setVisible(draining)
        if draining:
            self.progress.setRange(0, snap.drain_total)
            self.progress.setValue(max(0, snap.drain_total - snap.pending))
            self.progress.setFormat(self.tr("Sending… %v of %m"))
        problems = [*snap.warnings, *(p for p in (snap.last_error, snap.masterdata_error) if p)]
        self.error.setVisible(bool(problems))
        self.error.setText("<br>".join(summary_text(p) for p in problems))
        # An unreachable MES is said calmly (events wait, as planned); unsafe settings and a bad setup in red.
        calm = not snap.warnings and snap.connection not in (Connection.NEEDS_CONFIGURATION, Connection.FAILED)
        if self.error.property("tone") != ("info" if calm else ""):
            self.error.setProperty("tone", "info" if calm else "")
            self.error.style().unpolish(self.error)
            self.error.style().polish(self.error)
        self.new_orders.setVisible(bool(snap.new_work_orders))
        self.new_orders.setText(self.tr("New work orders from the MES: {0}").format(", ".join(snap.new_work_orders)))
        if snap.quarantined != self._shown_quarantined:
            self._shown_quarantined = snap.quarantined
            self.context.tasks.spawn(self._reload())

    # Quarantine -------------------------------------------------------------------------------
    async def _reload(self) -> None:
        self._held = await self._engine.quarantined()
        self._fill_table()

    def _fill_table(self) -> None:
        selected = self._selected()
        self.table.setRowCount(len(self._held))
        profile, locale = self.context.station.profile, self.context.languages.locale
        for row, item in enumerate(self._held):
            event = item.event
            cells = (str(event.seq), event_type_text(event.type), subject_text(event.subject, profile=profile, locale=locale),
                     item.reason, str(item.waiting_behind))
            for column, text in enumerate(cells):
                # The MES's reason as the MES wrote it (its language, not the screen's).
                cell = verbatim_item(text) if column == 3 else QTableWidgetItem(text)
                cell.setToolTip(f"{event.event_id} · {event.type} · {event.subject or '—'}\n{text}")
                self.table.setItem(row, column, cell)
            if selected is not None and event.event_id == selected.event.event_id:
                self.table.selectRow(row)
        self.quarantine_title.setVisible(True)
        self._selection_changed()

    def _selected(self) -> QuarantinedEvent | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self._held[row] if row < len(self._held) else None

    def _selection_changed(self) -> None:
        chosen = self._selected() is not None
        self.retry_button.setEnabled(chosen)
        self.skip_button.setEnabled(chosen and bool(self.reason.text().strip()))

    def _act(self, action: str) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.context.tasks.spawn(self._resolve(chosen, action, self.reason.text().strip()))

    async def _resolve(self, chosen: QuarantinedEvent, action: str, reason: str) -> None:
        try:
            if action == "retry":
                await self._engine.retry(chosen.event.event_id, reason=reason)
                self.context.notify(self.tr("Event {0} will be sent again.").format(chosen.event.seq))
            else:
                await self._engine.skip(chosen.event.event_id, reason=reason)
                self.context.notify(self.tr("Event {0} skipped.").format(chosen.event.seq))
        except Exception as exc:   # permission, or someone else resolved it first: say so, keep the screen
            self.context.notify(error_text(exc))
        self.reason.clear()
        await self._reload()
