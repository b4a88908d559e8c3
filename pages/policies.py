"""Policies (admins): review threshold, metrics that always need approval, what Viewers see, exports, DP budget and
whether DP releases need a second admin."""

import polars as pl
import streamlit as st

from moat.errors import MoatError
from moat.governance import policies
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("manage_policies")
st.title("Policies")
con = state.connection()
cfg = state.settings()
current = policies.get(con, cfg)

with st.form("policies_form"):
    review = st.number_input("Review results below this confidence", 0.0, 1.0, current.review_confidence, 0.05,
                             key="policies_review_confidence")
    metrics = st.text_input("Metrics that always need approval (comma-separated)", ", ".join(current.always_review_metrics),
                            key="policies_metrics")
    viewers = st.checkbox("Viewers see per-client rows", current.viewers_see_client_rows, key="policies_viewers")
    export = st.checkbox("Exports with per-client rows need an Admin", current.client_export_admin_only, key="policies_export")
    budget = st.number_input("DP budget (total epsilon) per uploaded file, over all releases", 0.0, None, current.dp_budget, 0.5,
                             key="policies_budget")
    dp_approval = st.checkbox("A DP release needs approval by another admin", current.dp_requires_approval,
                              key="policies_dp_approval")
    if st.form_submit_button("Save policies"):
        try:
            current = policies.update(con, user, {
                "review_confidence": review, "always_review_metrics": metrics, "viewers_see_client_rows": viewers,
                "client_export_admin_only": export, "dp_budget": budget,
                "dp_requires_approval": dp_approval,
            }, cfg)
        except MoatError as err:
            st.error(str(err))
        else:
            st.success("Policies saved (each change is in the audit trail).")

shown = [{**d, "value": ", ".join(d["value"]) if isinstance(d["value"], list) else str(d["value"])} for d in policies.describe(current)]
shown = pl.DataFrame(shown)
widgets.table(shown, key="policies_table", client_level=False)
downloads.download_buttons(shown, "policies", user, client_level=False)
