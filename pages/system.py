"""System (admins): versions, database, snapshots, model, cache, audit verification, and a live backup."""

import streamlit as st

from moat.errors import MoatError
from moat.ui import auth, flash, state, widgets
from moat.views import system as view

user = auth.require_page("admin_system")
st.title("System")
con = state.connection()
shown = view.system_view(state.settings(), con)

for column, tile in zip(st.columns(3), shown.tiles, strict=True):
    column.metric(tile["label"], tile["value"], help=tile["help"])

st.subheader("Database")
st.text(shown.database)
a, b = st.columns(2)
with a:
    widgets.table(shown.snapshots, key="system_snapshots", client_level=False)  # human headers, statuses as words
with b:
    widgets.table(shown.current_rows, key="system_rows", client_level=False)

st.subheader("Audit trail")
st.text(shown.last_verification)
if st.button("Verify the audit chain now", key="system_verify"):
    ok, message = view.verify(con, user)
    (st.success if ok else st.error)(message)

st.subheader("Backup")
st.caption("A consistent copy taken through the app's own connection, while everyone keeps working.")
if st.button("Back up now", key="system_backup"):
    try:
        st.success(view.back_up(con, user, shown.info["database"]["path"]))
    except MoatError as err:
        flash.say("error", err)

st.subheader("Analytics runs")
st.caption("Every run is stored whole with its evidence. Older runs of a period can go; a run whose results have an "
           "approval request always stays.")
keep = int(st.number_input("Runs to keep per period", min_value=1, value=2, step=1, key="system_prune_keep"))
plan, plan_text = view.prune_plan(con, user, keep)
preview = st.empty()
preview.text(plan_text)
if st.button("Delete older runs", key="system_prune", disabled=not plan.runs):
    try:
        st.success(view.prune(con, user, keep))
    except MoatError as err:
        flash.say("error", err)
    else:
        preview.text(view.prune_plan(con, user, keep)[1])

st.subheader("Model")
st.text(shown.model)

st.subheader("Versions")
widgets.table(shown.versions, key="system_versions", client_level=False)
st.text(shown.platform)
if shown.problems:
    st.warning("Streamlit configuration is not hardened: " + "; ".join(shown.problems))
