"""Who is acting, for every path that is not the app's login form: the CLI, the Python facade, a data service.

Why this module: a name that can be typed is not an identity. Before, ``moat --user admin ...`` believed any name,
so four-eyes and attribution fell to a flag. Now there are exactly two ways to act:

- **The local operator**, when no credential is given: the OS account running the process (read from the
  kernel's effective uid, never from ``$USER``, which anyone can set), recorded as ``os:<login>``. It owns the
  database files, so it may do anything the files allow; the setting ``operator_role`` says which role it has
  (``admin`` by default, so README commands and scheduled jobs keep working). ``os:`` names cannot be account
  names (``:`` is not allowed in those), so the operator can never pass for an account.
- **A MoatMetrics account**, only with that account's credential: its password, or its API token (``moat login``
  issues one, kept owner-only; ``MOAT_TOKEN`` passes one). A token carries its account's name, and only the
  token's SHA-256 is stored (in the users file, beside the password hash), so the users file never holds a
  usable token.

``resolve`` is the one entry point (the CLI, ``moat.open`` and colleague services call it with the same
signature); four-eyes then holds on every path because every path names its actor by a proven identity.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import replace
from pathlib import Path

from moat import config as config_mod
from moat.config import Config
from moat.db import Connection
from moat.errors import MoatError
from moat.governance import passwords, user_store, users
from moat.governance.permissions import ROLES, User

TOKEN_PREFIX = "moat"
TOKEN_ENV = "MOAT_TOKEN"
OPERATOR_PREFIX = "os:"


class CredentialRequired(MoatError):
    """Acting as an account was asked for without (or with a wrong) credential; exit 2 like a wrong command line."""

    exit_code = 2


# --- the operator -------------------------------------------------------------------------------------------

def os_login() -> str:
    """The effective OS account's name (from the uid, not the environment: ``USER=bob`` must not make you bob)."""
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is None:  # Windows: no uid; the login name is the best there is
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no login name in some containers
            return "local"
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):  # a container uid without a passwd entry
        return f"uid{uid}"


def _db_file(con: Connection) -> Path | None:
    try:
        found = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    except Exception:  # older DuckDB or a service connection: no local file to own
        return None
    if not found or not found[0][0]:
        return None
    path = Path(found[0][0])
    return path if path.exists() else None


def operator(con: Connection | None = None, cfg: Config | None = None) -> User:
    """The local operator: ``os:<login>`` with the role of setting ``operator_role``.

    Refused when the database is a local file owned by another OS account (and we are not root): then the person
    at the keyboard is not the one who owns the data, and must sign in as an account.
    """
    cfg = cfg or config_mod.current()  # h70: `moat --config FILE` reaches it
    role = str(getattr(cfg, "operator_role", "admin") or "admin")
    if role not in ROLES:
        raise MoatError(f"operator_role {role!r} is not a role", f"use one of {', '.join(ROLES)}")
    if con is not None and hasattr(os, "geteuid"):
        path = _db_file(con)
        uid = os.geteuid()
        if path is not None and uid != 0 and path.stat().st_uid != uid:
            raise CredentialRequired(
                f"the OS account {os_login()} does not own the database {path}, so it cannot act as the local operator",
                "sign in as a MoatMetrics account: `moat login NAME` (or set MOAT_TOKEN) and pass `--user NAME`",
            )
    return User(OPERATOR_PREFIX + os_login(), role)


def is_operator(user: User) -> bool:
    return user.name.startswith(OPERATOR_PREFIX)


# --- tokens -------------------------------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_name(token: str) -> str | None:
    """The account a token names (not verified: ``verify_token`` does that), None when it is malformed."""
    split = _split(token)
    return split[0] if split else None


def _split(token: str) -> tuple[str, str] | None:
    parts = str(token).strip().split(":")
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[2]:
        return None
    return parts[1], parts[2]


