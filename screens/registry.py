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
    from screens.alarm_journal_screen import AlarmJournalScreen
    from screens.alarm_performance_screen import AlarmPerformanceScreen
    from screens.alarms_screen import AlarmsScreen
    from screens.defects_screen import DefectsScreen
    from screens.equipment_screen import EquipmentScreen
    from screens.equipment_screen import demo as equipment_demo
    from screens.instructions_screen import InstructionsScreen
    from screens.lot_history_screen import LotHistoryScreen
    from screens.lots_screen import LotsScreen
    from screens.overview_screen import OverviewScreen
    from screens.printers_screen import PrintersScreen, demo_print_jobs
    from screens.production_demo import seed_production_demo
    from screens.sync_demo import seed_sync_demo
    from screens.sync_screen import SyncScreen
    from screens.system_screen import SystemScreen
    from screens.trends_screen import TrendsScreen

    return [
        ScreenSpec("overview", _tr("Overview"), OverviewScreen),
        ScreenSpec("lots", _tr("Lots"), LotsScreen, Permission.START_LOT, demo=seed_production_demo),
        ScreenSpec("instructions", _tr("Instructions"), InstructionsScreen, Permission.SIGN_INSTRUCTION),
        ScreenSpec("defects", _tr("Defects"), DefectsScreen, Permission.RECORD_DEFECT),
        ScreenSpec("lot_history", _tr("Lot history"), LotHistoryScreen, Permission.VIEW_LOT_HISTORY),
        ScreenSpec("equipment", _tr("Equipment"), EquipmentScreen, Permission.VIEW_EQUIPMENT, equipment_demo),
        ScreenSpec("printers", _tr("Printers"), PrintersScreen, permission=Permission.PRINT_LABEL,
                   demo=demo_print_jobs),
        ScreenSpec("alarms", _tr("Alarms"), AlarmsScreen, demo=_alarm_demo),
        ScreenSpec("alarm_journal", _tr("Alarm log"), AlarmJournalScreen,
                   permission=Permission.VIEW_ALARM_JOURNAL),
        ScreenSpec("alarm_performance", _tr("Alarm KPIs"), AlarmPerformanceScreen,
                   permission=Permission.VIEW_ALARM_JOURNAL),
        ScreenSpec("sync", _tr("MES sync"), SyncScreen, Permission.MANAGE_SYNC, seed_sync_demo),
        ScreenSpec("system", _tr("System"), SystemScreen),
        ScreenSpec("trends", _tr("Trends"), lambda ctx: TrendsScreen(ctx, mode="live"),
                   permission=Permission.VIEW_TRENDS, demo=_seed_history),
        ScreenSpec("history", _tr("History"), lambda ctx: TrendsScreen(ctx, mode="history"),
                   permission=Permission.VIEW_TRENDS, demo=_seed_history),
    ]


async def _alarm_demo(station: Station) -> None:
    from hmi.alarms.demo import seed_alarm_demo

    await seed_alarm_demo(station)


# lupdate reads these literal calls; _tr() above passes the same text at run time.
_NAVIGATION_TITLES = (
    QCoreApplication.translate("Navigation", "Overview"),
    QCoreApplication.translate("Navigation", "Lots"),
    QCoreApplication.translate("Navigation", "Instructions"),
    QCoreApplication.translate("Navigation", "Defects"),
    QCoreApplication.translate("Navigation", "Lot history"),
    QCoreApplication.translate("Navigation", "System"),
    QCoreApplication.translate("Navigation", "Printers"),
    QCoreApplication.translate("Navigation", "Equipment"),
    QCoreApplication.translate("Navigation", "Trends"),
    QCoreApplication.translate("Navigation", "History"),
    QCoreApplication.translate("Navigation", "Alarms"),
    QCoreApplication.translate("Navigation", "Alarm log"),
    QCoreApplication.translate("Navigation", "Alarm KPIs"),
    QCoreApplication.translate("Navigation", "MES sync"),
)


async def _seed_history(station: Station) -> None:
    from hmi.historian.demo_history import DEMO_VIEW, seed_demo_day
    from hmi.historian.views import load_views, save_view

    await seed_demo_day(station.historian, now=station.clock.now())
    if not await station.store.read(load_views):
        await station.store.write(lambda db: save_view(db, DEMO_VIEW))
