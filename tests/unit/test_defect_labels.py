"""A recorded defect's label: queued automatically by config, or on the operator's request, with its lot's data."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hmi.auth import Role
from hmi.labels.queue import JobState
from hmi.station import Station
from tests.conftest import station_config
from tests.production_support import load_demo, login, start_demo_lot


def _config(tmp_path: Path, *, auto_print: bool):  # type: ignore[no-untyped-def]
    return station_config(
        connections={}, tags={}, mes=None,
        printers={"label": {"driver": "folder", "path": str(tmp_path / "labels"), "format": "zpl"}},
        labels={"default_template": "defect_100x50", "default_printer": "label", "auto_print": auto_print},
    )


async def _wait_done(station: Station, job_id: int) -> None:
    for _ in range(200):
        job = await station.labels.job(job_id)
        if job is not None and job.state is JobState.DONE:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} never printed")


async def test_auto_print_queues_the_label_of_a_recorded_defect(make_station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    station: Station = make_station(_config(tmp_path, auto_print=True))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.INSPECTOR)
        await start_demo_lot(station)
        lot = station.production.lots.active.value
        assert lot is not None
        defect = await station.production.defects.record(code="FILM-THIN", qty=2, note="",
                                                         measurement={"value": 12.4, "unit": "µm", "lo": 13, "hi": 17})
        jobs = await station.labels.jobs()
        assert len(jobs) == 1
        job = jobs[0]
        assert job.subject == f"lot/{lot.lot_no}"
        assert job.data["lot"] == lot.lot_no and job.data["defect_code"] == "FILM-THIN"
        assert job.data["qty"] == "2" and job.data["measurement"] == "12.40 µm [13…17]"
        assert job.data["work_order"] == lot.work_order and job.data["defect_id"] == str(defect.id)
        await _wait_done(station, job.id)
        printed = list((tmp_path / "labels").iterdir())
        assert len(printed) == 1 and lot.lot_no in printed[0].read_text(encoding="utf-8")
    finally:
        await station.stop()


async def test_without_auto_print_the_operator_prints_on_request(make_station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    station: Station = make_station(_config(tmp_path, auto_print=False))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        defect = await station.production.defects.record(code="FILM-THIN", qty=1, note="")
        assert await station.labels.jobs() == []
        job = await station.labels.print_defect(defect.id, locale="ko")
        assert job.data["defect_code"] == "FILM-THIN" and job.data["measurement"] == "—"
        assert job.data["defect_name"] != "" and job.data["inspector"] == station.auth.current.display_name  # type: ignore[union-attr]
        await _wait_done(station, job.id)
    finally:
        await station.stop()
