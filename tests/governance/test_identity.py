"""Identity that cannot be typed (issue 18, point 3): the CLI and facade act as the OS operator or a proven account."""

from __future__ import annotations

import inspect
import stat
from pathlib import Path

import pytest

from moat import config, db
from moat.db import rows, scalar
from moat.governance import identity, passwords, users
from moat.governance.permissions import User
from tests.governance.gov_util import add_result, make_users, run_cli, token_for


@pytest.fixture
def path(tmp_path: Path, app_env, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    target = app_env(tmp_path / "id.duckdb")
    con = db.connect(target)
    make_users(con, ("admin", "admin"), ("ana", "analyst"))
    con.close()
    return target


def test_a_typed_name_cannot_approve_the_operators_own_request(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reproduction: the operator raised a request; `--user admin` used to approve it and record `admin`."""
    con = db.connect(path)
    result_id = add_result(con)
    con.close()
    me = "os:" + identity.os_login()
    raised = run_cli("approvals", "request", str(result_id), "--reason", "price increase")
    assert raised.returncode == 0
    claimed = run_cli("--user", "admin", "approvals", "approve", "1")
    assert claimed.returncode == 2
    assert "needs that account's credential" in claimed.stderr and "moat login admin" in claimed.stderr
    monkeypatch.setenv("USER", "admin")  # the environment does not name the operator either
    monkeypatch.setenv("LOGNAME", "admin")
    own = run_cli("approvals", "approve", "1")
    assert own.returncode == 1 and "four-eyes" in own.stderr
    other_os = run_cli("--user", "os:someone-else", "approvals", "approve", "1")
    assert other_os.returncode == 2
    con = db.connect(path)
    assert scalar(con, "SELECT status FROM approvals WHERE approval_id = 1") == "pending_review"
    assert rows(con, "SELECT user_name FROM audit_log WHERE action = 'approval_request'") == [(me,)]
    assert scalar(con, "SELECT count(*) FROM audit_log WHERE action = 'approval_decision'") == 0
    admin = token_for(con, "admin")
    con.close()
    decided = run_cli("approvals", "approve", "1", token=admin)  # another person, proven by their token
    assert decided.returncode == 0
    con = db.connect(path)
    assert rows(con, "SELECT decided_by FROM approvals") == [("admin",)]
    con.close()


def test_login_keeps_an_owner_only_token_and_logout_revokes_it(path: Path) -> None:
    wrong = run_cli("login", "ana", "--password-stdin", stdin="not-her-password\n")
    assert wrong.returncode == 2 and identity.stored_token() is None
    ok = run_cli("login", "ana", "--password-stdin", stdin="ana-password\n")
    assert ok.returncode == 0, ok.stderr
    kept = identity.token_file()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    token = identity.stored_token()
    assert token is not None and token.startswith("moat:ana:")
    assert "token_sha256" in Path(config.load().users_file).read_text() and token not in Path(config.load().users_file).read_text()
    who = run_cli("approvals", "approve", "1")  # the kept token acts: ana may not approve
    assert who.returncode == 1 and "ana (analyst) may not approve" in who.stderr
    out = run_cli("logout", "--revoke")
    assert out.returncode == 0 and not kept.exists()
    replay = run_cli("approvals", "list", token=token)
    assert replay.returncode == 2 and "not valid" in replay.stderr
    con = db.connect(path)
    assert [r[0] for r in rows(con, "SELECT action FROM audit_log WHERE object = 'user:ana' ORDER BY seq")] == [
        "user_add", "login_failed", "token_issue", "token_revoke"]
    con.close()


def test_resolve_contract(path: Path) -> None:
    """The signature colleagues call, and each branch: operator, token, password, name alone, mismatched name."""
    params = inspect.signature(identity.resolve).parameters
    assert list(params)[:4] == ["con", "user_name", "token", "password"]
    assert all(params[p].kind is inspect.Parameter.KEYWORD_ONLY for p in ("user_name", "token", "password"))
    con = db.connect(path)
    cfg = config.load()
    operator = identity.resolve(con, user_name=None, token=None, password=None)
    assert operator == User("os:" + identity.os_login(), "admin")
    assert identity.resolve(con, user_name=None, token=None, password=None, cfg=cfg.with_(operator_role="viewer")).role == "viewer"
    token = identity.create_token(cfg, con, operator, "ana")
    assert identity.resolve(con, user_name=None, token=token, password=None) == User("ana", "analyst")
    assert identity.resolve(con, user_name="ana", token=None, password="ana-password") == User("ana", "analyst")
    with pytest.raises(identity.CredentialRequired):
        identity.resolve(con, user_name="ana", token=None, password=None)
    with pytest.raises(identity.CredentialRequired):
        identity.resolve(con, user_name="admin", token=token, password=None)
    with pytest.raises(identity.CredentialRequired):
        identity.resolve(con, user_name=None, token=token[:-2] + "xx", password=None)
    users.set_disabled(cfg, con, operator, "ana", True)
    with pytest.raises(identity.CredentialRequired, match="disabled"):
        identity.resolve(con, user_name=None, token=token, password=None)
    con.close()
