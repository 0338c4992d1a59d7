"""Demo data for `hmi screenshots`: the demo master data, a finished lot and a running one."""

from __future__ import annotations

from hmi.auth import Permission, Role, Session
from hmi.production.demo import ensure_demo_masterdata
from hmi.station import Station
from hmi.tags import Quality, Sample

ORDER = "WO-24117"
CHECKLIST = ["Bath 1 temperature 18–22 °C on the panel", "Agitation running", "Rectifier in remote mode"]


async def seed_production_demo(station: Station) -> None:
    await ensure_demo_masterdata(store=station.store, station_id=station.station_id, ts=station.clock.now())
    production = station.production
    if production.lots.active.value is not None:
        return
    previous = station.auth.session.value
    station.auth.session.set(Session(username="1001", display_name="Kim Min-jun", role=Role.OPERATOR,
                                     started_at=station.clock.now(), method="pin"))
    try:
        now = station.clock.now()
        for tag, value in (("bath_temp", 20.3), ("rectifier_voltage", 15.1), ("rectifier_current", 412.0)):
            station.bus.publish(Sample(tag, now, value, Quality.GOOD))
        status = await production.instructions.status_for(ORDER)
        if status.doc is not None:
            await production.instructions.acknowledge(instruction_id=status.doc.instruction_id,
                                                      version=status.doc.version)
        await production.lots.start(work_order=ORDER, lot_no="ANO1-261124-0001")
        await production.lots.add_count(good=118, scrap=4)
        await production.instructions.sign(step_index=0)
        await production.instructions.sign(step_index=1, value=CHECKLIST)
        await production.instructions.sign(step_index=2, value=191.5)
        await production.defects.record(code="FILM-BURN", qty=2, location="back, lower left", note="rack 7")
        await production.defects.record(code="SURF-SCRATCH", qty=1, location="뒷면 모서리")
        assert station.auth.can(Permission.RECORD_DEFECT)
    finally:
        station.auth.session.set(previous)
