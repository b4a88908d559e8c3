"""Ending an account's sign-ins on the server: every login cookie issued up to a moment stops working.

Why its own module: a logout (``login``) and a new password (``users``) both end sessions, and ``login`` already
reads ``users``; the one statement both need lives here so neither imports the other for it.
"""

from __future__ import annotations

from datetime import datetime

from moat.clock import now_utc
from moat.db import Connection


def end_sessions(con: Connection, name: str, at: datetime | None = None) -> None:
    """Every login cookie of ``name`` issued up to ``at`` (now) stops working, and open app sessions signed in
    before it end (``login.cookie_revoked``, checked by ``moat.ui.auth``). Runs inside the caller's transaction,
    whose audit row says why (logout, password change)."""
    con.execute(
        "INSERT INTO login_state (user_name, failed_count, last_logout_at) VALUES (?, 0, ?) "
        "ON CONFLICT (user_name) DO UPDATE SET last_logout_at = excluded.last_logout_at",
        [name, at or now_utc()],
    )
