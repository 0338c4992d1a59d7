"""Helpers for the production tests: the demo master data and a signed-in person of each role."""

from __future__ import annotations

from pathlib import Path

from hmi.auth import Role
from hmi.demo import DEMO_USERS, ensure_demo_users
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import apply_masterdata
from hmi.station import Station

REPO = Path(__file__).resolve().parent.parent
DEMO_MASTERDATA = REPO / "resources" / "demo" / "masterdata"
LOT = "ANO1-261124-0001"
ORDER = "WO-24117"   # PC-A15-BLK, ANODIZE: instruction WI-ANO-A15 v3 (6 steps, 5 to sign)


async def load_demo(station: Station) -> None:
    bundle = load_bundle_dir(DEMO_MASTERDATA)
    now = station.clock.now()
    await station.store.write(lambda db: apply_masterdata(db, bundle, source="test", version=bundle["version"],
                                                          ts=now, station=station.station_id, actor="test"))
    await ensure_demo_users(station)


async def login(station: Station, role: Role) -> None:
    user = next(u for u in DEMO_USERS if u[2] is role)
    if station.auth.current is not None:
        await station.auth.logout()
    await station.auth.login_pin(user[0], user[3])


async def sign_all_steps(station: Station) -> None:
    """Sign every step of the A15 anodizing instruction with in-limit values."""
    ins = station.production.instructions
    await ins.sign(step_index=0)
    await ins.sign(step_index=1, value=["Bath 1 temperature 18–22 °C on the panel", "Agitation running",
                                        "Rectifier in remote mode"])
    await ins.sign(step_index=2, value=190.0)
    await ins.sign(step_index=4, value=15.2)
    await ins.sign(step_index=5)


async def start_demo_lot(station: Station, lot_no: str = LOT) -> None:
    status = await station.production.instructions.status_for(ORDER)
    assert status.doc is not None
    await station.production.instructions.acknowledge(instruction_id=status.doc.instruction_id,
                                                      version=status.doc.version)
    await station.production.lots.start(work_order=ORDER, lot_no=lot_no)
