"""The shift calendar in force, kept in station.db's settings: station.toml's until a supervisor or a bundle
(from the MES or from files) replaces it.

The stored calendar is always whole (shifts, days off, no-order rule), so a restart or another process
reading it needs nothing else than station.toml's other [oee] keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.oee.config import OeeSection
from hmi.recording import Change, record_change

CALENDAR_KEY = "oee.calendar"
_CALENDAR_KEYS = {"shifts", "days_off", "no_order_is_planned"}


def calendar_of(section: OeeSection) -> dict[str, Any]:
    """The calendar part of an [oee] section, in its stored (JSON) form."""
    return {"shifts": [s.model_dump(mode="json") for s in section.shifts],
            "days_off": [d.isoformat() for d in section.days_off],
            "no_order_is_planned": section.no_order_is_planned}


def calendar_of_bundle(raw: Mapping[str, Any], *, current: OeeSection) -> dict[str, Any]:
    """A bundle's ``shift_calendar`` as a whole calendar; what it leaves out stays as it is now."""
    no_order = raw.get("no_order_is_planned")
    return {"shifts": list(raw["shifts"]), "days_off": [str(d) for d in raw.get("days_off", [])],
            "no_order_is_planned": current.no_order_is_planned if no_order is None else bool(no_order)}


def section_with(section: OeeSection, calendar: Mapping[str, Any]) -> OeeSection:
    """``section`` with this calendar in place; pydantic's ValueError says what is wrong."""
    kept = section.model_dump(exclude=_CALENDAR_KEYS)
    return OeeSection.model_validate({**kept, "shifts": calendar["shifts"], "days_off": calendar["days_off"],
                                      "no_order_is_planned": calendar.get("no_order_is_planned",
                                                                          section.no_order_is_planned)})


def stored_calendar(db: sqlite_utils.Database) -> dict[str, Any] | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [CALENDAR_KEY]).fetchone()
    return None if row is None else dict(jsonutil.loads(row[0]))


def in_force(db: sqlite_utils.Database, section: OeeSection) -> OeeSection:
    """station.toml's [oee] with the stored calendar, if any, in place."""
    stored = stored_calendar(db)
    return section if stored is None else section_with(section, stored)


def keep_calendar(db: sqlite_utils.Database, calendar: Mapping[str, Any], *, before: Mapping[str, Any],
                  station: str, actor: str, now: float) -> None:
    """Store the calendar (as ``calendar_of`` gives it) with its audit entry, inside the caller's transaction."""
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [CALENDAR_KEY, jsonutil.dumps(calendar)])
    record_change(db, Change(ts=now, station=station, actor=actor, action="oee.calendar", object_type="settings",
                             object_id=CALENDAR_KEY, before=dict(before), after=dict(calendar)))


def keep_bundle_calendar(db: sqlite_utils.Database, data: Mapping[str, Any], *, section: OeeSection, station: str,
                         actor: str, now: float) -> OeeSection | None:
    """A bundle's shift calendar, checked against station.toml's [oee] and kept (None: the bundle has none).

    ``section`` is the [oee] in force; the calendar it has now is the audit entry's "before".
    """
    raw = data.get("shift_calendar")
    if raw is None:
        return None
    current = stored_calendar(db)
    calendar = calendar_of_bundle(raw, current=section)
    applied = section_with(section, calendar)
    keep_calendar(db, calendar_of(applied), before=current if current is not None else calendar_of(section),
                  station=station, actor=actor, now=now)
    return applied
