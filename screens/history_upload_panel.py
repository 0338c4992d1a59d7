"""The history upload on the sync screen: per sink its connection, backlog, oldest row waiting, rate, last error."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.clock import Clock
from hmi.historian.upload_view import SinkView, UploadsView
from hmi.observable import Observable
from screens.widgets.duration_text import duration_text
from screens.widgets.status_text import summary_text


class HistoryUploadPanel(QWidget):
    """Hidden at a station with no ``[[history.sinks]]``."""

    def __init__(self, *, uploads: Observable[UploadsView], clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._uploads = uploads
        self._clock = clock
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(objectName="SectionTitle")
        layout.addWidget(self.title)
        self.table = QTableWidget(0, 6, objectName="HistorySinksTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(48)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.dropped = QLabel(objectName="Error")
        self.dropped.setWordWrap(True)
        layout.addWidget(self.dropped)
        self._unsubscribe = uploads.subscribe(self._show, replay=False)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("History upload to the central systems"))
        self.table.setHorizontalHeaderLabels([self.tr("Sink"), self.tr("Connection"), self.tr("Waiting to send"),
                                              self.tr("Oldest waiting"), self.tr("Rate"), self.tr("Last error")])
        self._show(self._uploads.value)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _state(self, sink: SinkView) -> str:
        return {"ok": self.tr("Online"), "connecting": self.tr("Connecting…"), "offline": self.tr("Offline"),
                "needs_configuration": self.tr("Needs configuration"),
                "failed": self.tr("Failed")}.get(sink.state, sink.state)

    def cells(self, sink: SinkView) -> tuple[str, ...]:
        """One sink's row as the table shows it (the GUI tests read it)."""
        now = self._clock.now()
        if sink.backlog_rows is None:
            waiting = self.tr("counting…")
        else:
            waiting = self.tr("%n row(s)", "", sink.backlog_rows)
            if sink.backfilling:
                waiting += " · " + self.tr("catching up")
        oldest = "—" if sink.oldest_unsent is None else duration_text(max(0.0, now - sink.oldest_unsent))
        if sink.alarmed:
            oldest += " · " + self.tr("too old")
        rate = "—" if sink.rows_per_s is None else self.tr("{0} rows/s").format(f"{sink.rows_per_s:,.0f}")
        error = "—" if not sink.last_error else summary_text(sink.last_error)
        return f"{sink.name} ({sink.driver})", self._state(sink), waiting, oldest, rate, error

    def _show(self, view: UploadsView) -> None:
        self.setVisible(bool(view.sinks) or view.dropped_rows > 0)
        self.table.setRowCount(len(view.sinks))
        for row, sink in enumerate(view.sinks):
            for column, text in enumerate(self.cells(sink)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 48 * max(1, len(view.sinks)) + 4)
        self.dropped.setVisible(view.dropped_rows > 0)
        self.dropped.setText(self.tr("%n raw row(s) were deleted before every sink had them (the disk limit won).",
                                     "", view.dropped_rows))
