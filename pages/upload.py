"""Upload: drop exports, check what was detected and mapped, read the quality report and quarantine, commit."""

import polars as pl
import streamlit as st

from moat.datasets import DATASETS
from moat.formatting import count_text
from moat.ingest import alias_suggestions, profiles, quarantine, upload
from moat.ingest.mapping import template_csv
from moat.ui import auth, downloads, state

user = auth.require_page("upload")
con = state.connection()
cfg = state.settings()

st.title("Upload data")
st.caption("CSV, TSV or Excel (.xlsx) exports from your PSA, accounting and licence portals. Each file becomes a snapshot.")

with st.expander("Templates", expanded=False):
    chosen = st.selectbox("Dataset", list(DATASETS), key="upload_template_dataset")
    st.download_button("Download template CSV", template_csv(chosen), file_name=f"{chosen}_template.csv",
                       mime="text/csv", key="upload_template_download")

saved = profiles.list_profiles(con)
profile_name = st.selectbox("Mapping profile", ["(none)", *saved["name"].to_list()], key="upload_profile")
profile = profiles.get(con, profile_name) if profile_name != "(none)" else None

files = st.file_uploader("Files", type=["csv", "tsv", "txt", "xlsx", "xls", "xlsb", "ods"], accept_multiple_files=True,
                         key="upload_files")
lookup_files = st.file_uploader("Lookup files (exports that name the ids of a file, e.g. Autotask Resources, Tickets, "
                                "Companies)", type=["csv", "txt", "xlsx"], accept_multiple_files=True, key="upload_lookups")
lookups = [(f.name, f.getvalue()) for f in lookup_files or []]
known_clients = upload.known_client_names(con)
for index, file in enumerate(files or []):
    key = f"upload_{index}_{file.name}"
    with st.container(border=True):
        st.subheader(file.name)
        left, right = st.columns(2)
        dataset = left.selectbox("Dataset", upload.DATASET_CHOICES, key=f"{key}_dataset")
        order = right.radio("Date order", ["Detect", *upload.DATE_ORDERS], horizontal=True, key=f"{key}_order")
        edits = st.session_state.get(f"{key}_edits", {})
        client = st.selectbox("Client of a per-tenant report (Microsoft 365)", ["(none)", *known_clients], key=f"{key}_client",
                              accept_new_options=True)
        source = st.session_state.get(f"{key}_source")
        progress = st.progress(0.1, text="Reading and checking...")
        result = upload.analyze(con, user, file.getvalue(), file.name, dataset=dataset, columns=edits,
                                dayfirst=upload.DATE_ORDERS.get(order), base_currency=cfg.base_currency, profile=profile,
                                client=None if client == "(none)" else client, lookups=lookups, source=source,
                                own_company=cfg.own_company, confirm_new_names=cfg.confirm_new_names)
        progress.progress(1.0, text="Checked")
        if result.ask_date_order:
            st.warning(f"{result.error}. Which order does this file use? Choose it under 'Date order' above.")
            continue
        if result.candidates:
            st.warning(result.error)
            pick = st.radio("Which export is this?", result.candidates, key=f"{key}_source_pick", index=None)
            if pick:
                st.session_state[f"{key}_source"] = pick
                st.rerun()
            continue
        if result.error:
            st.error(result.error)
            if result.needs_client:
                st.info("Choose the client above: this report holds one tenant and does not name it.")
            continue
        p = result.prepared
        seen = upload.recognition(p)
        st.write(f"**{p.dataset}** · encoding {p.encoding or '-'} · delimiter {p.delimiter!r} · "
                 f"dates {p.date_order or '-'}" + (f" · sheet {p.sheet}" if p.sheet else ""))
        st.info(f"Recognised as {seen['confidence']} (source {seen['source']})")
        if seen["mapping"] or seen["rules"]:
            left, right = st.columns(2)
            left.dataframe(pl.DataFrame(seen["mapping"], schema={"column": pl.Utf8, "field": pl.Utf8}), hide_index=True)
            right.dataframe(pl.DataFrame({"row rule applied": seen["rules"]}, schema={"row rule applied": pl.Utf8}), hide_index=True)
        for kind in ("clients", "technicians"):
            names = seen[f"new_{kind}"]
            if names:
                st.warning(f"New {kind} never seen before: {', '.join(names)}. " + (
                    "Their rows wait in the quarantine until you confirm them." if cfg.confirm_new_names else ""))
                chosen = st.multiselect(f"Confirm new {kind}", names, default=names, key=f"{key}_confirm_{kind}")
                if cfg.confirm_new_names and st.button(f"Confirm {len(chosen)} {kind}", key=f"{key}_confirm_{kind}_go",
                                                       disabled=not chosen):
                    upload.confirm(con, user, chosen, kind[:-1])
                    st.rerun()
        with st.expander("Column mapping", expanded=bool(p.unmapped)):
            new_edits = {}
            cols = st.columns(3)
            for i, (header, target, allowed) in enumerate(upload.mapping_choices(p)):
                pick = cols[i % 3].selectbox(header, allowed, index=allowed.index(target), key=f"{key}_map_{i}")
                if pick != target:
                    new_edits[header] = pick
            if new_edits:
                st.session_state[f"{key}_edits"] = {**edits, **new_edits}
                st.rerun()
            name = st.text_input("Save this mapping as", key=f"{key}_profile_name")
            if st.button("Save mapping profile", key=f"{key}_save_profile", disabled=not name):
                profiles.save(con, user, name, upload.profile_of(p))
                st.success(f"Saved mapping profile {name!r}")
        q = p.quality
        m = st.columns(5)
        m[0].metric("Quality", f"{q['score']:.0f}/100")
        for col, part in zip(m[1:], ("completeness", "validity", "uniqueness", "name_match"), strict=True):
            col.metric(part.replace("_", " ").capitalize(), "-" if q[part] is None else f"{q[part] * 100:.0f}%")
        st.write(f"{count_text(p.rows_read, 'row')} read: {p.rows.height:,} to load, {p.quarantine.height:,} quarantined, "
                 f"{p.rows_skipped:,} skipped")
        for note in p.warnings:
            st.caption(note)
        st.dataframe(p.preview(), hide_index=True)
        downloads.download_buttons(p.preview(), f"{p.dataset}-preview", user, client_level=True, key=f"{key}_preview_dl")
        if p.quarantine.height:
            rejected = p.quarantine.select("row_number", "column_name", "value", "reason")
            st.dataframe(rejected, hide_index=True)
            downloads.download_buttons(rejected, f"{p.dataset}-rejected", user, client_level=True, key=f"{key}_rejected_dl")
        replace = st.checkbox("This file is the full truth for a date range", key=f"{key}_replace")
        replace_range = None
        if replace and ("date" in p.rows.columns or "month" in p.rows.columns):
            dates = p.rows.select(pl.coalesce([c for c in ("date", "month") if c in p.rows.columns]).alias("d"))["d"].drop_nulls()
            if dates.len():
                picked = st.date_input("Range", (dates.min(), dates.max()), key=f"{key}_range")
                if isinstance(picked, tuple) and len(picked) == 2:
                    replace_range = (picked[0], picked[1])
        if st.button("Commit", type="primary", key=f"{key}_commit"):
            report = upload.commit(con, user, p, replace_range)
            if report["already_loaded"]:
                st.info(f"Already loaded as snapshot {report['snapshot_id']}; nothing loaded twice.")
            else:
                st.success(f"Loaded as snapshot {report['snapshot_id']}: {count_text(report['rows_loaded'], 'row')}, "
                           f"{report['rows_quarantined']:,} quarantined.")

