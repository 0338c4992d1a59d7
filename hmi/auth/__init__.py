"""Who may do what at the station: users, roles, PIN and badge login, lockout and idle logout."""

from hmi.auth.permissions import Permission, PermissionDenied, Role, allowed
from hmi.auth.service import AuthService, LoginFailed, Session

__all__ = ["AuthService", "LoginFailed", "Permission", "PermissionDenied", "Role", "Session", "allowed"]
