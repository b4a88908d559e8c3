"""Sign-in bookkeeping shared by the login widget and tests: lockout, audited successes and failures.

The password check itself is streamlit-authenticator's (bcrypt) in the app; this module decides who may try
(``credentials_for_login`` leaves out disabled accounts, demo accounts in production, and marks locked ones),
and records the outcome. Lock state lives in the database (``login_state``, migration 003) rather than in the
session, so a lock holds across browser tabs, restarts and app servers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from moat.clock import now_utc  # re-exported: callers import it from here too
from moat.config import Config
from moat.db import Connection, atomic, one, retry_conflicts, rows, transaction
from moat.governance import audit, sessions, user_store, users
from moat.governance.permissions import User

MAX_FAILURES = 5
LOCK_MINUTES = 15
# Who the audit row names when the typed user name matches no account (the role is the least privileged one).
ANONYMOUS = User("(unknown)", "viewer")


@dataclass(frozen=True)
class LockState:
    failed_count: int
    locked_until: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def state(con: Connection, name: str, now: datetime | None = None) -> LockState:
    """Consecutive failures and lock; an expired lock counts as zero failures (the 15 minutes are served)."""
    now = now or now_utc()
    row = one(con, "SELECT failed_count, locked_until FROM login_state WHERE user_name = ?", [name])
    if row is None:
        return LockState(0, None)
    count, until = row
    if until is not None and until <= now:
        return LockState(0, None)
    return LockState(int(count), until)


def credentials_for_login(cfg: Config, con: Connection, now: datetime | None = None) -> dict[str, Any]:
    """The credentials dict for ``stauth.Authenticate`` (built fresh each run, so changes apply at once).

    Disabled accounts and demo accounts in production are left out (they cannot sign in, and a cookie naming
    them is refused). Locked accounts carry ``failed_login_attempts = MAX_FAILURES`` so the library refuses
    them before checking the password (``max_login_attempts=MAX_FAILURES``).
    """
    now = now or now_utc()
    entries: dict[str, Any] = {}
    for record in user_store.load(cfg).values():
        if users.usable(cfg, record):
            continue
        lock = state(con, record.name, now)
        entries[record.name] = {
            "name": record.name,
            "password": record.password_hash,
            "roles": [record.role],
            "failed_login_attempts": MAX_FAILURES if lock.locked(now) else 0,
        }
    return {"usernames": entries}


def record_success(con: Connection, user: User, via: str = "password") -> None:
    """Reset the failure count and audit the sign-in. Retried when another session's write (an upload's audit
    row, most often) wins the conflict: a sign-in must not fail because someone else committed at that moment."""

    def write() -> None:
        with transaction(con):
            con.execute(
                "INSERT INTO login_state (user_name, failed_count, last_login_at) VALUES (?, 0, ?) "
                "ON CONFLICT (user_name) DO UPDATE SET failed_count = 0, locked_until = NULL, last_login_at = excluded.last_login_at",
                [user.name, now_utc()],
            )
            audit.append(con, user, "login", f"user:{user.name}", {"via": via})

    retry_conflicts(write)


def record_logout(con: Connection, user: User, now: datetime | None = None) -> None:
    """Audit the logout and remember when it happened: every cookie issued to this user before it is dead."""
    at = now or now_utc()

    def write() -> None:
        with transaction(con):
            sessions.end_sessions(con, user.name, at)
            audit.append(con, user, "logout", f"user:{user.name}", {})

    retry_conflicts(write)


def cookie_revoked(con: Connection, name: str, issued_at: float) -> bool:
    """True when ``name`` logged out at or after ``issued_at`` (a Unix time): that cookie may not sign in.

    Logging out deletes the cookie in the browser too, but that is a best effort (a component that must run
    before the next rerun); this check is what makes logout hold, in every browser the user signed in from.
    """
    row = one(con, "SELECT last_logout_at FROM login_state WHERE user_name = ?", [name])
    if row is None or row[0] is None:
        return False
    return issued_at <= row[0].replace(tzinfo=UTC).timestamp()


def token_revoked(con: Connection, token: dict[str, Any], cookie_days: float) -> bool:
    """``cookie_revoked`` for a decoded cookie token. Ours carry ``issued``; a token written by the library
    alone carries only its expiry, which is the issue time plus ``cookie_days``."""
    issued = token.get("issued")
    if issued is None:
        issued = float(token.get("exp_date", 0)) - cookie_days * 86400
    return cookie_revoked(con, users.normalize_name(str(token.get("username", ""))), float(issued))


def record_failure(cfg: Config, con: Connection, name: str | None, now: datetime | None = None) -> LockState:
    """Count one failed sign-in for ``name`` (None/unknown: audited as "(unknown)"); lock at ``MAX_FAILURES``."""
    now = now or now_utc()
    record = users.get(cfg, name) if name else None
    if record is None:
        def unknown() -> None:
            with transaction(con):
                audit.append(con, ANONYMOUS, "login_failed", "user:?", {"reason": "unknown user or wrong password"})

        retry_conflicts(unknown)
        return LockState(0, None)

    def write() -> LockState:  # the count is read inside the retried transaction: a lost race re-reads it
        with transaction(con):
            current = state(con, record.name, now)
            if current.locked(now):
                audit.append(con, record.as_user(), "login_refused_locked", f"user:{record.name}",
                             {"locked_until": current.locked_until.isoformat()})
                return current
            count = current.failed_count + 1
            until = now + timedelta(minutes=LOCK_MINUTES) if count >= MAX_FAILURES else None
            con.execute(
                "INSERT INTO login_state (user_name, failed_count, last_failed_at, locked_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (user_name) DO UPDATE SET failed_count = excluded.failed_count, "
                "last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until",
                [record.name, count, now, until],
            )
            audit.append(con, record.as_user(), "login_failed", f"user:{record.name}", {"failed_count": count})
            if until is not None:
                audit.append(con, record.as_user(), "account_locked", f"user:{record.name}",
                             {"failed_count": count, "locked_until": until.isoformat(), "minutes": LOCK_MINUTES})
            return LockState(count, until)

    return retry_conflicts(write)


def unlock(con: Connection, actor: User, name: str) -> None:
    """An admin lifts a lock before the 15 minutes are over (audited)."""
    from moat.governance.permissions import require

    require(actor, "manage_users")
    key = users.normalize_name(name)

    def write() -> None:  # retried: a sign-in failure or any audited change committing meanwhile wins the chain
        con.execute("UPDATE login_state SET failed_count = 0, locked_until = NULL WHERE user_name = ?", [key])
        audit.append(con, actor, "user_unlock", f"user:{key}", {})

    atomic(con, write)


def lock_table(con: Connection) -> dict[str, LockState]:
    """Lock state of every account that has one (for `moat users list` and the Users page)."""
    now = now_utc()
    out = {}
    for name, count, until in rows(con, "SELECT user_name, failed_count, locked_until FROM login_state"):
        out[name] = LockState(0, None) if until is not None and until <= now else LockState(int(count), until)
    return out
