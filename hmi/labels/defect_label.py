"""What a defect label says: the placeholder values of a recorded defect and its lot."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hmi.production.records import Defect, Lot


def measurement_text(measurement: dict[str, Any] | None) -> str:
    if not measurement or measurement.get("value") is None:
        return "—"
    value = measurement["value"]
    shown = f"{value:.2f}" if isinstance(value, float) else str(value)
    limits = ""
    if measurement.get("lo") is not None or measurement.get("hi") is not None:
        lo = "" if measurement.get("lo") is None else f"{measurement['lo']:g}"
        hi = "" if measurement.get("hi") is None else f"{measurement['hi']:g}"
        limits = f" [{lo}…{hi}]"
    return f"{shown} {measurement.get('unit', '')}".strip() + limits


def recorded_by_identity(defect: Defect, *, known_user: bool) -> str:
    """Who a label printed for this defect acts as: the user who recorded it, or the machine identity of
    an automatic defect (the equipment's limit check records as a machine, not as a person)."""
    by = defect.recorded_by
    if known_user or by.startswith("system:"):
        return by
    return "system:equipment" if defect.origin == "automatic" else f"system:{by}"


def defect_label_data(defect: Defect, lot: Lot, *, station: str, locale: str,
                      inspector: str | None = None) -> dict[str, str]:
    """Placeholder values for the defect label templates ({lot}, {defect_code}, {measurement}, …).
    ``inspector`` is the recorder's display name (people read names, not user IDs)."""
    name = defect.name_ko if locale == "ko" and defect.name_ko else defect.name
    return {
        "lot": lot.lot_no,
        "work_order": lot.work_order,
        "product": lot.product,
        "operation": lot.operation,
        "defect_id": str(defect.id),
        "defect_code": defect.code,
        "defect_name": name,
        "qty": str(defect.qty),
        "measurement": measurement_text(defect.measurement),
        "inspector": inspector or defect.recorded_by,
        "station": station,
        "time": dt.datetime.fromtimestamp(defect.recorded_at).strftime("%Y-%m-%d %H:%M"),
    }
