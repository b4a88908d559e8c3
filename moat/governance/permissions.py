"""The permission table: one place that says which role may do which action.

Every service function that acts calls ``require(user, action)`` first, so the app, the CLI and notebooks obey
the same rules; hiding a page is never the check.
"""

from __future__ import annotations

from dataclasses import dataclass

from moat.errors import PermissionDenied

ROLES = ("viewer", "analyst", "admin")

# action -> roles allowed. Keep in sync with the README's permission table (a test compares them).
PERMISSIONS: dict[str, frozenset[str]] = {
    "view_results": frozenset({"viewer", "analyst", "admin"}),
    "view_provisional": frozenset({"analyst", "admin"}),
    "view_client_level": frozenset({"analyst", "admin"}),  # viewers per policy: policies.Policy.client_rows_visible
    "upload": frozenset({"analyst", "admin"}),
    "map": frozenset({"analyst", "admin"}),
    "ask": frozenset({"viewer", "analyst", "admin"}),
    "run_analytics": frozenset({"analyst", "admin"}),
    "request_approval": frozenset({"analyst", "admin"}),
    "approve": frozenset({"admin"}),
    "manage_users": frozenset({"admin"}),
    "manage_policies": frozenset({"admin"}),
    "share_dp": frozenset({"admin"}),
    "read_audit": frozenset({"admin"}),
    "export": frozenset({"viewer", "analyst", "admin"}),
    "export_client_level": frozenset({"analyst", "admin"}),
    "rollback": frozenset({"analyst", "admin"}),
    "admin_system": frozenset({"admin"}),
}


@dataclass(frozen=True)
class User:
    """The acting person. ``role`` is one of ``ROLES``."""

    name: str
    role: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; roles are {', '.join(ROLES)}")

    def can(self, action: str) -> bool:
        return allowed(self.role, action)


# The person at the keyboard of the CLI or a notebook when no user is named: they own the database file anyway,
# so they act as admin, but under their own name in the audit log.
def local_operator(name: str = "local") -> User:
    return User(name=name, role="admin")


def allowed(role: str, action: str) -> bool:
    try:
        return role in PERMISSIONS[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}") from None


def require(user: User, action: str) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may perform ``action``."""
    if not allowed(user.role, action):
        raise PermissionDenied(user.name, user.role, action)
