"""What the Upload page does, without Streamlit: analyse dropped files, apply the analyst's mapping, commit.

The page only draws (widgets -> one call here -> draw); every decision is here so it is tested directly.
``analyze`` never raises for a bad file: it returns the rejection, or the question the page must ask (the date
order when the file cannot tell, which of two plausible sources it is, the client of a per-tenant report, the
lookups of an id-only export), or the prepared file. ``present`` turns that into what the page shows, with every
piece of user text (file names, headers, client names) made inert for Streamlit's Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from moat.db import Connection
from moat.errors import FileRejected, MoatError
from moat.formatting import count_text, escape_markdown
from moat.governance.permissions import User
from moat.ingest import mapping, pipeline
from moat.ingest.recognise import AmbiguousSource
from moat.snapshots import AlreadyLoaded

DATASET_CHOICES = ["(detect)", "clients", "technicians", "time_entries", "invoices", "costs", "licenses"]
DATE_ORDERS = {"Day first (31/10/2026)": True, "Month first (10/31/2026)": False}


@dataclass
class Analysis:
    file_name: str
    prepared: pipeline.Prepared | None = None
    error: str | None = None
    ask_date_order: bool = False
    date_example: str | None = None
    candidates: list[str] = field(default_factory=list)  # two plausible sources: the page asks which
    needs_client: bool = False  # a per-tenant file: the page shows the client picker
    needs_lookups: bool = False  # an id-only export: the page points at the lookup uploader


def analyze(
    con: Connection, user: User, data: bytes, file_name: str, *, dataset: str | None = None,
    columns: dict[str, str] | None = None, dayfirst: bool | None = None, sheet: str | None = None,
    base_currency: str = "USD", profile: mapping.Profile | None = None, client: str | None = None,
    lookups: list[tuple[str, bytes]] | None = None, source: str | None = None, own_company: str = "",
    confirm_new_names: bool = False, timezone: str = "UTC",
) -> Analysis:
    """Prepare one file with the page's choices; rejections and questions come back as data, not exceptions."""
    dataset = None if dataset in (None, "", "(detect)") else dataset
    if columns:
        base = profile or mapping.Profile()
        profile = mapping.Profile(dataset or base.dataset, {**base.columns, **columns}, base.dayfirst, base.sheet,
                                  base.currency, base.constants)
    options = pipeline.Options(dataset=dataset, profile=profile, dayfirst=dayfirst, sheet=sheet, base_currency=base_currency,
                               client=client or None, lookups=list(lookups or []), source=source or None,
                               own_company=own_company, confirm_new_names=confirm_new_names, timezone=timezone)
    try:
        return Analysis(file_name, prepared=pipeline.prepare(con, user, data, file_name, options))
    except pipeline.DateOrderAmbiguous as err:
        return Analysis(file_name, error=str(err.message), ask_date_order=True, date_example=err.example)
    except AmbiguousSource as err:
        return Analysis(file_name, error=str(err), candidates=list(err.candidates))
    except FileRejected as err:
        hint = err.hint or ""
        return Analysis(file_name, error=str(err), needs_client="--client NAME" in hint, needs_lookups="--lookup" in hint)
    except MoatError as err:
        return Analysis(file_name, error=str(err))


def recognition(prepared: pipeline.Prepared) -> dict[str, Any]:
    """What the page shows before commit: the source and how sure, column -> field, and the row rules applied."""
    r = prepared.source_report()
    rules = [f"{k.replace('_', ' ')}: {v}" for k, v in r["row_rules"].items()]
    return {"source": r["source"], "confidence": r["source_confidence"],
            "mapping": [{"column": h, "field": f} for h, f in r["source_columns"].items()], "rules": rules,
            "new_clients": prepared.new_names.get("client", []), "new_technicians": prepared.new_names.get("technician", [])}


def known_client_names(con: Connection) -> list[str]:
    """Client names already known (for the per-tenant client picker)."""
    from moat.ingest import resolve

    return sorted(resolve.known(con, "client").names.values())


def confirm(con: Connection, user: User, names: list[str], kind: str) -> list[str]:
    """Confirm new names from the page (the same as `moat aliases confirm`)."""
    from moat.ingest import resolve

    return resolve.confirm_names(con, user, names, kind)


def mapping_choices(prepared: pipeline.Prepared) -> list[tuple[str, str, list[str]]]:
    """(file header, current target, allowed targets) per column, for one selectbox each."""
    allowed = mapping.targets(prepared.dataset)
    return [(h, prepared.columns.get(h, mapping.IGNORE), allowed) for h in prepared.header]


