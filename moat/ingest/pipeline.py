"""The ingestion pipeline: bytes -> read -> map -> parse -> validate -> resolve names -> keys -> one commit.

``prepare`` does everything except writing, so the Upload page can show the detected dataset, the preview, the
quality report and the quarantine *before* the analyst commits; ``commit_prepared`` hands the result to
``moat.snapshots.commit`` (one transaction). ``ingest_bytes`` is both, for the CLI.

Counting rule (tested on every fixture): rows_read = rows_loaded + rows_quarantined + rows_skipped, where
rows_read counts every row of the data region below the header (trailing empty lines are the end of the file,
not rows), and skipped rows are blank rows, "Total"/"Subtotal" rows and the one-cell notes after the last total,
each reported with its row number. Every other row either loads or lands in the quarantine with a reason.

Row numbers are as a spreadsheet shows the file: the header is row N (title rows above it count), data follows.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from moat.datasets import KEY_COLUMNS, get
from moat.db import Connection, frame, one, scalar
from moat.errors import FileRejected
from moat.governance.permissions import User, require
from moat.ingest import (
    billing_cycles,
    case_twins,
    currency_headings,
    input_checks,
    mapping,
    partly_billable,
    phases,
    quality,
    readers,
)
from moat.ingest.headings import exact_col
from moat.ingest.readers import ROW
from moat.ingest.recognition import Recognised  # re-exported: pipeline.Recognised
from moat.snapshots import FX_COLUMNS, STORED_SOMETHING, AlreadyLoaded, Commit, commit, file_sha256

IDX, REJECT, INTERNAL = phases.IDX, phases.REJECT, phases.INTERNAL
ERROR_LIMIT = 1000
READ_ORDERS = {"dmy": "day-first", "mdy": "month-first"}  # a prepared file's ``date_order``, as a person reads it
DateOrderAmbiguous = phases.DateOrderAmbiguous


@dataclass
class Options:
    dataset: str | None = None
    profile: mapping.Profile | None = None
    dayfirst: bool | None = None  # None: decide from the data (or the profile)
    sheet: str | None = None
    replace_range: tuple[date, date] | None = None
    base_currency: str = "USD"
    today: date | None = None  # for the sane-date window (tests pin it)
    source: str | None = None  # a declared source id: skip recognition (`--source`)
    client: str | None = None  # the client of a per-tenant file (`--client`)
    lookups: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes) of `--lookup` files
    own_company: str = ""  # the MSP's own company: its time is internal overhead
    timezone: str = "UTC"  # the `timezone` setting: zoned timestamps are dated by their day there (h70, h41 D18)
    confirm_new_names: bool = False  # rows naming new clients/technicians wait in the quarantine
    allow_empty_replace: bool = False  # `--allow-empty-replace`: a replacement by zero rows may empty the range


@dataclass
class Prepared:
    """Everything known about a file before it is committed (what the Upload page shows)."""

    file_name: str
    sha256: str
    kind: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: list[str]
    header: list[str]
    header_row: int
    dataset: str
    columns: dict[str, str]
    unmapped: list[str]
    date_order: str | None
    decimal_comma: bool
    rows: pl.DataFrame
    quarantine: pl.DataFrame
    skipped: list[dict[str, Any]]
    warnings: list[str]
    rows_read: int
    quality: dict[str, Any]
    constants: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    recognised: Recognised | None = None
    new_names: dict[str, list[str]] = field(default_factory=dict)  # kind -> names never seen before
    fields_kept: list[str] = field(default_factory=list)  # master-data fields the file lacks: current values kept
    timezone: str | None = None  # the `timezone` its zoned timestamps were dated in (None: it has none) (h70)

    @property
    def rows_skipped(self) -> int:
        return len(self.skipped)

    def dates_text(self) -> str | None:
        """How the file's dates were read, for the upload headline and the `moat ingest` line alike: "dates
        day-first" or "dates month-first"; dates that need no order (ISO `2026-10-01`, Excel date cells, months
        written out) "dates unambiguous"; a file without a date column nothing (None). Both used to say "dates -"
        for the last two, which told a user nothing (h81, h88; the CLI h98)."""
        if self.date_order:
            return f"dates {READ_ORDERS[self.date_order]}"
        read = set(self.columns.values()) | set(self.constants)
        dated = any(f.type == "DATE" and f.name in read for f in get(self.dataset).fields)
        return "dates unambiguous (no day/month order to choose)" if dated else None

    def details(self) -> dict[str, Any]:
        """What a snapshot records about its file, including the mapping a retry re-applies."""
        return {
            "kind": self.kind, "encoding": self.encoding, "delimiter": self.delimiter, "sheet": self.sheet,
            "header_row": self.header_row, "columns": self.columns, "constants": self.constants,
            "date_order": self.date_order, "decimal_comma": self.decimal_comma, "rows_skipped": self.rows_skipped,
            "skipped": self.skipped[:200], "warnings": self.warnings, "quality": self.quality, **self.source_report(),
            **({"timezone": self.timezone} if self.timezone else {}),
        }

    def merged_counts(self) -> tuple[int, int]:
        """File rows counted into another row (users into a product's seats): they load or wait with that row."""
        merged = self.recognised.merged if self.recognised else []
        if not merged:
            return 0, 0
        loaded = set(self.rows["source_row"].to_list())
        into_loaded = sum(1 for rep, _ in merged if rep in loaded)
        return into_loaded, len(merged) - into_loaded

    def source_report(self) -> dict[str, Any]:
        r = self.recognised
        return {"source": r.source if r else None, "source_name": r.source_name if r else None,
                "source_confidence": r.confidence if r else None, "source_columns": dict(r.columns) if r else {},
                "row_rules": dict(r.rules) if r else {}}

    def totals(self) -> dict[str, Any]:
        """Sums of the rows that load (what the numbers will be built from), money and hours as 2-decimal strings."""
        from moat.ingest.totals import totals

        return totals(self.dataset, self.rows)

    def errors(self, limit: int = ERROR_LIMIT) -> list[dict[str, Any]]:
        q = self.quarantine.head(limit)
        return [
            {"row": r["row_number"], "column": r["column_name"], "value": r["value"], "reason": r["reason"]}
            for r in q.select("row_number", "column_name", "value", "reason").iter_rows(named=True)
        ]

    def report(self, snapshot_id: int | None = None, already_loaded: bool = False) -> dict[str, Any]:
        """The per-file JSON of ``moat ingest --json``."""
        into_loaded, into_quarantined = self.merged_counts()
        loaded = 0 if already_loaded else self.rows.height + into_loaded
        quarantined = 0 if already_loaded else self.quarantine.height + into_quarantined
        if not already_loaded and self.recognised and (self.recognised.rules.get("partly_billable_split")
                                                       or self.recognised.rules.get("period_columns_split")
                                                       or self.recognised.rules.get("weekly_grid_days")):
            loaded, quarantined = partly_billable.file_rows(self.rows, self.quarantine, loaded, quarantined)
        return {
            "file": self.file_name, "dataset": self.dataset, "encoding": self.encoding,
            "delimiter": self.delimiter, "sheet": self.sheet, "date_order": self.date_order, "dates": self.dates_text(),
            "rows_read": self.rows_read, "rows_loaded": loaded, "rows_quarantined": quarantined,
            "rows_skipped": self.rows_skipped, "quality_score": self.quality["score"], "quality": self.quality,
            "snapshot_id": snapshot_id, "already_loaded": already_loaded, "warnings": self.warnings,
            "errors": [] if already_loaded else self.errors(), "errors_total": 0 if already_loaded else self.quarantine.height,
            **self.source_report(), "totals": self.totals(), "new_clients": self.new_names.get("client", []),
            "new_technicians": self.new_names.get("technician", []), "fields_kept": self.fields_kept,
        }

    def preview(self, n: int = 20) -> pl.DataFrame:
        fields = [f for f in get(self.dataset).field_names if f in self.rows.columns]
        return self.rows.select(["source_row", *fields]).head(n)


def read_table(data: bytes, file_name: str, options: Options) -> readers.Table:
    profile_headers = set(options.profile.columns) if options.profile else set()
    sheet = options.sheet or (options.profile.sheet if options.profile else None)
    return readers.read(data, file_name, sheet=sheet,
                        is_known=lambda cell: cell in profile_headers or mapping.is_known_header(cell))


def prepare(con: Connection, user: User, data: bytes, file_name: str, options: Options | None = None,
            sha256: str | None = None) -> Prepared:
    """Read, map, parse, validate and resolve one file without writing anything.

    The file's SHA-256 (what ``already_loaded`` looks up) is computed on a thread of its own while the file is read
    and parsed (hashlib releases the GIL): a 100 MB export takes 0.1-0.3 s to hash, which no longer adds up."""
    require(user, "upload")
    _import_pyarrow_early()
    options = options or Options()
    name = Path(file_name).name
    hashing = None
    if sha256 is None:
        hashing = ThreadPoolExecutor(1, thread_name_prefix="moat-sha256")
        digest = hashing.submit(file_sha256, data)
    try:
        clock = _Clock()
        table = read_table(data, name, options)
        input_checks.after_read(table, options)
        clock.lap("read")
        from moat.ingest.recognition import recognise_table

        original = table
        table, det, recognised = recognise_table(con, table, options, data)
        case_twins.refuse_disagreeing_twins(table, det)  # `Amount` beside `AMOUNT`: never read from the first met (h56)
        from moat.ingest import document_kinds

        document_kinds.refuse_credit_file(table, det, recognised)  # h111 (h101 L6): `CreditMemo.csv` as invoices
        table = currency_headings.apply(table, det, recognised.warnings)  # h60 F4: `Amount (EUR)` is in EUR
        table = billing_cycles.generic_fee_per_month(table, det, recognised, options.profile is not None)
        table = billing_cycles.generic_licence_cost_per_month(table, det, recognised, options.profile is not None)
        from moat.ingest import charge_kinds, company_kinds  # h46 (h41 D30, D28)

        company_kinds.refuse_mixed_companies(table, det, recognised, options.profile is not None)
        table = charge_kinds.hold_credits(table, det, recognised)
        from moat.ingest import mapped_rules

        table = mapped_rules.apply(table, det, recognised, options)  # h71 (h69): what a mapped file says of its rows
        clock.lap("recognise")
        prepared = process(con, table, det, options, sha256=sha256 or "", recognised=recognised)
        supersede_excluded(con, prepared, original, det)
        prepared.timings = {**clock.laps, **prepared.timings}
        if hashing is not None:
            started = time.perf_counter()
            prepared.sha256 = digest.result()
            prepared.timings["hash_wait"] = round(time.perf_counter() - started, 4)  # the hash outlasting the parse
        overlap = options.replace_range is None and already_loaded(con, prepared.sha256) is None
        if overlap:
            refuse_summary_beside_documents(con, prepared)
            warn_overlap(con, prepared)
        input_checks.after_prepare(con, prepared, original, overlap)
        return prepared
    finally:
        if hashing is not None:
            hashing.shutdown(wait=False, cancel_futures=True)


@functools.cache
def _import_pyarrow_early() -> None:
    """Import pyarrow on a thread while the file is read (once per process). The commit hands the rows to DuckDB as
    Arrow, and importing pyarrow there took 0.3 s of wall time (0.07 s of CPU: mostly waiting for its libraries
    to load) after everything else was done; started here it overlaps the CSV parse."""
    def load() -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError:  # the commit reports it, where it is needed
            pass

    threading.Thread(target=load, name="moat-pyarrow-import", daemon=True).start()


_skip_flags = phases.skip_flags  # shaping finds blank/total rows on a file's own columns with the same rule


class _Clock:
    """Seconds per pipeline stage (kept on the Prepared result for the benchmark and the log)."""

    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.t, 4)
        self.t = now


