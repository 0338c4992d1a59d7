"""Equipment overview: faceplates grouped by equipment, connection status, tag detail and writes.

Every value is shown with its unit, quality and age; STALE and BAD are the only colour on the
screen (ISA-101). Samples only mark faceplates dirty; a timer repaints at most ``ui.max_repaint_hz``
times a second, and not at all while the screen is hidden.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import Permission
from hmi.auth.permissions import PermissionDenied
from hmi.config import TagSection
from hmi.equipment.driver import WriteError
from hmi.equipment.service import WriteRefused
from hmi.status import ComponentStatus, Health
from hmi.tags import Quality, Sample
from hmi.tags.display import NO_VALUE, description, display_format, format_number, with_unit
from screens.refusal_text import error_text
from screens.shell_context import ShellContext
from screens.widgets.duration_text import duration_text
from screens.widgets.elided_label import ElidedLabel
from screens.widgets.quality_text import quality_text
from screens.widgets.screen_base import ScreenBase
from screens.widgets.status_text import summary_text

_STATE_TAGS = ("machine_state",)


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def format_value(sample: Sample | None, tag: TagSection) -> str:
    """The sample's value in the tag's display format ("—" when it carries none)."""
    return format_number(None if sample is None else sample.value, display_format(tag))


def format_age(sample: Sample | None, now: float) -> str:
    if sample is None:
        return ""
    age = max(0.0, now - sample.ts)
    if age < 1:
        return "<" + duration_text(1, tenths=False)
    return duration_text(round(age), tenths=False)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a faceplate shows: the value text, whether it is current, its quality and its age text."""

    value: str
    current: bool
    quality: Quality
    age: str
    tooltip: str


class Faceplate(QPushButton):
    """One tag: description, value with unit, quality and age. Tapping it opens the tag detail.

    A value that is not GOOD is greyed (property ``current`` false) and its age says how old it is,
    so a lost value can never pass for a live one."""

    def __init__(self, name: str, tag: TagSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Faceplate")
        self.name = name
        self.tag = tag
        self.setMinimumHeight(96)
        self.setMinimumWidth(270)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        self.caption = ElidedLabel(objectName="FaceplateCaption")   # a tap on the faceplate shows it whole
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout()
        self.value = QLabel(objectName="FaceplateValue")
        self.unit = QLabel(tag.unit, objectName="FaceplateUnit")
        self.quality = QLabel(objectName="FaceplateQuality")
        self.age = QLabel(objectName="FaceplateAge")
        for label in (self.value, self.unit, self.quality, self.age):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(self.value)
        row.addWidget(self.unit)
        row.addStretch(1)
        row.addWidget(self.quality)
        row.addWidget(self.age)
        layout.addWidget(self.caption)
        layout.addLayout(row)

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)

    def show_reading(self, reading: Reading, quality_text: str) -> None:
        self.value.setText(reading.value)
        self.quality.setText(quality_text)
        self.age.setText(reading.age)
        self.setToolTip(reading.tooltip)
        if self.quality.property("quality") != reading.quality.value:
            self.quality.setProperty("quality", reading.quality.value)
            self.setProperty("quality", reading.quality.value)
            _repolish(self.quality)
            _repolish(self)
        current = "true" if reading.current else "false"
        if self.value.property("current") != current:
            for label in (self.value, self.unit):
                label.setProperty("current", current)
                _repolish(label)


