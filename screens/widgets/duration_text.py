"""An age or a wait ("7 min", "26 h 0 min") in the operator's language: the one formatter for people."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("Duration", text)


def duration_text(seconds: float, *, tenths: bool = True) -> str:
    """Tenths under 10 s (unless not ``tenths``), then whole seconds, minutes, hours and minutes, days and hours."""
    if seconds < 10 and tenths:
        return _tr("%1 s").replace("%1", f"{max(0.0, seconds):.1f}")
    whole = int(seconds)
    if whole < 120:
        return _tr("%1 s").replace("%1", str(whole))
    if whole < 7200:
        return _tr("%1 min").replace("%1", str(whole // 60))
    if whole < 172800:
        return _tr("%1 h %2 min").replace("%1", str(whole // 3600)).replace("%2", str(whole % 3600 // 60))
    return _tr("%1 d %2 h").replace("%1", str(whole // 86400)).replace("%2", str(whole % 86400 // 3600))


# lupdate reads these literal calls; _tr passes the same texts at run time.
_LITERALS = (
    QCoreApplication.translate("Duration", "%1 s"),
    QCoreApplication.translate("Duration", "%1 min"),
    QCoreApplication.translate("Duration", "%1 h %2 min"),
    QCoreApplication.translate("Duration", "%1 d %2 h"),
)
