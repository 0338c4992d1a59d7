"""Demo mode: demo users, the demo's own data folder, and the simulated peers it runs on loopback."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import platformdirs

from hmi.auth import Role
from hmi.auth.users import UserError, add_user, find_user
from hmi.config import APP_NAME
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
