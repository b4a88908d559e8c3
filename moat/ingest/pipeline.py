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

import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from moat.datasets import KEY_COLUMNS, get
from moat.db import Connection, scalar
from moat.errors import FileRejected
from moat.governance.permissions import User, require
from moat.ingest import fx, mapping, readers, resolve, schemas, values
from moat.ingest.readers import EXTRA, ROW
from moat.snapshots import CONTENT_COLUMNS, FX_COLUMNS, AlreadyLoaded, Commit, commit, content_key, file_sha256

REJECT = "__reject"  # a reason set by a source's row rules (an id missing from a lookup, a seat line without billing)

IDX = "__i"
ERROR_LIMIT = 1000
_TOTAL_RE = r"(?i)^\s*(?:grand\s+|sub\s*-?)?totals?(?:\s+(?:for|of)\b.*)?\s*:?\s*$"
_DOLLAR_CURRENCIES = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD"}
_FIELD_REASON = {
    "DATE": "not a date (expected e.g. 2026-10-31, 10/31/2026, 31.10.2026, Oct 31 2026 or an Excel date)",
    "MONEY": "not an amount (expected e.g. 1234.50, $1,234.50, (120.00) or 1.234,50 €)",
    "HOURS": "not a number of hours (expected e.g. 1.5 or 1:30)",
    "INTEGER": "not a whole number",
    "NUMBER": "not a number",
    "BOOLEAN": "not a yes/no value (expected Billable/DoNotBill/NoCharge, B/NB/NC, Yes/No, TRUE/FALSE or 1/0)",
}


class DateOrderAmbiguous(FileRejected):
    """Every numeric date could be day-first or month-first: a person has to say which (never guessed)."""

    def __init__(self, file: str, columns: list[str], example: str | None) -> None:
        self.columns = columns
        self.example = example
        eg = f" (e.g. {example})" if example else ""
        super().__init__(
            file,
            f"cannot tell the date order: in {', '.join(columns)} every day and month is 12 or less{eg}",
            "run again with --dayfirst (31/10 = 31 October) or --monthfirst (10/31 = October 31)",
        )


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
    confirm_new_names: bool = False  # rows naming new clients/technicians wait in the quarantine


