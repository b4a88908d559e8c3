"""Insights: recommendations ranked by money at stake per month, each with its evidence and confidence."""

import streamlit as st

from moat.formatting import words
from moat.ui import auth, state, widgets
from moat.views import insights as view

user = auth.require_page("view_results")
con, settings = state.connection(), state.settings()

st.title("Insights")
period = widgets.period_picker(con, "insights", compares=False)
if period is None:
    widgets.no_data()
if user.can("run_analytics") and st.button("Run and store the analysis of this period", key="insights_run"):
    with st.status(f"Analysing {period} and storing every result...", expanded=True) as status:
        status.update(label=view.run_and_store(con, user, period, settings, status.write), state="complete")
page = view.insights(con, user, period, settings)
if page.awaiting:  # never "all is well" while recommendations wait for review
    st.warning(page.awaiting, icon=":material/pending_actions:")
elif page.view.message:
    st.info(page.view.message)
if page.empty:
    widgets.no_data(page.empty)
if page.view.rows.is_empty():
    st.stop()

kinds = st.multiselect("Kinds", page.kinds, default=page.kinds, key="insights_kinds", format_func=words)
shown = view.chosen(page, kinds, widgets.currency())
widgets.tiles(shown.tiles)
st.caption(page.thresholds)
widgets.table(shown.table, view.COLUMNS, key="insights_table", download="insights", user=user)
with st.expander("Evidence of the top recommendations"):
    for number, (heading, evidence) in enumerate(shown.evidence):  # names are user text: escaped, never Markdown
        st.markdown(heading)
        widgets.table(evidence, key=f"insights_evidence_{number}", client_level=False)
