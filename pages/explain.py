"""Explain: why a client's margin is off the median (waterfall + sentence), the rows behind it, and how it was computed."""

import streamlit as st

from moat.charts import margin_gap as charts
from moat.errors import MoatError
from moat.formatting import escape_markdown
from moat.ui import auth, downloads, flash, state, widgets
from moat.views import explain as view

user = auth.require_page("run_analytics")
con, settings = state.connection(), state.settings()

st.title("Explain")
period = widgets.period_picker(con, "explain", compares=False)
if period is None:
    widgets.no_data()
names = view.client_names(con, period)
if not names:
    widgets.no_data("No client has a margin in this period.")
what = st.radio("Explain", ["Client margin", "Technician utilisation"], horizontal=True, key="explain_what")

if what == "Technician utilisation":
    techs = view.technician_names(con, period)
    if not techs:
        widgets.no_data("No technician has available hours in this period.")
    tech = st.selectbox("Technician (lowest billable utilisation first)", techs, key="explain_tech")
    try:
        t = view.technician(con, user, period, tech, settings)
    except MoatError as err:
        flash.say("warning", err)
        st.stop()
    st.markdown(escape_markdown(t["sentence"]))  # names are user text
    left, right = st.columns(2)
    with left:
        widgets.table(t["by_work_type"], view.TECH_TYPE_COLUMNS, key="explain_tech_types", download="technician-work-types",
                      user=user)
    with right:
        widgets.table(t["by_client"], view.TECH_CLIENT_COLUMNS, key="explain_tech_clients", download="technician-clients",
                      user=user)
    st.stop()

client = st.selectbox("Client (worst margin first)", names, key="explain_client")
try:
    shown = view.client(con, user, period, client, settings, widgets.currency())
except MoatError as err:
    flash.say("warning", err)
    st.stop()
if shown.provisional:
    st.warning(shown.provisional)
st.markdown(escape_markdown(shown.explanation["sentence"]))  # names are user text
widgets.chart(charts.waterfall(shown.explanation), key="explain_waterfall")
widgets.table(shown.contributions, view.CONTRIBUTION_COLUMNS, key="explain_contrib", download="margin-contributions", user=user)

st.subheader("Source rows")
for tab, name in zip(st.tabs(list(view.TABS)), view.TABS.values(), strict=True):
    with tab:
        rows = shown.source_rows[name]
        if name == "time_entries" and rows.height:
            rows = view.only(rows, st.multiselect("Technicians", view.technicians(rows), key="explain_filter_techs"))
        widgets.table(rows, key=f"explain_rows_{name}")
        downloads.download_buttons(rows, name, user, client_level=True, key=f"explain_dl_{name}")

with st.expander("How was this computed"):
    for line in shown.how:
        st.markdown(line)
    st.markdown(f"Confidence **{shown.confidence}** from its parts:")
    widgets.table(shown.parts_table, key="explain_confidence_parts", client_level=False)
