"""Saved trend views (pens, range, mode) per station, in station.db's settings under one key."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

SETTINGS_KEY = "trends.views"
MAX_PENS = 16


@dataclass(frozen=True, slots=True)
class TrendView:
    name: str
    pens: tuple[str, ...]
    mode: str = "live"  # "live" or "history"
    span_s: float = 600.0  # live window, or the history range's length
    end: float | None = None  # history: the range's end (None = now)
    shared_axis: bool = False

    @staticmethod
    def from_json(raw: dict[str, Any]) -> TrendView:
        return TrendView(
            name=str(raw["name"]),
            pens=tuple(str(p) for p in raw.get("pens", []))[:MAX_PENS],
            mode="history" if raw.get("mode") == "history" else "live",
            span_s=float(raw.get("span_s", 600.0)),
            end=None if raw.get("end") is None else float(raw["end"]),
            shared_axis=bool(raw.get("shared_axis", False)),
        )


def load_views(db: sqlite_utils.Database) -> list[TrendView]:
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (SETTINGS_KEY,)).fetchone()
    if row is None:
        return []
    try:
        return [TrendView.from_json(item) for item in json.loads(row[0])]
    except (ValueError, KeyError, TypeError):
        return []  # a damaged entry must not keep the trends screen from opening


def save_view(db: sqlite_utils.Database, view: TrendView) -> None:
    """Add or replace (by name) a view. Runs inside the caller's write transaction."""
    views = [v for v in load_views(db) if v.name != view.name] + [view]
    views.sort(key=lambda v: v.name.casefold())
    value = json.dumps([{**asdict(v), "pens": list(v.pens)} for v in views], ensure_ascii=False)
    db.conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (SETTINGS_KEY, value),
    )
