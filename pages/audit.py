"""Audit trail (admins): verification state, filters, search and CSV export of the hash-chained log."""

import streamlit as st

from moat.formatting import label as field_label
from moat.ui import auth, downloads, flash, state, widgets
from moat.views import audit as view

user = auth.require_page("read_audit")
st.title("Audit trail")
con = state.connection()

flash.show("audit")
ok, verdict = view.verification(con)
(st.success if ok else st.error)(verdict)
if ok:
    if st.button("Record this check", key="audit_record", help=view.NOT_RECORDED):
        flash.attempt("audit", lambda: view.record(con, user))
        st.rerun()

left, mid, right = st.columns(3)
action = left.selectbox("Action", view.actions(con), key="audit_action",
                        format_func=lambda a: a if a == view.ALL else field_label(a))
by = mid.text_input("User", key="audit_user")
search = right.text_input("Search", key="audit_search", placeholder="object, details, ...")
since_col, until_col = st.columns(2)
since = since_col.date_input("From", value=None, key="audit_since")
until = until_col.date_input("To (inclusive)", value=None, key="audit_until")

found = view.matching(con, user, action, by, search, since, until)
st.caption(found.count)
widgets.table(found.shown, key="audit_rows", client_level=False)
st.caption("The downloads hold every matching row, not only the first 1,000 shown (the download itself is audited).")
downloads.download_buttons(found.rows, "audit", user, client_level=True, key="audit_export")
