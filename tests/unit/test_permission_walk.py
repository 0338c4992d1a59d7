"""Every public method of every service the screens get, walked with each role and with nobody logged in.

The services are found by walking StationServices (and the services those hold), not listed by hand, so a
new one is caught. The table says, for each (service, method), the permission it needs, or that it is open
(a read of live state, a login, a nudge: walked with nobody logged in, it must record nothing) or lifecycle
(run by the station, not by a screen: it takes nothing from its caller; a hook handed a record is private).
A public method missing from the table fails the test. No public method takes a person from its caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import inspect
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hmi.alarms.mes_limits import mes_limits
from hmi.auth import AuthService, Permission, PermissionDenied, Role
from hmi.auth.permissions import MATRIX
from hmi.auth.users import add_user
from hmi.observable import Event, EventView, Observable, ObservableView
from hmi.services import StationProfile, StationServices
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
    # production
    ("production", "import_masterdata"): P.IMPORT_MASTERDATA, ("production", "lot_page"): P.VIEW_LOT_HISTORY,
    ("production", "lot_report_pdf"): P.VIEW_LOT_HISTORY,
    ("production", "work_orders"): OPEN, ("production", "downtime_reasons"): OPEN,
    ("production", "defect_codes"): OPEN, ("production", "lot_trend"): OPEN,
    ("production", "start"): LIFECYCLE, ("production", "stop"): LIFECYCLE,
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
    ("historian", "raw"): OPEN, ("historian", "info"): OPEN, ("historian", "trend"): OPEN, ("history_uploads", "subscribe"): OPEN,
    ("trend_views", "views"): OPEN, ("trend_views", "save"): P.VIEW_TRENDS,
    # system (the System screen and the shell's kiosk exit; checked only in the UI before)
    ("system", "users"): P.MANAGE_USERS, ("system", "exit_kiosk"): P.EXIT_KIOSK,
    ("system", "user_names"): OPEN, ("system", "verify_audit"): OPEN, ("system", "schema_version"): OPEN,
    ("system", "audit_key_replacement"): P.VIEW_AUDIT,
    # spc (the SPC screen; a cause is recorded by who may record a defect)
    ("spc", "characteristics"): P.VIEW_TRENDS, ("spc", "chart"): P.VIEW_TRENDS, ("spc", "violations"): P.VIEW_TRENDS,
    ("spc", "reasons"): P.VIEW_TRENDS, ("spc", "capability_between"): P.VIEW_TRENDS,
    ("spc", "record_cause"): P.RECORD_DEFECT, ("spc", "lot_summary"): P.VIEW_LOT_HISTORY,
    ("spc", "start"): LIFECYCLE, ("spc", "stop"): LIFECYCLE, ("spc", "idle"): LIFECYCLE,
    # the plumbing every screen reads: time, component health, live values (LiveValues: no publish)
    ("clock", "now"): OPEN, ("clock", "monotonic"): OPEN, ("status", "names"): OPEN,
    ("live", "latest"): OPEN, ("live", "subscribe"): OPEN,
    # OEE and downtime
    ("oee", "set_reason"): P.SET_DOWNTIME_REASON, ("oee", "split"): P.SET_DOWNTIME_REASON,
    ("oee", "day_report"): P.VIEW_OEE_REPORT, ("oee", "shift_summaries"): P.VIEW_OEE_REPORT,
    ("oee", "export_csv"): P.VIEW_OEE_REPORT, ("oee", "lot_figures"): P.VIEW_OEE_REPORT,
    ("oee", "work_order_figures"): P.VIEW_OEE_REPORT, ("oee", "set_calendar"): P.EDIT_SHIFT_CALENDAR,
    ("oee", "reason_tree"): OPEN, ("oee", "section"): OPEN, ("oee", "local_day"): OPEN, ("oee", "local"): OPEN,
    ("oee", "reason_spans_of"): OPEN, ("oee", "shifts_of"): OPEN,
    ("oee", "start"): LIFECYCLE, ("oee", "stop"): LIFECYCLE, ("oee", "idle"): LIFECYCLE, ("oee", "tick"): LIFECYCLE,
}

# Methods that name a person because the person proves who they are (PIN, badge): the login itself.
IDENTIFIES = {("auth", "login_pin"), ("auth", "login_badge"), ("auth", "create_first_admin")}

PINS = {Role.OPERATOR: ("1001", "2468"), Role.INSPECTOR: ("2001", "1357"), Role.SUPERVISOR: ("3001", "3579"),
        Role.ADMIN: ("9001", "9753")}


# StationServices fields that are values, not services (nothing to call).
VALUES = {"station_id", "data_dir", "profile"}


def _is_protocol(cls: Any) -> bool:
    cls = typing.get_origin(cls) or cls   # Readable[UploadsView] is the Protocol Readable
    return isinstance(cls, type) and bool(getattr(cls, "_is_protocol", False))


def _holds_auth(value: Any) -> bool:
    """A service of the core: it checks permissions, so it holds the AuthService."""
    return isinstance(getattr(value, "_auth", None), AuthService)


class _ProtocolView:
    """What a Protocol-typed field offers the screens: the Protocol's methods, bound to the real object."""

    def __init__(self, protocol: type, target: Any) -> None:
        self.protocol = protocol
        for name in _protocol_methods(protocol):
            setattr(self, name, getattr(target, name))


