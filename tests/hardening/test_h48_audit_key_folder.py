"""h48 / h42 F8: a write run from another working folder created a new ``audit.key`` there and signed with it,
leaving the chain "BROKEN" for good. Now a database whose audit trail is already signed refuses the write when
the key is not where the settings say, naming that place; no second key is ever made. (h55: the default key now
lives beside the database, so a plain run from another folder finds it; the refusal is shown with a setting that
points elsewhere, as a moat.yaml of another install would.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import db
from moat.governance import audit
from tests.governance.gov_util import run_cli


def test_a_write_from_another_folder_is_refused_and_the_chain_stays_intact(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    install, other = tmp_path / "install", tmp_path / "othercwd"
    install.mkdir()
    other.mkdir()
    database = tmp_path / "x.duckdb"
    for name in ("MOAT_AUDIT_KEY_FILE", "MOAT_USERS_FILE", "MOAT_TOKEN", "MOAT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(install)
    monkeypatch.setenv("MOAT_AUDIT_KEY_FILE", str(install / "data" / "audit.key"))
    first = run_cli("--db", str(database), "policy", "set", "review_confidence", "0.8")
    assert first.returncode == 0, first.stderr
    assert (install / "data" / "audit.key").exists()

    monkeypatch.chdir(other)
    monkeypatch.setenv("MOAT_AUDIT_KEY_FILE", str(other / "data" / "audit.key"))  # settings pointing elsewhere
    refused = run_cli("--db", str(database), "policy", "set", "review_confidence", "0.71")
    assert refused.returncode != 0
    assert str(other / "data" / "audit.key") in refused.stderr and "nothing was written" in refused.stderr
    assert not (other / "data" / "audit.key").exists()  # never a second key

    monkeypatch.chdir(install)
    monkeypatch.setenv("MOAT_AUDIT_KEY_FILE", str(install / "data" / "audit.key"))
    con = db.connect(database)
    try:
        assert audit.verify(con).ok
        assert db.scalar(con, "SELECT CAST(value AS VARCHAR) FROM policies WHERE key = 'review_confidence'") == "0.8"
    finally:
        con.close()
