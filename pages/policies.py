"""Policies (admins): review threshold, metrics that always need approval, what Viewers see, exports, DP budget and
whether DP releases need a second admin."""

import streamlit as st

from moat.errors import MoatError
from moat.ui import auth, downloads, flash, state, widgets
from moat.views import policies as view

user = auth.require_page("manage_policies")
st.title("Policies")
con, cfg = state.connection(), state.settings()
current = view.current(con, cfg)

with st.form("policies_form"):
    review = st.number_input("Review results below this confidence (%)", 0.0, 100.0,
                             view.form_value("review_confidence", current.review_confidence), 5.0, format="%g",
                             key="policies_review_confidence")
    metrics = st.text_input("Metrics that always need approval (comma-separated)", ", ".join(current.always_review_metrics),
                            key="policies_metrics")
    viewers = st.checkbox("Viewers see per-client rows", current.viewers_see_client_rows, key="policies_viewers")
    export = st.checkbox("Exports with per-client rows need an Admin", current.client_export_admin_only, key="policies_export")
    budget = st.number_input("DP budget: total epsilon each client-month may spend, over all releases", 0.0, None, current.dp_budget, 0.5,
                             key="policies_budget")
    dp_approval = st.checkbox("A DP release needs approval by another admin", current.dp_requires_approval,
                              key="policies_dp_approval")
    if st.form_submit_button("Save policies"):
        try:
            current, saved = view.save(con, user, {
                "review_confidence": review, "always_review_metrics": metrics, "viewers_see_client_rows": viewers,
                "client_export_admin_only": export, "dp_budget": budget, "dp_requires_approval": dp_approval,
            }, cfg)
        except MoatError as err:
            flash.say("error", err)
        else:
            st.success(saved)

shown = view.table(current)
widgets.table(shown, key="policies_table", client_level=False)
downloads.download_buttons(shown, "policies", user, client_level=False)