def process(con: Connection, table: readers.Table, det: mapping.Detection, options: Options, *, sha256: str,
            recognised: Recognised | None = None) -> Prepared:
    """The phases of ``moat.ingest.phases`` in order, each handing the next its typed result."""
    clock = _Clock()
    warnings: list[str] = list(recognised.warnings) if recognised else []
    warnings.extend(table.notes)
    rows = phases.skip_rows(table, det, recognised.skipped if recognised else [], warnings)
    clock.lap("skip")
    cols = phases.columns(rows, det, options, table.file_name, table.delimiter == ";")
    clock.lap("setup")
    work = phases.parse(rows.work, cols)
    clock.lap("parse")
    typed = phases.derive(work, cols, options, warnings, table.file_name)
    clock.lap("derive")
    checked = phases.validate(con, typed, cols, options, warnings)
    clock.lap("validate")
    named = phases.names(con, checked, cols, options, warnings)
    clock.lap("names")
    keyed = phases.keys(con, named, checked, cols, typed.base, typed.work, warnings)
    clock.lap("keys")
    kept_rows, kept = phases.keep_current(con, keyed.loaded, cols, warnings)
    keyed.loaded = kept_rows
    phases.notes(keyed.loaded, typed.work, cols, warnings)
    clock.lap("warnings")
    bad = phases.quarantine_frame(typed.work, keyed.errors, table.header, cols.source, table.file_name)
    rows_out = keyed.loaded.rename({ROW: "source_row"}).drop(IDX)
    d = cols.dataset
    keep = ["source_row", "row_key", *KEY_COLUMNS[d.name], *d.field_names, *(FX_COLUMNS[d.name] if "fx_rate" in rows_out.columns else ())]
    rows_out = rows_out.select([c for c in keep if c in rows_out.columns])
    clock.lap("quarantine")
    scored = quality.score(typed.work, cols.source, d.field_names, n=typed.work.height, value_err=checked.value_err_rows,
                           name_err=sum(f.height for f in named.errors), name_total=named.rows_with_names, dup=keyed.duplicates)
    clock.lap("quality")
    return Prepared(
        file_name=table.file_name, sha256=sha256, kind=table.kind, encoding=table.encoding, delimiter=table.delimiter,
        sheet=table.sheet, sheets=table.sheets, header=table.header, header_row=table.header_row, dataset=d.name,
        columns=det.columns, unmapped=det.unmapped, date_order=cols.date_order, decimal_comma=cols.decimal_comma,
        rows=rows_out if rows_out["source_row"].is_sorted() else rows_out.sort("source_row"), quarantine=bad,
        skipped=sorted(rows.skipped + keyed.summed, key=lambda s: s["row"]), warnings=warnings,
        rows_read=recognised.rows_read if recognised and recognised.rows_read is not None else table.rows.height, quality=scored,
        constants=cols.constants, timings=clock.laps, recognised=recognised, new_names=named.new_names, fields_kept=kept,
    )