st.header("Quarantine")
open_rows = quarantine.list_rows(con)
if open_rows.height == 0:
    st.info("No rows waiting in quarantine.")
else:
    st.write(f"{open_rows.height} rows were not loaded. Fix the mapping or add aliases, then retry.")
    st.dataframe(open_rows.select("snapshot_id", "file_name", "row_number", "column_name", "value", "reason"), hide_index=True)
    st.caption("The downloads hold every open row with its whole source row (column raw), to fix and upload again.")
    downloads.download_buttons(open_rows.select(*quarantine.COLUMNS, "raw"), "quarantine", user, client_level=True,
                               key="upload_quarantine_download")
    suggested = alias_suggestions.pending(con)
    if suggested.height:
        st.subheader("Suggested name matches")
        labels = {i: f"{r['kind']} '{r['name']}' is '{r['suggestion']}' ({r['rows']} rows)"
                  for i, r in enumerate(suggested.iter_rows(named=True))}
        picked = st.multiselect("Confirm the right ones (each becomes an alias), then the quarantine is retried",
                                list(labels), format_func=labels.__getitem__, key="upload_alias_pick")
        if st.button("Confirm and retry", key="upload_alias_confirm", disabled=not picked):
            done = alias_suggestions.confirm_and_retry(con, user, [suggested.row(i, named=True) for i in picked],
                                                       cfg.base_currency)
            st.session_state["upload_retry_result"] = (f"{done['aliases']} aliases confirmed; retried: "
                                                       f"{done['rows_loaded']} rows loaded, {done['rows_quarantined']} still quarantined.")
            st.rerun()
    if st.button("Retry quarantined rows", key="upload_quarantine_retry"):
        done = [quarantine.retry(con, user, sid, base_currency=cfg.base_currency) for sid in quarantine.open_snapshots(con)]
        loaded = sum(r["rows_loaded"] for r in done)
        still = sum(r["rows_quarantined"] for r in done)
        st.session_state["upload_retry_result"] = f"Retried: {loaded} rows loaded, {still} still quarantined."
        st.rerun()
if "upload_retry_result" in st.session_state:
    st.success(st.session_state["upload_retry_result"])
