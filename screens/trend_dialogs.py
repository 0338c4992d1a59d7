"""The trends screen's two dialogs: the pen picker and the time range. Both are opened with
``open()`` (never ``exec()`` inside a coroutine) and report their answer through ``chosen``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.historian.tag_info import TagInfo


def _touch_buttons(box: QDialogButtonBox) -> None:
    """Finger-sized, and in the station's language (Qt's own translations of "OK" and "Cancel" are not loaded)."""
    texts = {QDialogButtonBox.StandardButton.Ok: QCoreApplication.translate("TrendDialogs", "OK"),
             QDialogButtonBox.StandardButton.Cancel: QCoreApplication.translate("TrendDialogs", "Cancel")}
    for button in box.buttons():
        button.setMinimumHeight(60)
        text = texts.get(box.standardButton(button))
        if text:
            button.setText(text)


class PenPickerDialog(QDialog):
    """Tags with their description and unit; a touch anywhere on a row toggles it; at most ``limit``."""

    chosen = Signal(list)   # the checked tags, in list order

    def __init__(self, *, tags: list[str], checked: list[str], infos: dict[str, TagInfo], limit: int,
                 korean: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pens (up to %1)").replace("%1", str(limit)))
        # Wide enough for a long description with its unit on one line ("Machine state (0 idle, 1 running,
        # 2 fault, 3 maintenance)"), and never wider or taller than the window it opens over.
        window = parent.window()
        self.resize(min(720, max(520, window.width() - 80)), min(600, max(400, window.height() - 120)))
        self._limit = limit
        layout = QVBoxLayout(self)
        self.listing = QListWidget()
        self.listing.setStyleSheet("QListWidget::item { min-height: 56px; }"
                                   "QListWidget::indicator { width: 40px; height: 40px; }")
        for tag in tags:
            info = infos.get(tag, TagInfo())
            caption = info.caption(tag, korean=korean)
            text = f"{caption} [{info.unit}]" if info.unit else caption
            item = QListWidgetItem(text if caption == tag else f"{text}\n{tag}")
            item.setData(Qt.ItemDataRole.UserRole, tag)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tag in checked else Qt.CheckState.Unchecked)
            self.listing.addItem(item)
        self.listing.itemClicked.connect(self._toggle)
        self.listing.itemChanged.connect(self._enforce_limit)
        layout.addWidget(self.listing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        _touch_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.accepted.connect(lambda: self.chosen.emit(self.checked()))

    def checked(self) -> list[str]:
        return [self.listing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.listing.count())
                if self.listing.item(i).checkState() == Qt.CheckState.Checked]

    @staticmethod
    def _toggle(item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _enforce_limit(self, item: QListWidgetItem) -> None:
        if len(self.checked()) > self._limit:
            item.setCheckState(Qt.CheckState.Unchecked)


class TimeRangeDialog(QDialog):
    """From and To, to the minute; ``chosen`` carries (start, end) when To is after From."""

    chosen = Signal(float, float)

    def __init__(self, *, start: float, end: float, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Time range"))
        form = QFormLayout(self)
        self.edits: list[QDateTimeEdit] = []
        for label, value in ((self.tr("From"), start), (self.tr("To"), end)):
            edit = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(value)))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setMinimumHeight(60)
            form.addRow(label, edit)
            self.edits.append(edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        _touch_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.accepted.connect(self._report)

    def _report(self) -> None:
        lo, hi = (float(e.dateTime().toSecsSinceEpoch()) for e in self.edits)
        if hi > lo:
            self.chosen.emit(lo, hi)
