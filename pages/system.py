"""System (admins): versions, database, snapshots, model, cache, audit verification, and a live backup."""

from pathlib import Path

import polars as pl
import streamlit as st

from moat import backup, system
from moat.errors import MoatError
from moat.ui import auth, state

user = auth.require_page("admin_system")
st.title("System")

cfg = state.settings()
con = state.connection()
info = system.collect(cfg, con)
d = info["database"]


def size(n: int | None) -> str:
    if n is None:
        return "n/a"
    return f"{n / (1 << 20):,.1f} MiB"


left, mid, right = st.columns(3)
left.metric("Database size", size(d.get("bytes")), help="file plus write-ahead log: " + size((d.get("bytes") or 0) + (d.get("wal_bytes") or 0)))
mid.metric("Snapshots", d.get("snapshots_total", 0))
right.metric("Cache size", size(info["cache"]["bytes"]),
             help=f"answers to questions on disk; in memory, {info['cache']['page_memo_entries']} of at most "
                  f"{info['cache']['page_memo_limit']} page figures kept for the current data")

st.subheader("Database")
st.text(f"Path: {d['path']}\nSchema version: {d.get('schema_version')} (this code: {d.get('schema_latest')})\n"
        f"Data version: {d.get('data_version')}\nOpen quarantine rows: {d.get('quarantine_open')}\nAudit rows: {d.get('audit_rows')}")
snapshot_rows = [{"dataset": ds, "status": status, "snapshots": n} for ds, by in sorted(d.get("snapshots", {}).items()) for status, n in by.items()]
counts = pl.DataFrame({"dataset": list(d.get("current_rows", {})), "current rows": list(d.get("current_rows", {}).values())})
a, b = st.columns(2)
a.dataframe(pl.DataFrame(snapshot_rows) if snapshot_rows else pl.DataFrame({"dataset": [], "status": [], "snapshots": []}),
            hide_index=True, key="system_snapshots")
b.dataframe(counts, hide_index=True, key="system_rows")

st.subheader("Audit trail")
last = d.get("last_audit_verification")
st.text(f"Last verification: {last['at']} by {last['by']}" if last else "Last verification: never recorded")
if st.button("Verify the audit chain now", key="system_verify"):
    result = system.verify_audit(con, user)
    if result.ok:
        st.success(f"The audit chain verifies: {result.rows} rows.")
    else:
        st.error(f"The audit chain is broken at row {result.first_broken_seq}: {result.reason}. Restore a backup.")

st.subheader("Backup")
st.caption("A consistent copy taken through the app's own connection, while everyone keeps working.")
if st.button("Back up now", key="system_backup"):
    try:
        done = backup.backup(con, user, backup.default_destination(d["path"]))
    except MoatError as err:
        st.error(str(err))
    else:
        st.success(f"Backup written: {done.path} ({size(done.bytes)}, audit chain of {done.audit_rows} rows verified).")

st.subheader("Model")
model = info.get("model", {})
st.json(model, expanded=False)

st.subheader("Versions")
st.dataframe(pl.DataFrame({"package": list(info["versions"]), "version": [v or "not installed" for v in info["versions"].values()]}),
             hide_index=True, key="system_versions")
st.text(f"Platform: {info['platform']}\nLog file: {info['log_file']}\nCache: {info['cache']['path']}")
problems = system.streamlit_config_problems(Path(".streamlit/config.toml"))
if problems:
    st.warning("Streamlit configuration is not hardened: " + "; ".join(problems))
