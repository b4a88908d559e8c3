"""Utilisation: each technician's billable utilisation against the healthy target band."""

import streamlit as st

from moat.charts import utilization as charts
from moat.ui import auth, state, widgets
from moat.views import utilization as view

user = auth.require_page("view_results")
con = state.connection()

st.title("Utilisation")
period = widgets.period_picker(con, "utilization", shows=view.COMPARED)
if period is None:
    widgets.no_data()
low, high = state.settings().utilization_low, state.settings().utilization_high
shown = view.utilisation_view(con, period, low, high, user, state.settings())
if shown is None:
    widgets.no_data("No hours were logged between these dates; pick another period.")
widgets.tiles(shown.tiles)

if shown.technicians is None:
    widgets.rows_hidden("Per-technician")
    st.stop()
st.subheader("Billable utilisation per technician")
st.caption(f"Shaded: the target band {shown.band}. Available hours = weekly capacity x weekdays / 5.")
widgets.chart(charts.utilization_bars(shown.technicians, low, high), key="utilization_chart")
widgets.table(shown.technicians, view.COLUMNS, key="utilization_table", download="utilisation", user=user)
