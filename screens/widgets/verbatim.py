"""Marks a table cell that shows what a person typed (a comment, a reason) exactly as typed.

Such text is in the language its writer chose, not the screen's: the layout audit does not ask it
to be Korean on a Korean screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

VERBATIM_ROLE = int(Qt.ItemDataRole.UserRole) + 77


def verbatim_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(VERBATIM_ROLE, True)
    return item
