"""The Audit trail page (admins): whether the hash chain verifies, and the rows matching the page's filters (every
matching row goes into the downloads; the page shows the first ``SHOWN``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from moat.db import Connection
from moat.governance import audit
from moat.governance.permissions import User

ALL = "(all)"
SHOWN = 1000


def actions(con: Connection) -> list[str]:
    """The action filter's choices: ``ALL`` first, then every action present."""
    return [ALL, *audit.actions(con)]


def verification(con: Connection) -> tuple[bool, str]:
    """Whether every row of the chain verifies, and the sentence that says so (or where it broke and what to do)."""
    check = audit.verify(con)
    if check.ok:
        return True, f"Chain intact: all {check.rows} rows verify."
    return False, f"Chain BROKEN at row {check.first_broken_seq}: {check.reason}. Restore a backup and investigate."


@dataclass(frozen=True)
class Matching:
    rows: pl.DataFrame  # every matching row (what the downloads hold)
    count: str  # "12 matching rows"

    @property
    def shown(self) -> pl.DataFrame:
        return self.rows.head(SHOWN)


def matching(con: Connection, user: User, action: str = ALL, user_name: str = "", search: str = "",
             since: date | None = None, until: date | None = None) -> Matching:
    """The rows the filters select; blank text and ``ALL`` filter nothing, ``until`` includes its day."""
    rows = audit.entries(
        con, user, action=None if action == ALL else action, user_name=user_name.strip() or None,
        search=search.strip() or None, since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
    )
    return Matching(rows, f"{rows.height} matching rows")