# Rule names a source's row rules give excluded documents (``... (excluded: not revenue)``) -> the status they store.
_EXCLUDED_STATUS = {"voided": "void", "void": "void", "deleted": "void", "cancelled": "void", "draft": "draft",
                    "awaiting approval": "draft"}


def supersede_excluded(con: Connection, prepared: Prepared, original: readers.Table, det: mapping.Detection) -> None:
    """An invoice loaded before that this export shows voided, deleted or draft is no longer revenue.

    The source's row rules skip such documents (they are not revenue); but when the same invoice number is current
    from an earlier load, skipping would keep the stale revenue. The document loads instead as the current row
    with the export's status (``void``/``draft``), which supersedes the earlier row (same key) and which every
    revenue figure excludes. Its file row then counts as loaded, not skipped."""
    if prepared.dataset != "invoices":
        return
    number_col = next((c for c, f in det.columns.items() if f == "invoice_number"), None)
    excluded = [(s["row"], s["kind"].split(" (excluded:")[0].strip().lower()) for s in prepared.skipped
                if "(excluded: not revenue)" in str(s.get("kind"))]
    excluded = [(r, _EXCLUDED_STATUS[k]) for r, k in excluded if k in _EXCLUDED_STATUS]
    if not excluded or number_col is None or number_col not in original.rows.columns:
        return
    wanted = pl.DataFrame({ROW: [r for r, _ in excluded], "__status": [st for _, st in excluded]},
                          schema={ROW: original.rows.schema[ROW], "__status": pl.Utf8})
    numbered = original.rows.select(ROW, exact_col(number_col).str.strip_chars().alias("__number")).join(wanted, on=ROW)
    numbered = numbered.filter(pl.col("__number").is_not_null() & (pl.col("__number") != "")).unique("__number", keep="first")
    if numbered.height == 0:
        return
    cols = [c for c in prepared.rows.columns if c != "source_row"]
    con.register("_moat_excluded", numbered.select("__number", "__status"))
    try:
        found = frame(con, f"SELECT {', '.join(cols)}, e.__status AS __status, snapshot_id AS __snap FROM invoices i "
                           "JOIN _moat_excluded e ON i.row_key = e.__number WHERE i.is_current "
                           "AND coalesce(lower(trim(i.status)), '') <> e.__status")
    finally:
        con.unregister("_moat_excluded")
    if found.height == 0:
        return
    found = found.join(numbered.select("__number", pl.col(ROW).alias("source_row")), left_on="row_key", right_on="__number")
    shown = [f"{n} ({a:,.2f}, snapshot {sid})" for n, a, sid in found.select("row_key", "amount", "__snap").iter_rows()]
    found = found.with_columns(pl.col("__status").alias("status"))
    new_rows = found.select([exact_col(c).cast(prepared.rows.schema[c]) for c in prepared.rows.columns])
    prepared.rows = pl.concat([prepared.rows, new_rows]).sort("source_row")
    now_loaded = set(new_rows["source_row"].to_list())
    prepared.skipped = [s for s in prepared.skipped if s["row"] not in now_loaded]
    if prepared.recognised is not None:
        prepared.recognised.rules["excluded_superseding_earlier_loads"] = new_rows.height
    prepared.warnings.append(f"{new_rows.height} invoice(s) loaded before are voided/draft in this export and now count as "
                             f"such (not revenue): {', '.join(shown[:10])}")


