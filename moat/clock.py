"""The one clock: naive UTC timestamps, as the database stores them.

Every module that stamps a row (snapshots, approvals, logins, the privacy ledger) reads the time here, so a
test or a future setting can reason about one definition instead of three copies.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

# The as-of date one question is asked on (`moat ask --as-of`): while it is set, ``today`` is that day, so whether a
# month "has ended" (coverage, whole quarters, partial months) is judged as of the question's date, not the machine's
# (h119 lead: asked as of 2029-01-03, "revenue by quarter for 2028" left Q4 2028 out as not yet ended, because the
# machine's date was 2026; asked as of a past day, a month still running then counted as whole).
_ASKED_ON: ContextVar[date | None] = ContextVar("moat_asked_on", default=None)


def now_utc() -> datetime:
    """The current UTC time without tzinfo (DuckDB ``TIMESTAMP`` columns hold naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """The as-of date every default period and partial-month rule reads (``moat.metrics.periods``): the local date,
    or ``MOAT_AS_OF`` (YYYY-MM-DD) when set, so a run (a test, a re-printed report) can be pinned to its day; inside
    ``asked_on`` (one question's as-of date) that day."""
    asked = _ASKED_ON.get()
    if asked is not None:
        return asked
    pinned = os.environ.get("MOAT_AS_OF", "").strip()
    if pinned:
        from moat.errors import MoatError

        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise MoatError(f"MOAT_AS_OF {pinned!r} is not a date", "write it as YYYY-MM-DD or unset it") from None
    return date.today()


@contextmanager
def asked_on(day: date | None) -> Iterator[None]:
    """``today`` is ``day`` inside the block (this thread / context only; None leaves the clock as it is)."""
    token = _ASKED_ON.set(day) if day is not None else None
    try:
        yield
    finally:
        if token is not None:
            _ASKED_ON.reset(token)