@dataclass
class Recognised:
    """What recognition and the source's row rules did before the pipeline maps and parses (see ``recognition``)."""

    source: str
    source_name: str
    confidence: str
    columns: dict[str, str] = field(default_factory=dict)  # file header -> field
    rules: dict[str, Any] = field(default_factory=dict)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    rows_read: int | None = None


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

    @property
    def rows_skipped(self) -> int:
        return len(self.skipped)

    def details(self) -> dict[str, Any]:
        """What a snapshot records about its file, including the mapping a retry re-applies."""
        return {
            "kind": self.kind, "encoding": self.encoding, "delimiter": self.delimiter, "sheet": self.sheet,
            "header_row": self.header_row, "columns": self.columns, "constants": self.constants,
            "date_order": self.date_order, "decimal_comma": self.decimal_comma, "rows_skipped": self.rows_skipped,
            "skipped": self.skipped[:200], "warnings": self.warnings, "quality": self.quality, **self.source_report(),
        }

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
        loaded = 0 if already_loaded else self.rows.height
        quarantined = 0 if already_loaded else self.quarantine.height
        return {
            "file": self.file_name, "dataset": self.dataset, "encoding": self.encoding,
            "delimiter": self.delimiter, "sheet": self.sheet, "date_order": self.date_order,
            "rows_read": self.rows_read, "rows_loaded": loaded, "rows_quarantined": quarantined,
            "rows_skipped": self.rows_skipped, "quality_score": self.quality["score"], "quality": self.quality,
            "snapshot_id": snapshot_id, "already_loaded": already_loaded, "warnings": self.warnings,
            "errors": [] if already_loaded else self.errors(), "errors_total": 0 if already_loaded else self.quarantine.height,
            **self.source_report(), "totals": self.totals(), "new_clients": self.new_names.get("client", []),
            "new_technicians": self.new_names.get("technician", []),
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
    """Read, map, parse, validate and resolve one file without writing anything."""
    require(user, "upload")
    schemas.prefetch()
    options = options or Options()
    name = Path(file_name).name
    table = read_table(data, name, options)
    from moat.ingest.recognition import recognise_table

    table, det, recognised = recognise_table(con, table, options)
    return process(con, table, det, options, sha256=sha256 or file_sha256(data), recognised=recognised)


def _skip_flags(rows: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """Adds __blank/__total/__footer flags: blank rows, total rows and the one-cell notes after the last total.

    Cells are counted by byte length first (free), and only the few rows with at most two cells get the exact
    whitespace-aware count, so a million-row file pays almost nothing for this.
    """
    cols = [c for c in header if c in rows.columns]
    if not cols:
        return rows.with_columns(pl.lit(True).alias("__blank"), pl.lit(False).alias("__total"), pl.lit(False).alias("__footer"),
                                 pl.lit(0).alias("__filled"))
    fast = pl.sum_horizontal([(pl.col(c).str.len_bytes().fill_null(0) > 0).cast(pl.Int32) for c in cols])
    exact = pl.sum_horizontal([values.present(pl.col(c)).cast(pl.Int32) for c in cols])
    flagged = rows.with_columns(fast.alias("__filled"))
    few = flagged["__filled"] <= 2
    if few.any():
        positions = few.arg_true()
        fixed = flagged[positions].select(exact.alias("x"))["x"]
        flagged = flagged.with_columns(flagged["__filled"].scatter(positions, fixed))
    # the first filled cell; a file whose first column is never empty needs no coalesce (and regex on it directly:
    # _TOTAL_RE allows the surrounding whitespace a strip would have removed, without copying a million strings)
    first = pl.col(cols[0]) if rows[cols[0]].null_count() == 0 else pl.coalesce([pl.col(c) for c in cols])
    flagged = flagged.with_columns(first.str.contains(_TOTAL_RE).fill_null(False).alias("__total"),
                                   (pl.col("__filled") == 0).alias("__blank"))
    last_total = flagged.select(pl.col(ROW).filter(pl.col("__total")).max()).item()
    if last_total is None:
        footer = pl.lit(False)
    else:
        footer = (pl.col(ROW) > last_total) & (pl.col("__filled") <= 1) & ~pl.col("__blank")
    return flagged.with_columns(footer.alias("__footer"))


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
    clock = _Clock()
    dataset = det.dataset
    d = get(dataset)
    profile = options.profile
    constants = dict(profile.constants) if profile else {}
    header = table.header
    flagged = _skip_flags(table.rows, header)
    skipped_df = flagged.filter(pl.col("__blank") | pl.col("__total") | pl.col("__footer"))
    skipped = [
        {"row": r[ROW], "kind": "total" if r["__total"] else "blank" if r["__blank"] else "note after total"}
        for r in skipped_df.select(ROW, "__total", "__blank").iter_rows(named=True)
    ]
    source_skipped = recognised.skipped if recognised else []
    work = flagged.filter(~(pl.col("__blank") | pl.col("__total") | pl.col("__footer"))) if skipped else flagged
    work = work.drop("__filled", "__blank", "__total", "__footer")
    del flagged
    work = work.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias(IDX))
    warnings: list[str] = []
    if skipped:
        kinds = {k: sum(1 for s in skipped if s["kind"] == k) for k in ("total", "blank", "note after total")}
        listed = ", ".join(f"{n} {k} row{'s' if n != 1 else ''}" for k, n in kinds.items() if n)
        warnings.append(f"skipped {listed} (rows {', '.join(str(s['row']) for s in skipped[:10])}{' ...' if len(skipped) > 10 else ''}); never loaded as data")
    if source_skipped:
        kinds: dict[str, int] = {}
        for s_ in source_skipped:
            kinds[s_["kind"]] = kinds.get(s_["kind"], 0) + 1
        warnings.append("the source's row rules skipped " + "; ".join(f"{n} x {k}" for k, n in kinds.items()))
        skipped = sorted([*source_skipped, *skipped], key=lambda s_: s_["row"])
    if det.unmapped:
        warnings.append(f"columns not used: {', '.join(det.unmapped)}")

    clock.lap("skip")
    # source column per target (constants become columns of their own)
    source: dict[str, str] = {t: c for c, t in det.columns.items() if t != mapping.IGNORE}
    for target, value in constants.items():
        col = f"__const_{target}"
        work = work.with_columns(pl.lit(value, dtype=pl.Utf8).alias(col))
        source[target] = col

    type_of = {f.name: f.type for f in d.fields}
    type_of.update({"non_billable": "BOOLEAN", "total_cost": "MONEY", "is_active": "BOOLEAN"})
    numeric_sources = [work[source[t]] for t in source if type_of.get(t) in ("MONEY", "HOURS", "INTEGER", "NUMBER")]
    decimal_comma = values.uses_decimal_comma(numeric_sources) if numeric_sources else False
    if decimal_comma:
        warnings.append("this file writes decimals with a comma (1.234,50); numbers were read that way")
    date_order = _date_order(work, [source[t] for t in source if type_of.get(t) == "DATE"], options, table.file_name, warnings)

    clock.lap("setup")
    # --- parse every mapped column (vectorised, on distinct values)
    parsed: list[pl.Series] = []
    checks: list[pl.Expr] = []
    for target, col in source.items():
        t = type_of[target]
        raw = work[col]
        if t == "DATE":
            value = values.date(raw, date_order)
            if target == "month":
                value = value.dt.truncate("1mo")
        elif t == "MONEY":
            value = values.money(raw, decimal_comma)
        elif t == "HOURS":
            value = values.hours(raw, decimal_comma)
        elif t == "INTEGER":
            value = values.integer(raw, decimal_comma)
        elif t == "NUMBER":
            value = values.number(raw, decimal_comma)
        elif t == "BOOLEAN":
            value = values.boolean(raw)
        elif target == "agreement_type":
            value = values.enumeration(raw, "agreement_type")
        elif target == "status":
            value = values.enumeration(raw, "invoice_status" if dataset == "invoices" else "status")
        elif target == "currency":
            value = work.select(values.text(pl.col(col)).str.to_uppercase().replace(values.SYMBOLS)).to_series()
        elif (raw.str.len_bytes() != raw.str.strip_chars().str.len_bytes()).any() or (raw == "").any():
            value = work.select(values.text(pl.col(col))).to_series()
        else:
            value = raw  # already clean text: share the column instead of copying a million strings
        parsed.append(value.alias(f"__v_{target}"))
        if t in _FIELD_REASON and value.null_count():  # only a null value can be an unreadable cell
            checks.append(pl.when(values.present(pl.col(col)) & pl.col(f"__v_{target}").is_null())
                          .then(pl.lit(_FIELD_REASON[t])).alias(f"__e_{target}"))
    markers = [values.currency_marker(work[source[t]]) for t in source if type_of.get(t) == "MONEY"]
    if markers:
        parsed.append(pl.select(pl.coalesce([pl.lit(m) for m in markers])).to_series().alias("__marker"))
    work = work.with_columns(parsed).with_columns(checks)

    clock.lap("parse")
    # --- derived fields and canonical columns
    typed_cols: dict[str, pl.Expr] = {}
    for f in d.fields:
        if f"__v_{f.name}" in work.columns:
            typed_cols[f.name] = pl.col(f"__v_{f.name}")
        else:
            typed_cols[f.name] = pl.lit(None, dtype=schemas.DTYPES[f.type])
    if "billable" not in source and "non_billable" in source:
        typed_cols["billable"] = ~pl.col("__v_non_billable")
    if "status" not in source and "is_active" in source:
        typed_cols["status"] = pl.when(pl.col("__v_is_active")).then(pl.lit("active")).when(~pl.col("__v_is_active")).then(pl.lit("churned"))
    if dataset == "licenses" and "total_cost" in source:
        seats = pl.col("__v_seats_purchased").cast(pl.Decimal(18, 4))
        derived = pl.when(seats > 0).then((pl.col("__v_total_cost") / seats).cast(values.MONEY_DTYPE))
        if "unit_cost" in source:
            disagree = work.filter(
                pl.col("__v_unit_cost").is_not_null() & pl.col("__v_total_cost").is_not_null()
                & ((pl.col("__v_unit_cost") * seats - pl.col("__v_total_cost")).abs() > 0.01)
            ).height
            if disagree:
                warnings.append(f"{disagree} rows: cost per seat x seats differs from the total cost; the cost per seat was used")
        typed_cols["unit_cost"] = pl.coalesce(typed_cols["unit_cost"], derived)
    if dataset == "technicians":
        typed_cols["weekly_capacity_hours"] = typed_cols["weekly_capacity_hours"].fill_null(pl.lit(40).cast(values.MONEY_DTYPE))
    if dataset == "licenses" and "month" not in source:
        typed_cols["month"] = pl.lit(None, dtype=pl.Date)

    # currency: the marker in a money cell, else the currency column, else the profile's, else the base
    base = (options.base_currency or "USD").upper()
    dollar = base if base in _DOLLAR_CURRENCIES else "USD"
    parts = []
    if "__marker" in work.columns:
        parts.append(pl.col("__marker").replace({"$": dollar}))
    if "currency" in source:
        parts.append(pl.col("__v_currency").replace({"$": dollar}))
    if profile and profile.currency:
        parts.append(pl.lit(profile.currency))
    row_currency = pl.coalesce([*parts, pl.lit(base)]) if parts else pl.lit(base)
    work = work.with_columns(row_currency.alias("__currency"))
    if "currency" in d.field_names:
        typed_cols["currency"] = pl.col("__currency")
    typed = work.select([pl.col(IDX), pl.col(ROW)] + [e.alias(n) for n, e in typed_cols.items()])

    clock.lap("derive")
    # --- errors: parse failures, currency, schema checks, extra fields
    header_of = {t: c for t, c in source.items()}
    err_frames = []
    for target in source:
        if f"__e_{target}" in work.columns:
            canonical = "billable" if target == "non_billable" else target
            err_frames.append(work.filter(pl.col(f"__e_{target}").is_not_null()).select(
                IDX, pl.lit(canonical).alias("field"), pl.col(f"__e_{target}").alias("reason"), pl.lit(0).alias("prio")))
    money_fields = [t for t in source if type_of.get(t) == "MONEY"]
    if money_fields:
        bad_cur = work.filter(pl.col("__currency") != base)
        if bad_cur.height:
            cur_field = "currency" if "currency" in source else money_fields[0]
            if dataset in fx.CONVERTIBLE:
                typed, fx_errors = _convert_currency(con, dataset, typed, bad_cur.select(IDX, "__currency"), base)
                if fx_errors.height:
                    err_frames.append(fx_errors.with_columns(pl.lit(cur_field).alias("field"), pl.lit(1).alias("prio")))
            else:
                err_frames.append(bad_cur.select(
                    IDX, pl.lit(cur_field).alias("field"),
                    pl.format("amount in {} but the company's base currency is " + base + "; " + dataset + " are not "
                              "converted with the rate table, so it is not summed with " + base + " amounts",
                              pl.col("__currency")).alias("reason"),
                    pl.lit(1).alias("prio")))
    if REJECT in work.columns:
        err_frames.append(work.filter(pl.col(REJECT).is_not_null()).select(
            IDX, pl.lit("row").alias("field"), pl.col(REJECT).alias("reason"), pl.lit(0).alias("prio")))
    if EXTRA in work.columns:
        err_frames.append(work.filter(pl.col(EXTRA).is_not_null()).select(
            IDX, pl.lit(EXTRA).alias("field"), pl.lit("row has more fields than the header (a stray delimiter or quote?)").alias("reason"),
            pl.lit(0).alias("prio")))
    fails = schemas.failures(dataset, typed.drop(IDX, ROW), options.today)
    if fails.height:
        err_frames.append(fails.rename({"index": IDX}).with_columns(pl.lit(2).alias("prio")))
    if "start_date" in typed.columns and "end_date" in typed.columns:
        backwards = typed.filter(pl.col("end_date") < pl.col("start_date"))
        if backwards.height:
            err_frames.append(backwards.select(IDX, pl.lit("end_date").alias("field"), pl.lit("end_date is before start_date").alias("reason"), pl.lit(2).alias("prio")))
    errors = _long(err_frames)
    value_err_rows = errors[IDX].n_unique() if errors.height else 0

    clock.lap("validate")
    # --- names (only rows still valid), keys, duplicates
    valid = typed.join(errors.select(IDX).unique(), on=IDX, how="anti") if errors.height else typed
    known_cache: dict[str, resolve.Known] = {}
    name_errors = []
    name_rows_total = 0
    new_names: dict[str, list[str]] = {}
    for kind, name_field, key_field in (("client", "client_name", "client_key"), ("technician", "technician_name", "technician_key")):
        if key_field not in KEY_COLUMNS[dataset]:
            continue
        known_cache[kind] = resolve.known(con, kind)
        master = dataset in ("clients", "technicians")
        res = resolve.resolve_column(valid[name_field], kind, known_cache[kind], master)
        names = valid[name_field]
        # every distinct name resolved (the usual case): no per-row reason column to map and filter
        reason = (names.replace_strict(res["name"], res["reason"], default=None, return_dtype=pl.Utf8)
                  if res["reason"].null_count() < res.height else pl.lit(None, dtype=pl.Utf8))
        valid = valid.with_columns(
            names.replace_strict(res["name"], res["key"], default=None, return_dtype=pl.Utf8).alias(key_field),
            reason.alias(f"__r_{kind}"),
        )
        name_rows_total += names.len() - names.null_count()
        bad = valid.filter(pl.col(f"__r_{kind}").is_not_null()) if res["reason"].null_count() < res.height else valid.clear()
        if bad.height:
            name_errors.append(bad.select(IDX, pl.lit(name_field).alias("field"), pl.col(f"__r_{kind}").alias("reason"), pl.lit(3).alias("prio")))
        valid = (valid.filter(pl.col(f"__r_{kind}").is_null()) if bad.height else valid).drop(f"__r_{kind}")
        new = res.filter(pl.col("status") == "new").height
        new_names[kind] = res.filter(pl.col("status") == "new")["name"].to_list()
        if new and not master and options.confirm_new_names:
            waiting = valid.filter(pl.col(name_field).is_in(new_names[kind]))
            name_errors.append(waiting.select(IDX, pl.lit(name_field).alias("field"), pl.format(
                "new {} name {}: confirm it with `moat names confirm \"{}\" --kind " + kind + "` (or add an alias), then "
                "`moat quarantine retry`", pl.lit(kind), pl.col(name_field), pl.col(name_field)).alias("reason"), pl.lit(3).alias("prio")))
            valid = valid.filter(~pl.col(name_field).is_in(new_names[kind]))
        if new and not master:
            warnings.append(f"{new} new {kind}{'s' if new != 1 else ''} (no similar known name): "
                            + ", ".join(res.filter(pl.col("status") == "new")["name"].head(5).to_list()) + (" ..." if new > 5 else ""))
    clock.lap("names")
    valid = valid.with_columns(_row_key(con, dataset, valid).alias("row_key"))
    # n_unique is half the cost of is_first_distinct: only a file with repeated keys pays for the latter
    unique_keys = valid["row_key"].n_unique() == valid.height
    valid = valid.with_columns((pl.lit(True) if unique_keys else pl.col("row_key").is_first_distinct()).alias("__first_key"))
    dup = valid.clear() if unique_keys else valid.filter(~pl.col("__first_key"))
    dup_errors = dup
    if dup.height:
        firsts = valid.group_by("row_key").agg(pl.col(ROW).min().alias("__first"))
        dup_errors = dup.join(firsts, on="row_key").select(
            IDX, pl.lit(d.id_field or "row_key").alias("field"),
            pl.format("duplicate of row {} (same {})", pl.col("__first"), pl.lit(_key_words(dataset))).alias("reason"),
            pl.lit(4).alias("prio"))
    loaded = valid.filter(pl.col("__first_key")) if dup.height else valid
    if "__fx_rate" in loaded.columns:
        loaded = _apply_conversion(dataset, loaded, base)
    all_errors = _collect([errors, *name_errors, *( [dup_errors] if dup.height else [])])

    clock.lap("keys")
    # --- warnings that never reject
    if dataset == "licenses":
        over = loaded.filter(pl.col("seats_assigned") > pl.col("seats_purchased")).height
        if over:
            warnings.append(f"{over} licence rows have more seats assigned than purchased (kept; check the export)")
    for enum_field, kind in (("agreement_type", "agreement_type"), ("status", "invoice_status" if dataset == "invoices" else "status")):
        if enum_field in source and type_of.get(enum_field) == "VARCHAR":
            known_mask = values.enum_known(work[source[enum_field]], kind).fill_null(False)
            unknown = work.filter(values.present(pl.col(source[enum_field])) & ~known_mask)
            if unknown.height:
                labels = unknown[source[enum_field]].unique().head(5).to_list()
                warnings.append(f"{enum_field}: unknown labels kept as written: {', '.join(map(str, labels))}")

    clock.lap("warnings")
    quarantine = _quarantine_frame(work, all_errors, header, header_of, table.file_name)
    rows_out = loaded.rename({ROW: "source_row"}).drop(IDX)
    keep = ["source_row", "row_key", *KEY_COLUMNS[dataset], *d.field_names, *(FX_COLUMNS[dataset] if "fx_rate" in rows_out.columns else ())]
    rows_out = rows_out.select([c for c in keep if c in rows_out.columns])
    clock.lap("quarantine")
    quality = _quality(work, source, d.field_names, n=work.height, value_err=value_err_rows, name_err=sum(f.height for f in name_errors),
                       name_total=name_rows_total, dup=dup.height)
    clock.lap("quality")
    return Prepared(
        file_name=table.file_name, sha256=sha256, kind=table.kind, encoding=table.encoding, delimiter=table.delimiter,
        sheet=table.sheet, sheets=table.sheets, header=header, header_row=table.header_row, dataset=dataset,
        columns=det.columns, unmapped=det.unmapped, date_order=date_order, decimal_comma=decimal_comma,
        rows=rows_out if rows_out["source_row"].is_sorted() else rows_out.sort("source_row"), quarantine=quarantine, skipped=skipped, warnings=warnings,
        rows_read=recognised.rows_read if recognised and recognised.rows_read is not None else table.rows.height, quality=quality,
        constants=constants, timings=clock.laps, recognised=recognised, new_names=new_names,
    )


def _rate_month(dataset: str) -> pl.Expr:
    """The month whose rate converts a row: the invoice/cost date, a licence line's month (or its start)."""
    when = pl.coalesce(pl.col("month"), pl.col("start_date")) if dataset == "licenses" else pl.col("date")
    return when.dt.truncate("1mo")


def _convert_currency(con: Connection, dataset: str, typed: pl.DataFrame, foreign: pl.DataFrame,
                      base: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Look up the month's rate of each foreign-currency row and compute its base-currency amounts.

    Adds ``__fx_currency``, ``__fx_rate`` and ``__fx_<field>`` (converted) to ``typed``; the canonical columns keep
    the file's values until the row key is computed (a row's identity never depends on a rate). Returns the
    frame and the (IDX, reason) of rows without a rate or whose converted amount does not fit.
    """
    looked = (typed.select(IDX, _rate_month(dataset).alias("__month"))
              .join(foreign, on=IDX, how="inner")
              .join(fx.rates(con, base), on=["__currency", "__month"], how="left"))
    missing = looked.filter(pl.col("__fx_rate").is_null())
    reasons = [missing.filter(pl.col("__month").is_not_null()).select(IDX, pl.format(
        "amount in {} but the company's base currency is " + base + " and there is no {} rate for {}, so it is not summed "
        "with " + base + " amounts; " + fx.LOAD_HINT, pl.col("__currency"), pl.col("__currency"),
        pl.col("__month").dt.strftime("%Y-%m")).alias("reason"))]
    reasons.append(missing.filter(pl.col("__month").is_null()).select(IDX, pl.format(
        "amount in {} but the company's base currency is " + base + "; without a valid date no month's rate can convert it",
        pl.col("__currency")).alias("reason")))
    found = looked.filter(pl.col("__fx_rate").is_not_null()).select(IDX, pl.col("__currency").alias("__fx_currency"), "__fx_rate")
    if found.height == 0:
        return typed, pl.concat(reasons)
    typed = typed.join(found, on=IDX, how="left", maintain_order="left")
    fields = [f for f in fx.CONVERTIBLE[dataset] if f in typed.columns]
    typed = typed.with_columns([fx.convert(typed[f], typed["__fx_rate"]).alias(f"__fx_{f}") for f in fields])
    too_big = typed.filter(pl.any_horizontal([pl.col(f).is_not_null() & pl.col("__fx_rate").is_not_null() & pl.col(f"__fx_{f}").is_null()
                                              for f in fields]))
    if too_big.height:
        reasons.append(too_big.select(IDX, pl.lit("the amount converted to " + base + " is too large to store").alias("reason")))
    return typed, pl.concat(reasons)


def _apply_conversion(dataset: str, loaded: pl.DataFrame, base: str) -> pl.DataFrame:
    """Converted rows: base-currency amounts in the canonical columns, the file's in ``original_*``."""
    converted = pl.col("__fx_rate").is_not_null()
    fields = [f for f in fx.CONVERTIBLE[dataset] if f"__fx_{f}" in loaded.columns]
    exprs = [pl.when(converted).then(pl.col("__fx_currency")).alias("original_currency"), pl.col("__fx_rate").alias("fx_rate")]
    for f in fields:
        exprs += [pl.when(converted).then(pl.col(f)).alias(f"original_{f}"),
                  pl.when(converted).then(pl.col(f"__fx_{f}")).otherwise(pl.col(f)).alias(f)]
    if "currency" in loaded.columns:
        exprs.append(pl.when(converted).then(pl.lit(base)).otherwise(pl.col("currency")).alias("currency"))
    out = loaded.with_columns(exprs)
    for column in FX_COLUMNS[dataset]:
        if column not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=values.MONEY_DTYPE).alias(column))
    return out.drop([c for c in out.columns if c.startswith("__fx_")])


