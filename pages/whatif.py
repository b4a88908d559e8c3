"""What-if: change a fee, remove seats, move hours, and see the effect at once (nothing is saved)."""

import streamlit as st

from moat.formatting import escape_markdown
from moat.ui import auth, downloads, state, widgets
from moat.views import whatif as view

user = auth.require_page("run_analytics")
con = state.connection()

st.title("What-if")
st.caption("Computed by the same metric functions as every page, inside a transaction that is rolled back: nothing is saved.")
period = widgets.period_picker(con, "whatif", compares=False)
if period is None:
    widgets.no_data()
names = view.client_names(con, period)
if not names:
    widgets.no_data("No client has a margin in this period.")
client = st.selectbox("Client", names, key="whatif_client")
offered = view.choices(con, period, client)
fee = st.number_input("New monthly fee", min_value=0.0, value=offered.fee, step=100.0, key="whatif_fee")
left, right = st.columns(2)
product = left.selectbox("Licence SKU", offered.products, key="whatif_product")
seats = right.number_input("Seats to remove", min_value=0, value=0, step=1, key="whatif_seats")
c1, c2, c3 = st.columns(3)
source = c1.selectbox("Move hours from", offered.technicians, key="whatif_from")
target = c2.selectbox("to", offered.technicians, key="whatif_to")
hours = c3.number_input("Hours per month", min_value=0.0, value=0.0, step=5.0, key="whatif_hours")

shown = view.what_if(con, user, period,
                     view.scenario(client, offered.monthly_revenue, fee, product, seats, source, target, hours),
                     widgets.currency())
widgets.tiles(shown.tiles)
for note in shown.outcome.notes:  # they quote product, technician and client names: user text, never Markdown
    st.markdown("- " + escape_markdown(note))
if not shown.outcome.notes:
    st.info("Change the fee, the seats or the hours to see their effect.")
widgets.table(shown.table, key="whatif_changes")  # each row in its own unit, as the tiles
downloads.download_buttons(shown.outcome.changes, "what-if", user, client_level=True)
