"""A command run from another folder finds no audit key beside *its* users file: it must not sign the trail with a
new key (every later ``verify`` would then call the trail edited); it refuses, changes nothing, and says what to set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import db
from moat.db import scalar, transaction
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User

ADMIN = User("owner", "admin")


def _use(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The default set-up: no audit_key_file, so the key is ``audit.key`` beside the users file of this folder."""
    folder.mkdir(exist_ok=True)
    monkeypatch.delenv("MOAT_AUDIT_KEY_FILE", raising=False)
    monkeypatch.setenv("MOAT_USERS_FILE", str(folder / "users.yaml"))


def test_another_folder_refuses_to_sign_with_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, other = tmp_path / "install", tmp_path / "elsewhere"
    _use(monkeypatch, first)
    con = db.connect(tmp_path / "m.duckdb")
    for i in range(2):
        with transaction(con):
            audit.append(con, ADMIN, "policy_set", f"policy:{i}", {})
    assert (first / "audit.key").exists() and audit.verify(con).ok

    _use(monkeypatch, other)
    with pytest.raises(MoatError) as caught, transaction(con):
        con.execute("INSERT INTO audit_log SELECT * FROM audit_log WHERE false")  # the caller's own action
        audit.append(con, ADMIN, "policy_set", "policy:from-elsewhere", {})
    assert str(other / "audit.key") in str(caught.value) and "audit_key_file" in caught.value.hint
    assert not (other / "audit.key").exists()  # no second key was made
    assert scalar(con, "SELECT count(*) FROM audit_log") == 2  # nothing written

    _use(monkeypatch, first)  # from the right folder the trail is intact and goes on
    assert audit.verify(con).ok
    with transaction(con):
        audit.append(con, ADMIN, "policy_set", "policy:2", {})
    assert audit.verify(con).ok and scalar(con, "SELECT count(*) FROM audit_log") == 3
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
