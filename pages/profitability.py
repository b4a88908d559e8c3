"""Profitability: every client's revenue, costs and margin for a period, filterable by segment."""

import streamlit as st

from moat.charts import profitability as charts
from moat.metrics import profitability
from moat.metrics.totals import by_segment, change, profitability_totals
from moat.ui import auth, state, widgets

user = auth.require_page("view_results")
con = state.connection()

st.title("Profitability")
period = widgets.period_picker(con, "profit")
if period is None:
    widgets.no_data()
everyone = profitability(con, period)
if everyone.is_empty():
    widgets.no_data("Nothing was invoiced or worked between these dates; pick another period.")

segments = sorted(s for s in everyone["segment"].unique().to_list() if s is not None)
segment = st.selectbox("Segment", ["All segments", *segments], key="profit_segment")
prof = everyone if segment == "All segments" else profitability(con, period, segment)
totals = profitability_totals(prof)
before = profitability_totals(profitability(con, period.previous(), None if segment == "All segments" else segment))
if widgets.withheld(con, period):
    before = dict.fromkeys(before)
elif widgets.withheld(con, period, licence_based=True):  # gross profit holds licence cost
    before |= {"gross_profit": None, "gross_margin": None}
widgets.unconfirmed_note(con, period)
widgets.tiles([
    {"label": "Revenue", "value": totals["revenue"], "kind": "money",
     "change": change(totals["revenue"], before["revenue"], "money")},
    {"label": "Gross profit", "value": totals["gross_profit"], "kind": "money",
     "change": change(totals["gross_profit"], before["gross_profit"], "money")},
    {"label": "Gross margin", "value": totals["gross_margin"], "kind": "percent",
     "change": change(totals["gross_margin"], before["gross_margin"], "percent")},
    {"label": "Effective hourly rate", "value": totals["ehr"], "kind": "money",
     "change": change(totals["ehr"], before["ehr"], "money"), "help": "Revenue per hour worked"},
    {"label": "Hours worked", "value": totals["hours"], "kind": "hours",
     "change": change(totals["hours"], before["hours"], "hours")},
    {"label": "Loss-making clients", "value": totals["loss_making"], "kind": "count",
     "help": f"Clients with negative gross profit, of {totals['clients']} with activity"},
])
if prof["note"].null_count() < prof.height:
    st.warning("Labour cost is unknown for some hours: load a technicians file with hourly_cost.")

settings = state.settings()
if widgets.client_level_allowed(con, user):
    st.subheader("Gross margin against revenue")
    st.caption(f"One dot per client; dashed line: the target margin ({settings.target_margin:.0%}).")
    widgets.chart(charts.margin_scatter(prof, settings.target_margin), key="profit_scatter")
    st.subheader("Clients")
    st.caption("Worst margin first; click a column header to sort.")
    widgets.table(
        prof,
        ["client_name", "segment", "agreement_type", "revenue", "labour_cost", "license_cost", "other_cost",
         "gross_profit", "gross_margin", "hours", "ehr", "note"],
        key="profit_table", download="profitability", user=user,
    )
else:
    st.subheader("By segment")
    st.caption("Client-level figures are not shown for your role.")
    widgets.table(by_segment(prof),
                  ["segment", "clients", "revenue", "gross_profit", "gross_margin", "hours"], key="profit_segments",
                  download="profitability-by-segment", user=user, client_level=False)
