"""Share (admins): release DP-protected benchmark aggregates, seeing their accuracy before spending budget."""

import polars as pl
import streamlit as st

from moat.errors import MoatError
from moat.privacy import packs, releases, usefulness
from moat.privacy import release_approvals as approval
from moat.privacy.bounds import GROUPINGS, METRICS
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("share_dp")
con = state.connection()
cfg = state.settings()

st.title("Share benchmarks")
st.caption("Aggregates leave the company only through OpenDP: each client is one record, its figures are clipped "
           "to declared bounds, and noise is added. Every release spends privacy budget (epsilon) for the current data.")
period = widgets.period_picker(con, "share")
if period is None:
    widgets.no_data()

chosen = st.multiselect("Metrics", list(METRICS), default=["client_count", "mean_margin"],
                        format_func=lambda m: METRICS[m].label, key="share_metrics")
grouping = st.radio("Group by", GROUPINGS, horizontal=True, key="share_grouping",
                    format_func=lambda g: "public segments" if g == "segment" else "all clients together")
epsilon = st.number_input("Epsilon for this release", min_value=0.05, max_value=10.0, value=float(cfg.privacy_epsilon),
                          step=0.05, key="share_epsilon", help="Larger = less noise, more budget spent.")
if not chosen:
    st.info("Choose at least one metric.")
    st.stop()

try:
    req = releases.request(con, chosen, epsilon, period=period, grouping=grouping)
    preview = releases.preview(con, user, req, cfg)
except MoatError as err:
    st.error(str(err))
    st.stop()

budget = preview["budget"]
left, mid, right = st.columns(3)
left.metric("Budget for the current data", f"{budget['total']:g}", border=True)
mid.metric("Spent", f"{budget['spent']:g}", border=True)
right.metric("Remaining", f"{budget['remaining']:g}", border=True)

st.subheader("Accuracy before you spend")
st.caption(f"Each noisy aggregate lies within ± accuracy of its clipped true value with {1 - req.alpha:.0%} confidence. "
           "Ratios (mean margin, EHR, waste per seat) combine two of them. Nothing is spent by this preview.")
accuracy = pl.DataFrame(preview["aggregates"]).select("aggregate", "scope", "clipped_to", "accuracy")
useful = usefulness.assess(preview["aggregates"], req.epsilon, grouping, usefulness.group_sizes(con, period, grouping),
                           req.alpha)
if useful.coarse:  # say so before any budget is spent, with what would help
    st.warning(useful.message + " What would help: " + "; ".join(useful.suggestions) + ".", icon=":material/blur_on:")
widgets.table(accuracy, key="share_preview", client_level=False)
downloads.download_buttons(accuracy, "release-accuracy", user, client_level=False)
st.caption(preview["clipping"]["note"])



def _request(spec: releases.Request) -> None:
    try:
        approval_id = approval.request(state.connection(), auth.current_user(), spec, st.session_state.get("share_reason", ""))
    except MoatError as err:
        st.session_state["share_flash"] = ("error", str(err))
    else:
        st.session_state["share_flash"] = ("success", f"Requested approval #{approval_id}: another admin decides it on the "
                                                      "Approvals page.")


flash = st.session_state.pop("share_flash", None)
if flash:
    (st.success if flash[0] == "success" else st.error)(flash[1])

approval_id, ready = None, True
if approval.required(con, cfg):
    st.subheader("Approval")
    found = approval.state(con, user, req)
    if found and found["usable"]:
        approval_id = found["approval_id"]
        st.success(f"Approved by {found['decided_by']} (request #{approval_id} by {found['requested_by']}): "
                   "this exact release may be made once.")
    elif found and found["status"] == "pending_review":
        ready = False
        st.info(f"Request #{found['approval_id']} by {found['requested_by']} waits for another admin (Approvals page).")
    else:
        ready = False
        before = ""
        if found and found["used_by_release"] is not None:
            before = f" Request #{found['approval_id']} was used by release {found['used_by_release']}."
        elif found:
            before = f" Request #{found['approval_id']} was {found['status'].replace('_', ' ')}."
        st.warning("Policy: a release needs a request approved by another admin (four-eyes), for exactly these metrics, "
                   f"epsilon, period and grouping.{before}")
        st.text_input("Why (who receives the pack)", key="share_reason")
        st.button("Request approval", key="share_request", on_click=_request, args=(req,))

label = st.text_input("Pack label (no client names)", key="share_label")
if not budget["fits"]:
    st.warning(f"This release needs epsilon {req.epsilon:g} but only {budget['remaining']:g} remains: it would be refused.")
if st.button("Release", type="primary", key="share_release", disabled=not ready):
    try:
        released = releases.release(con, user, req, cfg, label=label, approval_id=approval_id)
        st.session_state["share_last_release"] = released.release_id
        used = f", approval #{released.approval_id} used" if released.approval_id is not None else ""
        st.success(f"Released (release {released.release_id}): epsilon {req.epsilon:g} spent{used}.")
    except MoatError as err:
        st.error(str(err))

asked = approval.requests(con, user)
if not asked.is_empty():
    st.subheader("Release requests")
    widgets.table(asked, ["approval_id", "status", "release", "requested_by", "reason", "decided_by", "used_by_release"],
                  key="share_requests", client_level=False)

history = packs.list_releases(con, user)
if history.is_empty():
    st.stop()
st.subheader("Releases")
ids = history["release_id"].to_list()
last = st.session_state.get("share_last_release")
chosen_id = st.selectbox("Release", ids, index=ids.index(last) if last in ids else 0, key="share_release_pick",
                         format_func=lambda i: f"{i}: " + history.filter(pl.col("release_id") == i)["description"][0])
pack = packs.release_pack(con, user, chosen_id)
released_values = pl.DataFrame(packs.display_rows(pack))
widgets.table(released_values, key="share_values", client_level=False)
downloads.download_buttons(released_values, "release-values", user, client_level=False)
a, b = st.columns(2)
a.download_button("Download pack (JSON)", packs.to_json(pack), file_name=f"benchmark-pack-{chosen_id}.json",
                  mime="application/json", key="share_download_json")
b.download_button("Download pack (CSV)", packs.to_csv(pack), file_name=f"benchmark-pack-{chosen_id}.csv",
                  mime="text/csv", key="share_download_csv")