def _protocol_methods(protocol: type) -> list[str]:
    protocol = typing.get_origin(protocol) or protocol
    return sorted(name for name, member in vars(protocol).items() if not name.startswith("_") and callable(member))


def services(station: Station) -> dict[str, Any]:
    """Every service reachable from the facade the screens are handed (hmi/services.py), found by walking it.

    Each field of StationServices (one typed as a Protocol is walked as that Protocol: it is all the
    screens see), and every public attribute of a service that is itself a service (it holds the auth
    service), such as ``production.lots``. A new field or sub-service shows up here without editing
    this test, and its methods must then be classified in TABLE."""
    facades = station.services
    hints = typing.get_type_hints(StationServices)
    todo: list[tuple[str, Any]] = []
    for field in dataclasses.fields(StationServices):
        value = getattr(facades, field.name)
        if value is None:   # a service this station's config leaves out (oee without [oee])
            continue
        if field.name in VALUES:
            assert isinstance(value, str | Path | StationProfile), f"{field.name} is not a plain value any more"
            continue
        declared = hints[field.name]
        todo.append((field.name, _ProtocolView(declared, value) if _is_protocol(declared) else value))
    found: dict[str, Any] = {}
    while todo:
        name, value = todo.pop(0)
        assert name not in found or found[name] is value, f"two services are named {name}"
        found[name] = value
        if isinstance(value, _ProtocolView):
            continue
        for attr, sub in sorted(vars(value).items()):
            if not attr.startswith("_") and sub is not value and _holds_auth(sub):
                todo.append((attr, sub))
    return found


def public_methods(service: Any) -> list[str]:
    """Public methods and properties of the service's class, and public callables it holds as attributes."""
    if isinstance(service, _ProtocolView):
        return _protocol_methods(service.protocol)
    names = {name for name, member in inspect.getmembers(type(service))
             if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property))
             and name != "name"}
    names |= {name for name, member in vars(service).items()
              if not name.startswith("_") and callable(member) and not _holds_auth(member)}
    return sorted(names)


def test_every_public_method_is_in_the_table(station: Station) -> None:
    missing = [(name, method) for name, service in services(station).items() for method in public_methods(service)
               if (name, method) not in TABLE]
    assert not missing, f"classify these public service methods in TABLE: {missing}"


def test_the_table_names_only_methods_that_exist(station: Station) -> None:
    found = services(station)
    stale = [key for key in TABLE if key[0] not in found or key[1] not in public_methods(found[key[0]])]
    assert not stale, f"TABLE lists methods no service has (renamed, made private or removed?): {stale}"


# Words that name a person in a parameter (split at "_": recorded_by, for_user, operator_id …).
PERSON_WORDS = {"actor", "user", "username", "userid", "by", "who", "person", "operator", "inspector",
                "supervisor", "admin", "signer", "author", "employee", "owner", "recorder", "badge", "login"}


def _parameters(service: Any, method: str) -> list[str]:
    if isinstance(inspect.getattr_static(type(service), method, None), property):
        return []
    return list(inspect.signature(getattr(service, method)).parameters)


def _names_a_person(parameter: str) -> bool:
    return bool(PERSON_WORDS & set(parameter.lower().split("_")))


def test_each_facade_is_a_narrowing_of_the_service_behind_it(station: Station) -> None:
    """A Protocol-typed field names a subset of its service, with the service's own signatures: the walk
    checks the Protocol, so a Protocol that drifted from the service would check something nobody calls."""
    hints = typing.get_type_hints(StationServices)
    narrowed = 0
    for field in dataclasses.fields(StationServices):
        declared, value = hints[field.name], getattr(station.services, field.name)
        if value is None or not _is_protocol(declared):
            continue
        protocol = typing.get_origin(declared) or declared
        for name in _protocol_methods(protocol):
            assert hasattr(value, name), f"{field.name}.{name} is on the facade but not on {type(value).__name__}"
            want = inspect.signature(getattr(protocol, name))
            have = inspect.signature(getattr(type(value), name))
            assert list(want.parameters) == list(have.parameters), f"{field.name}.{name}: {want} vs {have}"
        hidden = set(public_methods(value)) - set(_protocol_methods(protocol))
        narrowed += bool(hidden)
    assert narrowed >= 2   # the alarms and the historian keep their feeding side off the screens' facade