def profile_of(prepared: pipeline.Prepared) -> mapping.Profile:
    """The mapping the analyst sees, as a reusable profile (saved from the page, or written as YAML)."""
    dayfirst = {"dmy": True, "mdy": False}.get(prepared.date_order or "")
    sheet = prepared.sheet if prepared.sheet in prepared.sheets else None  # sheets read together are no one sheet
    return mapping.Profile(prepared.dataset, dict(prepared.columns), dayfirst, sheet, None, dict(prepared.constants))


def commit(con: Connection, user: User, prepared: pipeline.Prepared, replace_range: tuple[date, date] | None = None) -> dict[str, Any]:
    """Commit a prepared file; the same bytes twice is reported, not an error, and so is a refused replacement
    (``refused``: a range the file would empty, or rows outside the range; nothing was written)."""
    existing = pipeline.already_loaded(con, prepared.sha256)
    if existing is not None:
        diffs = pipeline.request_differences(con, existing, prepared, replace_range)
        if diffs:
            err = pipeline.refuse_changed_request(prepared, existing, diffs)
            return {**prepared.report(None), "rows_loaded": 0, "rows_quarantined": 0, "refused": str(err)}
    try:
        done = pipeline.commit_prepared(con, user, prepared, replace_range)
    except AlreadyLoaded as err:
        return prepared.report(err.snapshot_id, already_loaded=True)
    except FileRejected as err:
        return {**prepared.report(None), "rows_loaded": 0, "rows_quarantined": 0, "refused": str(err)}
    return prepared.report(done.snapshot_id)


@dataclass
class View:
    """What the page draws for one analysed file; every string is safe to hand to Streamlit's Markdown."""

    question: str | None = None  # "date_order", "source", or None
    error: str | None = None
    help: str | None = None  # what to do next under an error (choose the client, add the lookups)
    candidates: dict[str, str] = field(default_factory=dict)  # source id -> label, for the "which export" choice
    headline: str = ""
    recognised: str = ""
    mapping: pl.DataFrame | None = None  # file column -> field it loads as
    rules: pl.DataFrame | None = None  # row rules the source applies, with their counts
    new_names: dict[str, list[str]] = field(default_factory=dict)  # "clients"/"technicians" -> names never seen
    new_names_text: dict[str, str] = field(default_factory=dict)
    counts: str = ""
    metrics: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dates: tuple[date, date] | None = None  # the range the "full truth for a date range" picker starts from


def candidate_labels(ids: list[str]) -> dict[str, str]:
    """Source id -> "ConnectWise Manage time entries (API): time entries" for the page's choice."""
    from moat.ingest.sources import BY_ID

    return {i: f"{BY_ID[i].name} - loads as {BY_ID[i].dataset.replace('_', ' ')}" if i in BY_ID else i for i in ids}


def present(result: Analysis, confirm_new_names: bool) -> View:
    """The page's view of one analysis: the question to ask, the refusal, or what will load and how."""
    if result.ask_date_order:
        return View(question="date_order", error=escape_markdown(f"{result.error}. Which order does this file use? "
                                                                 "Choose it under 'Date order' above."))
    if result.candidates:
        return View(question="source", error=escape_markdown(result.error), candidates=candidate_labels(result.candidates))
    if result.error or result.prepared is None:
        help_text = ("Choose the client above: this report holds one tenant and does not name it." if result.needs_client
                     else "Add the lookup files it names (exports of the same PSA) under 'Lookup files' above."
                     if result.needs_lookups else None)
        return View(error=escape_markdown(result.error or "the file could not be read"), help=help_text)
    p = result.prepared
    seen = recognition(p)
    dates = p.dates_text()
    headline = (f"**{escape_markdown(p.dataset)}** · encoding {escape_markdown(p.encoding or '-')} · delimiter "
                f"{escape_markdown(repr(p.delimiter))}" + (f" · {dates}" if dates else "")
                + (f" · sheet {escape_markdown(p.sheet)}" if p.sheet else ""))
    view = View(headline=headline,
                recognised=escape_markdown(f"Recognised as {seen['confidence']} (source {seen['source']})"),
                mapping=pl.DataFrame(seen["mapping"], schema={"column": pl.Utf8, "field": pl.Utf8}),
                rules=pl.DataFrame({"row rule applied": seen["rules"]}, schema={"row rule applied": pl.Utf8}),
                counts=counts_text(p),
                notes=[escape_markdown(n) for n in p.warnings], dates=date_range(p))
    q = p.quality
    view.metrics = [("Quality", f"{q['score']:.0f}/100")] + [
        (part.replace("_", " ").capitalize(), "-" if q[part] is None else f"{q[part] * 100:.0f}%")
        for part in ("completeness", "validity", "uniqueness", "name_match")]
    for kind in ("clients", "technicians"):
        names = seen[f"new_{kind}"]
        if names:
            view.new_names[kind] = names
            view.new_names_text[kind] = escape_markdown(
                f"New {kind} never seen before: {', '.join(names)}."
                + (" Their rows wait in the quarantine until you confirm them." if confirm_new_names else ""))
    return view


