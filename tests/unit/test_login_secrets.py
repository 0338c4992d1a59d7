"""Secrets stay secret at login: a PIN typed as a user ID is not stored or logged; badges are keyed and rate-limited."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest

from hmi.auth import LoginFailed, Role
from hmi.auth.users import add_user
from hmi.clock import ManualClock
from hmi.config import ConfigError, load_config
from hmi.station import Station

TYPED_PIN = "86420975"


async def _add(station: Station, badge: str | None = "BADGE-1001") -> None:
    await station.store.write(lambda db: add_user(
        db, username="1001", display_name="Kim", role=Role.OPERATOR, pin="2468", badge=badge, min_pin_length=4,
        ts=station.clock.now(), station=station.station_id, actor="test"))


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name.startswith("station.db"))


async def test_a_pin_typed_into_the_user_field_is_neither_stored_nor_logged(station: Station,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await _add(station)
    with pytest.raises(LoginFailed):
        await station.auth.login_pin(TYPED_PIN, "2468")
    rows = await station.store.read(lambda db: db.execute(
        "SELECT actor, object_id, after FROM audit WHERE action = 'user.login_failed'").fetchall())
    assert rows == [("unknown user (8 digits)", "unknown user (8 digits)", '{"reason":"unknown user"}')]
    assert TYPED_PIN.encode() not in _all_bytes(station.data_dir)
    assert TYPED_PIN not in caplog.text


async def test_badges_are_stored_with_the_station_key(station: Station) -> None:
    await _add(station)
    stored = await station.store.read(lambda db: db.execute("SELECT badge_hash FROM users").fetchone()[0])
    assert stored.startswith("hmac$") and hashlib.sha256(b"BADGE-1001").hexdigest() not in stored
    assert (await station.auth.login_badge("BADGE-1001")).username == "1001"


async def test_a_badge_stored_unkeyed_by_an_earlier_release_is_rehashed_at_first_use(station: Station) -> None:
    await _add(station, badge=None)
    legacy = hashlib.sha256(b"BADGE-7").hexdigest()
    await station.store.write(lambda db: db.execute("UPDATE users SET badge_hash = ?", [legacy]))
    assert (await station.auth.login_badge("BADGE-7")).username == "1001"
    stored = await station.store.read(lambda db: db.execute("SELECT badge_hash FROM users").fetchone()[0])
    assert stored.startswith("hmac$")
    await station.auth.logout()
    assert (await station.auth.login_badge("BADGE-7")).username == "1001"


async def test_wrong_badges_are_rate_limited_like_pins(station: Station, clock: ManualClock) -> None:
    await _add(station)
    attempts = station.config.security.max_pin_attempts
    refused = []
    for i in range(100):
        with pytest.raises(LoginFailed) as failed:
            await station.auth.login_badge(f"BADGE-GUESS-{i}")
        refused.append(str(failed.value))
    assert refused[attempts - 2] == "Badge not recognised."
    assert all("Badge login is locked" in text for text in refused[attempts - 1:])
    with pytest.raises(LoginFailed, match="Badge login is locked"):
        await station.auth.login_badge("BADGE-1001")        # even the right badge waits out the lock
    clock.advance(station.config.security.lockout_s + 1)
    assert (await station.auth.login_badge("BADGE-1001")).username == "1001"
    locks = await station.store.read(lambda db: db.execute(
        "SELECT count(*) FROM audit WHERE action = 'user.badge_locked'").fetchone()[0])
    assert locks == 1


def test_check_config_names_a_secret_key_but_never_prints_its_value(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text('[station]\nid = "S1"\nname = "S"\n[connections.plc]\ndriver = "opcua"\n'
                    'endpoint = "opc.tcp://127.0.0.1:4840"\nusername = "line"\npassword = 987654321\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert "connections.plc.password" in text and "not shown" in text
    assert "987654321" not in text


