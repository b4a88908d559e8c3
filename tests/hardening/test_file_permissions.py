"""Issue 18, point 12: the database, its WAL, the JSON log, the answer cache, keys and anchors are owner-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")


def moat(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    """A fresh process with the usual umask 022, so nothing inherited from the test process helps."""
    code = "import os, sys; os.umask(0o022); from moat.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True, timeout=300)


def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in sorted(root.rglob("*")) if not p.is_symlink()}


def test_everything_moat_creates_is_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, MOAT_DB_PATH=str(data / "moat.duckdb"), MOAT_USERS_FILE=str(data / "users.yaml"),
               MOAT_CACHE_DIR="", MOAT_LOG_FILE="", MOAT_AUDIT_KEY_FILE="", XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    env.pop("MOAT_TOKEN", None)
    assert moat(env, "demo", "--end", "2026-10-31").returncode == 0
    asked = moat(env, "ask", "What was our revenue last quarter?", "--format", "json")
    assert asked.returncode == 0, asked.stderr
    assert moat(env, "audit", "anchor").returncode == 0
    found = modes(data)
    expected = {"moat.duckdb", "moat.log.jsonl", "audit.key", "cache"}
    assert expected <= set(found), found
    assert any(name.startswith("audit-anchors/") for name in found), found
    assert any(name.startswith("cache/") for name in found), found
    loose = {name: oct(mode) for name, mode in found.items() if mode & 0o077}
    assert loose == {}, loose  # nothing readable or writable by the group or others


def test_an_older_world_readable_database_is_tightened_on_open(tmp_path: Path) -> None:
    from moat import db

    path = tmp_path / "old.duckdb"
    db.connect(path).close()
    os.chmod(path, 0o644)
    db.connect(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_configured_group_gets_read_access(tmp_path: Path) -> None:
    import grp

    from moat import fileperms

    group = grp.getgrgid(os.getegid()).gr_name
    target = tmp_path / "secret"
    try:
        fileperms.configure(group)
        fileperms.write_private(target, b"x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.stat().st_gid == os.getegid()
    finally:
        fileperms.configure(None)
    fileperms.protect(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
