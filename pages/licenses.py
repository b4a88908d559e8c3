"""Licences: what the MSP pays for seats nobody uses, by product and by client."""

import streamlit as st

from moat.charts import licenses as charts
from moat.ui import auth, state, widgets
from moat.views import licenses as view

user = auth.require_page("view_results")
con = state.connection()

st.title("Licences")
period = widgets.period_picker(con, "licenses", shows=view.COMPARED)
if period is None:
    widgets.no_data()
shown = view.licences_view(con, user, period, state.settings())
if shown is None:
    widgets.no_data("No licence months fall between these dates; load a licences file or pick another period.")

widgets.tiles(shown.tiles)
if shown.without_activity:
    st.caption(shown.without_activity)

st.subheader("Waste by product")
widgets.chart(charts.waste_bars(shown.products, "product", "Product"), key="licenses_products_chart")
widgets.table(shown.products, view.PRODUCT_COLUMNS, key="licenses_products", download="licences-by-product", user=user,
              client_level=False)

if shown.clients is not None:
    st.subheader("Waste by client")
    st.caption("The 15 clients with most waste; the table lists every client.")
    widgets.chart(charts.waste_bars(shown.clients, "client_name", "Client"), key="licenses_clients_chart")
    widgets.table(shown.clients, view.CLIENT_COLUMNS, key="licenses_clients", download="licences-by-client", user=user)
else:
    widgets.rows_hidden("Client-level")
