"""A master data update from the MES while a lot runs: the lot keeps its work order, counts and instruction."""

from __future__ import annotations

from typing import Any

from hmi.auth import Role
from hmi.production import records
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.records import LotStatus
from hmi.station import Station
from hmi.sync.connector import MasterdataBundle
from tests.production_support import DEMO_MASTERDATA, ORDER, load_demo, login, sign_all_steps, start_demo_lot


def _next_bundle() -> dict[str, Any]:
    """The demo bundle, version 2: the running lot's work order gone, its instruction now version 4."""
    bundle = load_bundle_dir(DEMO_MASTERDATA)
    instructions = []
    for ins in bundle["instructions"]:
        if ins["instruction_id"] == "WI-ANO-A15":
            steps = [{"kind": "confirm", "text": "A single new step."}]
            ins = {**ins, "version": 4, "changes": "one step instead of six", "steps": steps}
        instructions.append(ins)
    return {**bundle, "version": "2026.11-demo.2", "instructions": instructions,
            "work_orders": [o for o in bundle["work_orders"] if o["order_no"] != ORDER]}


def _instruction_versions(db: Any) -> set[int]:
    return {row[0] for row in db.execute("SELECT version FROM md_instructions WHERE instruction_id = 'WI-ANO-A15'")}


async def test_a_master_data_update_does_not_disturb_the_running_lot(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    lots = station.production.lots
    await lots.add_count(good=7, scrap=1)
    await station.production.instructions.sign(step_index=0)
    started = lots.active.value
    assert started is not None and started.instruction_version == 3

    new = await station.sync._apply_masterdata(MasterdataBundle(version="2026.11-demo.2", etag='"v2"',
                                                               data=_next_bundle(), source="mes:rest"))
    assert new == []
    assert station.sync.snapshot.value.masterdata_version == "2026.11-demo.2"
    assert await station.store.read(lambda db: records.work_order(db, ORDER)) is None
    # The running lot's instruction version stays next to the new one while the lot needs it.
    assert await station.store.read(_instruction_versions) == {3, 4}

    running = await station.store.read(lambda db: records.active_lot(db, station.station_id))
    assert running is not None
    assert (running.work_order, running.good, running.scrap, running.instruction_version) == (ORDER, 7, 1, 3)
    assert lots.active.value is not None and lots.active.value.instruction_version == 3
    await lots.add_count(good=3)
    await sign_all_steps(station)           # the remaining steps of version 3, with their limits
    lot = await lots.finish(confirm_good=10, confirm_scrap=1)
    assert lot.status is LotStatus.FINISHED and lot.work_order == ORDER and lot.instruction_version == 3
    signed = await station.store.read(lambda db: records.signoffs_of_lot(db, lot.id))
    assert {s.instruction_version for s in signed} == {3} and len(signed) == 6

    # Once no lot needs it, the next bundle leaves only what the MES sends.
    third = {**_next_bundle(), "version": "2026.11-demo.3"}
    await station.sync._apply_masterdata(MasterdataBundle(version="2026.11-demo.3", etag='"v3"', data=third,
                                                         source="mes:rest"))
    assert await station.store.read(_instruction_versions) == {4}
