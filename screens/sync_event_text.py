"""An outbox event as a supervisor reads it: its type and its subject in words ("Alarm shelved",
"Bath temperature high"), never the wire names ("alarm.shelved", "alarm/bath_temp_hi")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from hmi.services import StationProfile

_CONTEXT = "SyncEventText"
_TYPES = {
    "lot.started": QT_TRANSLATE_NOOP("SyncEventText", "Lot started"),
    "lot.paused": QT_TRANSLATE_NOOP("SyncEventText", "Lot paused"),
    "lot.resumed": QT_TRANSLATE_NOOP("SyncEventText", "Lot resumed"),
    "lot.finished": QT_TRANSLATE_NOOP("SyncEventText", "Lot finished"),
    "lot.aborted": QT_TRANSLATE_NOOP("SyncEventText", "Lot aborted"),
    "lot.corrected": QT_TRANSLATE_NOOP("SyncEventText", "Lot counts corrected"),
    "lot.late_counted": QT_TRANSLATE_NOOP("SyncEventText", "Late counts"),
    "defect.recorded": QT_TRANSLATE_NOOP("SyncEventText", "Defect recorded"),
    "defect.voided": QT_TRANSLATE_NOOP("SyncEventText", "Defect voided"),
    "instruction.signed": QT_TRANSLATE_NOOP("SyncEventText", "Instruction step signed"),
    "alarm.raised": QT_TRANSLATE_NOOP("SyncEventText", "Alarm raised"),
    "alarm.returned": QT_TRANSLATE_NOOP("SyncEventText", "Alarm returned to normal"),
    "alarm.acknowledged": QT_TRANSLATE_NOOP("SyncEventText", "Alarm acknowledged"),
    "alarm.reset": QT_TRANSLATE_NOOP("SyncEventText", "Alarm reset"),
    "alarm.shelved": QT_TRANSLATE_NOOP("SyncEventText", "Alarm shelved"),
    "alarm.unshelved": QT_TRANSLATE_NOOP("SyncEventText", "Alarm unshelved"),
    "alarm.suppressed": QT_TRANSLATE_NOOP("SyncEventText", "Alarm suppressed"),
    "alarm.unsuppressed": QT_TRANSLATE_NOOP("SyncEventText", "Alarm no longer suppressed"),
    "alarm.out_of_service": QT_TRANSLATE_NOOP("SyncEventText", "Alarm out of service"),
    "alarm.in_service": QT_TRANSLATE_NOOP("SyncEventText", "Alarm back in service"),
    "alarm.limit_changed": QT_TRANSLATE_NOOP("SyncEventText", "Alarm limit changed"),
    "label.printed": QT_TRANSLATE_NOOP("SyncEventText", "Label printed"),
    "station.status": QT_TRANSLATE_NOOP("SyncEventText", "Station status"),
    "spc.violation": QT_TRANSLATE_NOOP("SyncEventText", "SPC rule violated"),
    "history.dropped": QT_TRANSLATE_NOOP("SyncEventText", "History deleted unsent"),
    "audit.head": QT_TRANSLATE_NOOP("SyncEventText", "Audit trail check"),
    "downtime.started": QT_TRANSLATE_NOOP("SyncEventText", "Downtime started"),
    "downtime.ended": QT_TRANSLATE_NOOP("SyncEventText", "Downtime ended"),
    "downtime.reason_set": QT_TRANSLATE_NOOP("SyncEventText", "Downtime reason set"),
    "oee.shift_closed": QT_TRANSLATE_NOOP("SyncEventText", "Shift closed (OEE)"),
}
_SUBJECTS = {
    "lot": QT_TRANSLATE_NOOP("SyncEventText", "Lot %1"),
    "defect": QT_TRANSLATE_NOOP("SyncEventText", "Defect %1"),
    "station": QT_TRANSLATE_NOOP("SyncEventText", "This station"),
    "audit": QT_TRANSLATE_NOOP("SyncEventText", "Audit trail"),
}


def event_type_text(event_type: str) -> str:
    """The type in the screen's language; a type this station does not know (a site's plugin) as sent."""
    text = _TYPES.get(event_type)
    return QCoreApplication.translate(_CONTEXT, text) if text else event_type


def subject_text(subject: str | None, *, profile: StationProfile, locale: str) -> str:
    """What the event is about: the alarm's message, the lot's number, the station; "—" for nothing."""
    if not subject:
        return "—"
    kind, _, key = subject.partition("/")
    if kind == "alarm":
        definition = profile.alarms.get(key)
        return definition.message(locale) if definition is not None else key
    text = _SUBJECTS.get(kind)
    if text is None:
        return subject
    return QCoreApplication.translate(_CONTEXT, text).replace("%1", key)
