"""Sign-in for the app: streamlit-authenticator's login form and cookie, our user store, lockout and audit.

Contract other code relies on:
- ``login()`` draws the login form when needed and returns the signed-in ``User`` or None (app.py stops then);
- ``current_user()`` returns the signed-in ``User`` (pages call it, then ``require_page(action)``);
- the signed-in user lives in ``st.session_state["moat_user"]`` as {"name": ..., "role": ...}.

Every run re-reads the user store (``moat.governance.users``): a disabled or deleted account's session ends at
its next action, and a role change applies at once. streamlit-authenticator gets a credentials dict built fresh
each run (never the file path, because the library rewrites its file in place on every login and we want the
file written only atomically by ``user_store.save``); locked accounts get a password hash nothing matches, so the
library's own failed-attempt bookkeeping tells us which account failed, and ``moat.governance.login`` persists
and audits it. How the library and its cookie are driven (credentials, the re-authentication cookie read, refused,
issued and written) lives in ``moat.ui.authenticator``; this module is the sign-in flow and the pages' gate.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit_authenticator.utilities import LoginError

from moat.errors import MoatError
from moat.governance import login as login_mod
from moat.governance import user_store, users
from moat.governance.cookie_signing import check_auth_config
from moat.governance.permissions import User, require
from moat.ui import authenticator as library
from moat.ui import flash, state

SESSION_KEY = "moat_user"
SINCE_KEY = "moat_signed_in_at"  # when this session signed in (Unix time): see ``_session_user``
OWNER_KEY = "moat_state_owner"  # whose page state (chat history, choices) this browser session holds


def _clear_session() -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(SINCE_KEY, None)
    st.session_state.pop(library.COOKIE_PENDING_KEY, None)
    for key in library.LIBRARY_KEYS:
        if key in st.session_state:
            st.session_state[key] = None


# Kept on logout: the library's "logged out" flag (while True its cookie cannot sign this session in again) and
# the state of its cookie component (keys "init", "delete", "set", "get_all"), whose delete is in flight.
_KEEP_ON_LOGOUT = frozenset({"logout", "init", "delete", "set", "get_all"})


def _forget_page_state() -> None:
    """Drop every key of this browser session but the sign-in library's (page choices, chat history, widgets)."""
    for key in list(st.session_state.keys()):
        if key not in _KEEP_ON_LOGOUT and key not in library.LIBRARY_KEYS:
            del st.session_state[key]


def _forget_everything() -> None:
    """Logout: drop every key of this browser session (page choices, chat history, widget values), so whoever
    signs in next in the same tab starts from fresh state and sees nothing of the previous user's."""
    _forget_page_state()
    _clear_session()


def _session_user() -> tuple[User | None, str | None]:
    """The signed-in user re-checked against the store, or (None, why the session ended)."""
    data = st.session_state.get(SESSION_KEY)
    if not data:
        return None, None
    cfg = state.settings()
    record = users.get(cfg, data.get("name", ""))
    problem = users.usable(cfg, record)
    if problem:
        _clear_session()
        return None, f"Your session has ended ({problem}). Ask an admin if this is unexpected."
    assert record is not None
    since = st.session_state.get(SINCE_KEY)
    if since is not None and login_mod.cookie_revoked(state.connection(), record.name, float(since)):
        _clear_session()  # logged out elsewhere, or the password was changed (perhaps because it leaked)
        return None, "Your session has ended (signed out elsewhere, or the password was changed). Sign in again."
    if data.get("role") != record.role or data.get("name") != record.name:
        st.session_state[SESSION_KEY] = {"name": record.name, "role": record.role}
    return record.as_user(), None


def _demo_hint() -> None:
    cfg = state.settings()
    if cfg.mode != "demo":
        return
    store = user_store.load(cfg)
    demo = [f"`{name}` / `{password}` ({role})" for name, (role, password) in users.DEMO_USERS.items()
            if name in store and store[name].demo]
    if demo:
        st.caption("Demo accounts (demo mode only): " + ", ".join(demo))


def _sidebar(user: User) -> bool:
    """Who is signed in, and the Log out button; True when it was pressed."""
    st.sidebar.caption(f"Signed in as `{user.name}` ({user.role})")
    return st.sidebar.button("Log out", key="moat_logout")


