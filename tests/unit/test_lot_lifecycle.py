"""Lot rules and permissions, checked in the service layer; every record with its audit and event."""

from __future__ import annotations

import pytest

from hmi import audit, outbox
from hmi.auth import PermissionDenied, Role
from hmi.clock import ManualClock
from hmi.production import records
from hmi.production.instructions import OutOfLimit
from hmi.production.records import LotStatus, ProductionError
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.production_support import LOT, ORDER, load_demo, login, sign_all_steps, start_demo_lot


async def _events(station: Station) -> list[str]:
    return [e.type for e in await station.store.read(lambda db: outbox.pending(db, limit=1000))]


async def test_full_lifecycle_writes_records_audit_and_events(station: Station, clock: ManualClock) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    station.bus.publish(Sample("bath_temp", clock.now(), 20.1, Quality.GOOD))
    await start_demo_lot(station)
    lots = station.production.lots
    assert lots.active.value is not None and lots.active.value.params_start["bath_temp"]["value"] == 20.1
    await lots.add_count(good=10)
    await lots.add_count(good=1, scrap=2)
    await lots.pause(reason_code="DT-RACK")
    clock.advance(120)
    with pytest.raises(ProductionError, match="paused"):
        await lots.add_count(good=1)
    await lots.resume()
    await sign_all_steps(station)
    lot = await lots.finish(confirm_good=11, confirm_scrap=2)
    assert lot.status is LotStatus.FINISHED and lots.active.value is None
    # The pause is the station's downtime event too (hmi/oee): one stop, opened and ended with the lot's own events.
    assert await _events(station) == ["lot.started", "lot.paused", "downtime.started", "lot.resumed",
                                      "downtime.ended"] + ["instruction.signed"] * 5 + ["lot.finished"]
    events = await station.store.read(lambda db: records.lot_events(db, lot.id))
    assert [e.kind for e in events] == ["started", "count", "count", "paused", "resumed", "finished"]
    assert events[4].data == {"downtime_s": 120.0}
    subjects = {e.subject for e in await station.store.read(lambda db: outbox.pending(db, limit=1000))}
    assert subjects == {f"lot/{LOT}", f"station/{station.station_id}"}
    assert (await station.store.read(audit.verify)).ok


async def test_cannot_start_a_second_lot(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    with pytest.raises(ProductionError, match="still running"):
        await station.production.lots.start(work_order=ORDER, lot_no="ANO1-261124-0002")


async def test_instruction_must_be_acknowledged_first(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    with pytest.raises(ProductionError, match="acknowledged"):
        await station.production.lots.start(work_order=ORDER, lot_no=LOT)
    status = await station.production.instructions.status_for(ORDER)
    assert status.doc is not None and not status.acknowledged


async def test_lot_number_pattern_and_reuse(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    with pytest.raises(ProductionError, match="not in this station's form"):
        await start_demo_lot(station, lot_no="lot 1")
    await start_demo_lot(station)
    await login(station, Role.SUPERVISOR)
    await station.production.lots.abort(reason="rack fell")
    with pytest.raises(ProductionError, match="used before"):
        await station.production.lots.start(work_order=ORDER, lot_no=LOT)


async def test_a_wrong_lot_number_shows_an_example_and_the_next_free_number_never_the_pattern(
        station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    assert await station.production.lots.suggest_lot_number() == LOT
    await start_demo_lot(station)
    await login(station, Role.SUPERVISOR)
    await station.production.lots.abort(reason="rack fell")
    with pytest.raises(ProductionError) as refused:
        await station.production.lots.start(work_order=ORDER, lot_no="lot 1")
    text = str(refused.value)
    assert "like ANO1-261124-0001" in text and "next free number is ANO1-261124-0002" in text
    assert "[0-9]" not in text and "{" not in text
    assert await station.production.lots.suggest_lot_number() == "ANO1-261124-0002"


async def test_cannot_finish_without_counts_or_signoffs(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    lots = station.production.lots
    with pytest.raises(ProductionError, match="no counts"):
        await lots.finish(confirm_good=0, confirm_scrap=0)
    await lots.add_count(good=5)
    with pytest.raises(ProductionError, match="not signed off"):
        await lots.finish(confirm_good=5, confirm_scrap=0)
    await sign_all_steps(station)
    with pytest.raises(ProductionError, match="confirm again"):
        await lots.finish(confirm_good=4, confirm_scrap=0)
    assert (await lots.finish(confirm_good=5, confirm_scrap=0)).good == 5


async def test_abort_needs_a_supervisor_and_a_reason(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    with pytest.raises(PermissionDenied):
        await station.production.lots.abort(reason="bath contaminated")
    await login(station, Role.SUPERVISOR)
    with pytest.raises(ProductionError, match="Reason is required"):
        await station.production.lots.abort(reason="   ")
    lot = await station.production.lots.abort(reason="bath contaminated")
    assert lot.status is LotStatus.ABORTED and lot.abort_reason == "bath contaminated"


async def test_nobody_signed_in_can_do_nothing(station: Station) -> None:
    await load_demo(station)
    with pytest.raises(PermissionDenied):
        await station.production.lots.start(work_order=ORDER, lot_no=LOT)
    with pytest.raises(PermissionDenied):
        await station.production.defects.record(code="FILM-THIN")


async def test_void_needs_permission_and_reason_and_keeps_the_defect(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    defect = await station.production.defects.record(code="SURF-PIT", qty=2, location="back, top left")
    with pytest.raises(PermissionDenied):
        await station.production.defects.void(defect_id=defect.id, reason="wrong code")
    await login(station, Role.INSPECTOR)
    with pytest.raises(ProductionError, match="Reason is required"):
        await station.production.defects.void(defect_id=defect.id, reason="")
    voided = await station.production.defects.void(defect_id=defect.id, reason="wrong code")
    assert voided.voided and voided.void_reason == "wrong code" and voided.qty == 2
    with pytest.raises(ProductionError, match="already void"):
        await station.production.defects.void(defect_id=defect.id, reason="again")
    assert await _events(station) == ["lot.started", "defect.recorded", "defect.voided"]


async def test_out_of_limit_measurement_needs_second_confirmation_and_is_flagged(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    with pytest.raises(OutOfLimit):
        await station.production.instructions.sign(step_index=4, value=12.0)
    signed = await station.production.instructions.sign(step_index=4, value=12.0, confirm_out_of_limit=True)
    assert signed.out_of_limit and signed.value == 12.0 and signed.unit == "µm"
    with pytest.raises(ProductionError, match="not a number"):
        await station.production.instructions.sign(step_index=2, value="nan")
    with pytest.raises(ProductionError, match="checklist"):
        await station.production.instructions.sign(step_index=1, value=["Agitation running"])


async def test_correction_is_a_new_record_with_reason(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    await station.production.lots.add_count(good=7)
    with pytest.raises(PermissionDenied):
        await station.production.lots.correct(lot_no=LOT, good_delta=-2, scrap_delta=2, reason="miscount")
    await login(station, Role.SUPERVISOR)
    lot = await station.production.lots.correct(lot_no=LOT, good_delta=-2, scrap_delta=2, reason="miscount")
    assert (lot.good, lot.scrap) == (5, 2)
    events = await station.store.read(lambda db: records.lot_events(db, lot.id))
    assert [(e.kind, e.good_delta) for e in events] == [("started", 0), ("count", 7), ("corrected", -2)]
