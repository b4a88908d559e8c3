"""Share (admins): release DP-protected benchmark aggregates, seeing their accuracy before spending budget."""

import streamlit as st

from moat.errors import MoatError
from moat.privacy.bounds import GROUPINGS, METRICS
from moat.ui import auth, downloads, flash, state, widgets
from moat.views import share as view

user = auth.require_page("share_dp")
con, cfg = state.connection(), state.settings()

st.title("Share benchmarks")
st.caption("Aggregates leave the company only through OpenDP: each client is one record, its figures are clipped "
           "to declared bounds, and noise is added. Every release spends privacy budget (epsilon) on each client-month "
           "it describes; the tiles show the budget of one client-month and the most any of them has spent.")
period = widgets.period_picker(con, "share", compares=False)
if period is None:
    widgets.no_data()
chosen = st.multiselect("Metrics", list(METRICS), default=["client_count", "mean_margin"], format_func=view.metric_label,
                        key="share_metrics")
grouping = st.radio("Group by", GROUPINGS, horizontal=True, key="share_grouping",
                    format_func=lambda g: "public segments" if g == "segment" else "all clients together")
epsilon = st.number_input("Epsilon for this release", min_value=0.05, max_value=10.0, value=float(cfg.privacy_epsilon),
                          step=0.05, key="share_epsilon", help="Larger = less noise, more budget spent.")
if not chosen:
    st.info("Choose at least one metric.")
    st.stop()
try:
    shown = view.preview(con, user, cfg, period, chosen, epsilon, grouping)
except MoatError as err:
    flash.say("error", err)
    st.stop()
req = shown.req
for column, (label, value) in zip(st.columns(3), shown.budget, strict=True):
    column.metric(label, value, border=True)

st.subheader("Accuracy before you spend")
st.caption(f"Each noisy aggregate lies within ± accuracy of its clipped true value with {shown.confidence} confidence. "
           "Ratios (mean margin, EHR, waste per seat) combine two of them. Nothing is spent by this preview.")
if shown.coarse:  # say so before any budget is spent, with what would help
    st.warning(shown.coarse, icon=":material/blur_on:")
widgets.table(shown.accuracy, key="share_preview", client_level=False)
downloads.download_buttons(shown.accuracy, "release-accuracy", user, client_level=False)
st.caption(shown.clipping)

flash.show("share")
allowed = view.approval_state(con, user, cfg, req)
if allowed.needed:
    st.subheader("Approval")
    {"success": st.success, "info": st.info, "warning": st.warning}[allowed.kind](allowed.message)
    if allowed.may_request:
        st.text_input("Why (who receives the pack)", key="share_reason")
        st.button("Request approval", key="share_request", on_click=flash.attempt, args=("share", lambda: view.request_approval(
            state.connection(), auth.current_user(), req, st.session_state.get("share_reason", ""))))

label = st.text_input("Pack label (no client names)", key="share_label")
if shown.fits:
    st.warning(shown.fits)
if st.button("Release", type="primary", key="share_release", disabled=not allowed.ready):
    try:
        release_id, message = view.release(con, user, cfg, req, label, allowed.approval_id)
    except MoatError as err:
        flash.say("error", err)
    else:  # redraw: the budget tiles above were drawn before the spend
        st.session_state["share_last_release"] = release_id
        flash.later("share", message)
        st.rerun()

asked = view.requests(con, user)
if not asked.is_empty():
    st.subheader("Release requests")
    widgets.table(asked, view.REQUEST_COLUMNS, key="share_requests", client_level=False)

made = view.history(con, user)
if not made:
    st.stop()
st.subheader("Releases")
ids, last = list(made), st.session_state.get("share_last_release")
picked = st.selectbox("Release", ids, index=ids.index(last) if last in ids else 0, key="share_release_pick",
                      format_func=made.__getitem__)
pack = view.pack(con, user, picked)
widgets.table(pack.values, key="share_values", client_level=False)
downloads.download_buttons(pack.values, "release-values", user, client_level=False)
a, b = st.columns(2)
a.download_button("Download pack (JSON)", pack.json, file_name=f"benchmark-pack-{picked}.json", mime="application/json",
                  key="share_download_json")
b.download_button("Download pack (CSV)", pack.csv, file_name=f"benchmark-pack-{picked}.csv", mime="text/csv",
                  key="share_download_csv")
