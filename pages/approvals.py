"""Approvals: admins decide flagged results, analysts request reviews and read decisions, viewers see approved results."""

import polars as pl
import streamlit as st

from moat.errors import MoatError
from moat.governance import approvals
from moat.privacy import approval
from moat.ui import auth, downloads, state

user = auth.require_page("view_results")
st.title("Approvals")
con = state.connection()
cfg = state.settings()
RESULT_COLUMNS = ["result_id", "metric", "entity_type", "entity", "period_start", "period_end", "value", "confidence", "status"]

if not user.can("request_approval"):
    st.caption("Results an admin has approved. Provisional results are not shown.")
    approved = approvals.visible_results(con, user, cfg=cfg)
    if approved.is_empty():
        st.info("No approved results yet.")
        st.stop()
    approved = approved.select(RESULT_COLUMNS + ["decided_by", "decided_at"])
    st.dataframe(approved, hide_index=True, key="approvals_approved")
    downloads.download_buttons(approved, "approved-results", user, client_level=True)
    st.stop()


def _decide(approval_id: int, decision: str) -> None:
    comment = st.session_state.get("approvals_comment", "")
    try:
        status = approvals.decide(state.connection(), auth.current_user(), approval_id, decision, comment)
    except MoatError as err:
        st.session_state["approvals_flash"] = ("error", str(err))
    else:
        st.session_state["approvals_flash"] = ("success", f"Approval #{approval_id} is now {status.replace('_', ' ')}.")
        st.session_state["approvals_comment"] = ""


def _request() -> None:
    result_id = st.session_state.get("approvals_result")
    try:
        approval_id = approvals.request(state.connection(), auth.current_user(), result_id, st.session_state.get("approvals_reason", ""))
    except MoatError as err:
        st.session_state["approvals_flash"] = ("error", str(err))
    else:
        st.session_state["approvals_flash"] = ("success", f"Requested approval #{approval_id} for result #{result_id}.")
        st.session_state["approvals_reason"] = ""


flash = st.session_state.pop("approvals_flash", None)
if flash:
    (st.success if flash[0] == "success" else st.error)(flash[1])

queue = approvals.queue(con, user, cfg=cfg)
pending = queue.filter(pl.col("status") == "pending_review")
decided = queue.filter(pl.col("status") != "pending_review")
QUEUE_COLUMNS = ["approval_id", "result_id", "metric", "entity", "value", "confidence", "requested_by", "requested_at", "reason"]

if user.can("approve"):
    st.subheader(f"Waiting for review ({pending.height})")
    if pending.is_empty():
        st.info("Nothing waits for review.")
    else:
        st.dataframe(pending.select(QUEUE_COLUMNS), hide_index=True, key="approvals_pending")
        downloads.download_buttons(pending.select(QUEUE_COLUMNS), "approvals-pending", user, client_level=True)
        ids = pending["approval_id"].to_list()
        picked = st.selectbox("Request to decide", ids, format_func=lambda i: f"#{i}", key="approvals_pick")
        row = pending.filter(pl.col("approval_id") == picked).row(0, named=True)
        if row["metric"] == approval.KIND:
            st.warning(f"#{picked} asks to release differential-privacy aggregates outside the company. Approving allows "
                       "one release of exactly this spec:")
            st.dataframe(pl.DataFrame([approval.spec_row(approvals.evidence(row)["explanation"])]), hide_index=True,
                         key="approvals_dp_spec")
        st.caption("Why it was flagged, and the evidence behind the number (confidence parts, explanation, snapshots):")
        st.dataframe(pl.DataFrame([{k: row[k] for k in ("requested_by", "reason", "created_by", "confidence")}]),
                     hide_index=True, key="approvals_why")
        st.json(approvals.evidence(row), expanded=False)
        st.text_area("Comment (required to reject or send back)", key="approvals_comment")
        approve, reject, back = st.columns(3)
        approve.button("Approve", key="approvals_approve", on_click=_decide, args=(picked, "approve"), type="primary")
        reject.button("Reject", key="approvals_reject", on_click=_decide, args=(picked, "reject"))
        back.button("Send back", key="approvals_send_back", on_click=_decide, args=(picked, "send_back"))
    st.subheader("Decided")
else:
    st.subheader("My requests")
    if not pending.is_empty():
        st.dataframe(pending.select(QUEUE_COLUMNS), hide_index=True, key="approvals_mine_pending")
        downloads.download_buttons(pending.select(QUEUE_COLUMNS), "approvals-pending", user, client_level=True)
if decided.is_empty():
    st.caption("No decisions yet.")
else:
    decided = decided.select(["approval_id", "result_id", "metric", "entity", "status", "requested_by", "decided_by",
                              "decided_at", "comment"])
    st.dataframe(decided, hide_index=True, key="approvals_decided")
    downloads.download_buttons(decided, "approvals-decided", user, client_level=True)

st.subheader("Request approval")
results = approvals.visible_results(con, user, cfg=cfg)
if results.is_empty():
    st.info("No results yet: run an analysis first (Insights page, \"Run and store the analysis of this period\").")
else:
    labels = {r["result_id"]: f"#{r['result_id']} {r['metric']} - {r['entity']} ({r['status'].replace('_', ' ')})"
              for r in results.iter_rows(named=True)}
    st.selectbox("Result", list(labels), format_func=labels.__getitem__, key="approvals_result")
    st.text_input("Why it needs review", key="approvals_reason", placeholder="e.g. before sending the client a price increase")
    st.button("Request approval", key="approvals_request", on_click=_request)