class WriteDialog(QDialog):
    """Old value, new value, limits; the write happens only on Confirm (opened with open(), never exec())."""

    def __init__(self, *, name: str, tag: TagSection, current: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("WriteDialog")
        self.setModal(True)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        limits = ""
        if tag.range_lo is not None or tag.range_hi is not None:
            lo = "−∞" if tag.range_lo is None else f"{tag.range_lo:g}"
            hi = "∞" if tag.range_hi is None else f"{tag.range_hi:g}"
            limits = f"{lo} … {hi} {tag.unit}".strip()
        self.heading = QLabel(objectName="ScreenTitle")
        self.heading.setText(self.tr("Change %1").replace("%1", tag.description or name))
        self.old = QLabel(self.tr("Current value: %1").replace("%1", with_unit(current, tag.unit)))
        self.limits = QLabel(self.tr("Allowed: %1").replace("%1", limits) if limits else "", objectName="Muted")
        self.entry = QLineEdit(objectName="WriteValue")
        self.entry.setPlaceholderText(self.tr("New value"))
        self.entry.textChanged.connect(self._preview)
        self.preview = QLabel(objectName="Notice")
        self.preview.setWordWrap(True)
        buttons = QHBoxLayout()
        self.cancel = QPushButton(self.tr("Cancel"))
        self.confirm = QPushButton(self.tr("Confirm write"))
        self.confirm.setProperty("role", "primary")
        self.confirm.setEnabled(False)
        self.cancel.clicked.connect(self.reject)
        self.confirm.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.confirm)
        for widget in (self.heading, self.old, self.limits, self.entry, self.preview):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self._current = current
        self._unit = tag.unit

    def _preview(self, text: str) -> None:
        text = text.strip()
        self.confirm.setEnabled(bool(text))
        self.preview.setText(self.tr("%1 → %2").replace("%1", f"{self._current} {self._unit}".strip())
                             .replace("%2", f"{text} {self._unit}".strip()) if text else "")

    def value(self) -> str:
        return self.entry.text().strip()


class EquipmentScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        station = context.station
        self.service = station.equipment
        self.tags = self.service.tags
        self._dirty: set[str] = set(self.tags)
        self._connections_dirty = True
        self._selected: str | None = None
        self._dialog: WriteDialog | None = None

        self.connection_row = QHBoxLayout()
        self.connection_row.setSpacing(8)
        self.connection_chips: dict[str, QLabel] = {}
        for name in self.service.connections or station.profile.connection_names:
            chip = QLabel(objectName="ConnectionChip")
            chip.setProperty("chip", "true")
            chip.setMinimumHeight(40)
            self.connection_row.addWidget(chip)
            self.connection_chips[name] = chip
        self.connection_row.addStretch(1)
        self.body.addLayout(self.connection_row)
        self.connection_error = QLabel(objectName="Error")
        self.connection_error.setWordWrap(True)
        self.connection_error.hide()
        self.body.addWidget(self.connection_error)

        content = QHBoxLayout()
        content.setSpacing(16)
        scroll = QScrollArea(objectName="FaceplateScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(objectName="FaceplateHolder")
        self.groups_layout = QVBoxLayout(holder)
        self.groups_layout.setContentsMargins(0, 0, 8, 0)
        self.groups_layout.setSpacing(12)
        self.faceplates: dict[str, Faceplate] = {}
        self.group_titles: dict[str, QLabel] = {}
        self._cards: list[tuple[QGridLayout, list[Faceplate]]] = []
        self._columns = 0
        groups: dict[str, list[str]] = {}
        for name, tag in self.tags.items():
            groups.setdefault(tag.equipment or "", []).append(name)
        for equipment, names in groups.items():
            card = QFrame(objectName="Card")
            grid = QGridLayout(card)
            grid.setContentsMargins(14, 10, 14, 14)
            grid.setSpacing(10)
            title = QLabel(objectName="GroupTitle")
            self.group_titles[equipment] = title
            grid.addWidget(title, 0, 0, 1, 3)
            plates = []
            for name in names:
                plate = Faceplate(name, self.tags[name])
                plate.clicked.connect(lambda _=False, n=name: self.select(n))
                plates.append(plate)
                self.faceplates[name] = plate
            self._cards.append((grid, plates))
            self.groups_layout.addWidget(card)
        self.groups_layout.addStretch(1)
        scroll.setWidget(holder)
        self.scroll = scroll
        self._reflow(1)
        content.addWidget(scroll, 3)

        detail = QFrame(objectName="Card")
        detail.setMinimumWidth(280)
        detail.setMaximumWidth(460)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(14, 10, 14, 14)
        self.detail_title = QLabel(objectName="GroupTitle")
        self.detail_title.setWordWrap(True)
        self.detail_info = QLabel(objectName="Muted")
        self.detail_info.setWordWrap(True)
        self.detail_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recent_title = QLabel()
        self.recent = QListWidget(objectName="RecentValues")
        self.write_button = QPushButton(objectName="WriteTag")
        self.write_button.setProperty("role", "primary")
        self.write_button.clicked.connect(self._open_write)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_info)
        detail_layout.addWidget(self.recent_title)
        detail_layout.addWidget(self.recent, 1)
        detail_layout.addWidget(self.write_button)
        content.addWidget(detail, 2)
        self.body.addLayout(content, 1)

        self._unsubscribe = [station.live.subscribe(self._on_sample, tags=list(self.tags))]
        for name, state in self.service.connections.items():
            self._unsubscribe.append(state.subscribe(lambda _s, n=name: self._mark_connections(), replay=False))
        self.timer = QTimer(self)
        self.timer.setInterval(int(1000 / station.profile.ui.max_repaint_hz))
        self.timer.timeout.connect(self.repaint_dirty)
        self._last_age_refresh = 0.0
        self.destroyed.connect(lambda *_: self._detach())
        if self.tags:
            self._selected = next(iter(self.tags))
        self.retranslate()

    def _reflow(self, columns: int) -> None:
        """Faceplates in one or more columns, as the width allows (no clipped numbers)."""
        if columns == self._columns:
            return
        self._columns = columns
        for grid, plates in self._cards:
            for plate in plates:
                grid.removeWidget(plate)
            for index, plate in enumerate(plates):
                grid.addWidget(plate, 1 + index // columns, index % columns)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        inner = self.width() - 80
        plates_width = inner - min(460, max(280, inner * 2 // 5))
        self._reflow(max(1, min(3, plates_width // 290)))

    # Life -------------------------------------------------------------------------------------
    def _detach(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []

    def on_shown(self) -> None:
        self._dirty = set(self.tags)
        self._connections_dirty = True
        self.repaint_dirty()
        self.timer.start()

    def on_hidden(self) -> None:
        self.timer.stop()

    def _on_sample(self, sample: Sample) -> None:
        self._dirty.add(sample.tag)   # cheap: the timer repaints

    def _mark_connections(self) -> None:
        self._connections_dirty = True

    # Painting ---------------------------------------------------------------------------------
    def repaint_dirty(self) -> None:
        now = self.context.station.clock.now()   # the clock the samples' times come from
        if now - self._last_age_refresh >= 1.0:   # ages move even when values do not
            self._dirty |= set(self.tags)
            self._last_age_refresh = now
        dirty, self._dirty = self._dirty, set()
        for name in dirty:
            plate = self.faceplates.get(name)
            if plate is not None:
                reading = self.reading(name, now)
                plate.show_reading(reading, quality_text(reading.quality))
        if self._connections_dirty:
            self._connections_dirty = False
            self._paint_connections()
        if self._selected in dirty:
            self._paint_detail()

    def reading(self, name: str, now: float) -> Reading:
        """GOOD: the value, current. Otherwise greyed: UNCERTAIN its own value; BAD or STALE (which
        carry none) the last GOOD value the service knows, with its age, or "—"."""
        tag = self.tags[name]
        sample = self.service.latest(name)
        quality = sample.quality if sample is not None else Quality.STALE
        problem = (sample.error or "") if sample is not None else self.tr("No value received yet")
        if sample is not None and quality is Quality.GOOD:
            return Reading(self._value_text(name, sample), True, quality, format_age(sample, now), "")
        shown = sample if quality is Quality.UNCERTAIN else self.service.last_good(name)
        if shown is None or shown.value is None:
            return Reading(NO_VALUE, False, quality, "", problem)
        value = self._value_text(name, shown)
        age = self.tr("%1 ago").replace("%1", format_age(shown, now))
        if quality is Quality.UNCERTAIN:
            return Reading(value, False, quality, age, problem)
        last = self.tr("last %1 · %2 ago").replace("%1", with_unit(value, tag.unit)).replace(
            "%2", format_age(shown, now))
        return Reading(value, False, quality, age, f"{last}\n{problem}".strip())

    def _value_text(self, name: str, sample: Sample | None) -> str:
        tag = self.tags[name]
        if name in _STATE_TAGS and sample is not None and isinstance(sample.value, int):
            return self._state_name(int(sample.value))
        return format_value(sample, tag)

    def _state_name(self, code: int) -> str:
        names = {0: self.tr("Idle"), 1: self.tr("Running"), 2: self.tr("Fault"), 3: self.tr("Maintenance")}
        return names.get(code, str(code))

    def _paint_connections(self) -> None:
        errors = []
        for name, chip in self.connection_chips.items():
            holder = self.service.connections.get(name)
            state = holder.value if holder is not None else ComponentStatus(Health.CONNECTING, "")
            chip.setText(f"{name} · {self._health_text(state.health)}")
            if chip.property("health") != state.health.value:
                chip.setProperty("health", state.health.value)
                _repolish(chip)
            if state.health not in (Health.OK, Health.DISABLED) and state.last_error:
                errors.append(f"{name}: {summary_text(state.last_error)}")
        self.connection_error.setVisible(bool(errors))
        self.connection_error.setText("\n".join(errors))

    def _health_text(self, health: Health) -> str:
        return {Health.OK: self.tr("connected"), Health.CONNECTING: self.tr("connecting"),
                Health.DEGRADED: self.tr("degraded"), Health.FAILED: self.tr("failed"),
                Health.DISABLED: self.tr("disabled")}[health]

    def _caption(self, name: str) -> str:
        korean = getattr(self.context.languages, "locale", "en") == "ko"
        return description(self.tags[name], name, korean=korean)

    # Detail and write -------------------------------------------------------------------------
    def select(self, name: str) -> None:
        self._selected = name
        self._paint_detail()

    def _paint_detail(self) -> None:
        name = self._selected
        if name is None:
            self.detail_title.setText(self.tr("Tap a value for its detail"))
            self.write_button.hide()
            return
        tag = self.tags[name]
        sample = self.service.latest(name)
        reading = self.reading(name, self.context.station.clock.now())
        shown = with_unit(reading.value, tag.unit)
        if not reading.current and reading.value != NO_VALUE:
            shown = self.tr("last %1 · %2").replace("%1", shown).replace("%2", reading.age)
        self.detail_title.setText(f"{self._caption(name)}: {shown}")
        limits = ""
        range_word = self.tr("Range")
        problem_word = self.tr("Problem")
        fmt = display_format(tag)
        if tag.range_lo is not None or tag.range_hi is not None:
            lo = format_number(tag.range_lo, fmt) if tag.range_lo is not None else "−∞"
            hi = format_number(tag.range_hi, fmt) if tag.range_hi is not None else "∞"
            limits = f"{range_word}: {lo} … {hi} {tag.unit}".strip()
        problem = ""
        if sample is not None and sample.error:
            problem = f"\n{problem_word}: {summary_text(sample.error)}"
        self.detail_info.setText(f"{name} · {quality_text(reading.quality)}\n{tag.address}\n{limits}{problem}"
                                 .strip())
        self.recent.clear()
        for past in reversed(self.service.recent(name)[-30:]):
            stamp = time.strftime("%H:%M:%S", time.localtime(past.ts))
            value = with_unit(self._value_text(name, past), tag.unit)
            self.recent.addItem(f"{stamp}   {value}   {quality_text(past.quality)}")
        can_write = tag.writable and self.context.station.auth.can(Permission.WRITE_TAG)
        self.write_button.setVisible(can_write)

    def _open_write(self) -> None:
        name = self._selected
        if name is None:
            return
        tag = self.tags[name]
        current = self._value_text(name, self.service.latest(name))
        dialog = WriteDialog(name=name, tag=tag, current=current, parent=self)
        dialog.accepted.connect(lambda: self.context.tasks.spawn(self._write(name, dialog.value())))
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    async def _write(self, name: str, text: str) -> None:
        tag = self.tags[name]
        try:
            outcome = await self.service.write(name, text)
        except (WriteRefused, WriteError, PermissionDenied) as exc:
            self.context.notify(self.tr("Not written: %1").replace("%1", error_text(exc)))
            return
        if outcome.confirmed:
            self.context.notify(self.tr("%1 set to %2 (confirmed by read-back)").replace("%1", self._caption(name))
                                .replace("%2", with_unit(format_number(outcome.new, display_format(tag)), tag.unit)))
        else:
            self.context.notify(self.tr("%1 written, but the read-back shows %2").replace("%1", self._caption(name))
                                .replace("%2", with_unit(format_number(outcome.read_back, display_format(tag)),
                                                         tag.unit)))
        self._paint_detail()

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Equipment"))
        korean = getattr(self.context.languages, "locale", "en") == "ko"
        names = self.context.station.profile.equipment
        for equipment, title in self.group_titles.items():
            title.setText(names.display_name(equipment, korean=korean) if equipment else self.tr("Other"))
        for name, plate in self.faceplates.items():
            plate.set_caption(self._caption(name))
        self.recent_title.setText(self.tr("Recent values"))
        self.write_button.setText(self.tr("Change value…"))
        self._dirty = set(self.tags)
        self._connections_dirty = True
        self.repaint_dirty()
        self._paint_detail()