def create_token(cfg: Config, con: Connection, actor: User, name: str) -> str:
    """Issue a new API token for account ``name`` (replacing its previous one) and return it; audited.

    Only the account itself (proven by the caller, e.g. ``moat login`` after the password) or an admin may issue
    one. The token is ``moat:<name>:<secret>``; the users file keeps its SHA-256 only.
    """
    key = users.normalize_name(name)
    if actor.name != key:
        from moat.governance.permissions import require

        require(actor, "manage_users")
    token = f"{TOKEN_PREFIX}:{key}:{secrets.token_urlsafe(32)}"
    with user_store.editing(cfg):
        store = user_store.load(cfg)
        record = store.get(key)
        problem = users.usable(cfg, record)
        if problem:
            raise user_store.UserError(f"cannot issue a token for {name!r}: {problem}", "list accounts with `moat users list`")
        assert record is not None
        if actor.name != key and record.role == "admin":
            raise user_store.UserError(
                f"{actor.name} may not obtain a token for admin {key!r}: holding another admin's credential would let "
                "one person decide their own approvals as two (four-eyes)",
                f"{key} signs in with `moat login {key}` (their own password)")
        store[key] = replace(record, token_hash=_digest(token), token_issued_by=actor.name)
        user_store.commit(cfg, con, actor, store, "token_issue", key, {"issued_by": actor.name})
    return token


def revoke_token(cfg: Config, con: Connection, actor: User, name: str) -> None:
    """Forget ``name``'s token (``moat logout --revoke``, or an admin); audited."""
    key = users.normalize_name(name)
    if actor.name != key:
        from moat.governance.permissions import require

        require(actor, "manage_users")
    with user_store.editing(cfg):
        store = user_store.load(cfg)
        record = store.get(key)
        if record is None or not record.token_hash:
            return
        store[key] = replace(record, token_hash="", token_issued_by="")
        user_store.commit(cfg, con, actor, store, "token_revoke", key, {})


def verify_token(cfg: Config, token: str) -> User:
    """The account a token proves; refuses malformed, unknown, replaced, disabled and demo-in-production."""
    split = _split(token)
    if split is None:
        raise CredentialRequired("the API token is malformed", "get a new one with `moat login NAME`")
    name, _secret = split
    record = users.get(cfg, name)
    problem = users.usable(cfg, record)
    if problem:
        raise CredentialRequired(f"the API token names {name!r}: {problem}", "ask an admin, then `moat login NAME` again")
    assert record is not None
    if not record.token_hash or not hmac.compare_digest(record.token_hash, _digest(token)):
        raise CredentialRequired(f"the API token for {name!r} is not valid (revoked or replaced)",
                                 "get a new one with `moat login NAME`")
    return record.as_user()


# --- four-eyes: two people, not two names ----------------------------------------------------------------------

def second_person_problem(cfg: Config, decider: User, requested_by: str | None, created_by: str | None) -> str | None:
    """Why ``decider`` is not a second person for a request of ``requested_by`` about a result of ``created_by``
    (None when they are). Names alone are not enough (h42 F5):

    - the local operator (``os:<login>``) is whoever holds the server's OS account, usually the admin who installed
      it: while any usable admin account exists, decisions need a signed-in account;
    - a requester or creator acting with an API token that ``decider`` minted is ``decider`` (an admin's
      `moat users token NAME` for a scheduled job is fine, deciding what that job requested is not).
    """
    store = user_store.load(cfg)
    if is_operator(decider) and any(r.role == "admin" and not users.usable(cfg, r) for r in store.values()):
        return (f"the local operator ({decider.name}) is whoever holds this OS account, often the requester too; "
                "with admin accounts set up, sign in as an admin who did not make the request")
    for name in {n for n in (requested_by, created_by) if n}:
        record = store.get(str(name).lower())
        if record is not None and record.token_hash and record.token_issued_by == decider.name != record.name:
            return f"{name}'s API token was issued by {decider.name}, so {decider.name} may have made this request"
    return None


# --- the client's token file -----------------------------------------------------------------------------------

