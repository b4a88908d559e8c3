"""Utilisation: each technician's billable utilisation against the healthy target band."""

import streamlit as st

from moat.charts import utilization as charts
from moat.metrics import utilization
from moat.metrics.totals import change, utilization_totals, with_band
from moat.ui import auth, state, widgets

user = auth.require_page("view_results")
con = state.connection()

st.title("Utilisation")
period = widgets.period_picker(con, "utilization")
if period is None:
    widgets.no_data()
settings = state.settings()
low, high = settings.utilization_low, settings.utilization_high
util = with_band(utilization(con, period), low, high)
totals = utilization_totals(util, low, high)
if not totals["entries"]:
    widgets.no_data("No hours were logged between these dates; pick another period.")

before = utilization_totals(utilization(con, period.previous()), low, high)
if widgets.withheld(con, period):
    before = dict.fromkeys(before)
widgets.tiles([
    {"label": "Billable utilisation", "value": totals["billable_utilization"], "kind": "percent",
     "change": change(totals["billable_utilization"], before["billable_utilization"], "percent"),
     "help": "Billable hours / available hours, whole team"},
    {"label": "Total utilisation", "value": totals["total_utilization"], "kind": "percent",
     "change": change(totals["total_utilization"], before["total_utilization"], "percent"),
     "help": "Worked hours / available hours, whole team"},
    {"label": "Worked hours", "value": totals["worked_hours"], "kind": "hours",
     "change": change(totals["worked_hours"], before["worked_hours"], "hours")},
    {"label": "Below target", "value": totals["below"], "kind": "count", "help": f"Technicians under {low:.0%} billable"},
    {"label": "Within target", "value": totals["within"], "kind": "count", "help": f"Technicians at {low:.0%} to {high:.0%}"},
    {"label": "Above target", "value": totals["above"], "kind": "count", "help": f"Technicians over {high:.0%} billable"},
])

st.subheader("Billable utilisation per technician")
st.caption(f"Shaded: the target band {low:.0%} to {high:.0%}. Available hours = weekly capacity x weekdays / 5.")
widgets.chart(charts.utilization_bars(util, low, high), key="utilization_chart")
widgets.table(util, ["technician_name", "role", "available_hours", "billable_hours", "worked_hours",
                     "billable_utilization", "total_utilization", "band"], key="utilization_table",
              download="utilisation", user=user)
