"""One legend entry per pen: its colour, its description (elided, never overlapping), and the value
at the cursor (or the latest) in the tag's format with unit and quality. Tapping it selects the pen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from screens.widgets.elided_label import ElidedLabel

ENTRY_HEIGHT = 64


class LegendEntry(QPushButton):
    def __init__(self, *, tag: str, colour: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setCheckable(True)
        self.setProperty("segment", True)
        self.setFixedHeight(ENTRY_HEIGHT)
        self.setStyleSheet("QPushButton { padding: 0; text-align: left; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 8, 4)
        row.setSpacing(8)
        swatch = QFrame()
        swatch.setFixedWidth(8)
        swatch.setStyleSheet(f"background: {colour.name()}; border: none; border-radius: 2px;")
        lines = QVBoxLayout()
        lines.setSpacing(0)
        self.caption = ElidedLabel()
        self.caption.setStyleSheet("font-size: 14px; color: #3c4248;")
        self.reading = ElidedLabel()
        self.reading.setStyleSheet("font-size: 16px; font-weight: 600;")
        for label in (swatch, self.caption, self.reading):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lines.addWidget(self.caption)
        lines.addWidget(self.reading)
        row.addWidget(swatch)
        row.addLayout(lines, 1)

    def show_text(self, caption: str, reading: str) -> None:
        self.caption.setText(caption)
        self.reading.setText(reading)
        self.setToolTip(f"{caption}\n{reading}")

    def text(self) -> str:  # type: ignore[override]
        """Both lines (what a person reads on the entry)."""
        return f"{self.caption.text()}\n{self.reading.text()}"
