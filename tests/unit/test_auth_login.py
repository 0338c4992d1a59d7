"""Login by PIN and badge, lockout and release, idle logout — with a controllable clock, no sleeping."""

from __future__ import annotations

import pytest

from hmi import audit
from hmi.auth import LoginFailed, Role
from hmi.auth.users import add_user
from hmi.clock import ManualClock
from hmi.station import Station


async def _add(station: Station, username: str = "1001", role: Role = Role.OPERATOR, pin: str = "2468",
               badge: str | None = "BADGE-1001") -> None:
    await station.store.write(lambda db: add_user(
        db, username=username, display_name="Kim", role=role, pin=pin, badge=badge, min_pin_length=4,
        ts=station.clock.now(), station=station.station_id, actor="test"))


async def test_correct_pin_logs_in_and_is_audited(station: Station) -> None:
    await _add(station)
    session = await station.auth.login_pin("1001", "2468")
    assert session.username == "1001" and session.role is Role.OPERATOR and session.method == "pin"
    assert station.auth.current == session
    actions = [e.action for e in await station.store.read(lambda db: audit.entries(db))]
    assert actions[0] == "user.login"


async def test_wrong_pin_is_refused_without_saying_whether_the_user_exists(station: Station) -> None:
    await _add(station)
    with pytest.raises(LoginFailed) as wrong_pin:
        await station.auth.login_pin("1001", "9999")
    with pytest.raises(LoginFailed) as unknown_user:
        await station.auth.login_pin("nobody", "9999")
    assert str(wrong_pin.value) == str(unknown_user.value)
    assert station.auth.current is None


async def test_five_wrong_pins_lock_the_user_until_the_lock_time_passes(station: Station, clock: ManualClock) -> None:
    await _add(station)
    for _ in range(4):
        with pytest.raises(LoginFailed) as failure:
            await station.auth.login_pin("1001", "1111")
        assert failure.value.locked_for_s is None
    with pytest.raises(LoginFailed) as locked:
        await station.auth.login_pin("1001", "1111")
    assert locked.value.locked_for_s == 60
    # Even the right PIN is refused while locked.
    clock.advance(59)
    with pytest.raises(LoginFailed) as still_locked:
        await station.auth.login_pin("1001", "2468")
    assert still_locked.value.locked_for_s == pytest.approx(1)
    clock.advance(1.5)
    assert (await station.auth.login_pin("1001", "2468")).username == "1001"
    actions = [e.action for e in await station.store.read(lambda db: audit.entries(db))]
    assert actions.count("user.login_failed") == 5 and actions.count("user.locked") == 1
    assert (await station.store.read(audit.verify)).ok


async def test_badge_login_and_unknown_badge(station: Station) -> None:
    await _add(station)
    assert (await station.auth.login_badge("BADGE-1001")).method == "badge"
    await station.auth.logout()
    with pytest.raises(LoginFailed, match="Badge"):
        await station.auth.login_badge("BADGE-4040")


async def test_idle_logout_after_the_configured_time(station: Station, clock: ManualClock) -> None:
    await _add(station)
    await station.auth.login_pin("1001", "2468")
    clock.advance(299)
    assert not await station.auth.check_idle()
    station.auth.touch()
    clock.advance(299)
    assert not await station.auth.check_idle()
    clock.advance(1)
    assert await station.auth.check_idle()
    assert station.auth.current is None
    last = (await station.store.read(lambda db: audit.entries(db, limit=1)))[0]
    assert last.action == "user.logout" and last.after == {"reason": "idle"}


async def test_disabled_user_cannot_log_in(station: Station) -> None:
    from hmi.auth.users import set_enabled

    await _add(station)
    await station.store.write(lambda db: set_enabled(db, username="1001", enabled=False, ts=1.0,
                                                     station="S", actor="admin"))
    with pytest.raises(LoginFailed):
        await station.auth.login_pin("1001", "2468")
