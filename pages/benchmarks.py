"""Benchmarks: the MSP's own exact KPIs against peers' DP-protected packs, with the noise drawn as error bars."""

import streamlit as st

from moat.errors import MoatError
from moat.ui import auth, downloads, flash, state, widgets
from moat.views import benchmarks as view

user = auth.require_page("view_results")
con = state.connection()

st.title("Benchmarks")
st.caption("Peer values are noisy (differential privacy): a difference inside a peer's interval is within noise "
           "and is not evidence of a real difference.")

if user.can("upload"):
    with st.expander("Import a peer pack"):
        upload = st.file_uploader("Benchmark pack (JSON)", type=["json"], key="benchmarks_upload")
        if upload is not None and st.button("Import", key="benchmarks_import"):
            try:
                st.success(view.import_pack(con, user, upload.getvalue(), upload.name))
            except MoatError as err:
                flash.say("error", err)

peers = view.peers(con)
if peers.is_empty():
    st.info(view.empty_text(user.can("upload")))
    st.stop()

st.caption(view.periods_text(peers))  # a pack holds fixed dates: no period picker (h112)
compared = view.compare(con, user, peers, state.settings())
metric = st.selectbox("Metric", compared.metrics, format_func=view.metric_label, key="benchmarks_metric")
shown = compared.metric(metric)

widgets.chart(shown.chart, key="benchmarks_chart")
st.caption("Bars: each peer's interval at its stated confidence; dot: the peer's noisy value; red diamond: yours (exact).")
for sentence in shown.sentences:
    st.markdown(sentence)
widgets.table(shown.table, key="benchmarks_table", client_level=False)
downloads.download_buttons(shown.table, "benchmarks", user, client_level=False)
