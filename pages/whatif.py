"""What-if: change a fee, remove seats, move hours, and see the effect at once (nothing is saved)."""

from decimal import Decimal

import streamlit as st

from moat.analytics.views import client_names
from moat.analytics.whatif import Scenario, options, simulate
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("run_analytics")
con = state.connection()

st.title("What-if")
st.caption("Computed by the same metric functions as every page, inside a transaction that is rolled back: nothing is saved.")
period = widgets.period_picker(con, "whatif")
if period is None:
    widgets.no_data()
names = client_names(con, period)
if not names:
    widgets.no_data("No client has a margin in this period.")
client = st.selectbox("Client", names, key="whatif_client")
opts = options(con, period, client)
fee = st.number_input("New monthly fee", min_value=0.0, value=float(round(opts["monthly_revenue"], 2)), step=100.0,
                      key="whatif_fee")
left, right = st.columns(2)
product = left.selectbox("Licence SKU", ["(none)"] + opts["products"], key="whatif_product")
seats = right.number_input("Seats to remove", min_value=0, value=0, step=1, key="whatif_seats")
techs = opts["technicians"]
c1, c2, c3 = st.columns(3)
source = c1.selectbox("Move hours from", ["(none)"] + techs, key="whatif_from")
target = c2.selectbox("to", ["(none)"] + techs, key="whatif_to")
hours = c3.number_input("Hours per month", min_value=0.0, value=0.0, step=5.0, key="whatif_hours")

scenario = Scenario(
    client=client,
    new_monthly_fee=Decimal(str(fee)) if abs(fee - opts["monthly_revenue"]) >= 0.005 else None,
    product=None if product == "(none)" else product, remove_seats=int(seats),
    from_technician=None if source == "(none)" else source, to_technician=None if target == "(none)" else target,
    move_hours=float(hours),
)
outcome = simulate(con, user, period, scenario)
before, after = outcome.client_before, outcome.client_after
widgets.tiles([
    {"label": "Gross margin now", "value": before.get("gross_margin"), "kind": "percent"},
    {"label": "Gross margin after", "value": after.get("gross_margin"), "kind": "percent",
     "change": None if before.get("gross_margin") is None or after.get("gross_margin") is None
     else after["gross_margin"] - before["gross_margin"]},
    {"label": "Gross profit after", "value": after.get("gross_profit"), "kind": "money"},
])
for note in outcome.notes:
    st.markdown(f"- {note}")
if not outcome.notes:
    st.info("Change the fee, the seats or the hours to see their effect.")
widgets.table(outcome.changes, key="whatif_changes")
downloads.download_buttons(outcome.changes, "what-if", user, client_level=True)
