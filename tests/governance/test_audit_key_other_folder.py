"""A command run from another folder finds no audit key beside *its* users file (the default users file is relative
to the working folder): the write is refused, naming the key (h48), and ``verify`` says "signed with another audit
key" where a row signed with another key fails, so the alarm names its likely cause (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import db
from moat.db import scalar, transaction
from moat.governance import audit
from moat.governance.permissions import User

ADMIN = User("owner", "admin")


def _use(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The default set-up: no audit_key_file, so the key is ``audit.key`` beside the users file of this folder."""
    folder.mkdir(exist_ok=True)
    monkeypatch.delenv("MOAT_AUDIT_KEY_FILE", raising=False)
    monkeypatch.setenv("MOAT_USERS_FILE", str(folder / "users.yaml"))


def test_another_folder_is_refused_and_no_new_key_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """h48 / h42 F8: a command run from another folder finds no key beside *its* users file. It used to make one
    and sign with it (the chain then verified as "edited" for good); now the write is refused, naming the key's
    expected place, and nothing is written."""
    from moat.errors import MoatError

    first, other = tmp_path / "install", tmp_path / "elsewhere"
    _use(monkeypatch, first)
    con = db.connect(tmp_path / "m.duckdb")
    for i in range(2):
        with transaction(con):
            audit.append(con, ADMIN, "policy_set", f"policy:{i}", {})
    assert (first / "audit.key").exists() and audit.verify(con).ok

    _use(monkeypatch, other)
    with pytest.raises(MoatError, match="no audit key at") as refused, transaction(con):
        audit.append(con, ADMIN, "policy_set", "policy:from-elsewhere", {})
    assert str(other / "audit.key") in str(refused.value)
    assert not (other / "audit.key").exists() and scalar(con, "SELECT count(*) FROM audit_log") == 2

    _use(monkeypatch, first)
    assert audit.verify(con).ok
    con.close()


def test_verify_with_another_key_names_the_key_not_just_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, other = tmp_path / "install", tmp_path / "elsewhere"
    _use(monkeypatch, first)
    con = db.connect(tmp_path / "m.duckdb")
    with transaction(con):
        audit.append(con, ADMIN, "policy_set", "policy:a", {})
    _use(monkeypatch, other)
    audit.ensure_key()  # a key made there by hand, or by an older version
    result = audit.verify(con)
    assert not result.ok and result.first_broken_seq == 1
    assert "another audit key" in result.reason and str(other / "audit.key") in result.reason
    con.close()


def test_an_old_unkeyed_trail_still_gets_its_first_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Upgrading from a version without the key: the newest row is plain SHA-256, so a key may be made."""
    _use(monkeypatch, tmp_path / "install")
    con = db.connect(tmp_path / "m.duckdb")
    ts = "2026-01-02T03:04:05.000000"
    digest = audit._hash(audit.GENESIS, audit._canonical(1, ts, "old", "admin", "upload", "snapshot:1", "{}"))
    con.execute("INSERT INTO audit_log VALUES (1, ?, 'old', 'admin', 'upload', 'snapshot:1', '{}', ?, ?)",
                [ts, audit.GENESIS, digest])
    with transaction(con):
        audit.append(con, ADMIN, "policy_set", "policy:a", {})
    assert (tmp_path / "install" / "audit.key").exists() and audit.verify(con).ok
    con.close()
