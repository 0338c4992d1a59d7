"""Demo mode: demo users, the demo's own data folder, and the demo data each screen shows in screenshots."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import platformdirs
import sqlite_utils

from hmi.auth import Permission, Role, Session
from hmi.auth.users import UserError, add_user, find_user
from hmi.config import APP_NAME
from hmi.station import Station
from hmi.tags import Quality, Sample

log = logging.getLogger(__name__)

# (username, display name, role, PIN, badge). Shown on the demo's login screen; never in a real install.
DEMO_USERS: tuple[tuple[str, str, Role, str, str], ...] = (
    ("1001", "Kim Min-jun", Role.OPERATOR, "2468", "BADGE-1001"),
    ("2001", "Lee Seo-yeon", Role.INSPECTOR, "1357", "BADGE-2001"),
    ("3001", "Park Ji-ho", Role.SUPERVISOR, "3579", "BADGE-3001"),
    ("9001", "Choi Admin", Role.ADMIN, "9753", "BADGE-9001"),
)

DEMO_HINT = "Demo users (ID / PIN): operator 1001 / 2468 · inspector 2001 / 1357 · supervisor 3001 / 3579 · admin 9001 / 9753"


# The file that marks a folder as the demo's: --reset deletes only a folder that carries it.
DEMO_MARKER = "DEMO-STATION"


class DemoDataRefused(RuntimeError):
    """The folder holds records the demo did not make: it is neither used nor deleted by the demo."""


def demo_data_dir() -> Path:
    """The demo's own records folder, apart from any real station's (those are named by station id)."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "demo"


def prepare_demo_data(folder: Path, *, reset: bool) -> Path:
    """Make ``folder`` the demo's data folder; with ``reset``, start it afresh (its records deleted).

    Only a folder the demo made (it holds DEMO_MARKER) is ever deleted. A folder with other contents
    and no marker may be a real station's: it is refused, untouched, with the reason."""
    folder = folder.expanduser().resolve()
    marked = (folder / DEMO_MARKER).is_file()
    if folder.exists() and not folder.is_dir():
        raise DemoDataRefused(f"{folder} is a file, not a folder; give the demo a folder of its own (--data-dir)")
    if folder.exists() and not marked and any(folder.iterdir()):
        raise DemoDataRefused(
            f"{folder} holds files the demo did not make (no {DEMO_MARKER} file): it may be a real station's "
            "records, so the demo neither uses nor deletes it. Give the demo an empty or new folder (--data-dir).")
    if reset and marked:
        shutil.rmtree(folder)
        log.info("demo data in %s deleted: the demo starts afresh", folder)
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / DEMO_MARKER
    if not marker.exists():
        marker.write_text("This folder holds the Station HMI demo's records; `hmi demo --reset` deletes it.\n",
                          encoding="utf-8")
    return folder


async def ensure_demo_users(station: Station) -> None:
    now = station.clock.now()

    def create(db) -> None:  # type: ignore[no-untyped-def]
        for username, name, role, pin, badge in DEMO_USERS:
            if find_user(db, username) is None:
                try:
                    add_user(db, username=username, display_name=name, role=role, pin=pin, badge=badge,
                             min_pin_length=station.config.security.min_pin_length, ts=now,
                             station=station.station_id, actor="demo")
                except UserError as exc:
                    log.warning("demo user %s not created: %s", username, exc)

    await station.store.write(create)
    from hmi.production.demo import ensure_demo_masterdata

    await ensure_demo_masterdata(store=station.store, station_id=station.station_id, ts=now)


# Demo data for `hmi screenshots`, one seed per screen that needs some (screens/registry.py names them).
# They run on the Station itself: the screens are handed only its services.

DEMO_ORDER = "WO-24117"
DEMO_CHECKLIST = ["Bath 1 temperature 18–22 °C on the panel", "Agitation running", "Rectifier in remote mode"]


def _demo_operator(station: Station) -> Session:
    return Session(username="1001", display_name="Kim Min-jun", role=Role.OPERATOR, started_at=station.clock.now(),
                   method="pin")


async def seed_production(station: Station) -> None:
    """The demo master data, a finished lot's worth of counts and a running lot with sign-offs and defects."""
    from hmi.production.demo import ensure_demo_masterdata

    await ensure_demo_masterdata(store=station.store, station_id=station.station_id, ts=station.clock.now())
    production = station.production
    if production.lots.active.value is not None:
        return
    with station.auth._acting_as(_demo_operator(station)):
        now = station.clock.now()
        for tag, value in (("bath_temp", 20.3), ("rectifier_voltage", 15.1), ("rectifier_current", 412.0)):
            station.bus.publish(Sample(tag, now, value, Quality.GOOD))
        status = await production.instructions.status_for(DEMO_ORDER)
        if status.doc is not None:
            await production.instructions.acknowledge(instruction_id=status.doc.instruction_id,
                                                      version=status.doc.version)
        await production.lots.start(work_order=DEMO_ORDER, lot_no="ANO1-261124-0001")
        await production.lots.add_count(good=118, scrap=4)
        await production.instructions.sign(step_index=0)
        await production.instructions.sign(step_index=1, value=DEMO_CHECKLIST)
        await production.instructions.sign(step_index=2, value=191.5)
        await production.defects.record(code="FILM-BURN", qty=2, location="back, lower left", note="rack 7")
        await production.defects.record(code="SURF-SCRATCH", qty=1, location="뒷면 모서리")
        assert station.auth.can(Permission.RECORD_DEFECT)


