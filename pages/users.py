"""Users (admins): accounts, roles, disable/enable, unlock after failed sign-ins, add and reset passwords."""

from collections.abc import Callable

import streamlit as st

from moat.governance.permissions import ROLES
from moat.ui import auth, downloads, flash, state, widgets
from moat.views import users as view

user = auth.require_page("manage_users")
st.title("Users")
con, cfg = state.connection(), state.settings()


def act(change: Callable[[], str]) -> None:
    """Run one change and show its outcome (saved, or what to do) at the top of the page's next run."""
    flash.attempt("users", change)
    st.rerun()


flash.show("users")
listed = view.accounts(cfg, con, user)

st.subheader("Change an account")
if listed.records:
    name = st.selectbox("Account", listed.names, key="users_pick")
    chosen = listed.get(name)
    role_col, state_col, unlock_col = st.columns(3)
    role = role_col.selectbox("Role", ROLES, index=ROLES.index(chosen["role"]), key="users_role")
    if role_col.button("Set role", key="users_set_role"):
        act(lambda: view.set_role(cfg, con, user, name, role))
    if state_col.button("Enable" if chosen["disabled"] else "Disable", key="users_toggle"):
        act(lambda: view.set_disabled(cfg, con, user, name, not chosen["disabled"]))
    if unlock_col.button("Unlock", key="users_unlock", disabled=not chosen["locked_until"]):
        act(lambda: view.unlock(con, user, name))

with st.form("users_add", clear_on_submit=True):
    st.subheader("Add an account")
    new_name = st.text_input("User name", key="users_new_name")
    new_role = st.selectbox("Role", ROLES, key="users_new_role")
    password = st.text_input("Password", type="password", key="users_new_password")
    repeat = st.text_input("Repeat password", type="password", key="users_new_repeat")
    if st.form_submit_button("Add"):
        act(lambda: view.add(cfg, con, user, new_name, new_role, password, repeat))

st.subheader("Accounts")
accounts = listed.table()
widgets.table(accounts, key="users_table", client_level=False)
downloads.download_buttons(accounts, "users", user, client_level=False)
