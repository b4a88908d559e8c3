"""Sign-in: lockout after 5 failures for 15 minutes (persisted, audited), sessions re-checked, logout, production key,
and the login cookie written until the browser reports it stored."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import jwt
import pytest
from streamlit.testing.v1 import AppTest

from moat import config
from moat.db import rows
from moat.governance import cookie_signing, login, passwords, users
from moat.governance.permissions import User
from tests.governance.gov_util import make_users


@pytest.fixture
def env(empty_con, app_env, tmp_path):
    app_env(tmp_path / "empty.duckdb")
    make_users(empty_con, ("ana", "analyst"), ("ada", "admin"))
    return config.load(), empty_con


def actions(con) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in rows(con, "SELECT user_name, action FROM audit_log WHERE action NOT LIKE 'user_add%' ORDER BY seq")]


def test_five_failures_lock_for_fifteen_minutes(env) -> None:
    cfg, con = env
    start = login.now_utc()
    for attempt in range(1, 5):
        assert login.record_failure(cfg, con, "ana", start) == login.LockState(attempt, None)
    locked = login.record_failure(cfg, con, "ana", start)
    assert locked == login.LockState(5, start + timedelta(minutes=15))
    assert login.credentials_for_login(cfg, con, start)["usernames"]["ana"]["failed_login_attempts"] == login.MAX_FAILURES
    assert login.credentials_for_login(cfg, con, start)["usernames"]["ada"]["failed_login_attempts"] == 0
    # While locked, further attempts are refused and audited, and the lock does not move.
    assert login.record_failure(cfg, con, "ana", start + timedelta(minutes=5)).locked_until == start + timedelta(minutes=15)
    assert login.state(con, "ana", start + timedelta(minutes=14, seconds=59)).locked(start + timedelta(minutes=14, seconds=59))
    later = start + timedelta(minutes=15, seconds=1)
    assert login.state(con, "ana", later) == login.LockState(0, None)
    assert login.credentials_for_login(cfg, con, later)["usernames"]["ana"]["failed_login_attempts"] == 0
    assert actions(con) == [("ana", "login_failed")] * 5 + [("ana", "account_locked"), ("ana", "login_refused_locked")]


def test_success_resets_the_count_and_unknown_names_are_audited(env) -> None:
    cfg, con = env
    for _ in range(3):
        login.record_failure(cfg, con, "ana")
    login.record_success(con, User("ana", "analyst"))
    assert login.state(con, "ana").failed_count == 0
    login.record_failure(cfg, con, "nobody")
    login.unlock(con, User("ada", "admin"), "ana")
    assert actions(con)[-3:] == [("ana", "login"), ("(unknown)", "login_failed"), ("ada", "user_unlock")]


def test_logout_revokes_every_cookie_issued_before_it(env) -> None:
    _, con = env
    ana = User("ana", "analyst")
    start = login.now_utc()
    issued = start.replace(tzinfo=UTC).timestamp()
    assert not login.cookie_revoked(con, "ana", issued)  # never logged out
    login.record_success(con, ana)
    login.record_logout(con, ana, start + timedelta(seconds=10))
    assert login.cookie_revoked(con, "ana", issued)  # issued before the logout: dead
    assert login.cookie_revoked(con, "ana", issued + 10)  # the same instant counts as before
    assert not login.cookie_revoked(con, "ana", issued + 11)  # signed in again afterwards: valid
    assert not login.cookie_revoked(con, "ada", issued)  # another user's logout changes nothing for ada
    assert login.state(con, "ana") == login.LockState(0, None)  # the lock bookkeeping is untouched
    # A token written by the library alone has no issue time: its expiry minus the cookie lifetime stands in.
    days = 30
    assert login.token_revoked(con, {"username": "Ana", "exp_date": issued + days * 86400}, days)
    assert not login.token_revoked(con, {"username": "ana", "exp_date": issued + 11 + days * 86400}, days)
    assert not login.token_revoked(con, {"username": "ana", "exp_date": 0, "issued": issued + 60}, days)
    assert actions(con)[-2:] == [("ana", "login"), ("ana", "logout")]


def login_script() -> None:
    import streamlit as st

    from moat.ui import auth

    user = auth.login()
    if user is not None:
        st.write(f"signed in: {user.name} ({user.role})")
        auth.require_page("view_results")


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [e.value for e in at.error] + [w.value for w in at.warning]


def test_app_login_lockout_and_audit(env) -> None:
    _, con = env
    at = AppTest.from_function(login_script, default_timeout=30).run()
    assert [t.label for t in at.text_input] == ["User name", "Password"]
    sign_in(at, "ana", "wrong-password")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    for _ in range(4):
        sign_in(at, "ana", "wrong-password")
    assert "locked until" in at.error[0].value
    sign_in(at, "ana", "ana-password")  # the right password no longer helps
    assert "locked until" in at.error[0].value and "moat_user" not in at.session_state
    sign_in(at, "ada", "ada-password")  # other accounts are unaffected
    assert "signed in: ada (admin)" in texts(at)
    assert actions(con) == [("ana", "login_failed")] * 5 + [("ana", "account_locked"), ("ana", "login_refused_locked"), ("ada", "login")]
    assert not at.exception


def test_disabled_user_session_ends_and_role_changes_apply(env) -> None:
    cfg, con = env
    at = sign_in(AppTest.from_function(login_script, default_timeout=30).run(), "ana", "ana-password")
    assert "signed in: ana (analyst)" in texts(at)
    users.set_role(cfg, con, User("ada", "admin"), "ana", "viewer")
    at.run()
    assert "signed in: ana (viewer)" in texts(at) and at.session_state["moat_user"] == {"name": "ana", "role": "viewer"}
    users.set_disabled(cfg, con, User("ada", "admin"), "ana", True)
    at.run()
    assert any("session has ended (account disabled)" in w.value for w in at.warning)
    assert "moat_user" not in at.session_state and [t.label for t in at.text_input] == ["User name", "Password"]
    sign_in(at, "ana", "ana-password")  # a disabled account cannot sign in again
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    assert not at.exception


def test_logout_clears_the_session(env) -> None:
    _, con = env
    at = sign_in(AppTest.from_function(login_script, default_timeout=30).run(), "ada", "ada-password")
    at.sidebar.button(key="moat_logout").click()
    at.run()
    assert [s.value for s in at.success] == ["You are signed out."]
    assert "moat_user" not in at.session_state and not at.session_state["authentication_status"]
    at.run()
    assert [t.label for t in at.text_input] == ["User name", "Password"]
    assert actions(con) == [("ada", "login"), ("ada", "logout")]
    assert not at.exception


def stateful_script() -> None:
    import streamlit as st

    from moat.ui import auth

    user = auth.login()
    if user is not None:
        st.write(f"signed in: {user.name} ({user.role})")
        st.session_state.setdefault("share_last_release", f"release chosen by {user.name}")
        st.text_input("Notes", key="page_notes")


def test_logout_forgets_all_page_state_and_the_next_login_starts_fresh(env) -> None:
    _, con = env
    at = sign_in(AppTest.from_function(stateful_script, default_timeout=30).run(), "ada", "ada-password")
    at.text_input(key="page_notes").input("ada's private note").run()
    assert at.session_state["share_last_release"] == "release chosen by ada"
    at.sidebar.button(key="moat_logout").click().run()
    assert [s.value for s in at.success] == ["You are signed out."]
    for key in ("moat_user", "share_last_release", "page_notes"):
        assert key not in at.session_state, key
    # the library's own flag stays: its cookie may not sign the session in again
    assert at.session_state["logout"] is True and not at.session_state["authentication_status"]
    at.run()
    assert "signed in" not in "\n".join(texts(at)) and [t.label for t in at.text_input] == ["User name", "Password"]

    sign_in(at, "ana", "ana-password")
    assert "signed in: ana (analyst)" in texts(at)
    assert at.session_state["moat_user"] == {"name": "ana", "role": "analyst"}
    assert at.session_state["share_last_release"] == "release chosen by ana"
    assert at.text_input(key="page_notes").value == ""
    assert actions(con) == [("ada", "login"), ("ada", "logout"), ("ana", "login")]
    assert not at.exception


def cookie_writers(at: AppTest) -> int:
    """How many components the sidebar draws (the login cookie writer is the only one there)."""
    return sum(type(element).__name__ == "UnknownElement" for element in at.sidebar)


def test_the_login_cookie_is_drawn_in_every_run_until_the_browser_has_stored_it(env) -> None:
    """The component that writes the cookie runs in the browser only while it is drawn: a user who moves on before
    it has loaded must not lose the cookie, so it is drawn again in each run until it reports the cookie set."""
    cfg, con = env
    at = sign_in(AppTest.from_function(login_script, default_timeout=30).run(), "ana", "ana-password")
    assert "signed in: ana (analyst)" in texts(at)
    pending = at.session_state["moat_auth_pending"]
    token = jwt.decode(pending["token"], cookie_signing.check_auth_config(cfg), algorithms=["HS256"])
    assert token["username"] == "ana" and token["exp_date"] == pending["expires"]
    assert not login.token_revoked(con, token, 1.0)
    assert cookie_writers(at) == 1
    at.run()  # the user moved on (another page, a rerun) before the browser reported: drawn again
    assert cookie_writers(at) == 1 and at.session_state["moat_auth_pending"] == pending
    at.session_state["moat_auth_cookie_set"] = True  # what the component reports once the browser stored it
    at.run()
    assert "moat_auth_pending" not in at.session_state
    at.run()
    assert cookie_writers(at) == 0 and "signed in: ana (analyst)" in texts(at)
    assert actions(con) == [("ana", "login")]  # one sign-in, audited once
    assert not at.exception


def test_logout_drops_a_cookie_not_yet_written_and_revokes_it(env) -> None:
    cfg, con = env
    at = sign_in(AppTest.from_function(login_script, default_timeout=30).run(), "ana", "ana-password")
    token = jwt.decode(at.session_state["moat_auth_pending"]["token"], cookie_signing.check_auth_config(cfg), algorithms=["HS256"])
    at.sidebar.button(key="moat_logout").click().run()
    assert [s.value for s in at.success] == ["You are signed out."]
    assert "moat_auth_pending" not in at.session_state and cookie_writers(at) == 0
    assert login.token_revoked(con, token, 1.0)  # had the browser stored it after all, it signs nobody in
    assert not at.exception


def test_production_mode_with_a_weak_key_refuses_to_start(app_env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app_env(tmp_path / "production.duckdb")
    monkeypatch.setenv("MOAT_MODE", "production")
    monkeypatch.setenv("MOAT_COOKIE_KEY", "x" * 32)  # long enough, but predictable
    at = AppTest.from_function(login_script, default_timeout=30).run()
    assert "refusing to start" in at.error[0].value and "MOAT_COOKIE_KEY" in at.error[0].value
    assert len(at.text_input) == 0
    assert not at.exception
    monkeypatch.delenv("MOAT_COOKIE_KEY")  # no key configured: the install's own generated key, the form appears
    app_env(tmp_path / "production-2.duckdb")  # (the app caches settings per database path)
    at = AppTest.from_function(login_script, default_timeout=30).run()
    assert len(at.error) == 0 and len(at.text_input) == 2
    assert not at.exception


def test_demo_mode_creates_demo_accounts_on_an_empty_store(app_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app_env(tmp_path / "fresh.duckdb")
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    at = AppTest.from_function(login_script, default_timeout=30).run()
    assert any("`admin` / `admin` (admin)" in c.value for c in at.caption)
    sign_in(at, "analyst", "analyst")
    assert "signed in: analyst (analyst)" in texts(at)
    assert not at.exception


def test_a_sign_in_that_collides_with_another_write_is_retried(env, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another session's audit row (an upload's commit) is committed while the sign-in's transaction is open: the
    sign-in loses the conflict on the chain's next row and is run again, instead of showing the user an error."""
    from moat.governance import audit

    cfg, con = env
    other, signing_in = con.cursor(), con.cursor()
    ana = User("ana", "analyst")
    other.execute("BEGIN TRANSACTION")
    audit.append(other, ana, "commit", "snapshot:1", {})
    real_append, attempts = audit.append, []

    def append_then_the_other_commits(c, *args, **kwargs):
        seq = real_append(c, *args, **kwargs)  # the real append; only its timing is arranged
        attempts.append(seq)
        if len(attempts) == 1:
            other.execute("COMMIT")  # the other session commits first and wins the row
        return seq

    monkeypatch.setattr(audit, "append", append_then_the_other_commits)
    login.record_success(signing_in, ana, via="cookie")
    assert len(attempts) == 2 and attempts[1] == attempts[0] + 1  # the second attempt took the next row
    assert actions(con)[-2:] == [("ana", "commit"), ("ana", "login")]
    assert audit.verify(con).ok
