"""Demo alarms for `hmi screenshots` and the demo station: a mix of states and a day of history.

The live states come from replaying samples through the real engine and real operator actions
(as the demo supervisor and admin). The past day is written straight into the journal only, so the
performance screen has floods, bad actors and chattering to show; it is demo data, never used
on a real station.
"""

from __future__ import annotations

import random

import sqlite_utils

from hmi.demo import DEMO_USERS
from hmi.station import Station
from hmi.tags import Quality, Sample


async def seed_alarm_demo(station: Station) -> None:
    alarms = station.alarms
    defs = alarms.core.definitions
    now = station.clock.now()

    def feed(tag: str, value: float | str | None, ago: float, quality: Quality = Quality.GOOD) -> None:
        alarms.replay(Sample(tag, now - ago, value, quality), at=now - ago)

    await _write_history(station, now)
    feed("machine_state", 1, 27 * 3600)
    feed("oxide_thickness", 12.4, 26 * 3600)                 # a standing alarm
    feed("bath_conc", 165.0, 1200)
    feed("bath_conc", 175.0, 900)                            # returned, not acknowledged
    feed("bath_temp_sp", 20.0, 700)
    feed("bath_temp", 27.0, 600)
    alarms.tick(at=now - 590)                                 # past the on-delays: hi, hihi, deviation
    feed("rectifier_voltage", 23.0, 200)
    feed("conveyor_speed", 1.0, 40)
    feed("conveyor_speed", 2.0, 39)
    feed("conveyor_speed", 2.0, 20)
    for tag, value in (("bath_temp", 27.2), ("bath_temp_sp", 20.0), ("rectifier_voltage", 23.1),
                       ("oxide_thickness", 12.5), ("bath_conc", 176.0), ("conveyor_speed", 2.0),
                       ("machine_state", 1)):
        station.bus.publish(Sample(tag, now, value, Quality.GOOD))
    await alarms.flush()

    supervisor = next(u for u in DEMO_USERS if u[2].value == "supervisor")
    admin = next(u for u in DEMO_USERS if u[2].value == "admin")
    await station.auth.login_pin(supervisor[0], supervisor[3])
    if "bath_temp_hi" in defs:
        await alarms.acknowledge(["bath_temp_hi"], comment="Chiller restarted")
    if "rectifier_voltage_hi" in defs:
        await alarms.shelve("rectifier_voltage_hi", duration_s=3600, reason="Rectifier being tuned by maintenance")
    await station.auth.login_pin(admin[0], admin[3])
    if "rectifier_signal" in defs:
        await alarms.remove_from_service("rectifier_signal", reason="Signal converter replaced")
    await station.auth.logout()


async def _write_history(station: Station, now: float) -> None:
    defs = station.alarms.core.definitions
    if not defs:
        return
    rng = random.Random(18)
    ids = sorted(a for a in defs if not defs[a].tag.startswith("Station."))  # not the station's own alarms
    rows: list[tuple[float, str]] = []
    start = now - 24 * 3600
    for _ in range(120):                                       # the ordinary day
        rows.append((rng.uniform(start, now - 1800), rng.choice(ids)))
    flood_start = now - 6 * 3600
    for _ in range(45):                                        # a flood: the chiller tripped
        rows.append((rng.uniform(flood_start, flood_start + 900), rng.choice(ids[:5])))
    chatter = next((a for a in ids if "conveyor" in a), ids[0])
    for i in range(14):                                        # a chattering sensor
        rows.append((now - 3 * 3600 + i * 15.0, chatter))
    rows.sort()

    def write(db: sqlite_utils.Database) -> None:
        for ts, alarm_id in rows:
            d = defs[alarm_id]
            value = None if d.limit is None else d.limit
            for offset, transition, before, after, user in (
                    (0.0, "raised", "normal", "unack_active", "system"),
                    (5.0, "returned", "unack_active", "unack_rtn", "system"),
                    (40.0, "acknowledged", "unack_rtn", "normal", "1001")):
                db.execute(
                    "INSERT INTO alarm_journal (ts, alarm_id, tag, priority, transition, state_before,"
                    " state_after, value, user, comment) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [ts + offset, alarm_id, d.tag, d.priority.value, transition, before, after,
                     None if value is None else str(value), user, ""])

    await station.store.write(write)
