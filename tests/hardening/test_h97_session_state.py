"""h97 F4: a browser session that ended without the Log out button kept the previous user's page state for the next
person to sign in in the same tab.

Logout drops every key of the session (chat history, page choices, widget values: ``auth._forget_everything``), so
whoever signs in next starts fresh. A session that ends otherwise (the account disabled, the password changed, a
logout in another browser) only dropped the sign-in keys: the login form came back, and when someone else signed in
there the pages read the previous user's state, among it the Ask page's history (an analyst's answers with client
rows, shown to a viewer kept to aggregates). Now signing in as another user than the one whose state the session
holds starts from fresh state; the same user signing in again keeps theirs.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from moat import config
from moat.governance import users
from moat.governance.permissions import User
from tests.governance.gov_util import make_users

BOSS = User("boss", "admin")


@pytest.fixture
def env(empty_con, app_env, tmp_path):
    app_env(tmp_path / "empty.duckdb")
    make_users(empty_con, ("ana", "analyst"), ("vic", "viewer"))
    return config.load(), empty_con


def ask_like_script() -> None:
    """A page keeping per-session state as the Ask page does (``ask_history``) and a widget of its own."""
    import streamlit as st

    from moat.ui import auth

    user = auth.login()
    if user is not None:
        st.write(f"signed in: {user.name} ({user.role})")
        st.session_state.setdefault("ask_history", [f"answer asked by {user.name}: Harbor Logistics 3,546.00"])
        st.text_input("Notes", key="page_notes")


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("end", ["disabled", "password"])
def test_the_next_user_after_an_ended_session_starts_fresh(env, end: str) -> None:
    cfg, con = env
    at = sign_in(AppTest.from_function(ask_like_script, default_timeout=30).run(), "ana", "ana-password")
    at.text_input(key="page_notes").input("ana's private note").run()
    assert at.session_state["ask_history"] == ["answer asked by ana: Harbor Logistics 3,546.00"]
    if end == "disabled":
        users.set_disabled(cfg, con, BOSS, "ana", True)
    else:
        at.session_state["moat_signed_in_at"] = at.session_state["moat_signed_in_at"] - 60  # signed in before it
        users.set_password(cfg, con, BOSS, "ana", "a-new-password-1", rounds=4)
    at.run()
    assert any("session has ended" in w.value for w in at.warning), [w.value for w in at.warning]

    sign_in(at, "vic", "vic-password")  # someone else at the same tab
    assert "signed in: vic (viewer)" in texts(at)
    assert at.session_state["ask_history"] == ["answer asked by vic: Harbor Logistics 3,546.00"]  # before: ana's
    assert at.text_input(key="page_notes").value == ""
    assert not at.exception


def test_the_same_user_signing_in_again_keeps_their_state(env) -> None:
    cfg, con = env
    at = sign_in(AppTest.from_function(ask_like_script, default_timeout=30).run(), "ana", "ana-password")
    at.session_state["moat_signed_in_at"] = at.session_state["moat_signed_in_at"] - 60
    users.set_password(cfg, con, BOSS, "ana", "a-new-password-1", rounds=4)
    at.run()
    sign_in(at, "ana", "a-new-password-1")
    assert "signed in: ana (analyst)" in texts(at)
    assert at.session_state["ask_history"] == ["answer asked by ana: Harbor Logistics 3,546.00"]
    assert not at.exception
