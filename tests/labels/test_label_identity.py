"""Who a label is printed as: the logged-in session, never an ``actor=`` the caller names; the automatic
print after a defect acts as whoever recorded the defect (from its stored record) or as a machine."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from hmi import audit
from hmi.auth import PermissionDenied, Role
from hmi.labels.service import LabelService
from hmi.station import Station
from tests.conftest import station_config
from tests.labels.test_label_rendering import DEFECT
from tests.production_support import load_demo, login, start_demo_lot

PUBLIC_REQUESTS = ("print_label", "print_defect_label", "print_defect", "reprint", "cancel")


def _station(make_station: Callable[..., Station], tmp_path: Path, *, auto_print: bool) -> Station:
    return make_station(station_config(
        connections={}, tags={}, mes=None,
        printers={"label": {"driver": "folder", "path": str(tmp_path / "labels"), "format": "zpl"}},
        labels={"default_template": "defect_100x50", "default_printer": "label", "auto_print": auto_print,
                "status_interval_s": 0}))


def test_no_public_label_method_takes_the_acting_user_from_its_caller() -> None:
    for name in PUBLIC_REQUESTS:
        parameters = inspect.signature(getattr(LabelService, name)).parameters
        assert not {"actor", "user", "username"} & set(parameters), name


async def test_with_nobody_logged_in_every_label_request_is_refused_and_nothing_is_queued(
        make_station: Callable[..., Station], tmp_path: Path) -> None:
    station = _station(make_station, tmp_path, auto_print=False)
    await load_demo(station)
    await login(station, Role.INSPECTOR)
    await start_demo_lot(station)
    defect = await station.production.defects.record(code="FILM-THIN", qty=1)
    job = await station.labels.print_defect(defect.id)
    await station.auth.logout()
    attempts = {
        "print_label": lambda: station.labels.print_label("defect_100x50", DEFECT),
        "print_defect_label": lambda: station.labels.print_defect_label(DEFECT),
        "print_defect": lambda: station.labels.print_defect(defect.id),
        "reprint": lambda: station.labels.reprint(job.id, reason="Label damaged"),
        "cancel": lambda: station.labels.cancel(job.id, reason="wrong lot"),
    }
    for name, attempt in attempts.items():
        with pytest.raises(PermissionDenied, match="nobody logged in"):
            await attempt()
        assert [j.id for j in await station.labels.jobs()] == [job.id], name
    assert (await station.labels.job(job.id)).state.value == "queued"  # type: ignore[union-attr]


async def test_the_automatic_print_acts_as_the_recorder_of_the_defect(
        make_station: Callable[..., Station], tmp_path: Path) -> None:
    station = _station(make_station, tmp_path, auto_print=True)
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    defect = await station.production.defects.record(code="FILM-THIN", qty=1)
    [job] = await station.labels.jobs()
    assert job.created_by == "1001" and job.data["inspector"] == "Kim Min-jun"
    entry = (await station.store.read(lambda db: audit.entries(db, object_type="print_job",
                                                               object_id=str(job.id))))[-1]
    assert entry.action == "label.queue" and entry.actor == "1001"

    # The hook reads the identity from the stored defect: a caller cannot make it print as someone else.
    await station.auth.logout()
    forged = SimpleNamespace(id=defect.id, recorded_by="9001")
    await station.labels._on_defect_recorded(forged)   # the station's hook, not on the screens' facade
    again = (await station.labels.jobs())[0]
    assert again.id != job.id and again.created_by == "1001"


async def test_an_automatic_defect_prints_as_the_equipment_machine_identity(
        make_station: Callable[..., Station], tmp_path: Path) -> None:
    station = _station(make_station, tmp_path, auto_print=True)
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    lot = station.production.lots.active.value
    assert lot is not None
    await station.auth.logout()
    # What the limit check does when a measurement leaves its limits with nobody logged in.
    await station.production.defects._record(
        actor="equipment", origin="automatic", code="FILM-THIN", qty=1, location="", note="", serial="",
        lot_no=lot.lot_no, measurement={"value": 12.4, "unit": "µm", "lo": 13, "hi": 17}, recipe=None)
    [job] = await station.labels.jobs()
    assert job.created_by == "system:equipment"
    entry = (await station.store.read(lambda db: audit.entries(db, object_type="print_job",
                                                               object_id=str(job.id))))[-1]
    assert entry.actor == "system:equipment"
    assert "None" not in job.data.values() and job.data["inspector"]
