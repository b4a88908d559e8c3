"""Audit trail (admins): verification state, filters, search and CSV export of the hash-chained log."""

import streamlit as st

from moat.formatting import label as field_label
from moat.governance import audit
from moat.ui import auth, downloads, state, widgets

user = auth.require_page("read_audit")
st.title("Audit trail")
con = state.connection()

check = audit.verify(con)
if check.ok:
    st.success(f"Chain intact: all {check.rows} rows verify.")
else:
    st.error(f"Chain BROKEN at row {check.first_broken_seq}: {check.reason}. Restore a backup and investigate.")

left, mid, right = st.columns(3)
action = left.selectbox("Action", ["(all)"] + audit.actions(con), key="audit_action",
                       format_func=lambda a: a if a == "(all)" else field_label(a))
by = mid.text_input("User", key="audit_user")
search = right.text_input("Search", key="audit_search", placeholder="object, details, ...")
since_col, until_col = st.columns(2)
since = since_col.date_input("From", value=None, key="audit_since")
until = until_col.date_input("To (inclusive)", value=None, key="audit_until")

rows = audit.entries(
    con, user, action=None if action == "(all)" else action, user_name=by.strip() or None, search=search.strip() or None,
    since=since.isoformat() if since else None, until=until.isoformat() if until else None,
)
st.caption(f"{rows.height} matching rows")
widgets.table(rows.head(1000), key="audit_rows", client_level=False)
st.caption("The downloads hold every matching row, not only the first 1,000 shown (the download itself is audited).")
downloads.download_buttons(rows, "audit", user, client_level=True, key="audit_export")
