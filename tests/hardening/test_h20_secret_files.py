"""h20 (adversary): with the setting ``file_group``, the group could read the keys and the API token file.

``file_group`` is meant to give an OS group read access to the data (database, logs, cache). Before, the same 0640
applied to ``cookie.key`` (it signs the app's login cookies: whoever reads it mints an admin's cookie, an HS256 JWT
``{"username": "admin", ...}``, and is admin in the app), ``audit.key`` (it signs the audit chain) and the token
file `moat login` writes (a token *is* its account). A read-only group member became admin. Now secrets stay
0600 whatever the group setting, and keys or tokens an older version left 0640 are tightened when next used.
"""

from __future__ import annotations

import grp
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def group_configured():
    """The process's own group as ``file_group`` (any group works: the point is 0640 vs 0600)."""
    from moat import fileperms

    fileperms.configure(grp.getgrgid(os.getegid()).gr_name)
    try:
        yield
    finally:
        fileperms.configure(None)


def test_keys_and_token_stay_owner_only_with_a_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     group_configured: None) -> None:
    from moat import config, fileperms
    from moat.governance import audit, identity
    from moat.governance.cookie_signing import check_auth_config, cookie_key_path

    monkeypatch.setenv("MOAT_USERS_FILE", str(tmp_path / "data" / "users.yaml"))
    monkeypatch.setenv("MOAT_AUDIT_KEY_FILE", "")
    monkeypatch.setenv("MOAT_COOKIE_KEY", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    cfg = config.load(db_path=str(tmp_path / "data" / "moat.duckdb"))

    key = check_auth_config(cfg)
    assert len(key) == 64 and mode(cookie_key_path(cfg)) == 0o600
    audit.ensure_key(cfg)
    assert mode(audit.key_path(cfg)) == 0o600
    token_path = identity.save_token("moat:ada:" + "x" * 43)
    assert mode(token_path) == 0o600

    # the group setting still works for what it is for: other files get the group's read access
    other = fileperms.write_private(tmp_path / "data" / "anchor.json", b"{}")
    assert mode(other) == 0o640


def test_group_readable_secrets_from_an_older_version_are_tightened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     group_configured: None) -> None:
    from moat import config
    from moat.governance import audit, identity
    from moat.governance.cookie_signing import check_auth_config, cookie_key_path

    monkeypatch.setenv("MOAT_USERS_FILE", str(tmp_path / "data" / "users.yaml"))
    monkeypatch.setenv("MOAT_AUDIT_KEY_FILE", "")
    monkeypatch.setenv("MOAT_COOKIE_KEY", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    cfg = config.load(db_path=str(tmp_path / "data" / "moat.duckdb"))
    (tmp_path / "data").mkdir()
    (tmp_path / "xdg" / "moat").mkdir(parents=True)
    old = {cookie_key_path(cfg): "ab" * 32, audit.key_path(cfg): "cd" * 32,
           identity.token_file(): "moat:ada:" + "y" * 43}
    for path, text in old.items():
        path.write_text(text + "\n", encoding="ascii")
        os.chmod(path, 0o640)

    assert check_auth_config(cfg) == "ab" * 32  # the same key: existing cookies keep working
    assert audit.ensure_key(cfg) == bytes.fromhex("cd" * 32)
    assert identity.stored_token() == "moat:ada:" + "y" * 43
    assert {str(p.name): oct(mode(p)) for p in old} == {"cookie.key": "0o600", "audit.key": "0o600", "token": "0o600"}


def test_cli_with_file_group_keeps_the_audit_key_and_token_owner_only(tmp_path: Path) -> None:
    """The whole path: `moat demo`, `moat login` and `moat audit anchor` with MOAT_FILE_GROUP set."""
    data = tmp_path / "data"
    env = dict(os.environ, MOAT_DB_PATH=str(data / "moat.duckdb"), MOAT_USERS_FILE=str(data / "users.yaml"),
               MOAT_CACHE_DIR="", MOAT_LOG_FILE="", MOAT_AUDIT_KEY_FILE="", XDG_CONFIG_HOME=str(tmp_path / "xdg"),
               MOAT_FILE_GROUP=grp.getgrgid(os.getegid()).gr_name, MOAT_MODE="demo")
    env.pop("MOAT_TOKEN", None)
    code = "import os, sys; os.umask(0o022); from moat.cli import main; sys.exit(main(sys.argv[1:]))"

    def moat(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, *argv], env=env, input=stdin, capture_output=True,
                              text=True, timeout=300)

    assert moat("demo", "--end", "2026-10-31").returncode == 0
    signed = moat("login", "admin", "--password-stdin", stdin="admin\n")
    assert signed.returncode == 0, signed.stderr
    assert moat("audit", "anchor").returncode == 0
    assert mode(data / "audit.key") == 0o600
    assert mode(tmp_path / "xdg" / "moat" / "token") == 0o600
    assert mode(data / "moat.log.jsonl") == 0o640  # the data stays readable by the group, as configured


def _another_group() -> str | None:
    """A group this process may give files to other than its primary one (root: any), or None."""
    mine = os.getegid()
    candidates = [g.gr_gid for g in grp.getgrall()] if os.geteuid() == 0 else os.getgroups()
    other = next((gid for gid in candidates if gid != mine), None)
    return None if other is None else grp.getgrgid(other).gr_name


def test_a_new_database_gets_the_configured_group(tmp_path: Path) -> None:
    """The data is what ``file_group`` is for: a database created with it set was left in the owner's primary group,
    because its permissions were fixed before DuckDB created the file (h20 found it next to the key problem)."""
    from moat import db, fileperms

    group = _another_group()
    if group is None:
        pytest.skip("this account belongs to one group only")
    path = tmp_path / "new.duckdb"
    fileperms.configure(group)
    try:
        db.connect(path).close()
    finally:
        fileperms.configure(None)
    assert mode(path) == 0o640 and path.stat().st_gid == grp.getgrnam(group).gr_gid
