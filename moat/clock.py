"""The one clock: naive UTC timestamps, as the database stores them.

Every module that stamps a row (snapshots, approvals, logins, the privacy ledger) reads the time here, so a
test or a future setting can reason about one definition instead of three copies.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now_utc() -> datetime:
    """The current UTC time without tzinfo (DuckDB ``TIMESTAMP`` columns hold naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
