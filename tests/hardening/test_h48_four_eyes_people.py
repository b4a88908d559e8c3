"""h48 / h42 F5: four-eyes passed by one person acting under two names.

(a) An admin requested as the account ``admin`` and approved as the local operator ``os:<login>`` from the same
shell; (b) an admin minted an API token for colleague admin ``ann`` (`moat users token ann`) and approved as ann.
Now the operator may not decide while admin accounts exist, nobody obtains another admin's token, and a decider
who minted the requester's token is refused. The legitimate flows hold: a second admin signed in as herself
decides, and an admin still issues a token for an analyst's scheduled job.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import config, db
from moat.governance import approvals, identity, passwords
from moat.governance.approvals import FourEyesViolation
from moat.governance.permissions import User
from moat.governance.user_store import UserError
from tests.governance.gov_util import add_result, make_users, run_cli


@pytest.fixture
def path(tmp_path: Path, app_env, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    target = app_env(tmp_path / "four.duckdb")
    con = db.connect(target)
    make_users(con, ("admin", "admin"), ("ann", "admin"), ("bob", "analyst"))
    con.close()
    return target


def _own_token(con, name: str, role: str) -> str:
    """The token `moat login NAME` issues after the password: the account issues its own."""
    return identity.create_token(config.load(), con, User(name, role), name)


def test_the_operator_cannot_approve_the_admin_accounts_request(path: Path) -> None:
    con = db.connect(path)
    result_id = add_result(con)
    admin, ann = _own_token(con, "admin", "admin"), _own_token(con, "ann", "admin")
    con.close()
    asked = run_cli("--db", str(path), "approvals", "request", str(result_id), "--reason", "price rise", token=admin)
    assert asked.returncode == 0, asked.stderr
    alone = run_cli("--db", str(path), "approvals", "approve", "1", "--comment", "fine")  # no credential: os:<login>
    assert alone.returncode != 0 and "local operator" in alone.stderr, (alone.stdout, alone.stderr)
    con = db.connect(path)
    assert con.execute("SELECT status FROM approvals WHERE approval_id = 1").fetchone()[0] == "pending_review"
    con.close()
    second = run_cli("--db", str(path), "approvals", "approve", "1", "--comment", "checked", token=ann)
    assert second.returncode == 0, second.stderr
    con = db.connect(path)
    assert con.execute("SELECT status, decided_by FROM approvals WHERE approval_id = 1").fetchone() == ("approved", "ann")
    con.close()


def test_an_admin_cannot_obtain_a_colleague_admins_token(path: Path) -> None:
    con = db.connect(path)
    try:
        with pytest.raises(UserError, match="may not obtain a token for admin 'ann'"):
            identity.create_token(config.load(), con, User("admin", "admin"), "ann")
        minted = run_cli("--db", str(path), "users", "token", "ann", token=_own_token(con, "admin", "admin"))
    finally:
        con.close()
    assert minted.returncode != 0 and "moat:ann:" not in minted.stdout


def test_a_decider_who_minted_the_requesters_token_is_refused(path: Path) -> None:
    con = db.connect(path)
    try:
        result_id = add_result(con)
        job = identity.create_token(config.load(), con, User("admin", "admin"), "bob")  # a scheduled job's token: allowed
        bob = identity.resolve(con, user_name=None, token=job, password=None)
        approval_id = approvals.request(con, bob, result_id, "board pack")
        with pytest.raises(FourEyesViolation, match="issued by admin"):
            approvals.decide(con, User("admin", "admin"), approval_id, "approve")
        assert approvals.decide(con, User("ann", "admin"), approval_id, "approve") == "approved"
        audit = con.execute("SELECT CAST(details AS VARCHAR) FROM audit_log WHERE action = 'token_issue' "
                            "ORDER BY seq DESC LIMIT 1").fetchone()[0]
        assert '"issued_by": "admin"' in audit
    finally:
        con.close()
