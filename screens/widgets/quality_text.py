"""A sample's quality in the operator's language (never the core's GOOD/BAD/STALE to a Korean reader)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.tags import Quality


def quality_text(quality: Quality | str) -> str:
    try:
        known = Quality(str(quality).upper())
    except ValueError:
        return str(quality)
    return QCoreApplication.translate("Quality", _TEXT[known])


_TEXT = {Quality.GOOD: "GOOD", Quality.UNCERTAIN: "UNCERTAIN", Quality.BAD: "BAD", Quality.STALE: "STALE"}

# lupdate reads literal calls only; the table above passes the same texts at run time.
_LITERALS = (
    QCoreApplication.translate("Quality", "GOOD"), QCoreApplication.translate("Quality", "UNCERTAIN"),
    QCoreApplication.translate("Quality", "BAD"), QCoreApplication.translate("Quality", "STALE"),
)
