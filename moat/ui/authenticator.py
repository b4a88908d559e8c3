"""streamlit-authenticator and its login cookie, driven for our user store (the sign-in flow is ``moat.ui.auth``).

The library gets a credentials dict built fresh each run from ``moat.governance.login``; its re-authentication
cookie is a JWT signed with the install's cookie key, which we read before the library's component is drawn
(``cookie_user``), refuse when issued before the user's last logout (``refuse_revoked_cookie``), sign with an issue
time on a password sign-in (``issue_cookie``) and write through the cookie component until the browser confirms
(``write_cookie``). The library's private parts used here (``cookie_controller``, ``cookie_model._set_exp_date``,
extra-streamlit-components' ``_component_func``) are all in this module.
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

from moat.governance import login as login_mod
from moat.governance import users
from moat.governance.permissions import User
from moat.ui import state

COOKIE_NAME = "moat_auth"
COOKIE_DAYS = 1.0
# The re-authentication token signed at sign-in, kept in the session until the browser reports it stored.
COOKIE_PENDING_KEY = "moat_auth_pending"
_COOKIE_WRITER_KEY = "moat_auth_cookie_set"
# The session keys the library keeps about who signed in: emptied when our session ends.
LIBRARY_KEYS = ("name", "username", "authentication_status", "email", "roles")
# A valid bcrypt hash of a random secret nobody knows: what a locked account's password is checked against.
_NEVER_MATCHES = bcrypt.hashpw(secrets.token_bytes(24), bcrypt.gensalt(4)).decode("ascii")


def credentials(con: Any) -> dict[str, Any]:
    """The credentials dict for ``stauth.Authenticate``: a locked account's hash is one nothing matches, and every
    failure count starts at 0, so the library's own count says which account failed in this run."""
    creds = login_mod.credentials_for_login(state.settings(), con)
    for entry in creds["usernames"].values():
        if entry.pop("failed_login_attempts"):
            entry["password"] = _NEVER_MATCHES
        entry["failed_login_attempts"] = 0
    return creds


def authenticator(creds: dict[str, Any], cookie_key: str) -> stauth.Authenticate:
    """The library's authenticator over ``creds``: our cookie name, key and lifetime, the stored hashes used as they
    are (``auto_hash=False``), and no sleep in the sign-in run (``login_sleep_time=0``)."""
    return stauth.Authenticate(
        creds, cookie_name=COOKIE_NAME, cookie_key=cookie_key, cookie_expiry_days=COOKIE_DAYS, auto_hash=False,
        login_sleep_time=0,
    )


def cookie_user(con: Any, cookie_key: str) -> User | None:
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


def refuse_revoked_cookie(con: Any, authenticator: stauth.Authenticate) -> None:
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


def issue_cookie(authenticator: stauth.Authenticate) -> None:
    """Sign the re-authentication token for a password sign-in and keep it in the session until the browser has
    stored it (``write_cookie``). The library's token (its 0.4.2 claims) plus ``issued``, which server-side
    logout checks (``login.token_revoked``)."""
    model = authenticator.cookie_controller.cookie_model
    if not model.cookie_expiry_days:
        return
    expires = model._set_exp_date()
    token = jwt.encode({"username": st.session_state["username"], "exp_date": expires, "issued": time.time()},
                       model.cookie_key, algorithm="HS256")
    st.session_state[COOKIE_PENDING_KEY] = {"name": st.session_state["username"], "token": token, "expires": expires}


def write_cookie(user: User) -> None:
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
