"""Approvals: admins decide flagged results, analysts request reviews and read decisions, viewers see approved results."""

import streamlit as st

from moat.ui import auth, flash, state, widgets
from moat.views import approvals as view

user = auth.require_page("view_results")
st.title("Approvals" if user.can("request_approval") else "Approved results")  # the menu's name for each role
con, cfg = state.connection(), state.settings()

if not user.can("request_approval"):
    seen = view.approved(con, user, cfg)
    if seen.results.is_empty():
        st.info("No approved results yet.")
        st.stop()
    st.caption(seen.caption)
    widgets.table(seen.results, view.APPROVED_COLUMNS, key="approvals_approved", download="approved-results", user=user)
    picked = st.selectbox("Result to read", list(seen.labels), key="approvals_read", format_func=seen.labels.__getitem__)
    shown = view.read(con, user, picked, cfg)
    if shown is not None:
        widgets.result_content(shown, key="approvals_read")
    st.stop()


def _decide(approval_id: int, decision: str) -> None:
    comment = st.session_state.get("approvals_comment", "")
    if flash.attempt("approvals", lambda: view.decide(state.connection(), auth.current_user(), approval_id, decision, comment)):
        st.session_state["approvals_comment"] = ""
    widgets.relabel("approvals_result")  # the request picker's statuses changed


def _request() -> None:
    result_id, reason = st.session_state.get("approvals_result"), st.session_state.get("approvals_reason", "")
    if flash.attempt("approvals", lambda: view.request(state.connection(), auth.current_user(), result_id, reason)):
        st.session_state["approvals_reason"] = ""
    widgets.relabel("approvals_result")


flash.show("approvals")
queue = view.queue(con, user, cfg)
if user.can("approve"):
    st.subheader(f"Waiting for review ({queue.pending.height})")
    if queue.pending.is_empty():
        st.info("Nothing waits for review.")
    else:
        widgets.table(queue.pending, view.QUEUE_COLUMNS, key="approvals_pending", download="approvals-pending", user=user)
        picked = st.selectbox("Request to decide", queue.pending["approval_id"].to_list(), format_func=lambda i: f"#{i}",
                              key="approvals_pick")
        pending = queue.detail(picked)
        if pending.dp_spec is not None:
            st.warning(f"#{picked} asks to release differential-privacy aggregates outside the company. Approving allows "
                       "one release of exactly this spec:")
            widgets.table(pending.dp_spec, key="approvals_dp_spec", client_level=False)
        st.caption("Why it was flagged:")
        widgets.table(pending.why, key="approvals_why", client_level=False)
        st.caption("What it says, and the evidence behind it:")
        widgets.result_content(pending.content, key="approvals_content")
        st.text_area("Comment (required to reject or send back)", key="approvals_comment")
        for column, (label, decision) in zip(st.columns(3), view.DECISIONS.items(), strict=True):
            column.button(label, key=f"approvals_{decision}", on_click=_decide, args=(picked, decision),
                          type="primary" if decision == "approve" else "secondary")
    st.subheader("Decided")
else:
    st.subheader("My requests")
    if not queue.pending.is_empty():
        widgets.table(queue.pending, view.QUEUE_COLUMNS, key="approvals_mine_pending", download="approvals-pending", user=user)
if queue.decided.is_empty():
    st.caption("No decisions yet.")
else:
    widgets.table(queue.decided, view.DECIDED_COLUMNS, key="approvals_decided", download="approvals-decided", user=user)

st.subheader("Request approval")
if not queue.results:
    st.info("No results yet: run an analysis first (Insights page, \"Run and store the analysis of this period\").")
else:
    st.selectbox("Result", list(queue.results), format_func=queue.results.__getitem__, key="approvals_result")
    st.text_input("Why it needs review", key="approvals_reason", placeholder="e.g. before sending the client a price increase")
    st.button("Request approval", key="approvals_request", on_click=_request)