def counts_text(prepared: pipeline.Prepared) -> str:
    """"9 rows read: 7 to load, 0 quarantined, 2 skipped": the file's rows, as ``moat ingest --json`` counts them.

    Rows folded into another row (a per-user report's users into their product's seat line) count with that row,
    so the page and the CLI say the same numbers for the same file.
    """
    into_loaded, into_quarantined = prepared.merged_counts()
    return (f"{count_text(prepared.rows_read, 'row')} read: {prepared.rows.height + into_loaded:,} to load, "
            f"{prepared.quarantine.height + into_quarantined:,} quarantined, {prepared.rows_skipped:,} skipped")


def date_range(prepared: pipeline.Prepared) -> tuple[date, date] | None:
    """First and last date (or licence month) of the rows that load, or None."""
    cols = [c for c in ("date", "month") if c in prepared.rows.columns]
    if not cols:
        return None
    dates = prepared.rows.select(pl.coalesce(cols).alias("d"))["d"].drop_nulls()
    return (dates.min(), dates.max()) if dates.len() else None  # type: ignore[return-value]


def confirm_and_retry(con: Connection, user: User, names: list[str], kind: str, base_currency: str = "USD") -> dict[str, Any]:
    """Confirm new names, then retry every snapshot with open quarantine rows: the confirmed names' rows load.

    Before a commit the confirmation alone is enough (the next analysis knows the names); after it, the rows that
    waited for the names are in the quarantine and leave it here, with the values the source's row rules gave them
    at load time. Rows a retry cannot load as the clean load would (held by a source's own rules) stay open and are
    counted in ``rows_refused`` with the fix in ``refused`` (``moat.ingest.quarantine``: the same rule as the CLI).
    """
    from moat.ingest import quarantine

    confirmed = confirm(con, user, names, kind)
    done = [quarantine.retry(con, user, sid, base_currency=base_currency) for sid in quarantine.open_snapshots(con)]
    return {"confirmed": len(confirmed), "rows_loaded": sum(r["rows_loaded"] for r in done),
            "rows_quarantined": sum(r["rows_quarantined"] for r in done),
            "rows_refused": sum(r.get("rows_refused", 0) for r in done),
            "refused": [dict(x, snapshot=r["retried_snapshot"]) for r in done for x in r.get("refused", [])],
            "refused_text": refused_text(done)}


def retry_all(con: Connection, user: User, base_currency: str = "USD") -> str:
    """Retry every snapshot's open quarantine; the sentence the page shows (with what a retry cannot load, and why)."""
    from moat.ingest import quarantine

    done = [quarantine.retry(con, user, sid, base_currency=base_currency) for sid in quarantine.open_snapshots(con)]
    text = f"Retried: {sum(r['rows_loaded'] for r in done)} rows loaded, {sum(r['rows_quarantined'] for r in done)} still quarantined."
    if done and not any(r["snapshot_id"] for r in done):  # h43 F4: said, so a second click is not expected to differ
        text += " Nothing loaded, so no snapshot was made; fix the reasons first (aliases, rates, mapping)."
    return text + refused_text(done)


def refused_text(done: list[dict[str, Any]]) -> str:
    """" 2 rows of snapshot 5 not retried: ... To fix: ..." for the rows a retry refused (empty when none).

    Made inert for Streamlit's Markdown: the reasons quote the file's own values.
    """
    parts = []
    for r in done:
        refused = r.get("refused") or []
        if refused:
            parts.append(f" {count_text(len(refused), 'row')} of snapshot {r['retried_snapshot']} not retried: "
                         f"{refused[0]['reason']}. To fix: {refused[0]['fix']}.")
    return escape_markdown("".join(parts)) if parts else ""


def commit_message(report: dict[str, Any]) -> tuple[str, str]:
    """(kind, sentence) after a commit: "info" when the same bytes were loaded before, else "success"."""
    if report.get("refused"):
        return "info", f"Not committed: {escape_markdown(report['refused'])}"
    if report["already_loaded"]:
        return "info", f"Already loaded as snapshot {report['snapshot_id']}; nothing loaded twice."
    return "success", (f"Loaded as snapshot {report['snapshot_id']}: {count_text(report['rows_loaded'], 'row')}, "
                       f"{report['rows_quarantined']:,} quarantined.")
