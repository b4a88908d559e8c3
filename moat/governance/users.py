"""The user store: names, bcrypt password hashes, roles and flags in a YAML file (setting ``users_file``).

Why a file and not the database: credentials must not travel with a database copy or a shared DuckDB service,
and the file is the format streamlit-authenticator reads (``credentials.usernames.<name>.password/roles``), so
the login widget uses exactly what ``moat users ...`` wrote. The file is replaced atomically (temp file in the
same folder + ``os.replace``) so a crash never leaves half a file, and it is created readable by its owner only.

Every change is audited: the audit row is appended inside a database transaction and the file is written before
that transaction commits, so a failed write leaves no audit row and a failed audit leaves the file untouched.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bcrypt
import yaml

from moat.config import Config
from moat.db import Connection, atomic
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import ROLES, User, require

BCRYPT_ROUNDS = 12
MIN_PASSWORD_LENGTH = 8
_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

# Demo-only accounts, created by `moat demo` (and by the app on an empty store) in demo mode only, flagged
# `demo: true` and refused in production mode (README "Demo users"). Their passwords are deliberately trivial
# (the role's name) and exempt from MIN_PASSWORD_LENGTH, which applies to real accounts.
DEMO_USERS: dict[str, tuple[str, str]] = {  # name -> (role, password)
    "viewer": ("viewer", "viewer"),
    "analyst": ("analyst", "analyst"),
    "admin": ("admin", "admin"),
}
# The key earlier versions shipped in this file for demo mode: public, so refused in every mode (never used to sign).
DEMO_COOKIE_KEY = "moat-demo-only-cookie-key-not-for-production"
_WEAK_KEYS = {"", "some_key", "changeme", "change-me", "secret", DEMO_COOKIE_KEY}
MIN_COOKIE_KEY_LENGTH = 32
MIN_COOKIE_KEY_BITS = 96  # estimated from the key's own character frequencies (32 identical characters: 0)


class UserError(MoatError):
    """A user-store request cannot be done (unknown name, bad password, last admin...)."""


@dataclass(frozen=True)
class UserRecord:
    """One account as stored (never carries the password hash out of this module except for login)."""

    name: str
    role: str
    disabled: bool = False
    demo: bool = False
    created_at: str = ""
    password_hash: str = ""
    token_hash: str = ""  # SHA-256 of the account's API token (moat.governance.identity); empty = none

    def as_user(self) -> User:
        return User(self.name, self.role)

    def public(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "disabled": self.disabled, "demo": self.demo, "created_at": self.created_at}


def path_of(cfg: Config) -> Path:
    return Path(cfg.users_file).expanduser()


def normalize_name(name: str) -> str:
    """Names are case-insensitive (the login widget lower-cases what is typed), so they are stored lower-case."""
    clean = str(name).strip().lower()
    if not _NAME.match(clean):
        raise UserError(
            f"invalid user name {name!r}",
            "use 2-64 characters: letters, digits, '.', '_', '-', '@', starting with a letter or digit",
        )
    return clean


def hash_password(password: str, rounds: int | None = None, *, check_length: bool = True) -> str:
    """bcrypt with ``BCRYPT_ROUNDS`` (read at call time, so tests may lower it) unless ``rounds`` is given."""
    if check_length and len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password too short ({len(password)} characters)", f"use at least {MIN_PASSWORD_LENGTH} characters")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds or BCRYPT_ROUNDS)).decode("ascii")


def check_password(record: UserRecord, password: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), record.password_hash.encode("ascii"))
    except ValueError:
        return False


# --- the file -------------------------------------------------------------------------------------------------

def load(cfg: Config) -> dict[str, UserRecord]:
    """All accounts by name (an absent file is an empty store: the first `moat users add` creates it)."""
    path = path_of(cfg)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise UserError(f"cannot read the users file {path}: {err}", "check the users_file setting and its permissions") from err
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        raise UserError(f"the users file {path} is not valid YAML: {err}", "restore it from a backup") from err
    entries = ((data.get("credentials") or {}).get("usernames")) or {}
    out: dict[str, UserRecord] = {}
    for name, entry in entries.items():
        roles = entry.get("roles") or []
        role = roles[0] if roles else "viewer"
        if role not in ROLES:
            raise UserError(f"user {name!r} in {path} has unknown role {role!r}", f"roles are {', '.join(ROLES)}")
        out[str(name).lower()] = UserRecord(
            name=str(name).lower(), role=role, disabled=bool(entry.get("disabled", False)), demo=bool(entry.get("demo", False)),
            created_at=str(entry.get("created_at", "")), password_hash=str(entry.get("password", "")),
            token_hash=str(entry.get("token_sha256", "") or ""),
        )
    return out


def save(cfg: Config, store: dict[str, UserRecord]) -> None:
    """Write the whole store atomically in streamlit-authenticator's credentials layout."""
    path = path_of(cfg)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "credentials": {
            "usernames": {
                r.name: {
                    "name": r.name, "password": r.password_hash, "roles": [r.role], "disabled": r.disabled,
                    "demo": r.demo, "created_at": r.created_at, **({"token_sha256": r.token_hash} if r.token_hash else {}),
                }
                for r in sorted(store.values(), key=lambda r: r.name)
            }
        }
    }
    text = "# MoatMetrics users: edit with `moat users ...` (bcrypt hashes; keep this file out of git)\n"
    text += yaml.safe_dump(data, sort_keys=True, allow_unicode=True)
    _replace(path, text.encode("utf-8"))