def _key_words(dataset: str) -> str:
    return {"clients": "client name", "technicians": "technician name", "time_entries": "entry_id", "invoices": "invoice_number",
            "costs": "cost_id", "licenses": "client, product and month"}[dataset]


def _date_order(work: pl.DataFrame, cols: list[str], options: Options, file_name: str, warnings: list[str]) -> str | None:
    if options.dayfirst is not None:
        return "dmy" if options.dayfirst else "mdy"
    if options.profile and options.profile.dayfirst is not None:
        return "dmy" if options.profile.dayfirst else "mdy"
    if not cols:
        return None
    ev = [values.date_order_evidence(work[c]) for c in cols]
    day = sum(e[0] for e in ev)
    month = sum(e[1] for e in ev)
    ambiguous = sum(e[2] for e in ev)
    if day and month:
        order = "dmy" if day >= month else "mdy"
        warnings.append(f"dates disagree: {day} rows only make sense day-first, {month} only month-first; "
                        f"read as {'day' if order == 'dmy' else 'month'}-first, the others are quarantined")
        return order
    if day:
        return "dmy"
    if month:
        return "mdy"
    if ambiguous:
        example = next((v for c in cols for v in work[c].filter(values.is_numeric_date(work[c])).head(1).to_list()), None)
        raise DateOrderAmbiguous(file_name, cols, example)
    return None


