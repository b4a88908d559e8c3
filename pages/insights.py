"""Insights: recommendations ranked by money at stake per month, each with its evidence and confidence."""

import streamlit as st

from moat.analytics.app_run import app_run
from moat.analytics.views import insights_view
from moat.formatting import count_text, escape_markdown, money_text, words
from moat.governance.permissions import allowed
from moat.ui import auth, state, widgets

user = auth.require_page("view_results")
con = state.connection()
settings = state.settings()

st.title("Insights")
period = widgets.period_picker(con, "insights")
if period is None:
    widgets.no_data()
if allowed(user.role, "run_analytics") and st.button("Run and store the analysis of this period", key="insights_run"):
    with st.status(f"Analysing {period} and storing every result...", expanded=True) as status:
        stored = app_run(con, user, period, settings, status.write)
        status.update(label=f"Stored run {stored.run_id}: {stored.results:,} results ({stored.pending_review:,} for review), "
                            f"{stored.seconds:.1f} s", state="complete")
view = insights_view(con, user, period, settings)
if view.awaiting:  # never "all is well" while recommendations wait for review
    how = ("an admin approves them on the Approvals page" if view.source != "none" else
           "none has been sent for review yet: an analyst stores the analysis, then an admin approves it")
    st.warning(f"{count_text(view.awaiting, 'recommendation')} for this period "
               f"{'await' if view.awaiting != 1 else 'awaits'} approval: {how}; approved ones appear here.",
               icon=":material/pending_actions:")
elif view.message:
    st.info(view.message)
if view.rows.is_empty():
    if view.awaiting:
        st.stop()
    if view.source == "none":
        widgets.no_data("Ask an analyst to run the analysis for this period.")
    widgets.no_data("No recommendation for this period: every rule is within its threshold.")

kinds = sorted(view.rows["kind"].unique().to_list())
chosen = st.multiselect("Kinds", kinds, default=kinds, key="insights_kinds", format_func=words)
rows = view.rows.filter(view.rows["kind"].is_in(chosen))
total = rows["monthly_effect"].sum() if rows.height else 0
widgets.tiles([
    {"label": "Money at stake per month", "value": total, "kind": "money"},
    {"label": "Recommendations", "value": rows.height, "kind": "count"},
    {"label": "Provisional", "value": int(rows["provisional"].sum()), "kind": "count",
     "help": f"Confidence below {view.threshold:.0%}: check before acting (they go to the approval queue when stored)"},
])
st.caption(f"Source: {view.source}. Thresholds: target margin {settings.target_margin:.0%}, utilisation band "
           f"{settings.utilization_low:.0%}-{settings.utilization_high:.0%}, inactive seats tolerated "
           f"{settings.inactive_seat_tolerance:.0%}.")
shown = rows.with_columns(rows["provisional"].replace_strict({True: "Provisional", False: ""}, return_dtype=str).alias("status"))
widgets.table(shown, ["kind", "entity", "action", "monthly_effect", "confidence", "status"], key="insights_table",
              download="insights", user=user)
with st.expander("Evidence of the top recommendations"):
    for r in rows.head(10).iter_rows(named=True):  # names are user text: escaped, never read as Markdown
        st.markdown(f"**{escape_markdown(words(r['kind']))} - {escape_markdown(r['entity'])}** "
                    f"({escape_markdown(money_text(r['monthly_effect'], widgets.currency()))} per month)")
        st.code(r["evidence"], language="json")