def _summary_period(rules: dict[str, Any] | None) -> tuple[date, date] | None:
    """The period a summary report's rows stand for (row rule "period": "2026-04-01..2026-04-30: ..."), else None."""
    text = str((rules or {}).get("period") or "")
    m = re.match(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text)
    return (date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))) if m else None


def refuse_summary_beside_documents(con: Connection, prepared: Prepared) -> None:
    """Refuse revenue a summary report and a document-level report of the same period would both count.

    A summary (QuickBooks Sales by Customer Summary: one total per customer, dated at the end of the period its title
    names) and the invoices of that period (a Detail report, an invoice list) are the same money; loaded one after
    the other, both would count. Whichever comes second is refused naming the snapshot that holds the period's
    revenue from the other kind of report, and the two ways out: roll that snapshot back, or load this file with
    ``--replace-range`` over the period so it replaces what is there."""
    if prepared.dataset != "invoices" or prepared.rows.height == 0 or "date" not in prepared.rows.columns:
        return
    mine = _summary_period(prepared.recognised.rules if prepared.recognised else None)
    span = mine or upload_span(prepared.rows, ["date"])
    if span is None:
        return
    period = "json_extract_string(s.details, '$.row_rules.period')"
    lo, hi = f"TRY_CAST(left({period}, 10) AS DATE)", f"TRY_CAST(substr({period}, 13, 10) AS DATE)"
    if mine:  # a summary: document-level rows of its period already current
        where, params = f"{period} IS NULL AND t.date BETWEEN ? AND ?", [span[0], span[1]]
    else:  # documents: a summary whose period overlaps the file's dates already current
        where, params = f"{lo} <= ? AND {hi} >= ?", [span[1], span[0]]
    found = con.execute(f"""SELECT s.snapshot_id, s.file_name, coalesce(json_extract_string(s.details, '$.source_name'),
                                   'an invoice file'), {lo}, {hi}, min(t.date), max(t.date), count(*), sum(t.amount)
                            FROM invoices t JOIN snapshots s USING (snapshot_id)
                            WHERE t.is_current AND s.status = 'active' AND {where}
                            GROUP BY ALL ORDER BY 1""", params).fetchall()
    if not found:
        return
    held = "; ".join(
        f"snapshot {sid} ({name}, {src}, {(p_lo or d_lo)}..{(p_hi or d_hi)}: {n} row(s), {float(total):,.2f})"
        for sid, name, src, p_lo, p_hi, d_lo, d_hi, n, total in found)
    kind = "a summary report (one total per customer)" if mine else "invoice documents"
    other = "invoice documents" if mine else "a summary report (one total per customer)"
    wide = (min([span[0], *[r[3] or r[5] for r in found]]), max([span[1], *[r[4] or r[6] for r in found]]))
    ids = ", ".join(f"`moat snapshots rollback {r[0]}`" for r in found)
    raise FileRejected(
        prepared.file_name,
        f"this file is {kind} for {span[0]}..{span[1]}, and the revenue of that period is already loaded from {other}: "
        f"{held}. Both are the same money and would count twice; nothing was loaded",
        f"keep one report per period: roll the other back ({ids}) and load this file again, "
        f"or load this file with --replace-range {wide[0]} {wide[1]} to make it the period's revenue",
    )


