"""The one clock: naive UTC timestamps, as the database stores them.

Every module that stamps a row (snapshots, approvals, logins, the privacy ledger) reads the time here, so a
test or a future setting can reason about one definition instead of three copies.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def now_utc() -> datetime:
    """The current UTC time without tzinfo (DuckDB ``TIMESTAMP`` columns hold naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """The as-of date every default period and partial-month rule reads (``moat.metrics.periods``): the local date,
    or ``MOAT_AS_OF`` (YYYY-MM-DD) when set, so a run (a test, a re-printed report) can be pinned to its day."""
    pinned = os.environ.get("MOAT_AS_OF", "").strip()
    if pinned:
        from moat.errors import MoatError

        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise MoatError(f"MOAT_AS_OF {pinned!r} is not a date", "write it as YYYY-MM-DD or unset it") from None
    return date.today()
