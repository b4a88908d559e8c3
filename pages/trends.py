"""Trends: monthly series with a 3-month forecast, anomalies and client risk scores."""

import streamlit as st

from moat.charts import forecast as charts
from moat.formatting import words
from moat.ui import auth, downloads, state, widgets
from moat.views import trends as view

user = auth.require_page("view_results")
con = state.connection()

st.title("Trends")
period = widgets.period_picker(con, "trends", default="Last 12 months", compares=False)  # the chart, anomalies and risk read it
if period is None:
    widgets.no_data()
entity = st.selectbox("Whose series", view.entities(con, user, period), key="trends_entity")
series = st.selectbox("Series", view.series_names(), key="trends_series", format_func=words)
shown = view.trend(con, user, period, entity, series)
if shown.series.is_empty():
    widgets.no_data("No monthly data for this selection.")
widgets.chart(charts.forecast(shown.series, shown.title, percent=shown.percent, money=shown.money), key="trends_chart")
st.caption(shown.caption)

if shown.anomalies is not None:
    st.subheader("Anomalies")
    st.caption("Months far from the client's own median (robust z > 3.5 on costs, hours, seats).")
    if shown.anomalies.is_empty():
        st.info("No anomalous month in this period.")
    else:
        widgets.table(shown.anomalies, key="trends_anomalies")
        downloads.download_buttons(shown.anomalies, "anomalies", user, client_level=True)
if shown.risk is not None:
    st.subheader("Client risk")
    st.caption("0-100: revenue decline, hours decline, margin fall and ticket rise, second half of the period vs first "
               "(monthly averages).")
    widgets.table(shown.risk, key="trends_risk")
    downloads.download_buttons(shown.risk, "client-risk", user, client_level=True)