def warn_overlap(con: Connection, prepared: Prepared) -> None:
    """A re-export of a period already loaded that lacks rows of that period: say so, naming ``--replace-range``.

    Rows without ids are keyed by their content, so a re-export with one entry corrected brings that entry as a new
    row while the old one stays current: both count. Rows with ids (invoice numbers, entry ids, a licence's client,
    product and month) replace the rows of the same id, but an id the corrected export no longer has (an invoice
    voided and re-issued, an entry deleted in the PSA, a cancelled licence line) stays current. When some of the
    file's rows are rows already current (same content, or same id) and other current rows of the file's date span
    are missing from it, the file looks like a corrected re-export; the report says how many rows would stay and how
    to load it as the truth for its span. Content keys and id keys are compared apart (never mixed)."""
    d = prepared.dataset
    if d not in ("time_entries", "invoices", "costs", "licenses") or prepared.rows.height == 0:
        return
    col = "date" if "date" in prepared.rows.columns else "month" if "month" in prepared.rows.columns else None
    if col is None:
        return
    if d == "licenses" and prepared.recognised is not None:
        from moat.ingest.sources import BY_ID

        source = BY_ID.get(prepared.recognised.source)
        if source is not None and source.seats is not None:
            return  # a seat-usage report updates some lines' seats: it never lists every line of its month
    table = d  # identifiers from the allow-list above
    for content in (True, False):
        keyed = prepared.rows.filter(pl.col("row_key").str.starts_with("c:") == content)
        span = upload_span(keyed, [col])
        if span is None:
            continue
        con.register("_moat_file_keys", keyed.select(pl.col("row_key").alias("k")))
        try:
            row = one(con, f"""SELECT count(*) FILTER (WHERE k IS NOT NULL), count(*) FILTER (WHERE k IS NULL),
                                   string_agg(DISTINCT s.file_name, ', ')
                               FROM {table} t LEFT JOIN _moat_file_keys f ON t.row_key = f.k
                               JOIN snapshots s USING (snapshot_id)
                               WHERE t.is_current AND (t.row_key LIKE 'c:%') = ? AND t.{col} BETWEEN ? AND ?""",
                      [content, span[0], span[1]])
        finally:
            con.unregister("_moat_file_keys")
        same, missing, files = row if row else (0, 0, None)
        if not same or not missing:
            continue
        what = "equal rows" if content else "have the ids of rows"
        then = ("they stay current beside this file's rows (a corrected entry would count twice)" if content else
                "they stay current (a document or entry the correction removed still counts)")
        prepared.warnings.append(
            f"possible re-export: {same} of its {keyed.height} rows {what} already loaded from {files}, and {missing} "
            f"current row(s) of {span[0]}..{span[1]} are not in this file: {then}. If this file is the full truth for "
            f"that period, roll this load back (`moat snapshots rollback` its snapshot) and load it again with "
            f"--replace-range {span[0]} {span[1]}")


