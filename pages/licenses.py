"""Licences: what the MSP pays for seats nobody uses, by product and by client."""

import streamlit as st

from moat.charts import licenses as charts
from moat.metrics import licenses
from moat.metrics.totals import change, license_totals
from moat.ui import auth, state, widgets

user = auth.require_page("view_results")
con = state.connection()

st.title("Licences")
period = widgets.period_picker(con, "licenses")
if period is None:
    widgets.no_data()
products = licenses(con, period, by="product")
if products.is_empty():
    widgets.no_data("No licence months fall between these dates; load a licences file or pick another period.")

totals = license_totals(products)
before = license_totals(licenses(con, period.previous(), by="product"))
if widgets.withheld(con, period, licence_based=True):
    before = dict.fromkeys(before)


def item(metric: str, label: str, kind: str, **extra: object) -> dict:
    return {"label": label, "value": totals[metric], "kind": kind, "change": change(totals[metric], before[metric], kind), **extra}


widgets.tiles([
    item("license_cost", "Licence cost", "money", lower_is_better=True),
    item("license_waste", "Licence waste", "money", lower_is_better=True,
         help="(seats bought - seats active) x unit cost, summed over licence months"),
    item("waste_share", "Waste share of cost", "percent", lower_is_better=True, help="Licence waste / licence cost"),
    item("seats_purchased", "Seat-months bought", "count", help="Seats bought, summed over the period's months"),
    item("license_utilization", "Seats assigned", "percent", help="Assigned seats / seats bought"),
    item("license_activity", "Assigned seats active", "percent", help="Active seats / assigned seats"),
])
if totals["without_active"]:
    st.caption(f"{totals['without_active']:,} licence months have no activity figure: waste counts their assigned seats as active.")

st.subheader("Waste by product")
widgets.chart(charts.waste_bars(products, "product", "Product"), key="licenses_products_chart")
widgets.table(products, ["product", "vendor", "seats_purchased", "seats_assigned", "seats_active", "license_utilization",
                         "license_activity", "license_cost", "license_waste"], key="licenses_products",
              download="licences-by-product", user=user, client_level=False)

if widgets.client_level_allowed(con, user):
    clients = licenses(con, period, by="client")
    st.subheader("Waste by client")
    st.caption("The 15 clients with most waste; the table lists every client.")
    widgets.chart(charts.waste_bars(clients, "client_name", "Client"), key="licenses_clients_chart")
    widgets.table(clients, ["client_name", "seats_purchased", "seats_assigned", "seats_active", "license_utilization",
                            "license_activity", "license_cost", "license_waste"], key="licenses_clients",
                  download="licences-by-client", user=user)
else:
    st.caption("Client-level figures are not shown for your role.")
