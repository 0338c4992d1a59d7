"""A measurement tag leaving its defect limits proposes (or records) a defect with the recipe attached."""

from __future__ import annotations

from typing import Any

from hmi import audit, outbox
from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.production import records
from hmi.production.records import Defect
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import station_config
from tests.production_support import load_demo, login, start_demo_lot

CHECK = {"tag": "Part.Thickness", "lo": 15.0, "hi": 25.0, "unit": "µm", "code_low": "FILM-THIN",
         "code_high": "FILM-THICK"}


def _config(action: str) -> Any:
    return station_config(connections={}, tags={}, production={"snapshot_tags": ["Bath1.Temp", "Rectifier1.Voltage"],
                                      "defect_checks": [{**CHECK, "action": action}]})


def _thickness(station: Station, clock: ManualClock, value: float, quality: Quality = Quality.GOOD) -> None:
    clock.advance(1)
    station.bus.publish(Sample("Part.Thickness", clock.now(), value, quality))


async def test_leaving_the_limits_proposes_one_defect_per_excursion(make_station: Any, clock: ManualClock) -> None:
    station: Station = make_station(_config("propose"))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        _thickness(station, clock, 12.0)   # no lot yet: nothing to propose
        await station.production.defects.idle()
        assert station.production.defects.proposals.value == ()
        await start_demo_lot(station)
        station.bus.publish(Sample("Bath1.Temp", clock.now(), 21.5, Quality.GOOD))
        station.bus.publish(Sample("Rectifier1.Voltage", clock.now(), 15.2, Quality.GOOD))
        for value in (20.0, 14.2, 13.9, 14.5):   # one excursion below the limit
            _thickness(station, clock, value)
        _thickness(station, clock, 99.0, Quality.BAD)   # bad quality is never a defect
        await station.production.defects.idle()          # a proposal is shown once it is saved
        proposals = station.production.defects.proposals.value
        assert len(proposals) == 1 and proposals[0].code == "FILM-THIN"
        assert proposals[0].measurement["value"] == 14.2 and proposals[0].recipe["Bath1.Temp"]["value"] == 21.5
        for value in (20.0, 26.5):                      # back inside, then above
            _thickness(station, clock, value)
        await station.production.defects.idle()
        proposals = station.production.defects.proposals.value
        assert [p.code for p in proposals] == ["FILM-THIN", "FILM-THICK"]
        hooked: list[Defect] = []

        async def hook(defect: Defect) -> None:
            hooked.append(defect)

        station.production.defects.recorded.subscribe(hook)
        defect = await station.production.defects.confirm_proposal(proposals[0].id)
        await station.production.defects.dismiss_proposal(proposals[1].id)
        assert station.production.defects.proposals.value == ()
        assert hooked == [defect] and defect.origin == "automatic" and defect.recorded_by == "1001"
        assert defect.measurement is not None and defect.measurement["lo"] == 15.0
        event = [e for e in await station.store.read(lambda db: outbox.pending(db)) if e.type == "defect.recorded"]
        assert event[0].payload["measurement"]["value"] == 14.2
        assert event[0].payload["recipe"]["Rectifier1.Voltage"]["value"] == 15.2
        dismissed = [e for e in await station.store.read(lambda db: audit.entries(db))
                     if e.action == "defect.proposal_dismissed"]
        assert dismissed[0].after["measurement"]["value"] == 26.5
    finally:
        await station.stop()


async def test_record_mode_records_at_once_as_equipment(make_station: Any, clock: ManualClock) -> None:
    station: Station = make_station(_config("record"))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        _thickness(station, clock, 30.0)
        await station.production.defects.idle()
        lot = station.production.lots.active.value
        assert lot is not None
        defects = await station.store.read(lambda db: records.defects_of_lot(db, lot.id))
        assert [(d.code, d.recorded_by, d.origin) for d in defects] == [("FILM-THICK", "system:equipment", "automatic")]
    finally:
        await station.stop()


async def test_counter_tag_counts_good_parts(make_station: Any, clock: ManualClock) -> None:
    station: Station = make_station(station_config(connections={}, tags={}, production={"counter_tag": "Line.GoodCount"}))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        station.bus.publish(Sample("Line.GoodCount", clock.now(), 5000, Quality.GOOD))
        await start_demo_lot(station)
        for value in (5001, 5002, 5005):
            station.bus.publish(Sample("Line.GoodCount", clock.now(), value, Quality.GOOD))
            await station.production.lots.idle()   # the coalesced write has committed
        station.bus.publish(Sample("Line.GoodCount", clock.now(), 9999, Quality.BAD))   # bad quality: ignored
        lot = station.production.lots.active.value
        assert lot is not None and lot.good == 5
        events = await station.store.read(lambda db: records.lot_events(db, lot.id))
        assert {e.actor for e in events if e.kind == "count"} == {"system:counter"}
    finally:
        await station.stop()
