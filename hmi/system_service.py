"""The System screen's service: the user list, the audit check, the schema version and leaving the kiosk."""

from __future__ import annotations

from hmi import audit
from hmi.auth import AuthService, Permission
from hmi.auth.users import User, list_users
from hmi.store import Store


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

    def exit_kiosk(self) -> None:
        """Leaving the kiosk is an admin's: refused here, whatever the screen shows."""
        self._auth.require(Permission.EXIT_KIOSK)
