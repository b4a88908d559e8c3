"""Owner-only files: one helper for every file MoatMetrics creates (database, WAL, logs, answer cache, keys, anchors).

Why: the database holds every client's revenue and the keys sign logins and the audit chain; created with the
usual umask (0644) they were readable by every account on the machine. ``restrict()`` sets the process umask to
owner-only (group-readable when the setting ``file_group`` names a group), so files created later by DuckDB,
diskcache or the log handler get it too; ``protect(path)`` fixes a file that already exists (an older install);
``write_private`` writes a file atomically with its mode set before it appears under its name.

Secrets are owner-only even with a group (``write_private(..., secret=True)``, ``ensure_secret``): the cookie key
signs logins (whoever reads it can mint an admin's cookie), the audit key signs the chain, and an API token *is*
an account. A group given read access to the data must not get a way to act as someone else.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

_state: dict[str, object] = {"group": None, "restricted": False}


def configure(group: str | None) -> None:
    """Use ``group`` (a group name; empty = none) for every file: mode 0640/0750 and that group instead of 0600/0700."""
    gid: int | None = None
    if group:
        try:
            import grp

            gid = grp.getgrnam(group).gr_gid
        except (ImportError, KeyError):
            from moat.errors import ConfigError

            raise ConfigError("file_group", f"there is no group {group!r} on this machine", "create it or leave the setting empty") from None
    _state["group"] = gid
    _state["restricted"] = False
    restrict()


def file_mode() -> int:
    return 0o640 if _state["group"] is not None else 0o600


def dir_mode() -> int:
    return 0o750 if _state["group"] is not None else 0o700


def restrict() -> None:
    """Set the process umask once: 077 (owner-only), or 027 with a configured group. Only ever tightens."""
    if _state["restricted"] or not hasattr(os, "umask"):
        return
    wanted = 0o027 if _state["group"] is not None else 0o077
    current = os.umask(wanted)
    os.umask(current | wanted)
    _state["restricted"] = True


def protect(path: str | Path, *, secret: bool = False) -> None:
    """Give an existing file (or folder) owner-only permissions (or the configured group's); others' files are left.

    ``secret``: owner-only (0600) whatever the group setting, and tightened from any group mode an older version gave.
    """
    target = Path(path)
    try:
        info = target.stat()
    except OSError:
        return
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return
    mode = 0o600 if secret else dir_mode() if stat.S_ISDIR(info.st_mode) else file_mode()
    try:
        gid = _state["group"]
        if isinstance(gid, int) and info.st_gid != gid and not secret:
            os.chown(target, -1, gid)
        if stat.S_IMODE(info.st_mode) != mode:
            os.chmod(target, mode)
    except OSError:
        pass  # a filesystem without permissions (FAT, some mounts): nothing more can be done


def protect_database(target: str | Path) -> None:
    """The database file and its WAL: called by ``moat.db.connect`` for local files."""
    restrict()
    path = Path(target)
    for item in (path, path.with_name(path.name + ".wal")):
        protect(item)


def write_private(path: str | Path, content: bytes, *, secret: bool = False) -> Path:
    """Write ``content`` at ``path`` atomically (temp file, fsync, rename) with owner-only mode from the start.

    ``secret``: 0600 even when the setting ``file_group`` gives the group read access to other files.
    """
    restrict()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, 0o600 if secret else file_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    protect(target, secret=secret)
    return target


def ensure_secret(path: str | Path, nbytes: int = 32) -> str:
    """A random secret (hex) kept at ``path``, created owner-only on first use; a racing creator's secret wins.

    Always 0600, also with ``file_group`` (a key that an older version left group-readable is tightened here).
    Why create-if-absent by hard link: two processes starting at once must end up with one key, never each
    signing with its own (cookies or audit rows that the other then rejects).
    """
    import secrets

    target = Path(path)
    try:
        found = target.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        found = ""
    if found:
        protect(target, secret=True)
        return found
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.new")
    write_private(tmp, secrets.token_bytes(nbytes).hex().encode("ascii") + b"\n", secret=True)
    try:
        os.link(tmp, target)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return target.read_text(encoding="ascii").strip()
