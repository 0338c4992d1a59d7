"""Saved trend views through a service: saving needs the trends permission and leaves an audit entry."""

from __future__ import annotations

from dataclasses import asdict

import sqlite_utils

from hmi.auth import AuthService, Permission
from hmi.clock import Clock
from hmi.historian.views import TrendView, load_views, save_view
from hmi.recording import Change, record_change
from hmi.store import Store


class TrendViewService:
    def __init__(self, *, store: Store, auth: AuthService, clock: Clock, station_id: str) -> None:
        self._store = store
        self._auth = auth
        self._clock = clock
        self._station = station_id

    async def views(self) -> list[TrendView]:
        """The saved views, by name (open: the trends screen lists them to whoever sees it)."""
        return await self._store.read(load_views)

    async def save(self, view: TrendView) -> list[TrendView]:
        """Add or replace (by name) a view as the signed-in user; returns the views afterwards."""
        session = self._auth.require(Permission.VIEW_TRENDS)
        now = self._clock.now()

        def write(db: sqlite_utils.Database) -> None:
            before = next((v for v in load_views(db) if v.name == view.name), None)
            save_view(db, view)
            record_change(db, Change(ts=now, station=self._station, actor=session.username, action="trend_view.saved",
                                     object_type="trend_view", object_id=view.name,
                                     before=None if before is None else _state(before), after=_state(view)))

        await self._store.write(write)
        return await self.views()


def _state(view: TrendView) -> dict[str, object]:
    return {**asdict(view), "pens": list(view.pens)}
