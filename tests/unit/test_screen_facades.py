"""The facades the screens get: saved trend views and the System screen's reads go through services."""

from __future__ import annotations

import pytest

from hmi import audit
from hmi.auth import PermissionDenied, Role
from hmi.historian.views import TrendView
from hmi.station import Station
from tests.production_support import load_demo, login


async def test_saving_a_trend_view_needs_a_person_and_leaves_an_audit_entry(station: Station) -> None:
    await load_demo(station)
    views = station.services.trend_views
    view = TrendView(name="bath", pens=("bath_temp",), mode="history", span_s=3600.0, end=1_800_000_000.0)
    with pytest.raises(PermissionDenied):
        await views.save(view)
    assert await views.views() == []
    await login(station, Role.SUPERVISOR)
    assert await views.save(view) == [view]
    entries = await station.store.read(lambda db: audit.entries(db, object_type="trend_view"))
    assert [(e.action, e.object_id, e.actor, e.after["pens"]) for e in entries] == [
        ("trend_view.saved", "bath", "3001", ["bath_temp"])]


async def test_the_user_list_is_an_admins_and_the_names_are_open(station: Station) -> None:
    await load_demo(station)
    system = station.services.system
    await login(station, Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        await system.users()
    assert (await system.user_names())["1001"] == "Kim Min-jun"
    assert (await system.verify_audit()).ok
    with pytest.raises(PermissionDenied):
        system.exit_kiosk()
    await login(station, Role.ADMIN)
    assert [u.username for u in await system.users()] == ["1001", "2001", "3001", "9001"]
    system.exit_kiosk()


def test_the_screens_facades_hold_no_store_bus_or_config(station: Station) -> None:
    names = set(type(station.services).__dataclass_fields__)
    assert not names & {"store", "bus", "config"}
    assert not set(type(station.services.profile).__dataclass_fields__) & {"security", "mes", "paths", "printers"}
