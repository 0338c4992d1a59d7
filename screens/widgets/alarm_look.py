"""How alarms look everywhere: ISA-101 priority colours (the only strong colours on screen) and texts."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from hmi.alarms import AlarmState, Priority
from hmi.services import StationProfile
from hmi.tags import Quality, Sample, Value
from screens.widgets.quality_text import quality_text

# Background, text. Critical red, high orange, medium yellow, low blue, diagnostic violet.
PRIORITY_COLORS: dict[Priority, tuple[str, str]] = {
    Priority.CRITICAL: ("#c62828", "#ffffff"),
    Priority.HIGH: ("#e65100", "#ffffff"),
    Priority.MEDIUM: ("#f2c200", "#1f2328"),
    Priority.LOW: ("#1565c0", "#ffffff"),
    Priority.DIAGNOSTIC: ("#6a4c93", "#ffffff"),
}


def background(priority: Priority) -> QColor:
    return QColor(PRIORITY_COLORS[priority][0])


def foreground(priority: Priority) -> QColor:
    return QColor(PRIORITY_COLORS[priority][1])


def priority_text(priority: Priority) -> str:
    return QCoreApplication.translate("AlarmLook", _PRIORITY[priority])


def priority_letter(priority: Priority) -> str:
    return QCoreApplication.translate("AlarmLook", _LETTER[priority])


def state_text(state: AlarmState | str) -> str:
    return QCoreApplication.translate("AlarmLook", _STATE[AlarmState(state)])


def clock_text(ts: float, *, with_date: bool = False) -> str:
    """The time of day; with the date when asked or when it was not today."""
    moment = time.localtime(ts)
    if with_date or moment[:3] != time.localtime()[:3]:
        return time.strftime("%m-%d %H:%M" if not with_date else "%Y-%m-%d %H:%M:%S", moment)
    return time.strftime("%H:%M:%S", moment)


def value_text(config: StationProfile, tag: str, value: Value) -> str:
    """A value with its unit, in the tag's format when the tag is configured."""
    if value is None:
        return "—"
    section = config.tags.get(tag)
    unit = f" {section.unit}" if section is not None and section.unit else ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        try:
            text = section.format.format(value) if section is not None else f"{value:g}"
        except (ValueError, TypeError):
            text = str(value)
        return text + unit
    return str(value) + unit


def live_text(config: StationProfile, sample: Sample | None) -> str:
    """The tag's value now, with its quality when it is not GOOD (quality is never hidden)."""
    if sample is None:
        return QCoreApplication.translate("AlarmLook", "no data")
    text = value_text(config, sample.tag, sample.value)
    if sample.quality is not Quality.GOOD:
        text += f" [{quality_text(sample.quality)}]"
    return text


_PRIORITY = {
    Priority.CRITICAL: "Critical", Priority.HIGH: "High", Priority.MEDIUM: "Medium", Priority.LOW: "Low",
    Priority.DIAGNOSTIC: "Diagnostic",
}
_LETTER = {
    Priority.CRITICAL: "C", Priority.HIGH: "H", Priority.MEDIUM: "M", Priority.LOW: "L", Priority.DIAGNOSTIC: "D",
}
_STATE = {
    AlarmState.NORMAL: "Normal", AlarmState.UNACK_ACTIVE: "Active, unacknowledged",
    AlarmState.ACK_ACTIVE: "Active, acknowledged", AlarmState.UNACK_RTN: "Returned, unacknowledged",
    AlarmState.SHELVED: "Shelved", AlarmState.SUPPRESSED: "Suppressed by design",
    AlarmState.OUT_OF_SERVICE: "Out of service",
}

# lupdate reads literal calls only; the tables above pass the same texts at run time.
_TEXTS = (
    QCoreApplication.translate("AlarmLook", "Critical"), QCoreApplication.translate("AlarmLook", "High"),
    QCoreApplication.translate("AlarmLook", "Medium"), QCoreApplication.translate("AlarmLook", "Low"),
    QCoreApplication.translate("AlarmLook", "Diagnostic"),
    QCoreApplication.translate("AlarmLook", "C"), QCoreApplication.translate("AlarmLook", "H"),
    QCoreApplication.translate("AlarmLook", "M"), QCoreApplication.translate("AlarmLook", "L"),
    QCoreApplication.translate("AlarmLook", "D"),
    QCoreApplication.translate("AlarmLook", "Normal"),
    QCoreApplication.translate("AlarmLook", "Active, unacknowledged"),
    QCoreApplication.translate("AlarmLook", "Active, acknowledged"),
    QCoreApplication.translate("AlarmLook", "Returned, unacknowledged"),
    QCoreApplication.translate("AlarmLook", "Shelved"),
    QCoreApplication.translate("AlarmLook", "Suppressed by design"),
    QCoreApplication.translate("AlarmLook", "Out of service"),
)
