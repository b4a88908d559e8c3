"""``ask_rate_per_minute`` counted in the database, so every process on one database shares it (h42 F13).

The in-process window (``engine.LIMITER``) started empty in every ``moat ask`` run and in each app server, so a
user got N x the limit a minute. The audit trail already records every question (action ``ask``, the user, the
time and whether the answer came from the cache), in the database every process shares; so the limit counts
those rows: the user's questions of the last 60 seconds that were computed (not cache hits), not refused and not
routed to a page ("why ...", "what should we do ..."), as the window counted them. A question still being computed in another process is not in the count
until its row is written; the in-process window still covers a batch's parallel threads.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from moat import db

WINDOW_S = 60.0

_RECENT = (
    "SELECT ts FROM audit_log WHERE action = 'ask' AND user_name = ? AND ts > ? "
    "AND coalesce(details->>'cached', 'false') = 'false' AND coalesce(details->>'refused', 'false') = 'false' "
    "AND coalesce(object, '') NOT LIKE 'route.%' "  # "why ..." / "what should we do ...": not rate-limited before either
    "ORDER BY ts"
)


def wait_needed(con: db.Connection, user: str, per_minute: int, now: datetime | None = None) -> float | None:
    """Seconds until ``user`` may ask a computed question again, or None when the last minute has room.

    ``now`` is naive UTC like the audit rows' ``ts`` (``moat.governance.audit.append``).
    """
    now = now or datetime.now(UTC).replace(tzinfo=None)
    seen = [row[0] for row in db.rows(con, _RECENT, [user, now - timedelta(seconds=WINDOW_S)])]
    if len(seen) < per_minute:
        return None
    freeing = seen[len(seen) - per_minute]  # once this row is a minute old, the window has room again
    return max(0.1, WINDOW_S - (now - freeing).total_seconds())
