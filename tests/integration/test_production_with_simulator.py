"""End to end: the simulator's inline gauge reads a part out of limits; the station records the defect
against the running lot with the measurement and the recipe values, and counts parts from the counter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest

from hmi import outbox
from hmi.auth import Role
from hmi.production import records
from hmi.station import Station
from tests.equipment_support import ThreadedSimulator, config_for
from tests.production_support import load_demo, login, start_demo_lot

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def sim() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=11)
    simulator.sim.process.part_every_s = 0.2   # many parts, so an out-of-limit one comes soon
    yield simulator
    simulator.close()


async def test_out_of_limit_part_from_the_simulator_becomes_a_defect_of_the_lot(
        sim: ThreadedSimulator, make_station: Callable[..., Station]) -> None:
    from tests.equipment_support import demo_raw

    production = dict(demo_raw()["production"])
    production["defect_checks"] = [{**check, "action": "record"} for check in production["defect_checks"]]
    station = make_station(config_for(sim.sim, production=production))
    await load_demo(station)
    await station.start()
    try:
        await login(station, Role.OPERATOR)
        for _ in range(100):   # the recipe values are on the bus, GOOD, before the lot starts
            if all((s := station.bus.latest(tag)) is not None and s.quality.is_good
                   for tag in ("bath_temp", "rectifier_voltage", "part_counter")):
                break
            await asyncio.sleep(0.1)
        await start_demo_lot(station)
        lot = station.production.lots.active.value
        assert lot is not None and lot.params_start is not None
        assert lot.params_start["bath_temp"]["quality"] == "GOOD"
        found: list[records.Defect] = []
        for _ in range(300):
            await asyncio.sleep(0.1)
            await station.production.defects.idle()
            found = await station.store.read(lambda db: records.defects_of_lot(db, lot.id))
            if found:
                break
        assert found, "no out-of-limit part within 30 s"
        defect = found[0]
        assert defect.origin == "automatic" and defect.recorded_by == "system:equipment"
        assert defect.code in ("FILM-THIN", "FILM-THICK", "COL-SHADE")
        assert defect.measurement is not None and defect.measurement["tag"] in ("oxide_thickness", "colour_delta_e")
        value, lo, hi = defect.measurement["value"], defect.measurement["lo"], defect.measurement["hi"]
        assert (lo is not None and value < lo) or (hi is not None and value > hi)
        assert defect.recipe is not None and defect.recipe["rectifier_voltage"]["quality"] == "GOOD"
        counted = station.production.lots.active.value
        for _ in range(100):  # the defect may come from the lot's very first part: wait for the next ones
            await station.production.lots.idle()
            counted = station.production.lots.active.value
            if counted is not None and counted.good > 0:
                break
            await asyncio.sleep(0.1)
        assert counted is not None and counted.good > 0   # from the line's part counter
        events = await station.store.read(lambda db: outbox.pending(db, limit=1000))
        assert any(e.type == "defect.recorded" and e.payload["defect_id"] == defect.id for e in events)
    finally:
        await station.stop()