async def seed_sync(station: Station) -> None:
    """A backlog while the MES is unreachable, and one refused event, for the sync screen."""
    from hmi import outbox
    from hmi.sync import queue
    from hmi.sync.connector import EventOutcome, Outcome

    now = station.clock.now()

    def write(db: sqlite_utils.Database) -> None:
        refused = None
        for i in range(240):
            lot = f"L24{i % 4:04d}"
            event = outbox.enqueue(db, station_id=station.station_id, type="defect.recorded",
                                   payload={"defect_id": 1000 + i, "lot_id": lot, "work_order_id": DEMO_ORDER,
                                            "product_id": "PC-A15-BLK", "operation_id": "ANODIZE",
                                            "code": "SURF-SCRATCH", "category": "Surface", "severity": "minor",
                                            "quantity": 1, "origin": "manual", "location": "", "serial": "",
                                            "recorded_at": now - 3600 * 5 + i * 60, "actor": "1001"},
                                   occurred_at=now - 3600 * 5 + i * 60, subject=f"lot/{lot}")
            if i == 6:
                refused = event
        if refused is not None:
            queue.apply_outcomes(db, [EventOutcome(refused.event_id, Outcome.REJECTED,
                                                   "422: work order WO-23999 is closed in the MES")],
                                 now=now, station_id=station.station_id)

    await station.store.write(write)
    await station.sync.refresh()


async def seed_history(station: Station) -> None:
    """A demo day in the historian and one saved view, for the trends and history screens."""
    from hmi.historian.demo_history import DEMO_VIEW, seed_demo_day
    from hmi.historian.views import load_views, save_view

    await seed_demo_day(station.historian, now=station.clock.now())
    if not await station.store.read(load_views):
        await station.store.write(lambda db: save_view(db, DEMO_VIEW))


async def seed_spc(station: Station) -> None:
    """The running demo lot's thickness drifting into a Nelson 2 run, for the SPC screen."""
    await seed_production(station)
    await station.spc.idle()
    if "oxide_thickness" not in station.config.spc.characteristics:
        return
    with station.auth._acting_as(_demo_operator(station)):
        if len(station.spc.chart("oxide_thickness").points) >= 20:
            return
    now = station.clock.now()
    values = [15.1, 14.6, 15.3, 14.8, 15.5, 14.2, 15.0, 15.9, 14.7, 15.2, 14.9, 15.4, 14.5, 15.1, 15.6, 14.8,
              15.2, 15.3, 15.8, 15.4, 15.6, 15.2, 15.9, 16.1, 15.5, 15.7, 16.0, 15.3]
    for i, value in enumerate(values):
        station.bus.publish(Sample("oxide_thickness", now - (len(values) - i) * 4.0, value, Quality.GOOD))
    await station.spc.idle()


async def seed_alarms(station: Station) -> None:
    from hmi.alarms.demo import seed_alarm_demo

    await seed_alarm_demo(station)


async def seed_equipment(station: Station) -> None:
    """Run the simulator in-process on the demo's ports and wait for live values, for the equipment screen."""
    import asyncio

    from hmi.plugin_registry import load_plugin

    config = station.config
    opcua = config.connections.get("line_opcua")
    modbus = config.connections.get("rectifier_plc")
    if opcua is None or modbus is None:
        return
    port = int(str(opcua.options().get("endpoint", "")).rsplit(":", 1)[-1].split("/", 1)[0] or 0)
    try:
        simulator = load_plugin("hmi.simulators", "equipment")(
            opcua_port=port, modbus_port=int(modbus.options().get("port", 502)), seed=4,
            stops_every_s=150.0, stop_scale=0.3)      # stops now and then, so that the OEE screens have some
        await simulator.start()
    except Exception as exc:   # the ports may be taken by a running demo: its values serve as well
        log.warning("demo simulator not started: %s", exc)
        simulator = None
    if simulator is not None:
        original_stop = station.stop

        async def stop_with_simulator() -> None:
            await original_stop()
            await simulator.stop()

        station.stop = stop_with_simulator  # type: ignore[method-assign]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 40
    while loop.time() < deadline:
        latest = [station.bus.latest(t) for t in config.tags]
        if all(s is not None and s.quality is Quality.GOOD for s in latest):
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)  # a few recent values for the detail list


# The screenshot tool's line, for the states it shows (the parts counter ticking, a measurement, a lost connection).
def count_parts(station: Station, n: int) -> None:
    """``n`` more parts on the counter tag, as the line counts them."""
    latest = station.bus.latest("part_counter")
    counter = int(latest.value) if latest is not None and isinstance(latest.value, int | float) else 0
    for _ in range(n):
        counter += 1
        station.bus.publish(Sample("part_counter", station.clock.now(), counter, Quality.GOOD))


def measure(station: Station, tag: str, value: float) -> None:
    station.bus.publish(Sample(tag, station.clock.now(), value, Quality.GOOD))


def lose_every_value(station: Station) -> None:
    """Every tag BAD with no value, as when the equipment connections are lost."""
    for tag in station.config.tags:
        station.bus.publish(Sample(tag, station.clock.now(), None, Quality.BAD, error="connection lost"))

