"""The active alarm list as a Qt table model: priority colour only in the priority column."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from hmi.alarms.service import AlarmView
from hmi.services import LiveValues, StationProfile
from screens.widgets.alarm_look import (
    background,
    clock_text,
    foreground,
    live_text,
    priority_text,
    state_text,
    value_text,
)

_HEADERS = ("Priority", "Time", "Alarm", "Value now", "State")
ALARM_COLUMN = 2
COLUMN_WIDTHS = {0: 104, 1: 96, 3: 112, 4: 180}
STATE_COLUMN = 4
Index = QModelIndex | QPersistentModelIndex


class AlarmTableModel(QAbstractTableModel):
    def __init__(self, *, profile: StationProfile, live: LiveValues, locale: Any) -> None:
        super().__init__()
        self._profile = profile
        self._live = live
        self._locale = locale
        self.rows: list[AlarmView] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[AlarmView]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("AlarmTableModel", _HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        view = self.rows[index.row()]
        column = index.column()
        d = view.definition
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return priority_text(d.priority)
            if column == 1:
                return clock_text(view.since)
            if column == 2:
                return f"{d.message(self._locale())} ({value_text(self._profile, d.tag, view.value)})"
            if column == 3:
                return live_text(self._profile, self._live.latest(d.tag))
            if column == 4:
                text = state_text(view.state)
                if view.latched:
                    text += " · " + QCoreApplication.translate("AlarmTableModel", "latched")
                return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{d.tag} · {d.message(self._locale())}"
        if role == Qt.ItemDataRole.BackgroundRole and column == 0 and view.state.annunciated:
            return background(d.priority)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0 and view.state.annunciated:
            return foreground(d.priority)
        if role == Qt.ItemDataRole.FontRole and view.state.unacknowledged:
            return self._bold
        return None


_TEXTS = (
    QCoreApplication.translate("AlarmTableModel", "Priority"), QCoreApplication.translate("AlarmTableModel", "Time"),
    QCoreApplication.translate("AlarmTableModel", "State"), QCoreApplication.translate("AlarmTableModel", "Alarm"),
    QCoreApplication.translate("AlarmTableModel", "Value now"),
)