def test_screens_can_follow_the_services_values_and_events_but_never_set_or_emit_them(station: Station) -> None:
    """A screen handed a service could otherwise ``set`` a lot as active or ``emit`` a defect it made up:
    every Observable or Event a service shows is a view (read and subscribe only)."""
    writable: list[str] = []
    followed = 0
    for name, service in services(station).items():
        if isinstance(service, _ProtocolView):   # what the Protocol shows, read from the object behind it
            real = getattr(station.services, name)
            protocol = typing.get_origin(service.protocol) or service.protocol
            shown = {a: getattr(real, a) for a in vars(protocol) if not a.startswith("_") and hasattr(real, a)}
        else:
            shown = {a: v for a, v in vars(service).items() if not a.startswith("_")}
        for attribute, value in shown.items():
            values = value.values() if isinstance(value, dict) else [value]
            for item in values:
                if isinstance(item, Observable | Event):
                    writable.append(f"{name}.{attribute}")
                followed += isinstance(item, ObservableView | EventView)
    assert not writable, f"hand these out as views (Observable.view(), Event.view()): {writable}"
    assert followed >= 10


def test_no_public_method_takes_the_acting_user(station: Station) -> None:
    offenders = [f"{name}.{method}({parameter})" for name, service in services(station).items()
                 for method in public_methods(service) for parameter in _parameters(service, method)
                 if _names_a_person(parameter) and (name, method) not in IDENTIFIES]
    assert not offenders, f"these take a person from their caller: {offenders}"


def test_the_person_check_catches_any_name_for_a_person() -> None:
    for parameter in ("actor", "user", "username", "recorded_by", "by", "signed_by", "operator", "inspector_id",
                      "on_behalf_of_user", "created_by", "who"):
        assert _names_a_person(parameter), parameter
    for parameter in ("job_id", "reason", "lot_id", "tags", "byte_count", "code", "usable"):
        assert not _names_a_person(parameter), parameter


def test_a_lifecycle_method_takes_nothing_from_its_caller(station: Station) -> None:
    """Lifecycle is the station's own start, stop and tick. A method the station hands a record to (a
    hook: the defect that was recorded, the step that was signed) is private, so a screen cannot call it
    with a record of its making (``labels.on_defect_recorded`` re-queued a label with nobody logged in)."""
    hooks = [f"{name}.{method}" for name, service in services(station).items() for method in public_methods(service)
             if TABLE.get((name, method)) == LIFECYCLE and any(p.default is inspect.Parameter.empty
                     for p in inspect.signature(getattr(service, method)).parameters.values())]
    assert not hooks, f"make these hooks private (wired by the station), not on the screens' facade: {hooks}"


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


async def _records(station: Station) -> dict[str, int]:
    """What people did: the station's own machine records (connection alarms, in the background) aside."""

    def count(db: Any) -> dict[str, int]:
        people = "NOT ({0} LIKE 'system:%' OR {0} IN ('system', 'equipment'))"
        by_payload = people.format("json_extract(payload, '$.actor')")
        found = {"audit": db.execute(f"SELECT count(*) FROM audit WHERE {people.format('actor')}").fetchone()[0],
                 "outbox": db.execute(f"SELECT count(*) FROM outbox WHERE {by_payload}").fetchone()[0]}
        found.update({table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for table in ("print_jobs", "lots", "defects")})
        return found

    return await station.store.read(count)


async def test_an_open_method_records_nothing_with_nobody_logged_in(walked: Station) -> None:
    """Open means a read of what the screen shows, or a nudge (refresh, wake): none may make a record,
    since nobody would answer for it. Only the login itself records its attempts."""
    station = walked
    await station.auth.logout()
    found = services(station)
    before = await _records(station)
    made: list[str] = []
    for (name, method), rule in sorted(TABLE.items()):
        if rule != OPEN or (name, method) in IDENTIFIES or name not in found:
            continue
        if isinstance(inspect.getattr_static(type(found[name]), method, None), property):
            continue
        with contextlib.suppress(Exception):
            result = _call(found[name], method)
            if inspect.isawaitable(result):
                await asyncio.wait_for(result, 20)
        await station.store.write(lambda db: None)   # whatever the call queued is committed
        after = await _records(station)
        if after != before:
            made.append(f"{name}.{method}: {before} -> {after}")
            before = after
    assert station.auth.current is None
    assert not made, "\n".join(made)


async def test_an_spc_cause_is_recorded_only_with_the_record_defect_permission(walked: Station) -> None:
    """The SPC screen's one write: refused exactly for the roles without RECORD_DEFECT, and for nobody."""
    from hmi.production.records import ProductionError

    station = walked
    spc = station.services.spc
    await station.auth.logout()
    with pytest.raises(PermissionDenied) as refused:
        await spc.record_cause(1, cause_code="x", action_code="y")
    assert refused.value.permission is P.RECORD_DEFECT
    for role in Role:
        await station.auth.logout()
        await station.auth.login_pin(*PINS[role])
        if P.RECORD_DEFECT in MATRIX[role]:
            with pytest.raises(ProductionError, match="no SPC violation"):   # past the check, to the record
                await spc.record_cause(10_000, cause_code="x", action_code="y")
        else:
            with pytest.raises(PermissionDenied):
                await spc.record_cause(10_000, cause_code="x", action_code="y")
