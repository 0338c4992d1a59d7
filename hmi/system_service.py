"""The System screen's service: the user list, the audit check, the schema version and leaving the kiosk."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from hmi import audit
from hmi.auth import AuthService, Permission
from hmi.auth.users import User, find_user, list_users
from hmi.store import Store

CLI_ACTOR = "cli"   # ``hmi`` commands record "cli:<login>" (hmi.cli.common.cli_actor)


@dataclass(frozen=True, slots=True)
class KeyReplacement:
    """The audit key was replaced (``hmi audit new-key``), as a person is told: names, not ids."""

    seq: int                # the first entry the new key signs; those before it the lost key signed
    ts: float
    by: str                 # a station user's display name, or the login that ran the command ("" unknown)
    at_command_line: bool   # run as ``hmi audit new-key`` by a login, not by a station user
    anchored: int           # entries 1 .. anchored end at the head the MES acknowledged (0: none did)


def key_replacement(db: sqlite_utils.Database) -> KeyReplacement | None:
    """The current key's replacement, if it replaced a lost one, with the actor's name looked up."""
    change = audit.key_change(db)
    if change is None:
        return None
    anchored = 0 if change.anchor is None else max(0, min(change.anchor.seq, change.seq - 1))
    prefix, _, login = change.actor.partition(":")
    if prefix == CLI_ACTOR and (login or change.actor == CLI_ACTOR):
        return KeyReplacement(change.seq, change.ts, login, True, anchored)
    user = find_user(db, change.actor)
    return KeyReplacement(change.seq, change.ts, user.display_name if user else change.actor, False, anchored)


class SystemService:
    def __init__(self, *, store: Store, auth: AuthService) -> None:
        self._store = store
        self._auth = auth

    @property
    def schema_version(self) -> int:
        return self._store.schema_version

    async def users(self) -> list[User]:
        """Every user with role and state: an admin's view (PIN hashes stay in the store's rows)."""
        self._auth.require(Permission.MANAGE_USERS)
        return await self._store.read(list_users)

    async def user_names(self) -> dict[str, str]:
        """Username -> display name, to show who did what (open: the names are on every record)."""
        return {u.username: u.display_name for u in await self._store.read(list_users)}

    async def verify_audit(self) -> audit.VerifyResult:
        """Check the audit trail's hash chain (open, as on the System screen: a check changes nothing)."""
        return await self._store.read(audit.verify)

    async def audit_key_replacement(self) -> KeyReplacement | None:
        """Whether, when and by whom the audit key was replaced, so supervisors know what the trail cannot vouch for.

        One indexed read, not a walk of the chain: the System screen asks each time it opens."""
        self._auth.require(Permission.VIEW_AUDIT)
        return await self._store.read(key_replacement)

    def exit_kiosk(self) -> None:
        """Leaving the kiosk is an admin's: refused here, whatever the screen shows."""
        self._auth.require(Permission.EXIT_KIOSK)
