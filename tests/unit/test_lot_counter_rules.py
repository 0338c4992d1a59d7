"""Parts from the counter tag follow one rule: counted while running, pause counts while paused (accepted or
assigned at resume), late counts after Finish until the next lot starts. Finishing records the confirmed counts."""

from __future__ import annotations

import math
from typing import Any

import pytest

from hmi import audit, outbox
from hmi.auth import PermissionDenied, Role
from hmi.clock import ManualClock
from hmi.production import records
from hmi.production.lots import PauseCounts
from hmi.production.records import LotStatus, ProductionError
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import station_config
from tests.production_support import ORDER, load_demo, login, sign_all_steps, start_demo_lot

COUNTER = "Line.GoodCount"


class Counter:
    """The line's part counter as the bus sees it."""

    def __init__(self, station: Station, clock: ManualClock, start: int = 1000) -> None:
        self.station, self.clock, self.value = station, clock, start
        self.publish()

    def publish(self) -> None:
        self.station.bus.publish(Sample(COUNTER, self.clock.now(), self.value, Quality.GOOD))

    async def parts(self, n: int) -> None:
        for _ in range(n):
            self.value += 1
            self.publish()
        await self.station.production.lots.idle()


@pytest.fixture
async def line(make_station: Any, clock: ManualClock) -> Any:
    station: Station = make_station(station_config(connections={}, tags={}, production={"counter_tag": COUNTER}))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        yield station, Counter(station, clock)
    finally:
        await station.stop()


async def _events(station: Station) -> list[outbox.OutboxEvent]:
    return list(await station.store.read(lambda db: outbox.pending(db, limit=1000)))


async def test_parts_counted_during_a_pause_are_held_apart_until_accepted(line: Any) -> None:
    station, counter = line
    lots = station.production.lots
    await start_demo_lot(station)
    await counter.parts(4)
    await lots.pause(reason_code="DT-MAT")
    await counter.parts(3)
    lot = lots.active.value
    assert (lot.good, lot.pause_pending, lot.status) == (4, 3, LotStatus.PAUSED)
    with pytest.raises(ProductionError, match="3 parts were counted during the pause"):
        await lots.resume()
    lot = await lots.resume(pause_counts=PauseCounts.ACCEPT)
    assert (lot.good, lot.pause_pending, lot.status) == (7, 0, LotStatus.RUNNING)
    events = await station.store.read(lambda db: records.lot_events(db, lot.id))
    kinds = [e.kind for e in events if e.kind != "count"]
    assert kinds[:2] == ["started", "paused"] and kinds[-1] == "resumed"
    assert sum(e.data["parts"] for e in events if e.kind == "pause_count") == 3   # bursts coalesce into one write
    assert events[-1].data["pause_counts"] == 3 and events[-1].data["pause_counts_to"] == "accept"
    resumed = [e for e in await _events(station) if e.type == "lot.resumed"][-1]
    assert resumed.payload["pause_counts"] == {"quantity": 3, "to": "accept"}


@pytest.mark.parametrize(("decision", "expected"), [(PauseCounts.SCRAP, (2, 2, 0)),
                                                    (PauseCounts.NOT_THIS_LOT, (2, 0, 2))])
async def test_pause_counts_can_be_assigned_as_scrap_or_to_no_lot(line: Any, decision: PauseCounts,
                                                                 expected: tuple[int, int, int]) -> None:
    station, counter = line
    lots = station.production.lots
    await start_demo_lot(station)
    await counter.parts(2)
    await lots.pause(reason_code="DT-MAT")
    await counter.parts(2)
    lot = await lots.resume(pause_counts=decision)
    assert (lot.good, lot.scrap, lot.pause_other) == expected


