"""The role x action table. Services check it; the UI only hides what a role cannot do."""

from __future__ import annotations

from enum import StrEnum

from hmi.refusal import Refusal


class Role(StrEnum):
    OPERATOR = "operator"
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW_EQUIPMENT = "equipment.view"
    WRITE_TAG = "equipment.write"
    VIEW_TRENDS = "trends.view"
    ACK_ALARM = "alarm.ack"
    SHELVE_ALARM = "alarm.shelve"
    RESET_ALARM = "alarm.reset"
    ALARM_OUT_OF_SERVICE = "alarm.out_of_service"
    VIEW_ALARM_JOURNAL = "alarm.journal"
    SET_ALARM_LIMIT = "alarm.limit"
    START_LOT = "lot.start"
    RECORD_COUNT = "lot.count"
    PAUSE_LOT = "lot.pause"
    FINISH_LOT = "lot.finish"
    ABORT_LOT = "lot.abort"
    CORRECT_LOT = "lot.correct"
    SIGN_INSTRUCTION = "instruction.sign"
    RECORD_DEFECT = "defect.record"
    VOID_DEFECT = "defect.void"
    VIEW_LOT_HISTORY = "lot.history"
    PRINT_LABEL = "label.print"
    REPRINT_LABEL = "label.reprint"
    CANCEL_PRINT_JOB = "label.cancel"
    MANAGE_SYNC = "sync.manage"
    IMPORT_MASTERDATA = "masterdata.import"
    REPLACE_MASTERDATA = "masterdata.replace"   # apply an MES-format bundle by hand (the MES itself uses a private path)
    MANAGE_USERS = "users.manage"
    EXIT_KIOSK = "kiosk.exit"
    SET_DOWNTIME_REASON = "downtime.reason"
    VIEW_OEE_REPORT = "oee.report"
    EDIT_SHIFT_CALENDAR = "oee.calendar"
    VIEW_AUDIT = "audit.view"   # what the audit trail cannot vouch for (a replaced key): supervisors and admins


# Machine identities: what the audit shows when no person acted. Only private paths act as them.
SYSTEM_COUNTER = "system:counter"
SYSTEM_MES = "system:mes"
SYSTEM_EQUIPMENT = "system:equipment"
SYSTEM_SPC = "system:spc"


class PermissionDenied(Refusal):
    def __init__(self, permission: Permission, role: Role | None) -> None:
        self.permission = permission
        self.role = role
        if role is None:
            super().__init__("nobody logged in may not do this ({permission})", permission=permission)
        else:
            super().__init__("the {role} role may not do this ({permission})",
                             role=role, permission=permission)


_OPERATOR = {
    Permission.VIEW_EQUIPMENT, Permission.VIEW_TRENDS, Permission.ACK_ALARM, Permission.START_LOT,
    Permission.RECORD_COUNT, Permission.PAUSE_LOT, Permission.FINISH_LOT, Permission.SIGN_INSTRUCTION,
    Permission.RECORD_DEFECT, Permission.PRINT_LABEL, Permission.VIEW_LOT_HISTORY, Permission.SET_DOWNTIME_REASON,
}
_INSPECTOR = _OPERATOR | {Permission.REPRINT_LABEL, Permission.CANCEL_PRINT_JOB, Permission.VOID_DEFECT}
_SUPERVISOR = _INSPECTOR | {
    Permission.WRITE_TAG, Permission.SHELVE_ALARM, Permission.RESET_ALARM, Permission.VIEW_ALARM_JOURNAL,
    Permission.SET_ALARM_LIMIT,
    Permission.ABORT_LOT, Permission.CORRECT_LOT, Permission.MANAGE_SYNC, Permission.IMPORT_MASTERDATA,
    Permission.VIEW_OEE_REPORT, Permission.EDIT_SHIFT_CALENDAR, Permission.VIEW_AUDIT,
}
_ADMIN = set(Permission)

MATRIX: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: frozenset(_OPERATOR),
    Role.INSPECTOR: frozenset(_INSPECTOR),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
}


def allowed(role: Role | None, permission: Permission) -> bool:
    return role is not None and permission in MATRIX[role]