def login() -> User | None:
    """Return the signed-in user, or draw the login form and return None. Production without a key refuses."""
    cfg = state.settings()
    try:
        cookie_key = check_auth_config(cfg)
    except MoatError as err:
        flash.say("error", err)
        st.stop()
    user, ended = _session_user()
    if user is not None and not _sidebar(user):
        library.write_cookie(user)
        return user
    con = state.connection()
    if cfg.mode == "demo" and not user_store.load(cfg):
        users.ensure_demo_users(con, cfg)  # a fresh demo install can be tried at once (accounts shown below the form)
    if user is None:
        remembered = library.cookie_user(con, cookie_key)
        if remembered is not None:
            return _signed_in(con, remembered, via="cookie")
    if st.session_state.get("authentication_status") is False:
        st.session_state["authentication_status"] = None  # so a failure below is this run's failure
    creds = library.credentials(con)
    authenticator = library.authenticator(creds, cookie_key)
    if user is not None:  # the Log out button was pressed
        login_mod.record_logout(con, user)
        if st.session_state.get("authentication_status"):
            authenticator.logout(location="unrendered")
        _forget_everything()
        st.success("You are signed out.")
    if ended:
        st.warning(ended)
    library.refuse_revoked_cookie(con, authenticator)

    submitted: list[bool] = []
    box = st.empty()
    with box.container():
        try:
            authenticator.login(
                location="main", key="moat_login", callback=lambda _info: submitted.append(True),
                fields={"Form name": "Sign in to MoatMetrics", "Username": "User name", "Password": "Password", "Login": "Sign in"},
            )
        except LoginError:  # a cookie naming an account that may no longer sign in
            authenticator.cookie_controller.delete_cookie()
            _clear_session()
        _demo_hint()

    failed = [name for name, entry in creds["usernames"].items() if entry.get("failed_login_attempts", 0) > 0]
    if st.session_state.get("authentication_status") and st.session_state.get("username"):
        record = users.get(cfg, st.session_state["username"])
        if users.usable(cfg, record) is None and record is not None:
            box.empty()
            if submitted:
                library.issue_cookie(authenticator)
            return _signed_in(con, record.as_user(), via="password" if submitted else "cookie")
        _clear_session()
    elif st.session_state.get("authentication_status") is False:
        lock = login_mod.record_failure(cfg, con, failed[0] if failed else None)
        if lock.locked_until is not None:
            st.error(
                f"Too many failed sign-ins: this account is locked until {lock.locked_until:%H:%M} UTC "
                f"({login_mod.LOCK_MINUTES} minutes after the {login_mod.MAX_FAILURES}th failure)."
            )
        else:
            st.error("Wrong user name or password.")
    _signed_out_navigation()
    return None


def _signed_in(con: Any, user: User, via: str) -> User:
    """Audit the sign-in, keep the user in the session and draw the sidebar (and the pending cookie's writer)."""
    login_mod.record_success(con, user, via=via)
    if st.session_state.get(OWNER_KEY) not in (None, user.name):
        # h97 F4: a session that ended without the Log out button (signed out elsewhere, password changed, account
        # disabled) kept the previous user's page state; the next person signing in in that tab read their Ask
        # history (client rows included). Whoever signs in starts from fresh state unless it is their own.
        _forget_page_state()
    st.session_state[OWNER_KEY] = user.name
    st.session_state[SESSION_KEY] = {"name": user.name, "role": user.role}
    st.session_state[SINCE_KEY] = time.time()  # a logout elsewhere or a new password after this ends the session
    _sidebar(user)
    library.write_cookie(user)
    return user


def _signed_out() -> None:
    """The only page while nobody is signed in (the login form above is all there is)."""


def _signed_out_navigation() -> None:
    """Register a navigation with nothing but the sign-in page.

    Without any ``st.navigation`` call in a run, Streamlit falls back to serving ``pages/*.py`` by URL, so
    ``/audit`` would run that page directly (it would still refuse, but show no login form).
    """
    st.navigation([st.Page(_signed_out, title="Sign in", icon=":material/login:", url_path="sign-in", default=True)],
                  position="hidden").run()


def current_user() -> User:
    """The signed-in user (re-checked against the store); stops the page when nobody is signed in."""
    user, ended = _session_user()
    if user is None:
        _to_sign_in()
        st.warning(ended or "Please sign in first.")
        st.stop()
    assert user is not None
    return user


def _to_sign_in() -> None:
    """Send a signed-out visitor of a page URL to the app's entry point, where the login form is.

    Until some session has called ``st.navigation``, Streamlit serves ``pages/*.py`` by URL without running
    app.py (its multipage-v1 mode): the page refuses, and switching to the entry point shows the form instead.
    Once app.py is the router this does nothing (the entry point is not a page then) and the warning stays.
    """
    try:
        st.switch_page("app.py")
    except StreamlitAPIException:
        pass


def require_page(action: str) -> User:
    """Stop the page unless the signed-in user may ``action`` (pages call this first)."""
    user = current_user()
    if not user.can(action):
        st.error(f"You ({user.role}) do not have access to this page.")
        st.stop()
    require(user, action)
    return user