# --- commit ----------------------------------------------------------------------------------------------------


def already_loaded(con: Connection, sha256: str) -> int | None:
    """The active snapshot that holds these bytes. A load that stored nothing (every row skipped, e.g. a seat report
    read before the billing lines it updates) does not count: the same file must apply once those lines exist."""
    return scalar(con, "SELECT snapshot_id FROM snapshots WHERE sha256 = ? AND status = 'active' "
                       f"AND {STORED_SOMETHING} ORDER BY snapshot_id LIMIT 1", [sha256])


def commit_prepared(con: Connection, user: User, prepared: Prepared, replace_range: tuple[date, date] | None = None,
                    allow_empty_replace: bool = False) -> Commit:
    """Store a prepared file as one snapshot (one transaction; raises ``AlreadyLoaded`` for the same bytes).

    A replacement is checked first (``check_replacement``): a file that would empty its range, or whose rows lie
    outside it, is refused before anything is written."""
    require(user, "upload")
    if replace_range is not None:
        check_replacement(con, prepared, replace_range, allow_empty_replace)
        input_checks.before_replace(con, prepared, replace_range)
    from moat.ingest import key_clashes

    key_clashes.refuse_moved(con, prepared, replace_range)  # h60 F9: ids of other periods' rows never remove those rows
    key_clashes.refuse_other_client(con, prepared, replace_range)  # h69 D23: another entity's invoice 1001 never replaces this one
    details = prepared.details()
    details["dataset_columns"] = list(prepared.rows.columns)
    return commit(
        con, user, prepared.dataset, prepared.rows, file_name=prepared.file_name, sha256=prepared.sha256,
        rows_read=prepared.rows_read, quarantine=prepared.quarantine, quality_score=prepared.quality["score"],
        replace_range=replace_range, details=json.loads(json.dumps(details, default=str)),
    )


