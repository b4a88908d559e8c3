"""Accounts: names, who may act now, and the audited commands that add and change them (``moat users ...``, the
Users page). The file they live in is ``moat.governance.user_store``; passwords are ``moat.governance.passwords``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from moat.config import Config
from moat.db import Connection
from moat.governance.passwords import hash_password
from moat.governance.permissions import ROLES, User, require
from moat.governance.user_store import UserError, UserRecord, commit, editing, load, now

_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

# Demo-only accounts, created by `moat demo` (and by the app on an empty store) in demo mode only, flagged
# `demo: true` and refused in production mode (README "Demo users"). Their passwords are deliberately trivial
# (the role's name) and exempt from MIN_PASSWORD_LENGTH, which applies to real accounts.
DEMO_USERS: dict[str, tuple[str, str]] = {  # name -> (role, password)
    "viewer": ("viewer", "viewer"),
    "analyst": ("analyst", "analyst"),
    "admin": ("admin", "admin"),
}


def normalize_name(name: str) -> str:
    """Names are case-insensitive (the login widget lower-cases what is typed), so they are stored lower-case."""
    clean = str(name).strip().lower()
    if not _NAME.match(clean):
        raise UserError(
            f"invalid user name {name!r}",
            "use 2-64 characters: letters, digits, '.', '_', '-', '@', starting with a letter or digit",
        )
    return clean


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
        record = UserRecord(key, role, demo=demo, created_at=now(), password_hash=hashed)
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
    """Admins reset anyone's password; everyone may change their own.

    A new password ends what the old one opened (a reset is what follows a leak): the account's API token is
    revoked and every login cookie issued before now stops working, as after a logout (``sessions.end_sessions``);
    open app sessions end at their next action (``moat.ui.auth``). The user signs in again with the new password.
    """
    from moat.governance import sessions

    hashed = hash_password(password, rounds)  # slow on purpose: outside the lock
    with editing(cfg):
        store = load(cfg)
        record = _existing(store, name)
        if actor.name != record.name:
            require(actor, "manage_users")
        store[record.name] = replace(record, password_hash=hashed, token_hash="")
        commit(cfg, con, actor, store, "user_set_password", record.name,
               {"sessions_ended": True, "token_revoked": bool(record.token_hash)},
               also=lambda: sessions.end_sessions(con, record.name))


def ensure_demo_users(con: Connection, cfg: Config | None = None) -> list[str]:
    """Create the demo accounts (``DEMO_USERS``) that are missing; only in demo mode. Returns the names created.

    They are flagged ``demo: true`` so production mode refuses them even if the file is carried over.
    """
    from moat import config as config_mod
    from moat.governance.permissions import local_operator

    cfg = cfg or config_mod.current()  # h70: `moat --config FILE` reaches it
    if cfg.mode != "demo":
        return []
    with editing(cfg):
        store = load(cfg)
        created = []
        for name, (role, password) in DEMO_USERS.items():
            if name not in store:
                store[name] = UserRecord(name, role, demo=True, created_at=now(),
                                         password_hash=hash_password(password, check_length=False))
                created.append(name)
        if created:
            commit(cfg, con, local_operator("demo"), store, "user_add_demo", ",".join(created), {"users": created})
        return created
