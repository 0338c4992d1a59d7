"""An inline confirmation (question + confirm/cancel) instead of a modal dialog: no nested loops."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class ConfirmBar(QFrame):
    def __init__(self, parent: QWidget | None = None, *, stacked: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("ConfirmBar")
        row: QBoxLayout = QVBoxLayout(self) if stacked else QHBoxLayout(self)
        row.setContentsMargins(0, 6, 0, 6) if stacked else row.setContentsMargins(16, 10, 16, 10)
        self.question = QLabel(objectName="Notice")
        self.question.setWordWrap(True)
        self.confirm_button = QPushButton(objectName="ConfirmYes")
        self.confirm_button.setProperty("role", "primary")
        self.cancel_button = QPushButton(objectName="ConfirmNo")
        for button in (self.confirm_button, self.cancel_button):
            button.setMinimumSize(150, 60)
        row.addWidget(self.question, 1)
        row.addWidget(self.confirm_button)
        row.addWidget(self.cancel_button)
        self._action: Callable[[], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self._cancel)
        self.hide()

    def ask(self, question: str, *, confirm: str, cancel: str, action: Callable[[], None],
            on_cancel: Callable[[], None] | None = None) -> None:
        self.question.setText(question)
        self.confirm_button.setText(confirm)
        self.cancel_button.setText(cancel)
        self._action = action
        self._on_cancel = on_cancel
        self.show()

    def relabel(self, question: str, *, confirm: str, cancel: str) -> None:
        """New words for the open question (the language changed): its action stays as asked."""
        self.question.setText(question)
        self.confirm_button.setText(confirm)
        self.cancel_button.setText(cancel)

    def _cancel(self) -> None:
        on_cancel, self._on_cancel = self._on_cancel, None
        self._action = None
        self.hide()
        if on_cancel is not None:
            on_cancel()

    def _confirm(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()
