"""The screens the navigation rail offers, in order. Each area adds its screen here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from hmi.auth import Permission
from hmi.station import Station
from screens.shell_context import ShellContext


@dataclass(frozen=True, slots=True)
class ScreenSpec:
    key: str
    title: Callable[[], str]                  # translated at the time it is shown
    factory: Callable[[ShellContext], QWidget]
    permission: Permission | None = None      # who sees it in the rail (the services check again)
    demo: Callable[[Station], Awaitable[None]] | None = None  # seeds demo data for `hmi screenshots`


def _tr(text: str) -> Callable[[], str]:
    return lambda: QCoreApplication.translate("Navigation", text)


def screen_specs() -> list[ScreenSpec]:
    # Imported here so that a screen's module loads only when the shell is built.
    from screens.equipment_screen import EquipmentScreen
    from screens.equipment_screen import demo as equipment_demo
    from screens.overview_screen import OverviewScreen
    from screens.sync_demo import seed_sync_demo
    from screens.sync_screen import SyncScreen
    from screens.system_screen import SystemScreen

    return [
        ScreenSpec("overview", _tr("Overview"), OverviewScreen),
        ScreenSpec("equipment", _tr("Equipment"), EquipmentScreen, Permission.VIEW_EQUIPMENT, equipment_demo),
        ScreenSpec("sync", _tr("MES sync"), SyncScreen, Permission.MANAGE_SYNC, seed_sync_demo),
        ScreenSpec("system", _tr("System"), SystemScreen),
    ]


# lupdate reads these literal calls; _tr() above passes the same text at run time.
_NAVIGATION_TITLES = (
    QCoreApplication.translate("Navigation", "Overview"),
    QCoreApplication.translate("Navigation", "System"),
    QCoreApplication.translate("Navigation", "Equipment"),
    QCoreApplication.translate("Navigation", "MES sync"),
)
