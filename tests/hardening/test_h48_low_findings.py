"""h48 / h42's LOW findings F11, F12, F15, F17, each on the real CLI or the real connection."""

from __future__ import annotations

from pathlib import Path

import pytest

import moat
from moat import config, db
from moat.errors import MoatError
from moat.governance import identity, passwords, policies
from tests.governance.gov_util import make_users, run_cli, token_for

QUARTER = ("--from", "2026-08-01", "--to", "2026-10-31")


@pytest.fixture
def accounts(tmp_path: Path, app_env, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    path = app_env(demo_path)
    con = db.connect(path)
    try:
        make_users(con, ("vic", "viewer"), ("ana", "analyst"))
        tokens = {"vic": token_for(con, "vic"), "ana": token_for(con, "ana")}
    finally:
        con.close()
    return path, tokens


def test_f11_a_viewer_kept_to_aggregates_lists_no_aliases(accounts) -> None:
    path, tokens = accounts
    with moat.open(path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "false")
    added = run_cli("--db", str(path), "aliases", "add", "MDG", "Meridian Dental Group", "--kind", "client",
                    token=tokens["ana"])
    assert added.returncode == 0, added.stderr
    refused = run_cli("--db", str(path), "aliases", "list", token=tokens["vic"])
    assert refused.returncode != 0 and "Meridian" not in refused.stdout, refused.stdout
    shown = run_cli("--db", str(path), "aliases", "list", token=tokens["ana"])
    assert shown.returncode == 0 and "Meridian Dental Group" in shown.stdout


def test_f12_logout_revoke_revokes_the_token_in_effect(accounts) -> None:
    path, tokens = accounts
    assert run_cli("--db", str(path), "metrics", "summary", *QUARTER, token=tokens["vic"]).returncode == 0
    done = run_cli("--db", str(path), "logout", "--revoke", token=tokens["vic"])
    assert done.returncode == 0 and "revoked" in done.stdout and "local operator" not in done.stdout, done.stdout
    after = run_cli("--db", str(path), "metrics", "summary", *QUARTER, token=tokens["vic"])
    assert after.returncode == 2 and "not valid" in after.stderr


def test_f15_a_locked_account_and_an_unknown_name_get_the_same_answer(accounts) -> None:
    path, _tokens = accounts
    cfg = config.load()
    con = db.connect(path)
    try:
        answers = {}
        for name in ("ana", "nosuchuser"):
            for _ in range(6):
                with pytest.raises(MoatError) as refused:
                    identity.check_password(cfg, con, name, "wrong-password")
            answers[name] = str(refused.value).replace(repr(name), "NAME")
    finally:
        con.close()
    assert answers["ana"] == answers["nosuchuser"], answers


def test_f17_no_extension_is_downloaded_and_a_url_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MoatError, match="is a URL"):
        db.connect("https://example.invalid/x.duckdb")
    con = db.connect(tmp_path / "x.duckdb")
    try:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                    "('autoinstall_known_extensions', 'allow_community_extensions')").fetchall())
    finally:
        con.close()
    assert settings == {"autoinstall_known_extensions": "false", "allow_community_extensions": "false"}


def test_f4_a_read_only_session_does_not_check_passwords(accounts) -> None:
    """12 wrong passwords through ``moat.open(..., read_only=True)`` were neither counted nor audited, and the
    right one was then accepted: endless guessing. Now a read-only session refuses password sign-in (token only)."""
    path, tokens = accounts
    for password in ("wrong-1", "ana-password"):
        with pytest.raises(MoatError, match="read-only session cannot count"):
            moat.open(path, user="ana", password=password, read_only=True)
    with moat.open(path, token=tokens["ana"], read_only=True) as ana:  # a token still opens it
        assert ana.user.name == "ana"
    with moat.open(path, user="ana", password="ana-password") as ana:  # and a writable session takes the password
        assert ana.user.name == "ana"