def _replace(path: Path, content: bytes) -> None:
    """Put ``content`` at ``path`` all at once (temp file, fsync, rename): a crash leaves the old file or the new."""
    fd, tmp = tempfile.mkstemp(prefix=".users-", suffix=".yaml.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- reading ----------------------------------------------------------------------------------------------------

def get(cfg: Config, name: str) -> UserRecord | None:
    return load(cfg).get(str(name).strip().lower())


def usable(cfg: Config, record: UserRecord | None) -> str | None:
    """Why ``record`` may not act now (None = it may): missing, disabled, or a demo account in production."""
    if record is None:
        return "unknown user"
    if record.disabled:
        return "account disabled"
    if record.demo and cfg.mode == "production":
        return "demo account refused in production mode"
    return None


def lookup(cfg: Config, name: str) -> User:
    """The ``User`` for ``name`` (used by the CLI's ``--user``); refuses unknown, disabled and demo-in-production."""
    record = get(cfg, name)
    problem = usable(cfg, record)
    if problem:
        raise UserError(f"cannot act as {name!r}: {problem}", "list accounts with `moat users list` (an admin can enable it)")
    assert record is not None
    return record.as_user()


def list_users(cfg: Config, user: User) -> list[dict[str, Any]]:
    require(user, "manage_users")
    return [r.public() for r in sorted(load(cfg).values(), key=lambda r: r.name)]


# --- changes (all audited) --------------------------------------------------------------------------------------

def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


@contextmanager
def editing(cfg: Config) -> Iterator[None]:
    """Hold the users file's lock from reading the store to writing it back.

    Two admins changing accounts at the same moment (two sessions, or the app and `moat users`) would otherwise
    each write back the store they read, and the later write would silently undo the earlier change.
    """
    lock_path = path_of(cfg).with_name(path_of(cfg).name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        try:
            import fcntl

            def lock(unlock: bool = False) -> None:
                fcntl.flock(handle, fcntl.LOCK_UN if unlock else fcntl.LOCK_EX)
        except ImportError:  # Windows
            import msvcrt

            def lock(unlock: bool = False) -> None:
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK if unlock else msvcrt.LK_LOCK, 1)
        lock()
        try:
            yield
        finally:
            lock(unlock=True)


def commit(cfg: Config, con: Connection, actor: User, store: dict[str, UserRecord], action: str, name: str,
            details: dict[str, Any]) -> None:
    def write() -> None:  # re-run whole on a conflict (even one found at COMMIT, after the file was written): the
        # file is written again with the same content and the audit row lands, so no change goes unaudited
        audit.append(con, actor, action, f"user:{name}", details)
        save(cfg, store)

    path = path_of(cfg)
    before = path.read_bytes() if path.exists() else None  # under the editing lock: nobody else changes it
    try:
        atomic(con, write)
    except BaseException:  # the audit row never landed (every retry lost, or the database failed): nor does the change
        _put_back(path, before)
        raise


def _put_back(path: Path, before: bytes | None) -> None:
    """Restore the users file to ``before`` (None: there was none)."""
    if before is None:
        path.unlink(missing_ok=True)
    else:
        _replace(path, before)


def _enabled_admins(store: dict[str, UserRecord]) -> set[str]:
    return {r.name for r in store.values() if r.role == "admin" and not r.disabled}


def _existing(store: dict[str, UserRecord], name: str) -> UserRecord:
    key = normalize_name(name)
    if key not in store:
        raise UserError(f"there is no user {name!r}", "list accounts with `moat users list`")
    return store[key]


def add(cfg: Config, con: Connection, actor: User, name: str, role: str, password: str, *, demo: bool = False,
        rounds: int | None = None) -> UserRecord:
    """Create an account. The first account should be an admin (`moat users add NAME --role admin`)."""
    require(actor, "manage_users")
    key = normalize_name(name)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}", f"roles are {', '.join(ROLES)}")
    hashed = hash_password(password, rounds)  # slow on purpose: outside the lock
    with editing(cfg):
        store = load(cfg)
        if key in store:
            raise UserError(f"user {key!r} already exists", "change it with `moat users set-role` / `enable` / `disable`")
        record = UserRecord(key, role, demo=demo, created_at=_now(), password_hash=hashed)
        store[key] = record
        commit(cfg, con, actor, store, "user_add", key, {"role": role, "demo": demo})
        return record


