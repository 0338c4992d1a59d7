"""A header chip that follows one component's health (equipment, MES, printer)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from hmi.observable import Observable, Unsubscribe
from hmi.status import ComponentStatus, Health
from screens.widgets.elided_label import show_full_text
from screens.widgets.status_text import health_text, summary_text


class StatusChip(QLabel):
    def __init__(self, *, title: str, status: Observable[ComponentStatus], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("chip", True)
        self.setProperty("full_text_on_tap", True)   # elided to its width; a tap shows all of it
        self._full = ""
        self._title = title
        self._status = status.value
        self._unsubscribe: Unsubscribe = status.subscribe(self._update)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def set_title(self, title: str) -> None:
        self._title = title
        self._update(self._status)

    def resizeEvent(self, event: object) -> None:  # re-elide at the new width
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._update(self._status)

    def _update(self, status: ComponentStatus) -> None:
        self._status = status
        metrics = self.fontMetrics()
        # Calm states say one translated word; abnormal ones add the component's own summary.
        # (an abnormal state with a summary says the summary alone: "MES: offline · 261 waiting"; the chip's
        # colour and the words carry the state, and "failed · offline" did not fit at 1024 px)
        if status.health in (Health.DEGRADED, Health.FAILED) and status.summary:
            text = f"{self._title}: {summary_text(status.summary)}"
        else:
            text = f"{self._title}: {health_text(status.health)}"
        self._full = "\n".join(p for p in (text, status.last_error) if p)
        self.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(60, self.width() - 32)))
        self.setToolTip("\n".join(p for p in (status.summary, status.last_error) if p))
        self.setProperty("health", status.health.value)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        show_full_text(self, self._full)
        event.ignore()
