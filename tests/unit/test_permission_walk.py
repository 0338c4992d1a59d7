"""Every public method of every service the screens get, walked with each role and with nobody logged in.

The table says, for each (service, method), the permission it needs, or that it is open (a read of live
state, a login) or lifecycle (run by the station, not by a screen). A public method missing from the table
fails the test, so a new one must be classified. No public method may take the acting user from its caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from hmi.alarms.mes_limits import mes_limits
from hmi.auth import Permission, PermissionDenied, Role
from hmi.auth.permissions import MATRIX
from hmi.auth.users import add_user
from hmi.station import Station

P = Permission
OPEN = "open"            # anyone, also nobody: live state, login, reads of what the screen already shows
LIFECYCLE = "lifecycle"  # the station calls it (start, stop, hooks); listed so a new method gets classified

TABLE: dict[tuple[str, str], Permission | str] = {
    # auth
    ("auth", "current"): OPEN, ("auth", "can"): OPEN, ("auth", "require"): OPEN, ("auth", "login_pin"): OPEN, ("auth", "login_badge"): OPEN,
    ("auth", "logout"): OPEN, ("auth", "has_users"): OPEN, ("auth", "create_first_admin"): OPEN,
    ("auth", "touch"): OPEN, ("auth", "idle_for"): OPEN, ("auth", "check_idle"): OPEN,
    # alarms
    ("alarms", "acknowledge"): P.ACK_ALARM, ("alarms", "shelve"): P.SHELVE_ALARM,
    ("alarms", "unshelve"): P.SHELVE_ALARM, ("alarms", "remove_from_service"): P.ALARM_OUT_OF_SERVICE,
    ("alarms", "return_to_service"): P.ALARM_OUT_OF_SERVICE, ("alarms", "reset"): P.RESET_ALARM,
    ("alarms", "set_limit"): P.SET_ALARM_LIMIT, ("alarms", "journal"): P.VIEW_ALARM_JOURNAL,
    ("alarms", "performance"): P.VIEW_ALARM_JOURNAL, ("alarms", "during"): P.VIEW_LOT_HISTORY,
    ("alarms", "view"): OPEN, ("alarms", "views"): OPEN, ("alarms", "summary"): OPEN,
    ("alarms", "start"): LIFECYCLE, ("alarms", "stop"): LIFECYCLE, ("alarms", "on_sample"): LIFECYCLE,
    ("alarms", "replay"): LIFECYCLE, ("alarms", "tick"): LIFECYCLE, ("alarms", "flush"): LIFECYCLE,
    # production
    ("production", "import_masterdata"): P.IMPORT_MASTERDATA, ("production", "lot_page"): P.VIEW_LOT_HISTORY,
    ("production", "lot_report_pdf"): P.VIEW_LOT_HISTORY,
    ("production", "work_orders"): OPEN, ("production", "downtime_reasons"): OPEN,
    ("production", "defect_codes"): OPEN, ("production", "lot_trend"): OPEN,
    ("production", "start"): LIFECYCLE, ("production", "stop"): LIFECYCLE,
    ("production", "apply_mes_masterdata"): LIFECYCLE,
    # lots
    ("lots", "start"): P.START_LOT, ("lots", "add_count"): P.RECORD_COUNT, ("lots", "pause"): P.PAUSE_LOT,
    ("lots", "resume"): P.PAUSE_LOT, ("lots", "finish"): P.FINISH_LOT, ("lots", "abort"): P.ABORT_LOT,
    ("lots", "correct"): P.CORRECT_LOT,
    ("lots", "search"): P.VIEW_LOT_HISTORY,
    ("lots", "snapshot"): OPEN,
    ("lots", "load"): LIFECYCLE, ("lots", "start_service"): LIFECYCLE, ("lots", "stop_service"): LIFECYCLE,
    ("lots", "idle"): LIFECYCLE,
    # instructions
    ("instructions", "acknowledge"): P.SIGN_INSTRUCTION, ("instructions", "sign"): P.SIGN_INSTRUCTION,
    ("instructions", "status_for"): OPEN, ("instructions", "signoffs"): OPEN, ("instructions", "image"): OPEN,
    # defects and proposals
    ("defects", "record"): P.RECORD_DEFECT, ("defects", "void"): P.VOID_DEFECT,
    ("defects", "of_lot"): P.RECORD_DEFECT,
    ("defects", "confirm_proposal"): P.RECORD_DEFECT, ("defects", "dismiss_proposal"): P.RECORD_DEFECT,
    ("defects", "start_service"): LIFECYCLE, ("defects", "stop_service"): LIFECYCLE, ("defects", "idle"): LIFECYCLE,
    # labels
    ("labels", "print_label"): P.PRINT_LABEL, ("labels", "print_defect_label"): P.PRINT_LABEL,
    ("labels", "print_defect"): P.PRINT_LABEL, ("labels", "reprint"): P.REPRINT_LABEL,
    ("labels", "cancel"): P.CANCEL_PRINT_JOB,
    ("labels", "defect_recorded"): LIFECYCLE, ("labels", "on_defect_recorded"): LIFECYCLE,
    ("labels", "wake"): OPEN, ("labels", "default_printer"): OPEN, ("labels", "defect_data"): OPEN,
    ("labels", "jobs"): OPEN, ("labels", "job"): OPEN, ("labels", "wait_for"): OPEN, ("labels", "render"): OPEN,
    ("labels", "preview"): OPEN, ("labels", "refresh_status"): OPEN,
    ("labels", "start"): LIFECYCLE, ("labels", "stop"): LIFECYCLE,
    # equipment
    ("equipment", "write"): P.WRITE_TAG,
    ("equipment", "tags"): OPEN, ("equipment", "connection_of"): OPEN, ("equipment", "recent"): OPEN,
    ("equipment", "latest"): OPEN, ("equipment", "last_good"): OPEN,
    ("equipment", "start"): LIFECYCLE, ("equipment", "stop"): LIFECYCLE, ("equipment", "check_stale"): LIFECYCLE,
    # sync
    ("sync", "retry"): P.MANAGE_SYNC, ("sync", "skip"): P.MANAGE_SYNC,
    ("sync", "apply_masterdata"): P.REPLACE_MASTERDATA,
    ("sync", "quarantined"): OPEN, ("sync", "notify"): OPEN, ("sync", "refresh"): OPEN,
    ("sync", "pull_masterdata_now"): OPEN, ("sync", "acknowledge_new_work_orders"): OPEN,
    ("sync", "drain_once"): LIFECYCLE, ("sync", "start"): LIFECYCLE, ("sync", "stop"): LIFECYCLE,
    # historian (trends)
    ("historian", "tags"): OPEN, ("historian", "query"): OPEN, ("historian", "export_csv"): OPEN,
    ("lots", "suggest_lot_number"): OPEN, ("historian", "values_at"): OPEN,
    ("historian", "raw"): OPEN, ("historian", "info"): OPEN, ("historian", "trend"): OPEN,
    ("historian", "describe"): LIFECYCLE, ("historian", "accept"): LIFECYCLE, ("historian", "flush"): LIFECYCLE,
    ("historian", "enforce_retention"): LIFECYCLE, ("historian", "open"): LIFECYCLE,
    ("historian", "close"): LIFECYCLE, ("historian", "start"): LIFECYCLE, ("historian", "stop"): LIFECYCLE,
    ("trend_views", "views"): OPEN, ("trend_views", "save"): P.VIEW_TRENDS,
    # system (the System screen and the shell's kiosk exit; checked only in the UI before)
    ("system", "users"): P.MANAGE_USERS, ("system", "exit_kiosk"): P.EXIT_KIOSK,
    ("system", "user_names"): OPEN, ("system", "verify_audit"): OPEN, ("system", "schema_version"): OPEN,
    # OEE and downtime
    ("oee", "set_reason"): P.SET_DOWNTIME_REASON, ("oee", "split"): P.SET_DOWNTIME_REASON,
    ("oee", "day_report"): P.VIEW_OEE_REPORT, ("oee", "shift_summaries"): P.VIEW_OEE_REPORT,
    ("oee", "export_csv"): P.VIEW_OEE_REPORT, ("oee", "lot_figures"): P.VIEW_OEE_REPORT,
    ("oee", "work_order_figures"): P.VIEW_OEE_REPORT, ("oee", "set_calendar"): P.EDIT_SHIFT_CALENDAR,
    ("oee", "reason_tree"): OPEN, ("oee", "section"): OPEN, ("oee", "local_day"): OPEN, ("oee", "local"): OPEN,
    ("oee", "reason_spans_of"): OPEN, ("oee", "shifts_of"): OPEN,
    ("oee", "start"): LIFECYCLE, ("oee", "stop"): LIFECYCLE, ("oee", "idle"): LIFECYCLE, ("oee", "tick"): LIFECYCLE,
    ("oee", "masterdata_hook"): LIFECYCLE, ("oee", "on_masterdata"): LIFECYCLE,
}

PINS = {Role.OPERATOR: ("1001", "2468"), Role.INSPECTOR: ("2001", "1357"), Role.SUPERVISOR: ("3001", "3579"),
        Role.ADMIN: ("9001", "9753")}


def services(station: Station) -> dict[str, Any]:
    """The services the screens are handed (hmi/services.py)."""
    facades = station.services
    return {"auth": facades.auth, "alarms": facades.alarms, "production": facades.production,
            "lots": facades.production.lots, "instructions": facades.production.instructions,
            "defects": facades.production.defects, "labels": facades.labels, "equipment": facades.equipment,
            "sync": facades.sync, "historian": facades.historian, "trend_views": facades.trend_views,
            "system": facades.system, "oee": facades.oee}


def public_methods(service: Any) -> list[str]:
    return sorted(name for name, member in inspect.getmembers(type(service))
                  if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property))
                  and name != "name")


def test_every_public_method_is_in_the_table(station: Station) -> None:
    missing = [(name, method) for name, service in services(station).items() for method in public_methods(service)
               if (name, method) not in TABLE]
    assert not missing, f"classify these public service methods in TABLE: {missing}"


def test_no_public_method_takes_the_acting_user(station: Station) -> None:
    offenders = [(name, method) for name, service in services(station).items() for method in public_methods(service)
                 if not isinstance(inspect.getattr_static(type(service), method), property)
                 and {"actor", "user", "username"} & set(inspect.signature(getattr(service, method)).parameters)
                 and TABLE.get((name, method)) != OPEN]
    assert not offenders, f"these take the acting user from their caller: {offenders}"


def _placeholder(annotation: str, name: str) -> Any:
    if "Iterable" in annotation or "list" in annotation:
        return ["x"]
    if "Mapping" in annotation or "dict" in annotation:
        return {}
    if "bool" in annotation:
        return False
    if "int" in annotation:
        return 1
    if "float" in annotation:
        return 1.0
    if "str" in annotation:
        return "x"
    return None


def _call(service: Any, method: str) -> Any:
    fn = getattr(service, method)
    kwargs: dict[str, Any] = {}
    args: list[Any] = []
    for param in inspect.signature(fn).parameters.values():
        if param.default is not inspect.Parameter.empty:
            continue
        value = _placeholder(str(param.annotation), param.name)
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[param.name] = value
        else:
            args.append(value)
    return fn(*args, **kwargs)


async def _denied(service: Any, method: str) -> bool:
    """Whether the call was refused for lack of permission; any other outcome (done, bad arguments) is not."""
    try:
        result = _call(service, method)
        if inspect.isawaitable(result):
            await asyncio.wait_for(result, 20)
    except PermissionDenied:
        return True
    except Exception:
        return False
    return False


GATED = sorted(key for key, rule in TABLE.items() if isinstance(rule, Permission))


@pytest.fixture
async def walked(make_station: Callable[..., Station]) -> Any:
    station = make_station()
    await station.start()

    def create(db: Any) -> None:
        for role, (username, pin) in PINS.items():
            add_user(db, username=username, display_name=role.value, role=role, pin=pin, badge=None,
                     min_pin_length=4, ts=1.0, station=station.station_id, actor="test")

    await station.store.write(create)
    yield station
    with contextlib.suppress(Exception):
        await station.auth.logout()
    await station.stop()


async def test_the_walk_matches_the_table_for_every_role_and_for_nobody(walked: Station) -> None:
    station = walked
    found = services(station)
    wrong: list[str] = []
    for role in [None, *Role]:
        await station.auth.logout()
        if role is not None:
            await station.auth.login_pin(*PINS[role])
        for name, method in GATED:
            permission = TABLE[(name, method)]
            assert isinstance(permission, Permission)
            should_refuse = role is None or permission not in MATRIX[role]
            if await _denied(found[name], method) != should_refuse:
                wrong.append(f"{name}.{method} as {role.value if role else 'nobody'}: "
                             f"{'allowed' if should_refuse else 'refused'}, table says {permission.value}")
    assert not wrong, "\n".join(wrong)


async def test_mes_limits_go_through_the_private_path_and_the_audit_names_the_mes(walked: Station) -> None:
    from hmi import audit

    station = walked
    config_alarms = station.alarms.core.definitions
    alarm_id = next(a for a, d in config_alarms.items() if d.limit is not None)   # not a connection alarm
    current = config_alarms[alarm_id].limit
    assert current is not None
    await mes_limits(station.alarms)({"limits": [{"alarm_id": alarm_id, "limit": current + 0.5}]})
    entries = await station.store.read(lambda db: audit.entries(db, object_type="alarm"))
    assert entries[0].action == "alarm.limit_changed" and entries[0].actor == "system:mes"
    await station.auth.login_pin(*PINS[Role.SUPERVISOR])
    await station.alarms.set_limit(alarm_id, limit=current + 1.0)
    entries = await station.store.read(lambda db: audit.entries(db, object_type="alarm"))
    assert entries[0].actor == "3001"
