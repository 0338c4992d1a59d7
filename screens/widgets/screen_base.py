"""The frame every screen shares: a title, a body, and retranslation on language change."""

from __future__ import annotations

from collections.abc import Awaitable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from screens.refusal_text import error_text
from screens.shell_context import ShellContext


class ScreenBase(QWidget):
    # Errors that are the rules speaking (a refusal with its reason): shown as a plain message, not as a fault.
    expected_errors: tuple[type[Exception], ...] = ()
    # A screen that asks for a stop's reason in a slot of its own (Lots); on the others the window asks.
    asks_downtime_reason = False

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.context = context
        self.title_label = QLabel(objectName="ScreenTitle")
        self.title_label.setFixedHeight(36)   # 10 + 36 + 10 px: the strip the window's toast slot lies over
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 10, 24, 10)
        self.body.setSpacing(10)
        self.body.addWidget(self.title_label)

    def run_task(self, coro: Awaitable[object]) -> None:
        """Run a coroutine on the loop; an expected refusal becomes a message for the operator."""

        async def guarded() -> None:
            try:
                await coro
            except self.expected_errors as exc:
                self.context.notify(error_text(exc))

        self.context.tasks.spawn(guarded(), name=type(self).__name__)

    def retranslate(self) -> None:
        """Set every visible text; called at start and whenever the language changes."""

    def on_shown(self) -> None:
        """The screen became the visible one: refresh what it shows."""

    def on_hidden(self) -> None:
        """The screen is no longer visible: stop costly updates."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
