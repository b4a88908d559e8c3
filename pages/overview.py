"""Overview: the executive KPIs of a period against the previous one, the monthly trend, best and worst clients."""

import streamlit as st

from moat.charts import profitability as charts
from moat.ui import auth, downloads, state, widgets
from moat.views.overview import overview

user = auth.require_page("view_results")
con = state.connection()

st.title("Overview")
period = widgets.period_picker(con, "overview")  # the tiles, the trend and the client tables all read it
if period is None:
    widgets.no_data()
view = overview(con, period, client_rows=widgets.client_level_allowed(con, user), user=user, cfg=state.settings())
if view.empty:
    widgets.no_data("Nothing was invoiced or worked between these dates; pick another period.")

widgets.unconfirmed_note(con, period)
widgets.tiles(view.tiles, per_row=3)
downloads.report_button(period, user)

st.subheader("Revenue and margin by month")
st.caption(view.trend_caption)
widgets.chart(charts.trend(view.trend), key="overview_trend")

if view.top_clients is not None and view.lowest_margins is not None:
    left, right = st.columns(2)
    with left:
        st.subheader("Most profitable clients")
        widgets.table(view.top_clients, key="overview_top", download="top-clients", user=user)
    with right:
        st.subheader("Lowest margins")
        widgets.table(view.lowest_margins, key="overview_bottom", download="lowest-margins", user=user)
else:
    widgets.rows_hidden("Client-level")
