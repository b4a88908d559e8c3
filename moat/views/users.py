"""The Users page (admins): every account with its lock state, and the changes an admin makes, each audited.

Each change returns the sentence the admin reads; a refused change raises the ``MoatError`` that says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat.config import Config
from moat.db import Connection
from moat.governance import login, users
from moat.governance.permissions import User

SAVED = "Saved (recorded in the audit trail)."


@dataclass(frozen=True)
class Accounts:
    """The accounts ``moat users list`` shows, plus failed sign-ins and the lock's end (text, "" when unlocked)."""

    records: list[dict[str, Any]]

    @property
    def names(self) -> list[str]:
        return [r["name"] for r in self.records]

    def get(self, name: str) -> dict[str, Any]:
        return next(r for r in self.records if r["name"] == name)

    def table(self) -> pl.DataFrame:
        return pl.DataFrame(self.records, infer_schema_length=None)


def accounts(cfg: Config, con: Connection, user: User) -> Accounts:
    """Every account (admins only, as ``users.list_users`` checks), with its sign-in lock state."""
    listed = users.list_users(cfg, user)
    locks = login.lock_table(con)
    for rec in listed:
        lock = locks.get(rec["name"])
        rec["failed_logins"] = lock.failed_count if lock else 0
        rec["locked_until"] = str(lock.locked_until) if lock and lock.locked_until else ""
    return Accounts(listed)


def set_role(cfg: Config, con: Connection, user: User, name: str, role: str) -> str:
    users.set_role(cfg, con, user, name, role)
    return SAVED


def set_disabled(cfg: Config, con: Connection, user: User, name: str, disabled: bool) -> str:
    users.set_disabled(cfg, con, user, name, disabled)
    return SAVED


def unlock(con: Connection, user: User, name: str) -> str:
    login.unlock(con, user, name)
    return SAVED


def add(cfg: Config, con: Connection, user: User, name: str, role: str, password: str, repeat: str) -> str:
    """Add an account; the password typed twice must match (checked before anything is written)."""
    if password != repeat:
        raise users.UserError("The passwords do not match.")
    users.add(cfg, con, user, name, role, password)
    return SAVED
