"""The screens the navigation rail offers, in order. Each area adds its screen here."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from hmi.auth import Permission
from hmi.services import StationServices
from hmi.station import Station
from screens.shell_context import ShellContext


@dataclass(frozen=True, slots=True)
class ScreenSpec:
    key: str
    title: Callable[[], str]                  # translated at the time it is shown
    factory: Callable[[ShellContext], QWidget]
    permission: Permission | None = None      # who sees it in the rail (the services check again)
    demo: Callable[[Station], Awaitable[None]] | None = None  # seeds demo data for `hmi screenshots`
    needs: Callable[[StationServices], bool] | None = None    # shown only when the station has it configured


def _tr(text: str) -> Callable[[], str]:
    return lambda: QCoreApplication.translate("Navigation", text)


def _deferred(module: str, name: str) -> Callable[..., Any]:
    """Calls ``module.name``, importing the module on the first call instead of now."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__qualname__ = call.__name__ = name
    return call


def _has_oee(services: StationServices) -> bool:
    return services.oee is not None     # a station without an [oee] section has no OEE screens


def screen_specs() -> list[ScreenSpec]:
    # Each screen's module (pyqtgraph for the charts, ...) is imported when its page is first built,
    # so that the login screen is shown before any of them loads. The names stand for the real ones.
    AlarmJournalScreen = _deferred("screens.alarm_journal_screen", "AlarmJournalScreen")
    AlarmPerformanceScreen = _deferred("screens.alarm_performance_screen", "AlarmPerformanceScreen")
    AlarmsScreen = _deferred("screens.alarms_screen", "AlarmsScreen")
    DefectsScreen = _deferred("screens.defects_screen", "DefectsScreen")
    EquipmentScreen = _deferred("screens.equipment_screen", "EquipmentScreen")
    InstructionsScreen = _deferred("screens.instructions_screen", "InstructionsScreen")
    LotHistoryScreen = _deferred("screens.lot_history_screen", "LotHistoryScreen")
    LotsScreen = _deferred("screens.lots_screen", "LotsScreen")
    OverviewScreen = _deferred("screens.overview_screen", "OverviewScreen")
    OeeScreen = _deferred("screens.oee_screen", "OeeScreen")
    OeeReportScreen = _deferred("screens.oee_report_screen", "OeeReportScreen")
    PrintersScreen = _deferred("screens.printers_screen", "PrintersScreen")
    demo_print_jobs = _deferred("screens.printers_screen", "demo_print_jobs")
    SpcScreen = _deferred("screens.spc_screen", "SpcScreen")
    SyncScreen = _deferred("screens.sync_screen", "SyncScreen")
    SystemScreen = _deferred("screens.system_screen", "SystemScreen")
    TrendsScreen = _deferred("screens.trends_screen", "TrendsScreen")
    # The demo data for `hmi screenshots` is hmi's (hmi/demo.py): it writes the store and publishes values.
    seed_production, seed_sync = _deferred("hmi.demo", "seed_production"), _deferred("hmi.demo", "seed_sync")
    seed_history, seed_spc = _deferred("hmi.demo", "seed_history"), _deferred("hmi.demo", "seed_spc")
    seed_alarms, seed_equipment = _deferred("hmi.demo", "seed_alarms"), _deferred("hmi.demo", "seed_equipment")

    # In the order of the work: run the lot, watch the process, then look back and administer.
    return [
        ScreenSpec("overview", _tr("Overview"), OverviewScreen),
        ScreenSpec("lots", _tr("Lots"), LotsScreen, Permission.START_LOT, demo=seed_production),
        ScreenSpec("oee", _tr("OEE"), OeeScreen, Permission.SET_DOWNTIME_REASON, needs=_has_oee),  # a tap from Lots
        ScreenSpec("instructions", _tr("Instructions"), InstructionsScreen, Permission.SIGN_INSTRUCTION),
        ScreenSpec("defects", _tr("Defects"), DefectsScreen, Permission.RECORD_DEFECT),
        ScreenSpec("equipment", _tr("Equipment"), EquipmentScreen, Permission.VIEW_EQUIPMENT, seed_equipment),
        ScreenSpec("alarms", _tr("Alarms"), AlarmsScreen, demo=seed_alarms),
        ScreenSpec("trends", _tr("Trends"), lambda ctx: TrendsScreen(ctx, mode="live"),
                   permission=Permission.VIEW_TRENDS, demo=seed_history),
        ScreenSpec("history", _tr("History"), lambda ctx: TrendsScreen(ctx, mode="history"),
                   permission=Permission.VIEW_TRENDS, demo=seed_history),
        ScreenSpec("spc", _tr("SPC"), SpcScreen, Permission.VIEW_TRENDS, demo=seed_spc),
        ScreenSpec("lot_history", _tr("Lot history"), LotHistoryScreen, Permission.VIEW_LOT_HISTORY),
        ScreenSpec("oee_report", _tr("OEE report"), OeeReportScreen, Permission.VIEW_OEE_REPORT, needs=_has_oee),
        ScreenSpec("printers", _tr("Printers"), PrintersScreen, permission=Permission.PRINT_LABEL,
                   demo=demo_print_jobs),
        ScreenSpec("alarm_journal", _tr("Alarm log"), AlarmJournalScreen,
                   permission=Permission.VIEW_ALARM_JOURNAL),
        ScreenSpec("alarm_performance", _tr("Alarm KPIs"), AlarmPerformanceScreen,
                   permission=Permission.VIEW_ALARM_JOURNAL),
        ScreenSpec("sync", _tr("MES sync"), SyncScreen, Permission.MANAGE_SYNC, seed_sync),
        ScreenSpec("system", _tr("System"), SystemScreen),
    ]


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
    QCoreApplication.translate("Navigation", "SPC"),
    QCoreApplication.translate("Navigation", "OEE"),
    QCoreApplication.translate("Navigation", "OEE report"),
)
