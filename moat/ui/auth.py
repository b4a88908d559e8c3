"""Sign-in for the app: streamlit-authenticator's login form and cookie, our user store, lockout and audit.

Contract other code relies on:
- ``login()`` draws the login form when needed and returns the signed-in ``User`` or None (app.py stops then);
- ``current_user()`` returns the signed-in ``User`` (pages call it, then ``require_page(action)``);
- the signed-in user lives in ``st.session_state["moat_user"]`` as {"name": ..., "role": ...}.

Every run re-reads the user store (``moat.governance.users``): a disabled or deleted account's session ends at
its next action, and a role change applies at once. streamlit-authenticator gets a credentials dict built fresh
each run (never the file path, because the library rewrites its file in place on every login and we want the
file written only atomically by ``users.save``); locked accounts get a password hash nothing matches, so the
library's own failed-attempt bookkeeping tells us which account failed, and ``moat.governance.login`` persists
and audits it.
"""

from __future__ import annotations

import importlib
import secrets
import time
from datetime import datetime
from typing import Any

import bcrypt
import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit.errors import StreamlitAPIException
from streamlit_authenticator.utilities import LoginError

from moat.errors import MoatError
from moat.governance import login as login_mod
from moat.governance import users
from moat.governance.permissions import User, require
from moat.ui import state

SESSION_KEY = "moat_user"
COOKIE_NAME = "moat_auth"
COOKIE_DAYS = 1.0
# The re-authentication token signed at sign-in, kept in the session until the browser reports it stored.
COOKIE_PENDING_KEY = "moat_auth_pending"
_COOKIE_WRITER_KEY = "moat_auth_cookie_set"
# What extra-streamlit-components draws beside its cookie component: hides the zero-height iframe's container.
_LIBRARY_KEYS = ("name", "username", "authentication_status", "email", "roles")
# A valid bcrypt hash of a random secret nobody knows: what a locked account's password is checked against.
_NEVER_MATCHES = bcrypt.hashpw(secrets.token_bytes(24), bcrypt.gensalt(4)).decode("ascii")


def _clear_session() -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(COOKIE_PENDING_KEY, None)
    for key in _LIBRARY_KEYS:
        if key in st.session_state:
            st.session_state[key] = None


# Kept on logout: the library's "logged out" flag (while True its cookie cannot sign this session in again) and
# the state of its cookie component (keys "init", "delete", "set", "get_all"), whose delete is in flight.
_KEEP_ON_LOGOUT = frozenset({"logout", "init", "delete", "set", "get_all"})


def _forget_everything() -> None:
    """Logout: drop every key of this browser session (page choices, chat history, widget values), so whoever
    signs in next in the same tab starts from fresh state and sees nothing of the previous user's."""
    for key in list(st.session_state.keys()):
        if key not in _KEEP_ON_LOGOUT and key not in _LIBRARY_KEYS:
            del st.session_state[key]
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
    if data.get("role") != record.role or data.get("name") != record.name:
        st.session_state[SESSION_KEY] = {"name": record.name, "role": record.role}
    return record.as_user(), None


def _credentials(con: Any) -> dict[str, Any]:
    creds = login_mod.credentials_for_login(state.settings(), con)
    for entry in creds["usernames"].values():
        if entry.pop("failed_login_attempts"):
            entry["password"] = _NEVER_MATCHES
        entry["failed_login_attempts"] = 0
    return creds


def _demo_hint() -> None:
    cfg = state.settings()
    if cfg.mode != "demo":
        return
    store = users.load(cfg)
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
        cookie_key = users.check_auth_config(cfg)
    except MoatError as err:
        st.error(str(err))
        st.stop()
    user, ended = _session_user()
    if user is not None and not _sidebar(user):
        _write_cookie(user)
        return user
    con = state.connection()
    if cfg.mode == "demo" and not users.load(cfg):
        users.ensure_demo_users(con, cfg)  # a fresh demo install can be tried at once (accounts shown below the form)
    if user is None:
        remembered = _cookie_user(con, cookie_key)
        if remembered is not None:
            return _signed_in(con, remembered, via="cookie")
    if st.session_state.get("authentication_status") is False:
        st.session_state["authentication_status"] = None  # so a failure below is this run's failure
    creds = _credentials(con)
    authenticator = stauth.Authenticate(
        creds, cookie_name=COOKIE_NAME, cookie_key=cookie_key, cookie_expiry_days=COOKIE_DAYS, auto_hash=False,
        login_sleep_time=0,
    )
    if user is not None:  # the Log out button was pressed
        login_mod.record_logout(con, user)
        if st.session_state.get("authentication_status"):
            authenticator.logout(location="unrendered")
        _forget_everything()
        st.success("You are signed out.")
    if ended:
        st.warning(ended)
    _refuse_revoked_cookie(con, authenticator)

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
                _issue_cookie(authenticator)
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
    st.session_state[SESSION_KEY] = {"name": user.name, "role": user.role}
    _sidebar(user)
    _write_cookie(user)
    return user


