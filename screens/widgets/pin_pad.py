"""An on-screen numeric keypad with keys big enough for gloved fingers."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget


class PinPad(QWidget):
    digit = Signal(str)
    backspace = Signal()
    enter = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinPad")
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        layout = ["123", "456", "789", "<0>"]
        for row, keys in enumerate(layout):
            for col, key in enumerate(keys):
                button = QPushButton(self._label(key))
                button.setProperty("role", "primary" if key == ">" else "key")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the cursor in the field being typed
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.setObjectName(f"key_{key}")
                button.clicked.connect(lambda _=False, k=key: self._pressed(k))
                grid.addWidget(button, row, col)
                self.keys[key] = button

    @staticmethod
    def _label(key: str) -> str:
        return {"<": "⌫", ">": "OK"}.get(key, key)

    def _pressed(self, key: str) -> None:
        if key == "<":
            self.backspace.emit()
        elif key == ">":
            self.enter.emit()
        else:
            self.digit.emit(key)
