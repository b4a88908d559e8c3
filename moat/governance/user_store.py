"""The accounts file: one record per account (name, role, flags, bcrypt hash) in a YAML file (setting ``users_file``).

Why a file and not the database: credentials must not travel with a database copy or a shared DuckDB service,
and the file is the format streamlit-authenticator reads (``credentials.usernames.<name>.password/roles``), so
the login widget uses exactly what ``moat users ...`` wrote. The file is replaced atomically (temp file in the
same folder + ``os.replace``) so a crash never leaves half a file, and it is created readable by its owner only.

Every change is audited (``commit``): the audit row is appended inside a database transaction and the file is
written before that transaction commits, so a failed write leaves no audit row and a failed audit leaves the file
untouched. Writers hold the file's lock (``editing``) from reading the store to writing it back.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from moat.config import Config
from moat.db import Connection, atomic
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import ROLES, User


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
    token_issued_by: str = ""  # who minted that token (the account itself, or an admin for a scheduled job)

    def as_user(self) -> User:
        return User(self.name, self.role)

    def public(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "disabled": self.disabled, "demo": self.demo, "created_at": self.created_at}


def path_of(cfg: Config) -> Path:
    return cfg.file_path("users_file", "users.yaml")  # beside the database by default, never the working folder


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
            token_issued_by=str(entry.get("token_issued_by", "") or ""),
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
                    **({"token_issued_by": r.token_issued_by} if r.token_hash and r.token_issued_by else {}),
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


def now() -> str:
    """The time a record was created, as the file stores it (UTC, seconds, no zone)."""
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
            details: dict[str, Any], also: Callable[[], None] | None = None) -> None:
    """Save ``store`` with its audit row in one transaction; ``also`` writes more rows in that transaction."""
    def write() -> None:  # re-run whole on a conflict (even one found at COMMIT, after the file was written): the
        # file is written again with the same content and the audit row lands, so no change goes unaudited
        audit.append(con, actor, action, f"user:{name}", details)
        if also is not None:
            also()
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
