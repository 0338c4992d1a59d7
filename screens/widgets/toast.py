"""A message that goes away by itself, never a modal box. It appears in one fixed slot that its window
names (over the current screen's title strip), so it covers no control and moves none."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class Toast(QWidget):
    def __init__(self, parent: QWidget, *, slot: Callable[[], QRect] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Toast")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._slot = slot
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 4, 4, 4)
        self.label = QLabel(objectName="ToastText")
        self.label.setWordWrap(True)
        self.close_button = QPushButton("✕")
        self.close_button.setFixedSize(56, 48)
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, *, seconds: float = 8.0) -> None:
        self.label.setText(text)
        self.place()
        self.show()
        self.raise_()
        self._timer.start(int(seconds * 1000))

    def place(self) -> None:
        """Into the slot (parent coordinates); without one, along the parent's bottom edge."""
        parent = self.parentWidget()
        if parent is None:
            return
        if self._slot is not None:
            self.setGeometry(self._slot())
            return
        width = min(parent.width() - 40, 900)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((parent.width() - width) // 2, parent.height() - self.height() - 20)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()   # a tap anywhere on it puts it away
