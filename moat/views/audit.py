"""The Audit trail page (admins): whether the hash chain verifies, and the rows matching the page's filters (every
matching row goes into the downloads; the page shows the first ``SHOWN``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from moat.db import Connection
from moat.errors import MoatError
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


NOT_RECORDED = ("Checked now, for this page only. To record a check (System's \"Last verification\", which other "
                "admins and auditors read), use Record this check.")


def record(con: Connection, user: User) -> str:
    """Verify and record the check (an audit row, what System shows as the last verification); the sentence to show.

    Viewing this page verifies the chain without recording it (a row per page view would drown the trail), and the
    System page then said "never recorded" right after this page said "intact".
    """
    check = audit.verify_and_record(con, user)
    if not check.ok:
        raise MoatError(f"the chain does not verify (row {check.first_broken_seq}: {check.reason}); nothing recorded",
                        "restore the database from a backup taken before that row")
    return f"Check recorded: all {check.rows} rows verify."


@dataclass(frozen=True)
class Matching:
    rows: pl.DataFrame  # every matching row (what the downloads hold)
    count: str  # "12 matching rows"

    @property
    def shown(self) -> pl.DataFrame:
        """The first rows as the table draws them: the audited action under "Action" in words ("Benchmark import"),
        the time under "When" (the shared header of ``action`` is Insights' "What to do", so the trail's actions were
        listed under "What to do", and ``ts`` read "Ts", h112)."""
        return self.rows.head(SHOWN).rename({"ts": "at", "action": "event"}, strict=False)


def matching(con: Connection, user: User, action: str = ALL, user_name: str = "", search: str = "",
             since: date | None = None, until: date | None = None) -> Matching:
    """The rows the filters select; blank text and ``ALL`` filter nothing, ``until`` includes its day."""
    rows = audit.entries(
        con, user, action=None if action == ALL else action, user_name=user_name.strip() or None,
        search=search.strip() or None, since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
    )
    return Matching(rows, f"{rows.height} matching rows")