def _cookie_user(con: Any, cookie_key: str) -> User | None:
    """The user a valid, unrevoked login cookie names, read from the request's cookies; None when there is none.

    Checked here, before the library's ``Authenticate`` exists, because constructing that draws its cookie
    manager component, which reports back from the browser and so starts a rerun. When it reported before this
    run had reached ``st.navigation`` (a busy server), that rerun carried no page, and a reload or bookmark of
    ``/licences`` opened the Overview instead (a CI run saw it). Anything doubtful (no cookie, a bad signature,
    expired, issued before the user's last logout, an account that may not sign in) is left to the form path,
    which refuses it there exactly as before.
    """
    if st.session_state.get("logout"):  # this tab logged out: its cookie may not sign it in again
        return None
    raw = st.context.cookies.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        token = jwt.decode(raw, cookie_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    if not isinstance(token, dict) or float(token.get("exp_date", 0)) <= time.time():
        return None
    if login_mod.token_revoked(con, token, COOKIE_DAYS):
        return None
    cfg = state.settings()
    record = users.get(cfg, str(token.get("username", "")))
    if record is None or users.usable(cfg, record) is not None:
        return None
    # What the library sets on a cookie sign-in: its own logout (which deletes the cookie) then works as before.
    st.session_state["authentication_status"] = True
    st.session_state["username"] = record.name
    st.session_state["name"] = record.name
    return record.as_user()


def _refuse_revoked_cookie(con: Any, authenticator: stauth.Authenticate) -> None:
    """A cookie issued before its user's last logout must not sign this session in: tell the library to ignore
    cookies here (its own ``logout`` flag) and delete it from the browser again."""
    if st.session_state.get("authentication_status") or st.session_state.get("logout"):
        return
    raw = st.context.cookies.get(COOKIE_NAME)
    if not raw:
        return
    try:
        token = jwt.decode(raw, authenticator.cookie_controller.cookie_model.cookie_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return  # a forged or garbled cookie: the library refuses it on its own
    if login_mod.token_revoked(con, token, COOKIE_DAYS):
        st.session_state["logout"] = True
        authenticator.cookie_controller.delete_cookie()


def _issue_cookie(authenticator: stauth.Authenticate) -> None:
    """Sign the re-authentication token for a password sign-in and keep it in the session until the browser has
    stored it (``_write_cookie``). The library's token (its 0.4.2 claims) plus ``issued``, which server-side
    logout checks (``login.token_revoked``)."""
    model = authenticator.cookie_controller.cookie_model
    if not model.cookie_expiry_days:
        return
    expires = model._set_exp_date()
    token = jwt.encode({"username": st.session_state["username"], "exp_date": expires, "issued": time.time()},
                       model.cookie_key, algorithm="HS256")
    st.session_state[COOKIE_PENDING_KEY] = {"name": st.session_state["username"], "token": token, "expires": expires}


def _write_cookie(user: User) -> None:
    """Draw the component that writes the pending login cookie, in every run until the browser reports it written.

    The cookie can only be written by a component running in the browser, and a component runs only while it is
    drawn. Drawn once, in the sign-in run (as the library does), it was lost whenever the next run began before
    the browser had loaded it, e.g. a page link clicked at once after signing in, on a busy server: no cookie,
    so the next reload, new tab or new session showed the sign-in form although the user never logged out. So
    it is drawn in the sidebar after the user's name in every run, the sign-in run and all after it, at the same
    place and under the same key (the browser keeps the one frame loading), until the component reports back
    that it has stored the cookie; then the token is dropped from the session.
    """
    pending = st.session_state.get(COOKIE_PENDING_KEY)
    if not pending:
        return
    if pending.get("name") != user.name:  # never write one user's token while another is signed in
        st.session_state.pop(COOKIE_PENDING_KEY, None)
        return
    options = {"path": "/", "expires": datetime.fromtimestamp(pending["expires"]).isoformat(), "sameSite": "strict"}
    with st.sidebar:
        # A literal, never data: the only raw HTML the app draws (tests/hardening/test_html_names.py checks).
        st.markdown('<style>.element-container:has(iframe[height="0"]) { display: none; }</style>',
                    unsafe_allow_html=True)
        written = _cookie_component()(method="set", cookie=COOKIE_NAME, value=pending["token"], options=options,
                                      key=_COOKIE_WRITER_KEY, default=False)
    if written:
        st.session_state.pop(COOKIE_PENDING_KEY, None)


def _cookie_component() -> Any:
    """extra-streamlit-components' cookie component itself: what ``CookieManager.set`` draws, whose value (True
    once the browser has set the cookie) that method throws away, and without the ``getAll`` component (and its
    extra rerun) that constructing a ``CookieManager`` draws first."""
    return importlib.import_module("extra_streamlit_components.CookieManager")._component_func


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
