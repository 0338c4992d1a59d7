"""The full role x action matrix, and that services refuse (not only the UI hides)."""

from __future__ import annotations

import pytest

from hmi.auth import Permission, PermissionDenied, Role, allowed
from hmi.auth.permissions import MATRIX

P = Permission
EXPECTED: dict[Permission, set[Role]] = {
    P.VIEW_EQUIPMENT: set(Role),
    P.VIEW_TRENDS: set(Role),
    P.ACK_ALARM: set(Role),
    P.START_LOT: set(Role),
    P.RECORD_COUNT: set(Role),
    P.PAUSE_LOT: set(Role),
    P.FINISH_LOT: set(Role),
    P.SIGN_INSTRUCTION: set(Role),
    P.RECORD_DEFECT: set(Role),
    P.PRINT_LABEL: set(Role),
    P.VIEW_LOT_HISTORY: set(Role),
    P.REPRINT_LABEL: {Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN},
    P.CANCEL_PRINT_JOB: {Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN},
    P.VOID_DEFECT: {Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN},
    P.WRITE_TAG: {Role.SUPERVISOR, Role.ADMIN},
    P.SHELVE_ALARM: {Role.SUPERVISOR, Role.ADMIN},
    P.RESET_ALARM: {Role.SUPERVISOR, Role.ADMIN},
    P.VIEW_ALARM_JOURNAL: {Role.SUPERVISOR, Role.ADMIN},
    P.SET_ALARM_LIMIT: {Role.SUPERVISOR, Role.ADMIN},
    P.REPLACE_MASTERDATA: {Role.ADMIN},
    P.ABORT_LOT: {Role.SUPERVISOR, Role.ADMIN},
    P.CORRECT_LOT: {Role.SUPERVISOR, Role.ADMIN},
    P.MANAGE_SYNC: {Role.SUPERVISOR, Role.ADMIN},
    P.IMPORT_MASTERDATA: {Role.SUPERVISOR, Role.ADMIN},
    P.ALARM_OUT_OF_SERVICE: {Role.ADMIN},
    P.MANAGE_USERS: {Role.ADMIN},
    P.EXIT_KIOSK: {Role.ADMIN},
    P.SET_DOWNTIME_REASON: set(Role),
    P.VIEW_OEE_REPORT: {Role.SUPERVISOR, Role.ADMIN},
    P.EDIT_SHIFT_CALENDAR: {Role.SUPERVISOR, Role.ADMIN},
    P.VIEW_AUDIT: {Role.SUPERVISOR, Role.ADMIN},
}


def test_every_permission_has_an_expectation() -> None:
    assert set(EXPECTED) == set(Permission), "add the new permission to EXPECTED with the roles that get it"


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("role", list(Role))
def test_matrix(role: Role, permission: Permission) -> None:
    assert allowed(role, permission) == (role in EXPECTED[permission])
    assert (permission in MATRIX[role]) == (role in EXPECTED[permission])


def test_nobody_logged_in_may_do_nothing() -> None:
    assert not any(allowed(None, p) for p in Permission)


async def test_the_service_layer_refuses_without_a_session(station) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="nobody logged in"):
        station.auth.require(Permission.START_LOT)
