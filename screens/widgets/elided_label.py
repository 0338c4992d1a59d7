"""A label that shortens its text with … instead of forcing the window wider; a tap shows it whole."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QWidget


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(text, parent)
        if objectName:
            self.setObjectName(objectName)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setProperty("full_text_on_tap", True)   # the layout audit's exemption: nothing is lost

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        text = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.rect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.setToolTip(self.text())
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touchscreen has no hover: a tap on a shortened text shows all of it (and still reaches the
        parent, such as the alarm banner that opens the list)."""
        if self.fontMetrics().horizontalAdvance(self.text()) > self.width():
            show_full_text(self, self.text())
        event.ignore()


def show_full_text(widget: QWidget, text: str) -> None:
    """The whole of a shortened text, just below the widget, until the next tap elsewhere."""
    QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), text, widget)
