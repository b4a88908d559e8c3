"""h20 (adversary): a password reset left everything the old password had opened working.

After a leak the admin resets the account's password (`moat users set-password ann`). Before, the attacker kept:
the API token they had made with `moat login ann` (tokens never expire), their login cookie (a day), and their
open app session. Now a new password revokes the token, kills every cookie issued before it (as a logout does)
and ends open app sessions at their next action; the reset is one audit row that says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from moat import config, db
from moat.errors import MoatError
from moat.governance import identity, login, users
from moat.governance.permissions import User
from tests.helpers import ROOT, ensure_user, run_page

ADMIN = User("ada", "admin")


def test_a_new_password_revokes_the_token_and_older_cookies(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    cfg = config.load()
    con = db.connect(demo_path)
    try:
        users.add(cfg, con, ADMIN, "ann", "analyst", "old-password-1", rounds=4)
        token = identity.create_token(cfg, con, User("ann", "analyst"), "ann")
        assert identity.verify_token(cfg, token).name == "ann"
        cookie = {"username": "ann", "exp_date": time.time() + 86400, "issued": time.time() - 60}
        assert not login.token_revoked(con, cookie, 1)

        users.set_password(cfg, con, ADMIN, "ann", "new-password-2", rounds=4)

        with pytest.raises(MoatError, match="not valid"):
            identity.verify_token(cfg, token)
        assert login.token_revoked(con, cookie, 1)
        fresh = {"username": "ann", "exp_date": time.time() + 86400, "issued": time.time() + 1}
        assert not login.token_revoked(con, fresh, 1)  # a sign-in with the new password works
        row = db.one(con, "SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert row[0] == "user_set_password" and "sessions_ended" in str(row[1])
    finally:
        con.close()


def test_an_open_app_session_ends_after_a_password_reset(demo_path: Path, app_env) -> None:
    from streamlit.testing.v1 import AppTest

    app_env(demo_path)
    key = ensure_user("ann", "analyst")
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    at.session_state["moat_user"] = {"name": key, "role": "analyst"}
    at.session_state["moat_signed_in_at"] = time.time() - 60  # what moat.ui.auth records at sign-in
    at.run()
    assert not at.exception and at.metric, "signed in: the page draws its tiles"

    con = db.connect(demo_path)
    try:
        users.set_password(config.load(), con, ADMIN, "ann", "new-password-2", rounds=4)
    finally:
        con.close()
    at.run()
    assert not at.metric, "the attacker's open session no longer reads the data"
    assert any("session has ended" in w.value for w in at.warning), [w.value for w in at.warning]

    # a session signed in after the reset goes on
    later = run_page("overview.py", "analyst", name="ann")
    later.session_state["moat_signed_in_at"] = time.time() + 1
    later.run()
    assert later.metric and not later.exception


def test_cli_token_stops_working_after_the_admin_resets_the_password(demo_path: Path, app_env, tmp_path: Path) -> None:
    app_env(demo_path)
    env = dict(os.environ)
    code = "import sys; from moat.cli import main; sys.exit(main(sys.argv[1:]))"

    def moat(*argv: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, "--db", str(demo_path), *argv], env={**env, **extra},
                              input=stdin, capture_output=True, text=True, timeout=300)

    assert moat("users", "add", "ann", "--role", "analyst", "--password-stdin", stdin="old-password-1\n").returncode == 0
    signed = moat("login", "ann", "--password-stdin", stdin="old-password-1\n")
    assert signed.returncode == 0, signed.stderr
    assert moat("metrics", "summary", "--from", "2026-08-01", "--to", "2026-10-31").returncode == 0  # acts as ann with the kept token
    reset = moat("users", "set-password", "ann", "--password-stdin", stdin="new-password-2\n",
                 XDG_CONFIG_HOME=str(tmp_path / "admin-xdg"))  # the operator, not ann's token
    assert reset.returncode == 0, reset.stderr
    after = moat("metrics", "summary", "--from", "2026-08-01", "--to", "2026-10-31")
    assert after.returncode == 2 and "not valid" in after.stderr, (after.returncode, after.stderr)
    assert "sign in again" in reset.stdout  # the admin is told what the reset ended
