"""A numeric keypad for counts and measured values (decimal point, sign), big enough for gloves."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget


class NumberPad(QWidget):
    """Types into ``field``; OK emits ``entered`` with the text."""

    entered = Signal(str)

    def __init__(self, *, field: QLineEdit, decimals: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NumberPad")
        # 56 px ≈ 15 mm at 96 dpi: still a glove-sized key, and the pad fits a 1024x768 screen.
        self.setStyleSheet("QPushButton { min-height: 56px; }")
        self.field = field
        grid = QGridLayout(self)
        grid.setSpacing(8)
        grid.setContentsMargins(0, 0, 0, 0)
        rows = ["789", "456", "123", ("-0." if decimals else "C0<")]
        self.keys: dict[str, QPushButton] = {}
        for r, keys in enumerate(rows):
            for c, key in enumerate(keys):
                self._add(grid, key, r, c)
        if decimals:
            self._add(grid, "<", 0, 3)
            self._add(grid, "C", 1, 3)
        self._add(grid, ">", 2 if decimals else 0, 3, span=2 if decimals else 4)
        # Typed on the on-screen keyboard, the field asks for its number layout, and the shell keeps the
        # pad's OK in view above the keyboard.
        field.setInputMethodHints(
            (Qt.InputMethodHint.ImhFormattedNumbersOnly if decimals else Qt.InputMethodHint.ImhDigitsOnly)
            | Qt.InputMethodHint.ImhNoPredictiveText)
        field.setProperty("keyboard_action", self.keys[">"])

    def _add(self, grid: QGridLayout, key: str, row: int, col: int, span: int = 1) -> None:
        label = {"<": "⌫", ">": "OK", "-": "±"}.get(key, key)
        button = QPushButton(label, objectName=f"num_{key}")
        button.setProperty("role", "primary" if key == ">" else "key")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.clicked.connect(lambda _=False, k=key: self.press(k))
        if key == ">" and span > 1:
            grid.addWidget(button, row, col, span, 1)
        else:
            grid.addWidget(button, row, col)
        self.keys[key] = button

    def press(self, key: str) -> None:
        text = self.field.text()
        if key == "<":
            self.field.setText(text[:-1])
        elif key == "C":
            self.field.clear()
        elif key == "-":
            self.field.setText(text[1:] if text.startswith("-") else "-" + text)
        elif key == ">":
            self.entered.emit(text)
        elif key == "." and "." in text:
            return
        else:
            self.field.setText(text + key)
