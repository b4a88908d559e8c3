"""Upload: drop exports, check what was detected and mapped, read the quality report and quarantine, commit."""

import streamlit as st

from moat.datasets import DATASETS
from moat.formatting import count_text, escape_markdown
from moat.ingest import alias_suggestions, profiles, quarantine, upload
from moat.ingest.mapping import template_csv
from moat.ui import auth, downloads, flash, state, widgets
from moat.views import quarantine as quarantine_view
from moat.views import upload_mapping, upload_reasons

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
        st.subheader(escape_markdown(file.name))
        left, right = st.columns(2)
        dataset = left.selectbox("Dataset", upload.DATASET_CHOICES, key=f"{key}_dataset")
        order = right.radio("Date order", ["Detect", *upload.DATE_ORDERS], horizontal=True, key=f"{key}_order")
        edits = st.session_state.get(f"{key}_edits", {})
        client = st.selectbox("Client of a per-tenant report (Microsoft 365)", ["(none)", *known_clients], key=f"{key}_client",
                              accept_new_options=True)
        progress = st.progress(0.1, text="Reading and checking...")
        result = upload.analyze(con, user, file.getvalue(), file.name, dataset=dataset, columns=edits,
                                dayfirst=upload.DATE_ORDERS.get(order), base_currency=cfg.base_currency, profile=profile,
                                client=None if client == "(none)" else client, lookups=lookups,
                                source=st.session_state.get(f"{key}_source"), own_company=cfg.own_company,
                                confirm_new_names=cfg.confirm_new_names, timezone=cfg.timezone)
        view = upload.present(result, cfg.confirm_new_names)
        progress.progress(1.0, text="Checked")
        if view.question == "source":
            st.warning(view.error)
            pick = st.radio("Which export is this?", list(view.candidates), format_func=view.candidates.__getitem__,
                            key=f"{key}_source_pick", index=None)
            if pick:
                st.session_state[f"{key}_source"] = pick
                st.rerun()
            continue
        if view.error:
            (st.warning if view.question else st.error)(view.error)
            if view.help:
                st.info(view.help)
            fixable = upload_mapping.missing_fields(file.getvalue(), file.name, dataset, edits)
            if fixable is not None:  # a required field without a column: say which column it is, here
                st.info(fixable.hint)
                with st.expander("Column mapping", expanded=True):
                    cols = st.columns(3)
                    for i, (header, target, allowed) in enumerate(fixable.choices):
                        pick = cols[i % 3].selectbox(escape_markdown(header), allowed, index=allowed.index(target),
                                                     key=f"{key}_fix_{i}")
                        if pick != target:
                            st.session_state[f"{key}_edits"] = {**edits, header: pick}
                            st.rerun()
            continue
        p = result.prepared
        st.markdown(view.headline)
        st.info(view.recognised)
        left, right = st.columns(2)
        left.dataframe(view.mapping, hide_index=True, key=f"{key}_mapping_table")
        right.dataframe(view.rules, hide_index=True, key=f"{key}_rules_table")
        if f"{key}_confirmed" in st.session_state:
            st.success(st.session_state[f"{key}_confirmed"])
        for kind, names in view.new_names.items():
            st.warning(view.new_names_text[kind])
            chosen = st.multiselect(f"Confirm new {kind}", names, default=names, key=f"{key}_confirm_{kind}")
            if cfg.confirm_new_names and st.button(f"Confirm {count_text(len(chosen), kind[:-1])}", key=f"{key}_confirm_{kind}_go",
                                                   disabled=not chosen):
                done = upload.confirm_and_retry(con, user, chosen, kind[:-1], cfg.base_currency)
                st.session_state[f"{key}_confirmed"] = (f"{done['confirmed']} {kind} confirmed; waiting rows retried: "
                                                        f"{done['rows_loaded']} loaded, {done['rows_quarantined']} still quarantined."
                                                        + done["refused_text"])
                st.rerun()
        with st.expander("Column mapping", expanded=bool(p.unmapped)):
            new_edits = {}
            cols = st.columns(3)
            for i, (header, target, allowed) in enumerate(upload.mapping_choices(p)):
                pick = cols[i % 3].selectbox(escape_markdown(header), allowed, index=allowed.index(target),
                                             key=f"{key}_map_{i}")
                if pick != target:
                    new_edits[header] = pick
            if new_edits:
                st.session_state[f"{key}_edits"] = {**edits, **new_edits}
                st.rerun()
            name = st.text_input("Save this mapping as", key=f"{key}_profile_name")
            if st.button("Save mapping profile", key=f"{key}_save_profile", disabled=not name):
                profiles.save(con, user, name, upload.profile_of(p))
                st.success(f"Saved mapping profile {escape_markdown(name)}")
        for col, (label, value) in zip(st.columns(len(view.metrics)), view.metrics, strict=True):
            col.metric(label, value)
        st.write(view.counts)
        for note in view.notes:
            st.caption(note)
        widgets.table(p.preview(), key=f"{key}_preview")  # human headers, ISO dates, empty cells empty (h103)
        downloads.download_buttons(p.preview(), f"{p.dataset}-preview", user, client_level=True, key=f"{key}_preview_dl")
        if p.quarantine.height:
            rejected = p.quarantine.select("row_number", "column_name", "value", "reason")
            widgets.table(upload_reasons.for_page(rejected), key=f"{key}_rejected")  # the page's buttons, not commands
            downloads.download_buttons(rejected, f"{p.dataset}-rejected", user, client_level=True, key=f"{key}_rejected_dl")
        replace_range = None
        if st.checkbox("This file is the full truth for a date range", key=f"{key}_replace") and view.dates:
            picked = st.date_input("Range", view.dates, key=f"{key}_range")
            if isinstance(picked, tuple) and len(picked) == 2:
                replace_range = (picked[0], picked[1])
        if st.button("Commit", type="primary", key=f"{key}_commit"):
            kind, message = upload.commit_message(upload.commit(con, user, p, replace_range))
            (st.info if kind == "info" else st.success)(message)

