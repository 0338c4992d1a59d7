"""Demo mode: demo users, and the simulated peers (equipment, reference MES) the demo runs on loopback."""

from __future__ import annotations

import logging

from hmi.auth import Role
from hmi.auth.users import UserError, add_user, find_user
from hmi.station import Station

log = logging.getLogger(__name__)

# (username, display name, role, PIN, badge). Shown on the demo's login screen; never in a real install.
DEMO_USERS: tuple[tuple[str, str, Role, str, str], ...] = (
    ("1001", "Kim Min-jun", Role.OPERATOR, "2468", "BADGE-1001"),
    ("2001", "Lee Seo-yeon", Role.INSPECTOR, "1357", "BADGE-2001"),
    ("3001", "Park Ji-ho", Role.SUPERVISOR, "3579", "BADGE-3001"),
    ("9001", "Choi Admin", Role.ADMIN, "9753", "BADGE-9001"),
)

DEMO_HINT = "Demo users (ID / PIN): operator 1001 / 2468 · inspector 2001 / 1357 · supervisor 3001 / 3579 · admin 9001 / 9753"


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