def set_role(cfg: Config, con: Connection, actor: User, name: str, role: str) -> UserRecord:
    require(actor, "manage_users")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}", f"roles are {', '.join(ROLES)}")
    with editing(cfg):
        store = load(cfg)
        record = _existing(store, name)
        if record.role == role:
            return record
        if record.role == "admin" and _enabled_admins(store) == {record.name}:
            raise UserError(f"{record.name} is the last enabled admin", "make another user admin first")
        store[record.name] = replace(record, role=role)
        commit(cfg, con, actor, store, "user_set_role", record.name, {"from": record.role, "to": role})
        return store[record.name]


def set_disabled(cfg: Config, con: Connection, actor: User, name: str, disabled: bool) -> UserRecord:
    """Disable or enable an account. A disabled user's open sessions stop at their next action (moat.ui.auth)."""
    require(actor, "manage_users")
    with editing(cfg):
        store = load(cfg)
        record = _existing(store, name)
        if record.disabled == disabled:
            return record
        if disabled and record.role == "admin" and _enabled_admins(store) == {record.name}:
            raise UserError(f"{record.name} is the last enabled admin", "make another user admin first")
        store[record.name] = replace(record, disabled=disabled)
        commit(cfg, con, actor, store, "user_disable" if disabled else "user_enable", record.name, {})
        return store[record.name]


def set_password(cfg: Config, con: Connection, actor: User, name: str, password: str, *, rounds: int | None = None) -> None:
    """Admins reset anyone's password; everyone may change their own."""
    hashed = hash_password(password, rounds)  # slow on purpose: outside the lock
    with editing(cfg):
        store = load(cfg)
        record = _existing(store, name)
        if actor.name != record.name:
            require(actor, "manage_users")
        store[record.name] = replace(record, password_hash=hashed)
        commit(cfg, con, actor, store, "user_set_password", record.name, {})


def cookie_key_path(cfg: Config) -> Path:
    """The install's own cookie key: ``cookie.key`` beside the users file (owner-only, created on first start)."""
    return path_of(cfg).with_name("cookie.key")


def key_bits(key: str) -> float:
    """Entropy estimate of ``key`` in bits: its length times the Shannon entropy of its character frequencies."""
    import math
    from collections import Counter

    if not key:
        return 0.0
    counts = Counter(key)
    per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return per_char * len(key)


def check_auth_config(cfg: Config) -> str:
    """The cookie signing key to use.

    No key in the source: without a configured ``cookie_key`` every install generates its own random key on first
    start (``cookie_key_path``, owner-only). A configured key that earlier versions shipped is refused in every
    mode; production mode also refuses a short or low-entropy one (e.g. 32 identical characters).
    """
    key = str(cfg.cookie_key or "")
    hint = (f"leave cookie_key empty (each install then generates its own), or set MOAT_COOKIE_KEY / cookie_key to "
            f"{MIN_COOKIE_KEY_LENGTH}+ random characters, e.g. `python -c \"import secrets; print(secrets.token_urlsafe(32))\"`")
    if key and key in _WEAK_KEYS:
        raise UserError("the configured cookie_key is a published default (anyone could sign login cookies); refusing to start", hint)
    if key and cfg.mode == "production" and (len(key) < MIN_COOKIE_KEY_LENGTH or key_bits(key) < MIN_COOKIE_KEY_BITS):
        raise UserError("production mode needs a secret cookie_key: the configured one is too short or too predictable; "
                        "refusing to start", hint)
    if key:
        return key
    from moat.fileperms import ensure_secret

    return ensure_secret(cookie_key_path(cfg))


def ensure_demo_users(con: Connection, cfg: Config | None = None) -> list[str]:
    """Create the demo accounts (``DEMO_USERS``) that are missing; only in demo mode. Returns the names created.

    They are flagged ``demo: true`` so production mode refuses them even if the file is carried over.
    """
    from moat import config as config_mod
    from moat.governance.permissions import local_operator

    cfg = cfg or config_mod.load()
    if cfg.mode != "demo":
        return []
    with editing(cfg):
        store = load(cfg)
        created = []
        for name, (role, password) in DEMO_USERS.items():
            if name not in store:
                store[name] = UserRecord(name, role, demo=True, created_at=_now(),
                                         password_hash=hash_password(password, check_length=False))
                created.append(name)
        if created:
            commit(cfg, con, local_operator("demo"), store, "user_add_demo", ",".join(created), {"users": created})
        return created
