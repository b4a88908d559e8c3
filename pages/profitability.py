"""Profitability: every client's revenue, costs and margin for a period, filterable by segment."""

import streamlit as st

from moat.charts import profitability as charts
from moat.ui import auth, state, widgets
from moat.views import profitability as view

user = auth.require_page("view_results")
con, settings = state.connection(), state.settings()

st.title("Profitability")
period = widgets.period_picker(con, "profit", shows=view.COMPARED)
if period is None:
    widgets.no_data()
segments = view.segments(con, period, user, settings)
if segments is None:
    widgets.no_data("Nothing was invoiced or worked between these dates; pick another period.")
segment = st.selectbox("Segment", segments, key="profit_segment")
shown = view.profitability_view(con, user, period, segment, settings)
widgets.unconfirmed_note(con, period)
widgets.tiles(shown.tiles)
if shown.unknown_labour:
    st.warning("Labour cost is unknown for some hours: load a technicians file with hourly_cost.")

if shown.client_level:
    st.subheader("Gross margin against revenue")
    st.caption(f"One dot per client; dashed line: the target margin ({settings.target_margin:.0%}).")
    widgets.chart(charts.margin_scatter(shown.clients, settings.target_margin), key="profit_scatter")
    st.subheader("Clients")
    st.caption("Worst margin first; click a column header to sort.")
    widgets.table(shown.clients, view.CLIENT_COLUMNS, key="profit_table", download="profitability", user=user)
else:
    st.subheader("By segment")
    widgets.rows_hidden("Client-level")
    widgets.table(shown.by_segment(), view.SEGMENT_COLUMNS, key="profit_segments", download="profitability-by-segment",
                  user=user, client_level=False)
