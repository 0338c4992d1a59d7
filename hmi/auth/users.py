"""The users table. Functions take a database inside the writer's transaction (or a reader)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from hmi import audit
from hmi.auth.permissions import Role
from hmi.auth.pins import badge_hash, check_pin_rules, hash_pin
from hmi.recording import Change, record_change
from hmi.refusal import Refusal


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    enabled: bool
    has_badge: bool
    failed_attempts: int
    locked_until: float | None

    def public(self) -> dict[str, Any]:
        """What the audit trail may show: no PIN or badge material."""
        data = asdict(self)
        data["role"] = self.role.value
        data.pop("failed_attempts")
        data.pop("locked_until")
        return data


class UserError(Refusal, ValueError):
    """A user cannot be added or changed so; the reason is shown to the admin."""


_COLUMNS = "id, username, display_name, role, enabled, badge_hash IS NOT NULL, failed_attempts, locked_until"


def _user(row: tuple[Any, ...]) -> User:
    return User(row[0], row[1], row[2], Role(row[3]), bool(row[4]), bool(row[5]), row[6], row[7])


def list_users(db: sqlite_utils.Database) -> list[User]:
    return [_user(r) for r in db.execute(f"SELECT {_COLUMNS} FROM users ORDER BY username").fetchall()]


def count_users(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM users").fetchone()[0])


def find_user(db: sqlite_utils.Database, username: str) -> User | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM users WHERE username = ?", [username]).fetchone()
    return _user(row) if row else None


def add_user(
    db: sqlite_utils.Database,
    *,
    username: str,
    display_name: str,
    role: Role,
    pin: str,
    badge: str | None,
    min_pin_length: int,
    ts: float,
    station: str,
    actor: str,
) -> User:
    username = username.strip()
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        raise UserError("a username is 1 to 64 characters without spaces")
    if not display_name.strip():
        raise UserError("a display name is required")
    check_pin_rules(pin, min_length=min_pin_length)
    if find_user(db, username) is not None:
        raise UserError("user {username!r} already exists", username=username)
    key = audit.connection_key(db)
    badge_digest = badge_hash(badge, key.secret if key else None) if badge else None
    if badge_digest and db.execute("SELECT 1 FROM users WHERE badge_hash = ?", [badge_digest]).fetchone():
        raise UserError("that badge already belongs to another user")
    db.execute(
        "INSERT INTO users (username, display_name, role, pin_hash, badge_hash, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?)",
        [username, display_name.strip(), role.value, hash_pin(pin), badge_digest, ts, ts],
    )
    user = find_user(db, username)
    assert user is not None
    record_change(db, Change(ts=ts, station=station, actor=actor, action="user.add", object_type="user",
                             object_id=username, after=user.public()))
    return user


def set_enabled(db: sqlite_utils.Database, *, username: str, enabled: bool, ts: float, station: str,
                actor: str) -> User:
    before = _require(db, username)
    db.execute("UPDATE users SET enabled = ?, updated_at = ? WHERE username = ?", [int(enabled), ts, username])
    after = _require(db, username)
    record_change(db, Change(ts=ts, station=station, actor=actor,
                             action="user.enable" if enabled else "user.disable", object_type="user",
                             object_id=username, before=before.public(), after=after.public()))
    return after


def reset_pin(db: sqlite_utils.Database, *, username: str, pin: str, min_pin_length: int, ts: float,
              station: str, actor: str) -> User:
    _require(db, username)
    check_pin_rules(pin, min_length=min_pin_length)
    db.execute(
        "UPDATE users SET pin_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE username = ?",
        [hash_pin(pin), ts, username],
    )
    record_change(db, Change(ts=ts, station=station, actor=actor, action="user.reset_pin", object_type="user",
                             object_id=username))
    return _require(db, username)


def _require(db: sqlite_utils.Database, username: str) -> User:
    user = find_user(db, username)
    if user is None:
        raise UserError("no user named {username!r}", username=username)
    return user
