"""Benchmarks: the MSP's own exact KPIs against peers' DP-protected packs, with the noise drawn as error bars."""

import polars as pl
import streamlit as st

from moat.charts.benchmarks import benchmark_chart
from moat.errors import MoatError
from moat.frames import python_map
from moat.privacy import packs, releases
from moat.privacy.bounds import METRICS
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("view_results")
con = state.connection()
cfg = state.settings()

st.title("Benchmarks")
st.caption("Peer values are noisy (differential privacy): a difference inside a peer's interval is within noise "
           "and is not evidence of a real difference.")

if user.can("upload"):
    with st.expander("Import a peer pack"):
        upload = st.file_uploader("Benchmark pack (JSON)", type=["json"], key="benchmarks_upload")
        if upload is not None and st.button("Import", key="benchmarks_import"):
            try:
                pack_id = packs.import_pack(con, user, upload.getvalue(), upload.name)
                st.success(f"Imported as pack {pack_id}.")
            except MoatError as err:
                st.error(str(err))

peers = packs.peer_values(con)
if peers.is_empty():
    st.info("No peer packs yet. Import a pack a peer shared with you (`moat benchmarks import PACK.json`).")
    st.stop()

period = widgets.period_picker(con, "benchmarks")
if period is None:
    widgets.no_data()
own = pl.concat([releases.own_kpis(con, user, period, "segment", cfg),
                 releases.own_kpis(con, user, period, "all", cfg)]).unique(["metric", "segment"], keep="first")
cmp = packs.compare(own, peers)
metrics = [m for m in METRICS if m in set(cmp["metric"].to_list())]
metric = st.selectbox("Metric", metrics, format_func=lambda m: METRICS[m].label, key="benchmarks_metric")

widgets.chart(benchmark_chart(cmp, metric), key="benchmarks_chart")
st.caption("Bars: each peer's interval at its stated confidence; dot: the peer's noisy value; red diamond: yours (exact).")
chosen = cmp.filter(pl.col("metric") == metric)
for segment in chosen["segment"].unique(maintain_order=True).to_list():
    st.markdown(packs.sentence(metric, segment, chosen.filter(pl.col("segment") == segment)))

unit = METRICS[metric].unit
comparison = chosen.select(
    "segment", pl.col("label").alias("peer"),
    *[python_map(chosen[c], lambda v, u=unit: packs.value_text(u, v), pl.Utf8, skip_nulls=False)
      for c in ("own", "value", "low", "high")],
    "verdict", "epsilon",
)
widgets.table(comparison, key="benchmarks_table", client_level=False)
downloads.download_buttons(comparison, "benchmarks", user, client_level=False)
