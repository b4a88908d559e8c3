"""Who a forwarded request acts as: the credential the client passed, checked by the service.

The client has already proven it can read the owner-only endpoint secret, which is the access it would need to
open the database file itself: without a credential it is the local operator, exactly as if it had opened the
file. With an account name it must bring that account's credential (an API token or the password), checked here
by ``moat.governance.identity.resolve`` when that module is present (the identity work of the security issue),
else by the users file as the CLI did before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moat import config as config_mod
from moat import db
from moat.errors import PermissionDenied
from moat.governance.permissions import ROLES, User, local_operator


@dataclass(frozen=True)
class Credentials:
    """What a client forwards: nothing of it is trusted until ``resolve`` checked it."""

    user_name: str | None = None
    token: str | None = None
    password: str | None = None
    local_name: str = "local"  # the client's login name, for the operator's audit name (old identity rules)
    lower_role: str | None = None  # moat.open(user=User(...)): act with a lower role than the proven one

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Credentials:
        data = data or {}
        return cls(**{k: (None if data.get(k) in ("", None) else str(data[k]))
                      for k in ("user_name", "token", "password", "lower_role") if k in data},
                   local_name=str(data.get("local_name") or "local"))

    def as_json(self) -> dict[str, Any]:
        return {"user_name": self.user_name, "token": self.token, "password": self.password,
                "local_name": self.local_name, "lower_role": self.lower_role}


def resolve(con: db.Connection, cfg: config_mod.Config, creds: Credentials, *, via: str) -> User:
    """The proven user for a forwarded request (``via``: ``cli`` or ``python``, used in the operator's name)."""
    user = _proven(con, cfg, creds, via=via)
    if creds.lower_role:
        if creds.lower_role not in ROLES or ROLES.index(creds.lower_role) > ROLES.index(user.role):
            raise PermissionDenied(user.name, user.role, f"act with role {creds.lower_role}")
        user = User(user.name, creds.lower_role)
    return user


def _proven(con: db.Connection, cfg: config_mod.Config, creds: Credentials, *, via: str) -> User:
    try:
        from moat.governance import identity as identity_mod  # the security issue's module, when merged
    except ImportError:
        identity_mod = None
    resolver = getattr(identity_mod, "resolve", None)
    if resolver is not None:
        return resolver(con, user_name=creds.user_name, token=creds.token, password=creds.password, cfg=cfg)
    if creds.user_name:
        from moat.governance.users import lookup

        return lookup(cfg, creds.user_name)
    return local_operator(f"{via}:{creds.local_name}")