def token_file() -> Path:
    """Where `moat login` keeps the token of this OS account: ``$XDG_CONFIG_HOME/moat/token`` (owner-only)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "moat" / "token"


def save_token(token: str) -> Path:
    from moat.fileperms import write_private

    path = token_file()
    write_private(path, (token + "\n").encode("utf-8"), secret=True)  # a token is an account: never the group's
    return path


def stored_token() -> str | None:
    from moat.fileperms import protect

    path = token_file()
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    protect(path, secret=True)  # a token file an older version left group-readable (file_group) is tightened
    return text or None


# --- resolve ------------------------------------------------------------------------------------------------

def check_password(cfg: Config, con: Connection | None, name: str, password: str) -> User:
    """An account proven by its password, with the app's lockout (5 failures lock 15 minutes) and audit."""
    from moat.governance import login

    # One answer for an unknown name, a wrong password and a locked account (h42 F15): which names exist, or that
    # one is locked, is not told to whoever guesses.
    refused = CredentialRequired(
        f"cannot act as {name!r}: unknown user or wrong password, or the account is locked after failed sign-ins",
        f"check the name and password (or use an API token from `moat login`); after {login.MAX_FAILURES} failed "
        f"sign-ins an account is locked for {login.LOCK_MINUTES} minutes (an admin can `moat users unlock` it)")
    if con is not None and _read_only(con):  # h42 F4: failures it cannot count would allow endless guessing
        raise CredentialRequired(
            "a read-only session cannot count failed sign-ins, so it does not check passwords",
            "sign in with an API token (`moat login NAME` once, then MOAT_TOKEN or moat.open(..., token=...)), or "
            "open the database writable")
    record = users.get(cfg, name)
    lock = login.state(con, record.name) if record is not None and con is not None else None
    if record is not None and lock is not None and lock.locked(login.now_utc()):
        raise refused
    if record is None or users.usable(cfg, record) or not passwords.check_password(record, password):
        try:
            if con is not None:
                login.record_failure(cfg, con, name)
        except Exception:  # a read-only connection cannot count it; the refusal stands
            pass
        raise refused
    return record.as_user()


def _read_only(con: Connection) -> bool:
    """Whether ``con`` was opened read-only (a sign-in failure could not be recorded through it)."""
    try:
        found = con.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    except Exception:  # a service connection or an older DuckDB: it is not a local read-only file
        return False
    return bool(found and found[0][0])


def resolve(con: Connection | None, *, user_name: str | None, token: str | None, password: str | None,
            cfg: Config | None = None) -> User:
    """The proven acting user.

    - ``token`` given: the account it proves (``user_name``, if also given, must be that account);
    - ``user_name`` and ``password``: that account, if the password is right (lockout and audit apply);
    - ``user_name`` alone: refused (``CredentialRequired``, exit 2), because a name is not a credential;
    - nothing: the local operator (``operator``).
    """
    cfg = cfg or config_mod.current()  # h70: `moat --config FILE` reaches it
    if token:
        user = verify_token(cfg, token)
        if user_name and users.normalize_name(user_name) != user.name:
            raise CredentialRequired(f"the API token is for {user.name!r}, not {user_name!r}",
                                     f"drop --user, or `moat login {user_name}` for a token of that account")
        return user
    if user_name:
        if str(user_name).startswith(OPERATOR_PREFIX):
            me = operator(con, cfg)
            if user_name == me.name:
                return me
            raise CredentialRequired(f"{user_name!r} is another OS account's operator name",
                                     "act as yourself (leave --user out) or sign in as a MoatMetrics account")
        if password is not None:
            return check_password(cfg, con, user_name, password)
        raise CredentialRequired(
            f"acting as {user_name!r} needs that account's credential",
            f"run `moat login {user_name}` once (it keeps an API token for this OS account), set MOAT_TOKEN, or run "
            "the command in a terminal to be asked for the password; without --user you act as the local operator",
        )
    return operator(con, cfg)