_RANGE_FIELDS = {"time_entries": ("date",), "invoices": ("date",), "costs": ("date",), "licenses": ("month", "start_date")}
_RANGE_SQL = {"time_entries": "date", "invoices": "date", "costs": "date", "licenses": "coalesce(month, start_date)"}


def check_replacement(con: Connection, prepared: Prepared, replace_range: tuple[date, date], allow_empty: bool) -> None:
    """Refuse a ``--replace-range`` load that would silently lose or double data.

    * The file's rows reach outside the range (a "this month and last" export named with one month): the rows
      outside would be added on top of the ones already there, doubling them. Refused, naming the file's span.
    * The file loads no row (a header-only export whose filter matched nothing, every row quarantined) while the
      range holds current rows: the replacement would empty the period. Refused unless ``allow_empty`` says so.
    """
    d = prepared.dataset
    if d not in _RANGE_FIELDS:
        return  # snapshots.commit refuses a dataset without dates
    lo, hi = replace_range
    fields = [c for c in _RANGE_FIELDS[d] if c in prepared.rows.columns]
    span = upload_span(prepared.rows, fields)
    if span is not None and (span[0] < lo or span[1] > hi):
        outside = prepared.rows.filter(~pl.coalesce(fields).is_between(lo, hi)).height
        raise FileRejected(prepared.file_name,
                           f"{outside} of its {prepared.rows.height} rows lie outside --replace-range {lo}..{hi}: the file "
                           f"spans {span[0]}..{span[1]}, and rows outside the range would be added on top of the ones "
                           "already loaded; nothing was loaded",
                           f"run again with --replace-range {span[0]} {span[1]} (or wider) to make the file the full truth "
                           f"for every date it holds ({_held_in(con, d, span, prepared.rows.height)}), or leave out "
                           "--replace-range to add its rows to those already loaded")
    if prepared.rows.height or allow_empty:
        return
    table = d  # identifiers from the allow-list above
    amount = "sum(amount)" if d in ("invoices", "costs") else "sum(hours)" if d == "time_entries" else "NULL"
    count, total = one(con, f"SELECT count(*), {amount} FROM cur_{table} WHERE {_RANGE_SQL[d]} BETWEEN ? AND ?", [lo, hi]) or (0, None)
    if not count:
        return
    what = "" if total is None else (f" ({total:,.2f}" + (" h)" if d == "time_entries" else ")"))
    held = f"{prepared.quarantine.height} quarantined" if prepared.quarantine.height else "none"
    raise FileRejected(prepared.file_name,
                       f"this file loads no rows ({held}) but --replace-range {lo}..{hi} would remove the {count} current "
                       f"{d.replace('_', ' ')}{what} of that range; nothing was loaded",
                       ("fix what kept its rows out (the reasons are in errors; `moat quarantine list`) and load it again"
                        if prepared.quarantine.height else
                        "check the export's filter (an export that matched nothing has only its header)")
                       + "; if the range really is empty now, run again with --allow-empty-replace")


def _held_in(con: Connection, dataset: str, span: tuple[date, date], file_rows: int) -> str:
    """What a replacement of ``span`` would replace, said before the user runs it (h103: the hint above, followed,
    replaced a month of every client's time with a two-row file, said only after the load)."""
    amount = "sum(amount)" if dataset in ("invoices", "costs") else "sum(hours)" if dataset == "time_entries" else "NULL"
    count, total = one(con, f"SELECT count(*), {amount} FROM cur_{dataset} WHERE {_RANGE_SQL[dataset]} BETWEEN ? AND ?",
                       list(span)) or (0, None)
    what = "" if total is None else (f" ({total:,.2f}" + (" h)" if dataset == "time_entries" else ")"))
    return (f"that span now holds {count} current {dataset.replace('_', ' ')}{what}, which its {file_rows} rows would "
            "replace; every current row of the span the file does not hold goes")