async def test_finish_records_the_confirmed_counts_and_later_parts_are_late_counts(line: Any) -> None:
    station, counter = line
    lots = station.production.lots
    await start_demo_lot(station)
    await sign_all_steps(station)
    await counter.parts(10)
    shown = lots.active.value
    assert shown.good == 10                                   # the confirmation shows (and freezes) these
    await counter.parts(3)                                    # parts reach the counter while it is open
    lot = await lots.finish(confirm_good=shown.good, confirm_scrap=shown.scrap)
    assert (lot.status, lot.good, lot.late_good) == (LotStatus.FINISHED, 10, 3)
    await counter.parts(2)                                    # in transit after Finish
    assert lots.last_finished.value is not None and lots.last_finished.value.late_good == 5
    finished = [e for e in await _events(station) if e.type == "lot.finished"]
    assert finished[0].payload["good"] == 10 and finished[0].payload["late_good"] == 3
    late = [e.payload for e in await _events(station) if e.type == "lot.late_counted"]
    assert sum(p["quantity"] for p in late) == 2 and late[-1]["late_good"] == 5
    assert all(p["lot_id"] == lot.lot_no and p["actor"] == "system:counter" for p in late)

    await start_demo_lot(station, lot_no="ANO1-261124-0002")  # the next lot takes the counter's parts from here
    await counter.parts(1)
    after = await station.store.read(lambda db: records.lot_by_number(db, lot.lot_no))
    assert after.late_good == 5 and lots.active.value.good == 1 and lots.last_finished.value is None
    assert (await station.store.read(audit.verify)).ok


async def test_a_persons_count_after_the_confirmation_means_confirm_again(line: Any) -> None:
    station, counter = line
    lots = station.production.lots
    await start_demo_lot(station)
    await sign_all_steps(station)
    await counter.parts(5)
    await lots.add_count(good=1)
    with pytest.raises(ProductionError, match="confirm again"):
        await lots.finish(confirm_good=5, confirm_scrap=0)
    assert (await lots.finish(confirm_good=6, confirm_scrap=0)).late_good == 0
    await station.spc.idle()   # the SPC charts follow the lot change in the background


async def test_late_counts_survive_a_restart(make_station: Any, clock: ManualClock, tmp_path: Any) -> None:
    config = station_config(connections={}, tags={}, production={"counter_tag": COUNTER})
    station: Station = make_station(config, data_dir=tmp_path / "one")
    await station.start()
    await load_demo(station)
    await login(station, Role.OPERATOR)
    counter = Counter(station, clock)
    await start_demo_lot(station)
    await sign_all_steps(station)
    await counter.parts(2)
    await station.production.lots.finish(confirm_good=2, confirm_scrap=0)
    await station.stop()
    station.close()
    again: Station = make_station(config, data_dir=tmp_path / "one")
    await again.start()
    try:
        counter = Counter(again, clock, start=counter.value)   # the first value after a start sets the base
        await counter.parts(2)
        lot = again.production.lots.last_finished.value
        assert lot is not None and lot.late_good == 2
    finally:
        await again.stop()


async def test_counting_needs_a_person_and_the_counter_path_is_private(make_station: Any) -> None:
    station: Station = make_station()
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    await station.auth.logout()
    with pytest.raises(PermissionDenied):
        await station.production.lots.add_count(good=1)
    with pytest.raises(TypeError):
        await station.production.lots.add_count(good=1, actor="someone")  # type: ignore[call-arg]


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, 1.5, True, 10**9, "3", None])
async def test_counts_and_corrections_are_whole_numbers_within_bounds(make_station: Any, bad: Any) -> None:
    station: Station = make_station()
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    await station.production.lots.add_count(good=3)
    with pytest.raises(ProductionError, match="whole number"):
        await station.production.lots.add_count(good=bad)
    await login(station, Role.SUPERVISOR)
    lot = station.production.lots.active.value
    with pytest.raises(ProductionError, match="whole number"):
        await station.production.lots.correct(lot_no=lot.lot_no, good_delta=bad, scrap_delta=0, reason="typo")
    after = await station.store.read(lambda db: records.lot_by_number(db, lot.lot_no))
    assert (after.good, after.scrap) == (3, 0)


async def test_lot_events_use_the_mes_field_names(make_station: Any) -> None:
    station: Station = make_station()
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    await station.production.defects.record(code="SURF-PIT", qty=2)
    events = {e.type: e.payload for e in await _events(station)}
    started = events["lot.started"]
    assert started["lot_id"] == "ANO1-261124-0001" and started["work_order_id"] == ORDER
    assert started["product_id"] == "PC-A15-BLK" and started["operation_id"] == "ANODIZE"
    assert started["quantity_planned"] == 1200
    defect = events["defect.recorded"]
    assert defect["lot_id"] == "ANO1-261124-0001" and defect["quantity"] == 2 and "lot_no" not in defect
