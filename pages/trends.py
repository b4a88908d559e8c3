"""Trends: monthly series with a 3-month forecast, anomalies and client risk scores."""

import streamlit as st

from moat.analytics.trends import SERIES
from moat.analytics.views import client_names, trend_view
from moat.charts import forecast as charts
from moat.formatting import label, words
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("view_results")
con = state.connection()

st.title("Trends")
period = widgets.period_picker(con, "trends", default="Last 12 months")  # the chart, anomalies and risk read it
if period is None:
    widgets.no_data()
client_level = user.can("view_client_level")
options = ["Company"] + (client_names(con, period) if client_level else [])
entity = st.selectbox("Whose series", options, key="trends_entity")
series = st.selectbox("Series", list(SERIES), key="trends_series", format_func=words)
view = trend_view(con, user, period, None if entity == "Company" else entity, series)
if view.series.is_empty():
    widgets.no_data("No monthly data for this selection.")
percent = series in ("gross_margin", "billable_utilization")
widgets.chart(charts.forecast(view.series, label(series), percent=percent), key="trends_chart")
st.caption(f"Forecast: {view.method}. Months {period.start:%b %Y} to {period.end:%b %Y}.")

if client_level:
    st.subheader("Anomalies")
    st.caption("Months far from the client's own median (robust z > 3.5 on costs, hours, seats).")
    if view.anomalies.is_empty():
        st.info("No anomalous month in this period.")
    else:
        anomalies = view.anomalies.drop("client_key")
        widgets.table(anomalies, key="trends_anomalies")
        downloads.download_buttons(anomalies, "anomalies", user, client_level=True)
    st.subheader("Client risk")
    st.caption("0-100: revenue decline, hours decline, margin fall and ticket rise, second half of the period vs first.")
    risk = view.risk.drop("client_key").head(20)
    widgets.table(risk, key="trends_risk")
    downloads.download_buttons(risk, "client-risk", user, client_level=True)
