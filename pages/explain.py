"""Explain: why a client's margin is off the median (waterfall + sentence), the rows behind it, and how it was computed."""

import polars as pl
import streamlit as st

from moat.analytics.views import client_names, client_view, technician_view
from moat.charts import margin_gap as charts
from moat.errors import MoatError
from moat.formatting import escape_markdown
from moat.formatting import label as field_label
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("run_analytics")
con = state.connection()
settings = state.settings()

st.title("Explain")
period = widgets.period_picker(con, "explain")
if period is None:
    widgets.no_data()
names = client_names(con, period)
if not names:
    widgets.no_data("No client has a margin in this period.")
what = st.radio("Explain", ["Client margin", "Technician utilisation"], horizontal=True, key="explain_what")

if what == "Technician utilisation":
    tech = st.text_input("Technician", key="explain_tech")
    if not tech:
        st.info("Type a technician's name.")
        st.stop()
    try:
        t = technician_view(con, user, period, tech, settings)
    except MoatError as err:
        st.warning(str(err))
        st.stop()
    st.markdown(escape_markdown(t["sentence"]))  # names are user text
    left, right = st.columns(2)
    with left:
        widgets.table(t["by_work_type"], ["work_type", "hours", "billable_hours"], key="explain_tech_types",
                      download="technician-work-types", user=user)
    with right:
        widgets.table(t["by_client"], ["client_name", "hours", "billable_hours"], key="explain_tech_clients",
                      download="technician-clients", user=user)
    st.stop()

client = st.selectbox("Client (worst margin first)", names, key="explain_client")
try:
    view = client_view(con, user, period, client, settings)
except MoatError as err:
    st.warning(str(err))
    st.stop()
e = view.explanation
if view.provisional:
    st.warning(f"Provisional: confidence {view.confidence['confidence']:.0%} is below the review threshold.")
st.markdown(escape_markdown(e["sentence"]))  # names are user text
widgets.chart(charts.waterfall(e), key="explain_waterfall")
widgets.table(
    pl.DataFrame(e["contributions"]).rename({"contribution_money": "gap_money"}),
    ["label", "contribution_pts", "gap_money", "detail"], key="explain_contrib",
    download="margin-contributions", user=user)

st.subheader("Source rows")
drill = view.drill
totals = drill.totals()
tabs = st.tabs(["Invoices", "Time entries", "By technician", "Licences", "Costs"])
frames = [drill.invoices, drill.time_entries, drill.by_technician, drill.licenses, drill.costs]
labels = ["invoices", "time_entries", "by_technician", "licences", "costs"]
for tab, df, label in zip(tabs, frames, labels, strict=True):
    with tab:
        if label == "time_entries" and df.height:
            techs = sorted(df["technician_name"].unique().to_list())
            pick = st.multiselect("Technicians", techs, key="explain_filter_techs")
            if pick:
                df = df.filter(df["technician_name"].is_in(pick))
        widgets.table(df, key=f"explain_rows_{label}")
        downloads.download_buttons(df, label, user, client_level=True, key=f"explain_dl_{label}")

with st.expander("How was this computed"):
    for metric in ("revenue", "labour_cost", "license_cost", "other_cost", "gross_profit"):
        st.markdown(f"- **{field_label(metric)}** = {view.formulas[metric].replace('_', ' ')}: {widgets.value_text(totals[metric], 'money')}")
    st.markdown(f"- **{field_label('gross_margin')}** = {view.formulas['gross_margin'].replace('_', ' ')}: {widgets.value_text(e['margin'], 'percent')}")
    st.markdown(f"Margin gap against the portfolio median ({e['median_margin']:.1%}) split into exact Shapley "
                "values of revenue shortfall, labour, licences and other costs; they sum to the gap.")
    st.markdown(f"Snapshots read: {', '.join(str(s) for s in view.snapshots)}")
    parts = {k: v for k, v in view.confidence.items() if k != "client_key"}
    st.markdown(f"Confidence **{view.confidence['confidence']:.2f}** from its parts:")
    st.json(parts)
