"""A role's name as people read it (header, Overview, System), in the operator's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

_ROLES = {"operator": "Operator", "inspector": "Inspector", "supervisor": "Supervisor", "admin": "Admin"}


def role_name(role: str) -> str:
    text = _ROLES.get(role)
    return QCoreApplication.translate("HeaderBar", text) if text else role
