"""The alarm banner on every screen: the newest most urgent unacknowledged alarm and counts per priority.

It flashes only while something is unacknowledged, repaints at most ``max_repaint_hz`` (changes are
coalesced), and one touch opens the alarm list. Sound is optional (off unless switched on).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from hmi.alarms import Priority
from hmi.alarms.facade import AlarmsFacade
from hmi.alarms.service import AlarmSummary
from hmi.services import StationProfile
from screens.widgets.alarm_look import PRIORITY_COLORS, clock_text, priority_letter, value_text
from screens.widgets.elided_label import ElidedLabel

_FLASH_MS = 500
_AUDIBLE = (Priority.CRITICAL, Priority.HIGH)


class AlarmBanner(QWidget):
    def __init__(self, *, alarms: AlarmsFacade, profile: StationProfile, open_list: Callable[[], None],
                 locale: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AlarmBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedHeight(60)   # its count chips are touch targets: 48 px inside
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._alarms = alarms
        self._profile = profile
        self._open_list = open_list
        self._locale = locale
        self.audible = False
        self.summary: AlarmSummary | None = None
        self._flash_on = False
        self._sounded: set[str] = set()

        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(10)
        self.priority_chip = QLabel(objectName="AlarmBannerPriority")
        self.priority_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.priority_chip.setFixedSize(60, 48)
        self.message = ElidedLabel(objectName="AlarmBannerMessage")
        row.addWidget(self.priority_chip)
        row.addWidget(self.message, 1)
        self.counts: dict[Priority, QLabel] = {}
        for priority in Priority:
            label = QLabel(objectName=f"AlarmCount_{priority.value}")
            label.setProperty("alarmcount", True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumSize(64, 48)
            row.addWidget(label)
            self.counts[priority] = label

        self._repaint_timer = QTimer(self)
        self._repaint_timer.setSingleShot(True)
        self._repaint_timer.setInterval(int(1000 / profile.ui.max_repaint_hz))
        self._repaint_timer.timeout.connect(self.refresh)
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(_FLASH_MS)
        self._flash_timer.timeout.connect(self._flash)
        self._unsubscribe = alarms.changed.subscribe(self._changed, replay=False)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self.refresh()

    def _changed(self, _version: int) -> None:
        if not self._repaint_timer.isActive():
            self._repaint_timer.start()

    def refresh(self) -> None:
        summary = self._alarms.summary()
        self.summary = summary
        newest = summary.newest_unacked
        if newest is None:
            self.priority_chip.setText("")
            self.priority_chip.setStyleSheet("")
            active = sum(summary.active.values())
            self.message.setText(self.tr("No unacknowledged alarms") if active == 0 else
                                 self.tr("%n active alarm(s), all acknowledged", "", active))
            self._flash_timer.stop()
            self._set_flash(False)
        else:
            d = newest.definition
            self.priority_chip.setText(priority_letter(d.priority))
            # The message names what it is about; the value with its unit says how far (no tag id). A connection
            # alarm's internal tag (hmi.alarms.connections) has no value to show.
            shown = d.tag in self._profile.tags
            value = f"  ({value_text(self._profile, d.tag, newest.value)})" if shown else ""
            self.message.setText(f"{clock_text(newest.since)}  {d.message(self._locale())}{value}")
            if not self._flash_timer.isActive():
                self._flash_timer.start()
            self._set_flash(True)
            self._annunciate(newest.alarm_id, d.priority)
        self.setProperty("priority", newest.definition.priority.value if newest else "none")
        for priority, label in self.counts.items():
            unacked = summary.unacked[priority]
            active = summary.active[priority]
            label.setText(f"{priority_letter(priority)} {active}" + (f" ({unacked})" if unacked else ""))
            label.setToolTip(self.tr("active (unacknowledged)"))
            label.setStyleSheet(_chip_style(priority) if active or unacked else "")
        self._repolish(self)

    def _flash(self) -> None:
        self._set_flash(not self._flash_on)

    def _set_flash(self, on: bool) -> None:
        self._flash_on = on
        newest = self.summary.newest_unacked if self.summary else None
        if newest is not None and on:
            self.priority_chip.setStyleSheet(_chip_style(newest.definition.priority))
        elif newest is not None:
            self.priority_chip.setStyleSheet("background: #f2f3f5; color: #1f2328; border-radius: 6px;")

    def _annunciate(self, alarm_id: str, priority: Priority) -> None:
        """A beep for a new critical/high alarm while unacknowledged (acknowledging silences it)."""
        if not self.audible or priority not in _AUDIBLE or alarm_id in self._sounded:
            return
        self._sounded.add(alarm_id)
        QApplication.beep()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._open_list()
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def _chip_style(priority: Priority) -> str:
    bg, fg = PRIORITY_COLORS[priority]
    return f"background: {bg}; color: {fg}; border-radius: 6px; font-weight: 700;"
