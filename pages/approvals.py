"""Approvals: admins decide flagged results, analysts request reviews and read decisions, viewers see approved results."""

import polars as pl
import streamlit as st

from moat.errors import MoatError
from moat.formatting import words
from moat.governance import approvals
from moat.governance.result_content import approved_detail, content, with_value_text
from moat.privacy import release_approvals as approval
from moat.ui import auth, state, widgets

user = auth.require_page("view_results")
st.title("Approvals" if user.can("request_approval") else "Approved results")  # the menu's name for each role
con = state.connection()
cfg = state.settings()
RESULT_COLUMNS = ["result_id", "metric", "entity", "period_start", "period_end", "shown_value", "confidence", "status"]

if not user.can("request_approval"):
    st.caption("Results an admin has approved. Provisional results are not shown.")
    approved = approvals.visible_results(con, user, cfg=cfg)
    if approved.is_empty():
        st.info("No approved results yet.")
        st.stop()
    approved = with_value_text(approved)
    widgets.table(approved, RESULT_COLUMNS + ["decided_by", "decided_at"], key="approvals_approved",
                  download="approved-results", user=user)
    ids = approved["result_id"].to_list()
    picked = st.selectbox("Result to read", ids, key="approvals_read",
                          format_func=lambda i: f"#{i} {words(approved.filter(pl.col('result_id') == i)['metric'][0])}")
    detail = approved_detail(con, user, picked)
    if detail is not None:
        widgets.result_content(content(detail), key="approvals_read")
    st.stop()


def _decide(approval_id: int, decision: str) -> None:
    comment = st.session_state.get("approvals_comment", "")
    try:
        status = approvals.decide(state.connection(), auth.current_user(), approval_id, decision, comment)
    except MoatError as err:
        st.session_state["approvals_flash"] = ("error", str(err))
    else:
        st.session_state["approvals_flash"] = ("success", f"Approval #{approval_id} is now {words(status).lower()}.")
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
QUEUE_COLUMNS = ["approval_id", "result_id", "metric", "entity", "shown_value", "confidence", "requested_by", "requested_at",
                 "reason"]
pending, decided = with_value_text(pending), with_value_text(decided)

if user.can("approve"):
    st.subheader(f"Waiting for review ({pending.height})")
    if pending.is_empty():
        st.info("Nothing waits for review.")
    else:
        widgets.table(pending, QUEUE_COLUMNS, key="approvals_pending", download="approvals-pending", user=user)
        ids = pending["approval_id"].to_list()
        picked = st.selectbox("Request to decide", ids, format_func=lambda i: f"#{i}", key="approvals_pick")
        row = pending.filter(pl.col("approval_id") == picked).row(0, named=True)
        if row["metric"] == approval.KIND:
            st.warning(f"#{picked} asks to release differential-privacy aggregates outside the company. Approving allows "
                       "one release of exactly this spec:")
            widgets.table(pl.DataFrame([approval.spec_row(approvals.evidence(row)["explanation"])]), key="approvals_dp_spec",
                          client_level=False)
        st.caption("Why it was flagged:")
        widgets.table(pl.DataFrame([{k: row[k] for k in ("requested_by", "reason", "created_by", "confidence")}]),
                      key="approvals_why", client_level=False)
        st.caption("What it says, and the evidence behind it:")
        widgets.result_content(content(row), key="approvals_content")
        st.text_area("Comment (required to reject or send back)", key="approvals_comment")
        approve, reject, back = st.columns(3)
        approve.button("Approve", key="approvals_approve", on_click=_decide, args=(picked, "approve"), type="primary")
        reject.button("Reject", key="approvals_reject", on_click=_decide, args=(picked, "reject"))
        back.button("Send back", key="approvals_send_back", on_click=_decide, args=(picked, "send_back"))
    st.subheader("Decided")
else:
    st.subheader("My requests")
    if not pending.is_empty():
        widgets.table(pending, QUEUE_COLUMNS, key="approvals_mine_pending", download="approvals-pending", user=user)
if decided.is_empty():
    st.caption("No decisions yet.")
else:
    widgets.table(decided, ["approval_id", "result_id", "metric", "entity", "shown_value", "status", "requested_by",
                            "decided_by", "decided_at", "comment"], key="approvals_decided", download="approvals-decided",
                  user=user)

st.subheader("Request approval")
results = approvals.visible_results(con, user, cfg=cfg)
if results.is_empty():
    st.info("No results yet: run an analysis first (Insights page, \"Run and store the analysis of this period\").")
else:
    labels = {r["result_id"]: f"#{r['result_id']} {words(r['metric'])} - {r['entity']} ({words(r['status']).lower()})"
              for r in results.iter_rows(named=True)}
    st.selectbox("Result", list(labels), format_func=labels.__getitem__, key="approvals_result")
    st.text_input("Why it needs review", key="approvals_reason", placeholder="e.g. before sending the client a price increase")
    st.button("Request approval", key="approvals_request", on_click=_request)
