"""The Users page (admins): every account with its lock state, and the changes an admin makes, each audited.

Each change returns the sentence the admin reads; a refused change raises the ``MoatError`` that says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
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
        """The accounts with their times as times, so the table prints them as every page does ("2026-12-07
        17:27"; they read "2026-12-07T17:27:47" and a lock to the microsecond, h112)."""
        rows = [{k: _when(v) if k in TIMES else v for k, v in r.items()} for r in self.records]
        return pl.DataFrame(rows, infer_schema_length=None)


TIMES = ("created_at", "locked_until")  # kept as ISO text in the records (the users file, the Unlock check)


def _when(value: Any) -> datetime | None:
    """An ISO time as a naive UTC datetime; empty or unreadable: None (an empty cell)."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value)) if value else None
        except ValueError:
            return None
    if moment is not None and moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


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
