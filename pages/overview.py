"""Overview: the executive KPIs of a period against the previous one, the monthly trend, best and worst clients."""

import polars as pl
import streamlit as st

from moat.charts import profitability as charts
from moat.metrics import profitability, summary
from moat.metrics.trends import monthly, trend_window
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("view_results")
con = state.connection()

st.title("Overview")
period = widgets.period_picker(con, "overview")
if period is None:
    widgets.no_data()
kpis = {row["metric"]: row for row in summary(con, period).iter_rows(named=True)}
if kpis["clients"]["value"] in (None, "0"):  # summary() gives text values; no client had any activity
    widgets.no_data("Nothing was invoiced or worked between these dates; pick another period.")


def item(metric: str, label: str, **extra: object) -> dict:
    row = kpis[metric]
    return {"label": label, "value": row["value"], "kind": row["kind"], "change": row["change"], **extra}


widgets.unconfirmed_note(con, period)
widgets.tiles([
    item("revenue", "Revenue"),
    item("gross_profit", "Gross profit"),
    item("gross_margin", "Gross margin"),
    item("ehr", "Effective hourly rate", help="Revenue per hour worked"),
    item("billable_utilization", "Billable utilisation", help="Billable hours / available hours"),
    item("total_utilization", "Total utilisation", help="Worked hours / available hours"),
    item("license_waste", "Licence waste", lower_is_better=True, help="Seats paid for but not active, at cost"),
    item("overhead", "Overhead", lower_is_better=True, help="Costs not attached to a client (not in gross profit)"),
    item("clients", "Active clients"),
], per_row=3)
downloads.report_button(period, user)

window = trend_window(period)
st.subheader("Revenue and margin by month")
st.caption(f"Bars: revenue and gross profit; line: gross margin. {window.start:%b %Y} to {window.end:%b %Y}.")
widgets.chart(charts.trend(monthly(con, window)), key="overview_trend")

if widgets.client_level_allowed(con, user):
    prof = profitability(con, period).filter(pl.col("revenue") != 0)
    columns = ["client_name", "revenue", "gross_profit", "gross_margin"]
    left, right = st.columns(2)
    with left:
        st.subheader("Most profitable clients")
        widgets.table(prof.sort("gross_profit", descending=True, nulls_last=True).head(5), columns, key="overview_top",
                      download="top-clients", user=user)
    with right:
        st.subheader("Lowest margins")
        widgets.table(prof.sort("gross_margin", nulls_last=True).head(5), columns, key="overview_bottom",
                      download="lowest-margins", user=user)
else:
    st.caption("Client-level figures are not shown for your role.")
