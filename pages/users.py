"""Users (admins): accounts, roles, disable/enable, unlock after failed sign-ins, add and reset passwords."""

import polars as pl
import streamlit as st

from moat.errors import MoatError
from moat.governance import login, users
from moat.governance.permissions import ROLES
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("manage_users")
st.title("Users")
con = state.connection()
cfg = state.settings()


def act(fn, *args) -> None:  # noqa: ANN001 - a page-local helper: run one change, show its outcome
    try:
        fn(*args)
    except MoatError as err:
        st.error(str(err))
    else:
        st.session_state["users_flash"] = "Saved (recorded in the audit trail)."
        st.rerun()


flash = st.session_state.pop("users_flash", None)
if flash:
    st.success(flash)


listed = users.list_users(cfg, user)
locks = login.lock_table(con)
for rec in listed:
    lock = locks.get(rec["name"])
    rec["failed_logins"] = lock.failed_count if lock else 0
    rec["locked_until"] = str(lock.locked_until) if lock and lock.locked_until else ""

st.subheader("Change an account")
if listed:
    names = [r["name"] for r in listed]
    name = st.selectbox("Account", names, key="users_pick")
    chosen = next(r for r in listed if r["name"] == name)
    role_col, state_col, unlock_col = st.columns(3)
    role = role_col.selectbox("Role", ROLES, index=ROLES.index(chosen["role"]), key="users_role")
    if role_col.button("Set role", key="users_set_role"):
        act(users.set_role, cfg, con, user, name, role)
    if state_col.button("Enable" if chosen["disabled"] else "Disable", key="users_toggle"):
        act(users.set_disabled, cfg, con, user, name, not chosen["disabled"])
    if unlock_col.button("Unlock", key="users_unlock", disabled=not chosen["locked_until"]):
        act(login.unlock, con, user, name)

with st.form("users_add", clear_on_submit=True):
    st.subheader("Add an account")
    new_name = st.text_input("User name", key="users_new_name")
    new_role = st.selectbox("Role", ROLES, key="users_new_role")
    password = st.text_input("Password", type="password", key="users_new_password")
    repeat = st.text_input("Repeat password", type="password", key="users_new_repeat")
    if st.form_submit_button("Add"):
        if password != repeat:
            st.error("The passwords do not match.")
        else:
            act(users.add, cfg, con, user, new_name, new_role, password)

st.subheader("Accounts")
accounts = pl.DataFrame(listed, infer_schema_length=None)
widgets.table(accounts, key="users_table", client_level=False)
downloads.download_buttons(accounts, "users", user, client_level=False)