st.header("Quarantine")
flash.show("upload")
open_rows = quarantine.list_rows(con)
if open_rows.height == 0:
    st.info("No rows waiting in quarantine.")
else:
    st.write(f"{count_text(open_rows.height, 'row')} not loaded. Fix the mapping or add aliases, then retry.")
    widgets.table(upload_reasons.for_page(open_rows), ["snapshot_id", "file_name", "row_number", "column_name", "value", "reason"],
                  key="upload_quarantine_table")
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
                                                       f"{done['rows_loaded']} rows loaded, {done['rows_quarantined']} still quarantined."
                                                       + done["refused_text"])
            st.rerun()
    for kind, names in quarantine_view.waiting_names(open_rows).items():  # confirmable here, file or no file
        st.subheader(f"New {kind} waiting")
        picked_names = st.multiselect(f"Confirm these {kind} as new (their rows then load)", names, default=names,
                                      key=f"upload_q_new_{kind}")
        if st.button(f"Confirm {count_text(len(picked_names), kind[:-1])} and retry", key=f"upload_q_new_{kind}_go", disabled=not picked_names):
            flash.attempt("upload", lambda kind=kind, names=picked_names: quarantine_view.confirm_new(
                con, user, names, kind, cfg.base_currency))
            st.rerun()
    with st.expander("Discard rows that will not be loaded"):
        labels = {r["quarantine_id"]: quarantine_view.row_label(r) for r in open_rows.iter_rows(named=True)}
        dropped = st.multiselect("Rows", list(labels), format_func=labels.__getitem__, key="upload_q_discard")
        why = st.text_input("Why (e.g. corrected file loaded)", key="upload_q_discard_why")
        if st.button("Discard", key="upload_q_discard_go", disabled=not dropped):
            flash.attempt("upload", lambda: quarantine_view.discard(con, user, dropped, why))
            st.rerun()
    if st.button("Retry quarantined rows", key="upload_quarantine_retry"):
        st.session_state["upload_retry_result"] = upload.retry_all(con, user, cfg.base_currency)
        st.rerun()
if "upload_retry_result" in st.session_state:
    st.success(st.session_state["upload_retry_result"])
