"""Login, lockout, idle logout and permission checks for the one person at the station.

PIN checks run on the store's writer thread (scrypt takes tens of milliseconds, and the attempt
counter must change in the same transaction as the check), so the UI loop never waits on them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlite_utils

from hmi import audit
from hmi.auth import users
from hmi.auth.permissions import Permission, PermissionDenied, Role, allowed
from hmi.auth.pins import badge_hash, verify_pin
from hmi.clock import Clock
from hmi.config import SecuritySection
from hmi.observable import Observable, ObservableView
from hmi.recording import Change, record_change
from hmi.refusal import Refusal
from hmi.store import Store


@dataclass(frozen=True, slots=True)
class Session:
    username: str
    display_name: str
    role: Role
    started_at: float
    method: str  # "pin" or "badge"

    def can(self, permission: Permission) -> bool:
        return allowed(self.role, permission)


class LoginFailed(Refusal):
    """Shown to the operator: it never says whether the user name exists."""

    def __init__(self, template: str, /, *, locked_for_s: float | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.locked_for_s = locked_for_s


_WRONG = "Unknown user or wrong PIN."


def unknown_user_label(typed: str) -> str:
    """What the audit may say about a user ID nobody has: its kind and length, not its characters."""
    kind = "digits" if typed.isdecimal() else "letters" if typed.isalpha() else "text"
    return f"unknown user ({len(typed)} {kind})"


class AuthService:
    def __init__(self, *, store: Store, clock: Clock, security: SecuritySection, station_id: str) -> None:
        self._store = store
        self._clock = clock
        self._security = security
        self._station = station_id
        self._signed_in: Observable[Session | None] = Observable(None)
        self.session: ObservableView[Session | None] = self._signed_in.view()
        self._last_activity = clock.monotonic()
        # Unknown badges are not anyone's attempts, so they are counted per station (on the writer thread).
        self._badge_failures = 0
        self._badge_locked_until = 0.0

    # Who is here ------------------------------------------------------------------------------
    @property
    def current(self) -> Session | None:
        return self._signed_in.value

    def require(self, permission: Permission) -> Session:
        """The current session, if it may do ``permission``; otherwise PermissionDenied."""
        session = self._signed_in.value
        if session is None or not session.can(permission):
            raise PermissionDenied(permission, session.role if session else None)
        return session

    def can(self, permission: Permission) -> bool:
        session = self._signed_in.value
        return session is not None and session.can(permission)

    # Login and logout ---------------------------------------------------------------------------
    async def login_pin(self, username: str, pin: str) -> Session:
        return self._begin(await self._store.write(lambda db: self._attempt(self._check_pin, db, username.strip(), pin)))

    async def login_badge(self, badge: str) -> Session:
        return self._begin(await self._store.write(lambda db: self._attempt(self._check_badge, db, badge)))

    @contextlib.contextmanager
    def _acting_as(self, session: Session | None) -> Iterator[None]:
        """The demo seeds its records as its own operator, then the station's session is back (hmi.demo only)."""
        previous = self._signed_in.value
        self._signed_in.set(session)
        try:
            yield
        finally:
            self._signed_in.set(previous)

    async def logout(self, *, reason: str = "user") -> None:
        session = self._signed_in.value
        if session is None:
            return
        self._signed_in.set(None)
        now = self._clock.now()
        await self._store.write(lambda db: record_change(db, Change(
            ts=now, station=self._station, actor=session.username, action="user.logout",
            object_type="user", object_id=session.username, after={"reason": reason})))

    async def has_users(self) -> bool:
        return await self._store.read(users.count_users) > 0

    async def create_first_admin(self, *, username: str, display_name: str, pin: str) -> users.User:
        """Only while the station has no users at all: the first person to set it up becomes admin."""
        now = self._clock.now()

        def create(db: sqlite_utils.Database) -> users.User:
            if users.count_users(db) > 0:
                raise users.UserError("this station already has users; an admin adds new ones")
            return users.add_user(db, username=username, display_name=display_name, role=Role.ADMIN, pin=pin,
                                  badge=None, min_pin_length=self._security.min_pin_length, ts=now,
                                  station=self._station, actor="setup")

        return await self._store.write(create)

    def touch(self) -> None:
        """The person at the station did something: push the idle logout back."""
        self._last_activity = self._clock.monotonic()

    def idle_for(self) -> float:
        return self._clock.monotonic() - self._last_activity

    async def check_idle(self) -> bool:
        """Log out when idle for longer than the configured time. Returns True if it did."""
        if self._signed_in.value is not None and self.idle_for() >= self._security.idle_logout_s:
            await self.logout(reason="idle")
            return True
        return False

    def _begin(self, outcome: Session | LoginFailed) -> Session:
        if isinstance(outcome, LoginFailed):
            raise outcome
        session = outcome
        self._last_activity = self._clock.monotonic()
        self._signed_in.set(session)
        return session

    # Runs on the writer thread -------------------------------------------------------------------
    @staticmethod
    def _attempt(check: Callable[..., Session], db: sqlite_utils.Database, *args: str) -> Session | LoginFailed:
        """A failed login is returned, not raised, so its attempt count and audit entry commit."""
        try:
            return check(db, *args)
        except LoginFailed as failure:
            return failure

    def _check_pin(self, db: sqlite_utils.Database, username: str, pin: str) -> Session:
        now = self._clock.now()
        row = db.execute(
            "SELECT pin_hash, enabled, failed_attempts, locked_until FROM users WHERE username = ?", [username]
        ).fetchone()
        if row is None:
            # What was typed may be a PIN in the wrong field: keep only its kind and length, never the text.
            self._audit(db, now, unknown_user_label(username), "user.login_failed", {"reason": "unknown user"})
            raise LoginFailed(_WRONG)
        pin_hash, enabled, failed, locked_until = row
        if locked_until is not None and locked_until > now:
            self._audit(db, now, username, "user.login_failed", {"reason": "locked"})
            raise self._locked(locked_until - now)
        if not enabled:
            self._audit(db, now, username, "user.login_failed", {"reason": "disabled"})
            raise LoginFailed(_WRONG)
        if not verify_pin(pin, pin_hash):
            failed += 1
            if failed >= self._security.max_pin_attempts:
                until = now + self._security.lockout_s
                db.execute("UPDATE users SET failed_attempts = 0, locked_until = ? WHERE username = ?",
                           [until, username])
                self._audit(db, now, username, "user.locked", {"attempts": failed, "until": until})
                raise self._locked(self._security.lockout_s)
            db.execute("UPDATE users SET failed_attempts = ?, locked_until = NULL WHERE username = ?",
                       [failed, username])
            self._audit(db, now, username, "user.login_failed", {"reason": "wrong pin", "attempts": failed})
            raise LoginFailed(_WRONG)
        db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?", [username])
        return self._session(db, username, now, "pin")

    def _check_badge(self, db: sqlite_utils.Database, badge: str) -> Session:
        now = self._clock.now()
        if self._badge_locked_until > now:  # rate-limited like PINs: no badge is tried while locked
            self._audit(db, now, "?", "user.login_failed", {"reason": "badge login locked"})
            raise self._badges_locked(self._badge_locked_until - now)
        key = audit.connection_key(db)
        keyed = badge_hash(badge, key.secret if key else None)
        row = db.execute("SELECT username, enabled, locked_until FROM users WHERE badge_hash = ?", [keyed]).fetchone()
        if row is None and key is not None:  # stored by an earlier release: re-hash it with the key now
            row = db.execute("SELECT username, enabled, locked_until FROM users WHERE badge_hash = ?",
                             [badge_hash(badge)]).fetchone()
            if row is not None:
                db.execute("UPDATE users SET badge_hash = ? WHERE username = ?", [keyed, row[0]])
                self._audit(db, now, row[0], "user.badge_rehashed", {"scheme": "hmac-sha256"})
        if row is None or not row[1]:
            self._badge_failures += 1
            if self._badge_failures >= self._security.max_pin_attempts:
                self._badge_failures = 0
                self._badge_locked_until = now + self._security.lockout_s
                self._audit(db, now, "?", "user.badge_locked", {"until": self._badge_locked_until})
                raise self._badges_locked(self._security.lockout_s)
            self._audit(db, now, "?", "user.login_failed", {"reason": "unknown or disabled badge",
                                                           "attempts": self._badge_failures})
            raise LoginFailed("Badge not recognised.")
        self._badge_failures = 0
        username, _, locked_until = row
        if locked_until is not None and locked_until > now:
            self._audit(db, now, username, "user.login_failed", {"reason": "locked"})
            raise self._locked(locked_until - now)
        return self._session(db, username, now, "badge")

    def _session(self, db: sqlite_utils.Database, username: str, now: float, method: str) -> Session:
        user = users.find_user(db, username)
        assert user is not None
        self._audit(db, now, username, "user.login", {"method": method, "role": user.role.value})
        return Session(user.username, user.display_name, user.role, now, method)

    def _audit(self, db: sqlite_utils.Database, now: float, username: str, action: str, after: dict) -> None:
        record_change(db, Change(ts=now, station=self._station, actor=username or "?", action=action,
                                 object_type="user", object_id=username or "?", after=after))

    @staticmethod
    def _badges_locked(seconds: float) -> LoginFailed:
        return LoginFailed("Too many unknown badges. Badge login is locked for {seconds} s; use your PIN.",
                           locked_for_s=seconds, seconds=max(1, round(seconds)))

    @staticmethod
    def _locked(seconds: float) -> LoginFailed:
        return LoginFailed("Too many wrong PINs. This user is locked for {seconds} s.", locked_for_s=seconds,
                           seconds=max(1, round(seconds)))