def upload_span(rows: pl.DataFrame, fields: list[str]) -> tuple[date, date] | None:
    """First and last date (or licence month) of the rows that load, or None."""
    if not fields or rows.height == 0:
        return None
    dates = rows.select(pl.coalesce(fields).alias("d"))["d"].drop_nulls()
    return (dates.min(), dates.max()) if dates.len() else None  # type: ignore[return-value]


# What a snapshot records of the choices that shape its rows: the same bytes loaded with other choices is another
# request, never "already loaded".
_REQUEST_DETAILS = {"date_order": "date order", "columns": "column mapping", "constants": "constant fields", "sheet": "sheet",
                    "timezone": "timezone setting"}


def request_differences(con: Connection, snapshot_id: int, prepared: Prepared,
                        replace_range: tuple[date, date] | None) -> list[str]:
    """How this request differs from the load that stored the same bytes (empty: the very same request)."""
    row = one(con, "SELECT details, replace_from, replace_to FROM snapshots WHERE snapshot_id = ?", [snapshot_id])
    if row is None:
        return []
    details = json.loads(row[0]) if isinstance(row[0], str) else (row[0] or {})
    now = json.loads(json.dumps(prepared.details(), default=str))
    diffs = []
    for key, label in _REQUEST_DETAILS.items():
        if key in details and details.get(key) != now.get(key):
            diffs.append(f"{label} {_shown(details.get(key))} then, {_shown(now.get(key))} now")
    before = (row[1], row[2]) if row[1] is not None else None
    if replace_range is not None and before != tuple(replace_range):
        first = f"{before[0]}..{before[1]}" if before else "none"
        diffs.append(f"--replace-range {first} then, {replace_range[0]}..{replace_range[1]} now")
    return diffs


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} -> {v}" for k, v in value.items()) + "}"
    return "none" if value in (None, "") else str(value)


def refuse_changed_request(prepared: Prepared, snapshot_id: int, diffs: list[str]) -> FileRejected:
    return FileRejected(prepared.file_name,
                        f"these bytes were already loaded as snapshot {snapshot_id} with other settings "
                        f"({'; '.join(diffs)}): nothing was applied",
                        f"to load it with the new settings, undo the first load (`moat snapshots rollback {snapshot_id}`) "
                        "and run this ingest again")


def ingest_bytes(con: Connection, user: User, data: bytes, file_name: str, options: Options | None = None) -> dict[str, Any]:
    """Prepare and commit one file; returns its report (``already_loaded`` when the same bytes were loaded)."""
    return _ingest(con, user, [data], file_name, options)


def _ingest(con: Connection, user: User, held: list[bytes], file_name: str, options: Options | None) -> dict[str, Any]:
    """``ingest_bytes`` on bytes handed over in ``held``: they are let go once the file is prepared, so a
    million-row export's 100+ MB are not held while DuckDB stores its rows (the load's peak memory)."""
    require(user, "upload")
    options = options or Options()
    prepared = prepare(con, user, held.pop(), file_name, options)  # hashes the bytes while it reads them
    existing = already_loaded(con, prepared.sha256)
    if existing is not None:
        diffs = request_differences(con, existing, prepared, options.replace_range)
        if diffs:
            raise refuse_changed_request(prepared, existing, diffs)
        return prepared.report(existing, already_loaded=True)
    try:
        done = commit_prepared(con, user, prepared, options.replace_range, options.allow_empty_replace)
    except AlreadyLoaded as err:
        return prepared.report(err.snapshot_id, already_loaded=True)
    return prepared.report(done.snapshot_id)


def ingest_path(con: Connection, user: User, path: str | Path, options: Options | None = None) -> dict[str, Any]:
    path = Path(path)
    try:
        held = [readers.read_file(path)]  # size and line limits checked while it streams in: one pass
    except OSError as err:
        raise FileRejected(str(path), f"cannot open the file: {err.strerror or err}", "check the path") from err
    return _ingest(con, user, held, path.name, options)