def _long(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """All problems, one row per (source row, field): the first reason found for a cell wins."""
    empty = pl.DataFrame(schema={IDX: pl.Int64, "field": pl.Utf8, "reason": pl.Utf8, "prio": pl.Int32})
    frames = [f.select(pl.col(IDX).cast(pl.Int64), pl.col("field").cast(pl.Utf8), pl.col("reason").cast(pl.Utf8), pl.col("prio").cast(pl.Int32))
              for f in frames if f.height]
    if not frames:
        return empty
    return pl.concat(frames).sort("prio", maintain_order=True).unique(subset=[IDX, "field"], keep="first", maintain_order=True)


def _collect(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """One row per failing source row: the first problem's field, all reasons joined."""
    allf = _long(frames)
    if allf.height == 0:
        return allf
    allf = allf.sort([IDX, "prio"], maintain_order=True)
    return allf.group_by(IDX, maintain_order=True).agg(
        pl.col("field").first(), pl.col("prio").first(),
        pl.concat_str([pl.col("field"), pl.lit(": "), pl.col("reason")]).str.join("; ").alias("reason"),
    )


def _row_key(con: Connection, dataset: str, frame: pl.DataFrame) -> pl.Expr | pl.Series:
    """The natural key of each row: the id, the name key, client|product|month, or the content key of an id-less row.

    A file that has ids on some rows only keys the others by content, numbering repeats among those rows only.
    """
    d = get(dataset)
    if dataset == "clients":
        return pl.col("client_key")
    if dataset == "technicians":
        return pl.col("technician_key")
    if dataset == "licenses":
        return pl.concat_str([pl.col("client_key"), values.text(pl.col("product")).str.to_lowercase(),
                              pl.coalesce(pl.col("month"), pl.col("start_date")).cast(pl.Utf8)], separator="|")
    id_col = d.id_field
    if frame.height == 0:
        return pl.lit(None, dtype=pl.Utf8)
    ids = frame[id_col] if id_col in frame.columns else pl.Series(id_col, [None] * frame.height, dtype=pl.Utf8)
    missing = ids.is_null()
    if not missing.any():
        return ids
    columns = list(CONTENT_COLUMNS[dataset])
    if missing.all():
        return content_key(con, frame, columns)
    positions = missing.arg_true()
    return ids.scatter(positions, content_key(con, frame[positions], columns))


def _quarantine_frame(work: pl.DataFrame, errors: pl.DataFrame, header: list[str], header_of: dict[str, str], file_name: str) -> pl.DataFrame:
    schema = {"file_name": pl.Utf8, "row_number": pl.Int64, "column_name": pl.Utf8, "value": pl.Utf8, "reason": pl.Utf8, "raw": pl.Utf8}
    if errors.height == 0:
        return pl.DataFrame(schema=schema)
    bad = work.join(errors, on=IDX, how="inner").sort(ROW)
    cols = [c for c in header if c in bad.columns] + ([EXTRA] if EXTRA in bad.columns else [])
    raw = pl.struct([pl.col(c) for c in cols]).struct.json_encode() if cols else pl.lit("{}")
    value_expr = pl.lit(None, dtype=pl.Utf8)
    column_expr = pl.col("field")
    for target, col in header_of.items():
        canonical = "billable" if target == "non_billable" else target
        if col.startswith("__const_"):
            continue
        value_expr = pl.when(pl.col("field") == canonical).then(pl.col(col).cast(pl.Utf8)).otherwise(value_expr)
        column_expr = pl.when(pl.col("field") == canonical).then(pl.lit(col)).otherwise(column_expr)
    if EXTRA in bad.columns:
        value_expr = pl.when(pl.col("field") == EXTRA).then(pl.col(EXTRA)).otherwise(value_expr)
        column_expr = pl.when(pl.col("field") == EXTRA).then(pl.lit("(extra fields)")).otherwise(column_expr)
    return bad.select(
        pl.lit(file_name).alias("file_name"), pl.col(ROW).alias("row_number"), column_expr.alias("column_name"),
        value_expr.alias("value"), pl.col("reason"), raw.alias("raw"),
    )


def _quality(work: pl.DataFrame, source: dict[str, str], fields: list[str], *, n: int, value_err: int, name_err: int,
             name_total: int, dup: int) -> dict[str, Any]:
    """Score 0-100 from completeness (filled mapped cells), validity, uniqueness and name-match rate."""
    if n == 0:
        return {"score": 0.0, "completeness": None, "validity": None, "uniqueness": None, "name_match": None, "rows": 0}
    cols = [c for t, c in source.items() if t in fields and not c.startswith("__const_")]
    filled = [(pl.col(c).str.len_bytes().fill_null(0) > 0).mean() for c in cols]
    completeness = work.select(pl.mean_horizontal(filled)).item() if cols else 1.0
    validity = 1 - value_err / n
    considered = max(n - value_err, 1)
    uniqueness = 1 - dup / considered
    name_match = 1 - name_err / name_total if name_total else 1.0
    score = 100 * (0.25 * completeness + 0.35 * validity + 0.15 * uniqueness + 0.25 * name_match)
    return {"score": round(score, 1), "completeness": round(completeness, 4), "validity": round(validity, 4),
            "uniqueness": round(uniqueness, 4), "name_match": round(name_match, 4), "rows": n}


# --- commit ----------------------------------------------------------------------------------------------------


def already_loaded(con: Connection, sha256: str) -> int | None:
    return scalar(con, "SELECT snapshot_id FROM snapshots WHERE sha256 = ? AND status = 'active' ORDER BY snapshot_id LIMIT 1", [sha256])


def commit_prepared(con: Connection, user: User, prepared: Prepared, replace_range: tuple[date, date] | None = None) -> Commit:
    """Store a prepared file as one snapshot (one transaction; raises ``AlreadyLoaded`` for the same bytes)."""
    require(user, "upload")
    details = prepared.details()
    details["dataset_columns"] = list(prepared.rows.columns)
    return commit(
        con, user, prepared.dataset, prepared.rows, file_name=prepared.file_name, sha256=prepared.sha256,
        rows_read=prepared.rows_read, quarantine=prepared.quarantine, quality_score=prepared.quality["score"],
        replace_range=replace_range, details=json.loads(json.dumps(details, default=str)),
    )


def ingest_bytes(con: Connection, user: User, data: bytes, file_name: str, options: Options | None = None) -> dict[str, Any]:
    """Prepare and commit one file; returns its report (``already_loaded`` when the same bytes were loaded)."""
    require(user, "upload")
    options = options or Options()
    sha = file_sha256(data)
    existing = already_loaded(con, sha)
    prepared = prepare(con, user, data, file_name, options, sha256=sha)
    if existing is not None:
        return prepared.report(existing, already_loaded=True)
    try:
        done = commit_prepared(con, user, prepared, options.replace_range)
    except AlreadyLoaded as err:
        return prepared.report(err.snapshot_id, already_loaded=True)
    return prepared.report(done.snapshot_id)


def ingest_path(con: Connection, user: User, path: str | Path, options: Options | None = None) -> dict[str, Any]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileRejected(str(path), f"cannot open the file: {err.strerror or err}", "check the path") from err
    return ingest_bytes(con, user, data, path.name, options)
