"""System (admins): versions, database, snapshots, model, cache, audit verification, and a live backup."""

from pathlib import Path

import polars as pl
import streamlit as st

from moat.admin import backup, system
from moat.analytics import retention
from moat.errors import MoatError
from moat.ui import auth, state, widgets

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

st.subheader("Analytics runs")
st.caption("Every run is stored whole with its evidence. Older runs of a period can go; a run whose results have an "
           "approval request always stays.")
keep = int(st.number_input("Runs to keep per period", min_value=1, value=2, step=1, key="system_prune_keep"))


def describe(plan: retention.Pruned) -> str:
    return (f"{len(plan.runs)} older runs ({plan.results:,} results) can be deleted"
            + (f"; {len(plan.kept_for_review)} older runs stay for their approval requests" if plan.kept_for_review else ""))


plan = retention.prune(con, user, keep, dry_run=True)
preview = st.empty()
preview.text(describe(plan))
if st.button("Delete older runs", key="system_prune", disabled=not plan.runs):
    try:
        done = retention.prune(con, user, keep)
    except MoatError as err:
        st.error(str(err))
    else:
        st.success(f"Deleted {len(done.runs)} runs and their {done.results:,} results (audited).")
        preview.text(describe(retention.prune(con, user, keep, dry_run=True)))

st.subheader("Model")
model = info.get("model", {})
st.json(model, expanded=False)

st.subheader("Versions")
widgets.table(pl.DataFrame({"package": list(info["versions"]),
                            "version": [v or "not installed" for v in info["versions"].values()]}),
              key="system_versions", client_level=False)
st.text(f"Platform: {info['platform']}\nLog file: {info['log_file']}\nCache: {info['cache']['path']}")
problems = system.streamlit_config_problems(Path(".streamlit/config.toml"))
if problems:
    st.warning("Streamlit configuration is not hardened: " + "; ".join(problems))
