"""The pipeline's phases, each a function that hands the next a typed result.

    skip_rows -> Rows       blank/total/footer rows out (plus what the source's row rules skipped), row index
    columns   -> Columns    field -> column, types, decimal comma, date order
    parse     -> frame      every mapped column parsed once (``__v_<field>``) with its unreadable cells (``__e_``)
    derive    -> Typed      canonical columns, derived fields, each row's currency
    validate  -> Checked    parse errors, currency conversion (``fx``), source rejections, schema checks
    names     -> Named      client/technician names resolved; new names reported (or held for confirmation)
    keys      -> Keyed      natural keys, duplicates, conversion applied, all problems collected

Sources (``moat.ingest.recognition``) run before these phases and hand them a table in the canonical field
names, so a new source never touches this module.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from moat.datasets import DATASETS, KEY_COLUMNS, Dataset, get
from moat.db import Connection, frame
from moat.ingest import (
    conflicts,
    date_orders,
    fx,
    lone_groups,
    mapping,
    readers,
    resolve,
    schemas,
    short_dates,
    total_rows,
    values,
)
from moat.ingest.headings import exact_col, series
from moat.ingest.readers import EXTRA, ROW
from moat.snapshots import CONTENT_COLUMNS, FX_COLUMNS, content_key

IDX = "__i"
REJECT = "__reject"  # a reason set by a source's row rules (an id missing from a lookup)
INTERNAL = "__internal"  # "true" on internal time (overhead): loads with no client
INVERTED = {"non_billable": "billable", "inactive": "active"}  # a yes/no column saying the opposite of the field it fills
_TOTAL_RE = r"(?i)^\s*(?:grand\s+|sub\s*-?)?totals?(?:\s+(?:for|of)\b.*)?\s*:?\s*$"
_FIELD_REASON = {
    "DATE": "not a date (expected e.g. 2026-10-31, 10/31/2026, 31.10.2026, Oct 31 2026 or an Excel date)",
    "MONEY": "not an amount (expected e.g. 1234.50, $1,234.50, (120.00) or 1.234,50 €)",
    "HOURS": "not a number of hours (expected e.g. 1.5 or 1:30)",
    "INTEGER": "not a whole number",
    "NUMBER": "not a number",
    "BOOLEAN": "not a yes/no value (expected Billable/DoNotBill/NoCharge, B/NB/NC, Yes/No, TRUE/FALSE or 1/0)",
}
_NUMERIC = ("MONEY", "HOURS", "INTEGER", "NUMBER")


DateOrderAmbiguous = date_orders.DateOrderAmbiguous  # re-exported: pipeline.DateOrderAmbiguous


@dataclass
class Rows:
    work: pl.DataFrame
    skipped: list[dict[str, Any]]
    warnings: list[str]


@dataclass
class Columns:
    dataset: Dataset
    source: dict[str, str]  # field -> column of ``work``
    type_of: dict[str, str]
    decimal_comma: bool
    date_order: str | None
    constants: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.dataset.name


@dataclass
class Typed:
    work: pl.DataFrame
    typed: pl.DataFrame
    base: str
    internal: pl.Series | None


@dataclass
class Checked:
    typed: pl.DataFrame
    errors: pl.DataFrame
    value_err_rows: int


@dataclass
class Named:
    valid: pl.DataFrame
    errors: list[pl.DataFrame]
    rows_with_names: int
    new_names: dict[str, list[str]]


@dataclass
class Keyed:
    loaded: pl.DataFrame
    duplicates: int
    errors: pl.DataFrame
    summed: list[dict[str, Any]] = field(default_factory=list)  # lines summed into their document's first row


# --- skip --------------------------------------------------------------------------------------------------------


def skip_flags(rows: pl.DataFrame, header: list[str], data: list[str] | None = None) -> pl.DataFrame:
    """Adds __blank/__total/__footer flags: blank rows, total rows and the one-cell notes after the last total.

    ``data``: the columns a field reads. On a full row only a "Total" in one of them makes it a total row: a pivot
    table beside the data (its "Grand Total" on the line of a real invoice) is a column no field uses (h41 D19).

    Cells are counted by byte length first (free), and only the few rows with at most two cells get the exact
    whitespace-aware count, so a million-row file pays almost nothing for this.
    """
    cols = [c for c in header if c in rows.columns]
    if not cols:
        return rows.with_columns(pl.lit(True).alias("__blank"), pl.lit(False).alias("__total"), pl.lit(False).alias("__footer"),
                                 pl.lit(0).alias("__filled"))
    fast = pl.sum_horizontal([(exact_col(c).str.len_bytes().fill_null(0) > 0).cast(pl.Int32) for c in cols])
    exact = pl.sum_horizontal([values.present(exact_col(c)).cast(pl.Int32) for c in cols])
    flagged = rows.with_columns(fast.alias("__filled"))
    few = flagged["__filled"] <= 2
    if few.any():
        positions = few.arg_true()
        fixed = flagged[positions].select(exact.alias("x"))["x"]
        flagged = flagged.with_columns(flagged["__filled"].scatter(positions, fixed))
    # the first filled cell; a file whose first column is never empty needs no coalesce (and regex on it directly:
    # _TOTAL_RE allows the surrounding whitespace a strip would have removed, without copying a million strings)
    first = exact_col(cols[0]) if rows[cols[0]].null_count() == 0 else pl.coalesce([exact_col(c) for c in cols])
    flagged = flagged.with_columns(first.str.contains(_TOTAL_RE).fill_null(False).alias("__total"),
                                   (pl.col("__filled") == 0).alias("__blank"))
    # a "TOTAL" that is not in the first filled cell (columns moved): looked for only on sparse rows, which are few
    sparse = (flagged["__filled"] <= max(2, len(cols) // 2)) & (flagged["__filled"] > 0) & ~flagged["__total"]
    if sparse.any():
        positions = sparse.arg_true()
        hit = flagged[positions].select(pl.any_horizontal([exact_col(c).str.contains(_TOTAL_RE).fill_null(False) for c in cols]).alias("x"))["x"]
        if hit.any():
            flagged = flagged.with_columns(flagged["__total"].scatter(positions.filter(hit), True))
    flagged = _subtotals(flagged, cols, sparse)
    # a full row labelled TOTAL in another column ("All Clients, TOTAL, 2026-04-30, 3000.00"): the report's total, not
    # a document; a cell that is only the word (or "Grand Total", "Subtotal") is no client, id or product name
    labelled = [c for c in cols[1:] if data is None or c in data]
    if len(cols) > 1 and labelled:
        other = pl.any_horizontal([exact_col(c).str.contains(_TOTAL_RE).fill_null(False) for c in labelled])
        flagged = flagged.with_columns((pl.col("__total") | other).alias("__total"))
    last_total = flagged.select(pl.col(ROW).filter(pl.col("__total")).max()).item()
    if last_total is None:
        footer = pl.lit(False)
    else:
        footer = (pl.col(ROW) > last_total) & (pl.col("__filled") <= 1) & ~pl.col("__blank")
    return flagged.with_columns(footer.alias("__footer"))


_SUBTOTAL_RE = r"(?i)^\s*(?:total\s+(?:for\s+)?(.+?)|(.+?)\s+total)\s*:?\s*$"


def _subtotals(flagged: pl.DataFrame, cols: list[str], sparse: pl.Series) -> pl.DataFrame:
    """A sparse row labelled "Total Summit Capital" / "Summit Capital Total" in a column where other rows hold
    "Summit Capital" is that client's subtotal (a person's sheet with a total under each client's rows): skipped as
    a total, never quarantined as a row with an empty date. A row with its own date and invoice number is not sparse,
    so a client called "Total Wine" still loads."""
    candidates = sparse & ~flagged["__total"]
    if not candidates.any():
        return flagged
    positions = candidates.arg_true()
    hit = pl.Series([False] * positions.len())
    for c in cols:
        label = flagged[positions].select(exact_col(c).str.extract_groups(_SUBTOTAL_RE).alias("g")).unnest("g")
        named = label.select(pl.coalesce(pl.all()).str.replace_all(r"\s+", " ").str.to_lowercase().alias("n"))["n"]
        if named.is_null().all():
            continue
        known = set(flagged.select(exact_col(c).str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase().unique())
                    .to_series().drop_nulls().to_list())
        hit = hit | named.is_in(list(known)).fill_null(False)
    if hit.any():
        flagged = flagged.with_columns(flagged["__total"].scatter(positions.filter(hit), True))
    return flagged


_PAGE_RE = r"(?i)^\s*(?:page\s+\d+(?:\s*(?:of|/)\s*\d+)?|(?:report\s+)?(?:generated|printed|run)\s+(?:on|at|by)?\b.*)\s*$"


def _layout_flags(rows: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """Adds __layout: "repeated header" / "page or report line" for the lines a printed or paged export repeats.

    A report printed page by page repeats its header and writes "Page 1 of 2" and "Report generated ... by" lines;
    they are layout, not rows with an empty date, so they are skipped with their kind rather than quarantined."""
    cols = [c for c in header if c in rows.columns]
    if len(cols) < 2:
        return rows.with_columns(pl.lit(None, dtype=pl.Utf8).alias("__layout"))
    # exact equality costs no copy of the cells (a million-row file pays almost nothing); the regex runs on one-cell rows only
    same = pl.sum_horizontal([(exact_col(c) == c).fill_null(False).cast(pl.Int32) for c in cols])
    named = [c for c in cols if c.strip()]
    repeated = (same >= max(2, (len(named) + 1) // 2)) & (same == pl.col("__filled"))
    layout = rows.select(pl.when(repeated).then(pl.lit("repeated header")).otherwise(pl.lit(None, dtype=pl.Utf8)).alias("x"))["x"]
    one = rows["__filled"] == 1
    if one.any():
        positions = one.arg_true()
        hit = rows[positions].select(pl.coalesce([exact_col(c) for c in cols]).str.contains(_PAGE_RE).fill_null(False).alias("x"))["x"]
        if hit.any():
            layout = layout.scatter(positions.filter(hit), "page or report line")
    return rows.with_columns(layout.alias("__layout"))


def _counted(skipped: list[dict[str, Any]]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for s in skipped:
        kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
    return kinds


def skip_rows(table: readers.Table, det: mapping.Detection, source_skipped: list[dict[str, Any]], warnings: list[str]) -> Rows:
    """Blank, total and footer rows out (reported with their row numbers); every other row gets its index."""
    used = [c for c, t in det.columns.items() if t != mapping.IGNORE]
    flagged = _layout_flags(skip_flags(table.rows, table.header, used or None), table.header)
    read = {t: c for c, t in det.columns.items() if t != mapping.IGNORE}
    d = DATASETS.get(det.dataset)
    required = bool(d and "client_name" in d.field_names and d.field("client_name").required)
    flagged = total_rows.mark(flagged, table.header, read, required, warnings)  # `Total amount`, a sum without a label (h56)
    gone = pl.col("__blank") | pl.col("__total") | pl.col("__footer") | pl.col("__layout").is_not_null()
    skipped = [
        {"row": r[ROW], "kind": "total" if r["__total"] else "blank" if r["__blank"] else r["__layout"] or "note after total"}
        for r in flagged.filter(gone).select(ROW, "__total", "__blank", "__layout").iter_rows(named=True)
    ]
    work = flagged.filter(~gone) if skipped else flagged
    work = work.drop("__filled", "__blank", "__total", "__footer", "__layout").with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias(IDX))
    if skipped:
        kinds = _counted(skipped)
        listed = ", ".join(f"{n} {k} row{'s' if n != 1 else ''}" for k, n in kinds.items())
        warnings.append(f"skipped {listed} (rows {', '.join(str(s['row']) for s in skipped[:10])}"
                        f"{' ...' if len(skipped) > 10 else ''}); never loaded as data")
    if source_skipped:
        warnings.append("the source's row rules skipped " + "; ".join(f"{n} x {k}" for k, n in _counted(source_skipped).items()))
        skipped = sorted([*source_skipped, *skipped], key=lambda s: s["row"])
    if det.unmapped:
        warnings.append(f"columns not used: {', '.join(det.unmapped)}")
    return Rows(work, skipped, warnings)


# --- columns and parsing -------------------------------------------------------------------------------------------


def columns(rows: Rows, det: mapping.Detection, options: Any, file_name: str, semicolon: bool = False) -> Columns:
    """Which column feeds each field (constants become columns of their own), the decimal mark, the date order."""
    d = get(det.dataset)
    constants = dict(options.profile.constants) if options.profile else {}
    source: dict[str, str] = {t: c for c, t in det.columns.items() if t != mapping.IGNORE}
    for target, value in constants.items():
        col = f"__const_{target}"
        rows.work = rows.work.with_columns(pl.lit(value, dtype=pl.Utf8).alias(col))
        source[target] = col
    type_of = {f.name: f.type for f in d.fields}
    type_of.update({"non_billable": "BOOLEAN", "total_cost": "MONEY", "is_active": "BOOLEAN", "billable_hours": "HOURS",
                    "inactive": "BOOLEAN"})
    type_of.setdefault("currency", "VARCHAR")  # a licence/time file's currency column picks the rate (h41 D16)
    numeric = [series(rows.work, source[t]) for t in source if type_of.get(t) in _NUMERIC]
    decimal_comma = values.uses_decimal_comma(numeric, semicolon) if numeric else False
    if numeric and not decimal_comma and not semicolon:  # h69 D5: `1.850` in a comma-separated es-ES sheet is 1,850
        from moat.ingest import thousands_dots

        money = {source[t]: series(rows.work, source[t]) for t in source if type_of.get(t) == "MONEY"}
        if thousands_dots.thousands(money, numeric, file_name, rows.warnings):
            decimal_comma = True
        else:
            from moat.ingest import digit_groups

            digit_groups.check(money, file_name, rows.warnings)  # h74 D6: `1,25,000.00` is 125,000.00
    elif decimal_comma:
        rows.warnings.append("this file writes decimals with a comma (1.234,50); numbers were read that way")
    dates = [source[t] for t in source if type_of.get(t) == "DATE"]
    order = date_orders.date_order(rows.work, dates, options, file_name, rows.warnings)
    short_dates.check(rows.work, dates, file_name)
    return Columns(d, source, type_of, decimal_comma, order, constants)


def _parse_one(work: pl.DataFrame, target: str, col: str, cols: Columns) -> pl.Series:
    t = cols.type_of[target]
    raw = series(work, col)
    comma = cols.decimal_comma
    by_type = {"MONEY": values.money, "HOURS": values.hours, "INTEGER": values.integer, "NUMBER": values.number}
    if t == "DATE":
        value = values.date(raw, cols.date_order)
        return value.dt.truncate("1mo") if target == "month" else value
    if t in by_type:
        return by_type[t](raw, comma)
    if t == "BOOLEAN":
        return values.boolean(raw)
    if target == "agreement_type":
        return values.enumeration(raw, "agreement_type")
    if target == "status":
        return values.enumeration(raw, "invoice_status" if cols.name == "invoices" else "status")
    if target == "currency":
        from moat.ingest.currency_names import codes  # `US Dollar`, `British Pound - GBP` (h63 F20)

        return work.select(codes(exact_col(col))).to_series()
    # a cell ``text`` would change starts or ends with whitespace (strip_chars and the regex's \s are both Unicode
    # White_Space), or is empty; a regex finds those without stripping, i.e. copying, a million strings
    if raw.str.contains(r"^\s|\s$").any():
        return work.select(values.text(exact_col(col))).to_series()
    if (raw == "").any():
        # empty cells (a notes column) and no other cell text() would change: the same result as text(), the
        # empty cells null, without stripping a million strings three times (0.08 s of a 1M-row narrow file)
        if raw.str.contains(r"^[\x1c-\x1f]|[\x1c-\x1f]$").any():
            return work.select(values.text(exact_col(col))).to_series()
        return work.select(pl.when(exact_col(col) != "").then(exact_col(col))).to_series()
    return raw  # already clean text: share the column instead of copying a million strings


def parse(work: pl.DataFrame, cols: Columns) -> pl.DataFrame:
    """Every mapped column parsed (vectorised, on distinct values) as ``__v_<field>``; unreadable cells as ``__e_``.

    The columns are parsed on threads (polars releases the GIL): each parser is a chain of whole-column steps that
    polars runs one after the other on one core, so a million-row file's columns would otherwise take turns."""
    money = [cols.source[t] for t in cols.source if cols.type_of.get(t) == "MONEY"]
    with ThreadPoolExecutor(min(4, os.cpu_count() or 1), thread_name_prefix="moat-parse") as pool:
        values_of = pool.map(lambda item: _parse_one(work, item[0], item[1], cols), list(cols.source.items()))
        marked = pool.map(lambda col: values.currency_marker(series(work, col)), money)
        parsed: list[pl.Series] = []
        checks: list[pl.Expr] = []
        for (target, col), value in zip(cols.source.items(), values_of, strict=True):
            t = cols.type_of[target]
            parsed.append(value.alias(f"__v_{target}"))
            if t in _FIELD_REASON and value.null_count():  # only a null value can be an unreadable cell
                checks.append(pl.when(values.present(exact_col(col)) & pl.col(f"__v_{target}").is_null())
                              .then(pl.lit(_FIELD_REASON[t])).alias(f"__e_{target}"))
        markers = list(marked)
    if markers:
        parsed.append(pl.select(pl.coalesce([pl.lit(m) for m in markers])).to_series().alias("__marker"))
    return work.with_columns(parsed).with_columns(checks)


# --- derive --------------------------------------------------------------------------------------------------------


def _licence_unit_cost(work: pl.DataFrame, cols: Columns, typed_cols: dict[str, pl.Expr], warnings: list[str]) -> None:
    """A licence row total becomes unit cost = total / seats; a given unit cost wins (the report says where they disagree)."""
    seats = pl.col("__v_seats_purchased").cast(pl.Decimal(18, 4))
    derived = pl.when(seats > 0).then((pl.col("__v_total_cost") / seats).cast(values.MONEY_DTYPE))
    if "unit_cost" in cols.source:
        disagree = work.filter(
            pl.col("__v_unit_cost").is_not_null() & pl.col("__v_total_cost").is_not_null()
            & ((pl.col("__v_unit_cost") * seats - pl.col("__v_total_cost")).abs() > 0.01)
        ).height
        if disagree:
            warnings.append(f"{disagree} rows: cost per seat x seats differs from the total cost; the cost per seat was used")
    typed_cols["unit_cost"] = pl.coalesce(typed_cols["unit_cost"], derived)


def derive(work: pl.DataFrame, cols: Columns, options: Any, warnings: list[str], file_name: str = "") -> Typed:
    """Canonical columns from the parsed ones, derived fields, and each row's currency (``fx.row_currency``)."""
    d, source = cols.dataset, cols.source
    typed_cols: dict[str, pl.Expr] = {
        f.name: pl.col(f"__v_{f.name}") if f"__v_{f.name}" in work.columns else pl.lit(None, dtype=schemas.DTYPES[f.type])
        for f in d.fields}
    if "billable" not in source and "non_billable" in source:
        typed_cols["billable"] = ~pl.col("__v_non_billable")
    elif "billable" not in source and "billable_hours" in source:  # h41 D13: billable hours > 0 = a billable entry
        typed_cols["billable"] = pl.col("__v_billable_hours") > 0
        if "__v_hours" in work.columns:  # the table keeps billable as yes/no: say where that counts more than was billed
            part = work.filter((pl.col("__v_billable_hours") > 0) & (pl.col("__v_billable_hours") < pl.col("__v_hours")))
            if part.height:
                over = (part["__v_hours"] - part["__v_billable_hours"]).sum()
                warnings.append(f"{part.height} entries are partly billable (billable hours below hours): each counts as "
                                f"billable whole, {float(over):.2f} h more than the billable hours")
    if "active" not in source and "inactive" in source:  # h75: `Is Disabled` / `inactiveFlag` say the opposite
        typed_cols["active"] = ~pl.col("__v_inactive")
    if "status" not in source and "is_active" in source:
        typed_cols["status"] = pl.when(pl.col("__v_is_active")).then(pl.lit("active")).when(~pl.col("__v_is_active")).then(pl.lit("churned"))
    if d.name == "licenses" and "total_cost" in source:
        _licence_unit_cost(work, cols, typed_cols, warnings)
    if d.name == "licenses" and "month" not in source:
        typed_cols["month"] = pl.lit(None, dtype=pl.Date)
    internal = work.filter(pl.col(INTERNAL) == "true")[IDX] if INTERNAL in work.columns else None
    if internal is not None and internal.len() and "client_name" in typed_cols:
        typed_cols["client_name"] = pl.when(pl.col(INTERNAL) == "true").then(None).otherwise(typed_cols["client_name"])
        if "billable" in typed_cols:  # nobody pays for time on the MSP's own company: worked, never billable
            typed_cols["billable"] = pl.when(pl.col(INTERNAL) == "true").then(pl.lit(False)).otherwise(typed_cols["billable"])
    base = (options.base_currency or "USD").upper()
    profile_currency = options.profile.currency if options.profile else None
    fx.refuse_unresolved_krone(work, "currency" in source, profile_currency, base, file_name,
                               [c for t, c in source.items() if cols.type_of.get(t) == "MONEY"])
    work = work.with_columns(fx.row_currency(work, "currency" in source, profile_currency, base).alias("__currency"))
    if "currency" in source:  # a cell's marker the currency column contradicts: quarantined naming both (h124 L4)
        conflict = fx.marker_conflicts(work, True, profile_currency, base,
                                       [c for t, c in source.items() if cols.type_of.get(t) == "MONEY"])
        old = pl.col("__e_currency") if "__e_currency" in work.columns else pl.lit(None, dtype=pl.Utf8)
        work = work.with_columns(pl.coalesce(old, conflict).alias("__e_currency"))
    work = lone_groups.apply(work, {t: c for t, c in source.items() if cols.type_of.get(t) == "MONEY"}, cols.decimal_comma,
                             warnings)  # `¥150,000` in a decimal-comma file (h111)
    if "currency" in d.field_names:
        typed_cols["currency"] = pl.col("__currency")
    typed = work.select([pl.col(IDX), pl.col(ROW), *(e.alias(n) for n, e in typed_cols.items())])
    return Typed(work, typed, base, internal if internal is not None and internal.len() else None)


# --- validate ------------------------------------------------------------------------------------------------------


def _problems(frame: pl.DataFrame, fld: str | pl.Expr, reason: pl.Expr, prio: int) -> pl.DataFrame:
    return frame.select(IDX, (pl.lit(fld) if isinstance(fld, str) else fld).alias("field"), reason.alias("reason"), pl.lit(prio).alias("prio"))


def _currency_problems(con: Connection, t: Typed, cols: Columns) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    money_fields = [f for f in cols.source if cols.type_of.get(f) == "MONEY"]
    bad_cur = t.work.filter(pl.col("__currency") != t.base) if money_fields else t.work.clear()
    if bad_cur.height == 0:
        return t.typed, []
    cur_field = "currency" if "currency" in cols.source else money_fields[0]
    if cols.name in fx.CONVERTIBLE:
        typed, fx_errors = fx.convert_rows(con, cols.name, t.typed, bad_cur.select(IDX, "__currency"), t.base)
        return typed, [fx_errors.with_columns(pl.lit(cur_field).alias("field"), pl.lit(1).alias("prio"))] if fx_errors.height else []
    return t.typed, [_problems(bad_cur, cur_field, pl.format(
        "amount in {} but the company's base currency is " + t.base + "; " + cols.name + " are not converted with the rate "
        "table, so it is not summed with " + t.base + " amounts" + _NOT_CONVERTED_FIX.get(cols.name, ""), pl.col("__currency")), 1)]


# what to do with a row of a dataset whose money is never converted (h41 D16: a time file's currency column)
_NOT_CONVERTED_FIX = {"time_entries": "; give the cost and bill rates in the base currency (convert them in the export), or "
                      "leave the rate columns out so the hours load with the technicians' hourly costs"}


def validate(con: Connection, t: Typed, cols: Columns, options: Any, warnings: list[str] | None = None) -> Checked:
    """Parse failures, currency (converted or refused), source rejections, extra fields, schema checks."""
    work = t.work
    frames = [_problems(work.filter(pl.col(f"__e_{f}").is_not_null()), INVERTED.get(f, f), pl.col(f"__e_{f}"), 0)
              for f in cols.source if f"__e_{f}" in work.columns]
    typed, currency = _currency_problems(con, t, cols)
    frames += currency
    if REJECT in work.columns:
        frames.append(_problems(work.filter(pl.col(REJECT).is_not_null()), "row", pl.col(REJECT), 0))
    if EXTRA in work.columns:
        frames.append(_problems(work.filter(pl.col(EXTRA).is_not_null()), EXTRA,
                                pl.lit("row has more fields than the header (a stray delimiter or quote?)"), 0))
    if readers.UNDECODED in work.columns:  # bytes not decodable with certainty: never a garbled name (moat.ingest.sniff)
        frames.append(_problems(work.filter(pl.col(readers.UNDECODED).is_not_null()), "encoding", pl.col(readers.UNDECODED), 0))
    fails = schemas.failures(cols.name, typed.drop(IDX, ROW), options.today)
    if fails.height and t.internal is not None:  # internal time has no client by design
        fails = fails.filter(~((pl.col("field") == "client_name") & pl.col("index").is_in(t.internal.implode())))
    if fails.height and cols.name == "time_entries":
        fails = login_only(work, fails, cols)
        fails = negative_corrections(con, typed, fails, warnings if warnings is not None else [])
    if fails.height:
        frames.append(fails.rename({"index": IDX}).with_columns(pl.lit(2).alias("prio")))
    if "client_name" in typed.columns and cols.name in _CLIENT_REQUIRED:
        frames += _placeholder_clients(typed, cols.name)
    if "start_date" in typed.columns and "end_date" in typed.columns:
        backwards = typed.filter(pl.col("end_date") < pl.col("start_date"))
        if backwards.height:
            frames.append(_problems(backwards, "end_date", pl.lit("end_date is before start_date"), 2))
    errors = long_problems(frames)
    return Checked(typed, errors, errors[IDX].n_unique() if errors.height else 0)


_CLIENT_REQUIRED = {"time_entries", "invoices", "licenses", "clients"}
# cells people and exports write where a row has no client: never a client's name
_PLACEHOLDERS = {"-", "--", "---", "\u2013", "\u2014", "none", "(none)", "<none>", "n/a", "(n/a)", "na", "null", "(null)", "(blank)",
                 "blank", "tbd", "?", "no client", "(no client)", "unassigned", "(unassigned)",
                 "catchall", "catch all", "catch-all", "(catchall)"}  # h69 D22: ConnectWise's default company for unknown senders
_INTERNAL = {"internal", "(internal)", "internal time"}


def _placeholder_clients(typed: pl.DataFrame, dataset: str) -> list[pl.DataFrame]:
    """A client of "-", "(none)", "n/a" or "Internal" is a row without a client, not a new client of that name."""
    key = typed["client_name"].cast(pl.Utf8).str.strip_chars().str.to_lowercase()
    own = (" (time on the MSP itself is overhead, not a client: a PSA export with its charge codes or own company loads it so)"
           if dataset == "time_entries" else "")
    return [
        _problems(typed.filter(key.is_in(sorted(_PLACEHOLDERS)).fill_null(False)), "client_name", pl.format(
            "client `{}` is a placeholder for no client, not a client's name: fill in the client (or delete the row) and retry",
            pl.col("client_name")), 1),
        _problems(typed.filter(key.is_in(sorted(_INTERNAL)).fill_null(False)), "client_name", pl.format(
            "client `{}` is not a client: fill in the client it was for" + own, pl.col("client_name")), 1)]


def long_problems(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """All problems, one row per (source row, field): the first reason found for a cell wins."""
    empty = pl.DataFrame(schema={IDX: pl.Int64, "field": pl.Utf8, "reason": pl.Utf8, "prio": pl.Int32})
    frames = [f.select(pl.col(IDX).cast(pl.Int64), pl.col("field").cast(pl.Utf8), pl.col("reason").cast(pl.Utf8), pl.col("prio").cast(pl.Int32))
              for f in frames if f.height]
    if not frames:
        return empty
    return pl.concat(frames).sort("prio", maintain_order=True).unique(subset=[IDX, "field"], keep="first", maintain_order=True)


def collect(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """One row per failing source row: the first problem's field, all reasons joined."""
    allf = long_problems(frames)
    if allf.height == 0:
        return allf
    allf = allf.sort([IDX, "prio"], maintain_order=True)
    return allf.group_by(IDX, maintain_order=True).agg(
        pl.col("field").first(), pl.col("prio").first(),
        pl.concat_str([pl.col("field"), pl.lit(": "), pl.col("reason")]).str.join("; ").alias("reason"),
    )


# --- names ---------------------------------------------------------------------------------------------------------


def _hold_new(valid: pl.DataFrame, kind: str, name_field: str, new: list[str]) -> pl.DataFrame:
    """The problems of rows naming a new client/technician: they wait in the quarantine (``confirm_new_names``)."""
    waiting = valid.filter(exact_col(name_field).is_in(new).fill_null(False))
    reason = pl.format("new {} name {}: confirm it with `moat aliases confirm \"{}\" --kind " + kind + "` (or point it at a known "
                       "name with `moat aliases add`), then `moat quarantine retry`", pl.lit(kind), exact_col(name_field), exact_col(name_field))
    return _problems(waiting, name_field, reason, 3)


def names(con: Connection, checked: Checked, cols: Columns, options: Any, warnings: list[str]) -> Named:
    """Resolve names (only rows still valid) to keys; report new names, hold them when asked."""
    valid = checked.typed.join(checked.errors.select(IDX).unique(), on=IDX, how="anti") if checked.errors.height else checked.typed
    errors: list[pl.DataFrame] = []
    total = 0
    new_names: dict[str, list[str]] = {}
    master = cols.name in ("clients", "technicians")
    for kind, name_field, key_field in (("client", "client_name", "client_key"), ("technician", "technician_name", "technician_key")):
        if key_field not in KEY_COLUMNS[cols.name]:
            continue
        res = resolve.resolve_column(valid[name_field], kind, resolve.known(con, kind), master)
        found = valid[name_field]
        unresolved = res["reason"].null_count() < res.height
        # every distinct name resolved (the usual case): no per-row reason column to map and filter
        reason = found.replace_strict(res["name"], res["reason"], default=None, return_dtype=pl.Utf8) if unresolved else pl.lit(None, dtype=pl.Utf8)
        valid = valid.with_columns(found.replace_strict(res["name"], res["key"], default=None, return_dtype=pl.Utf8).alias(key_field),
                                   reason.alias("__r"))
        total += found.len() - found.null_count()
        if unresolved:
            bad = valid.filter(pl.col("__r").is_not_null())
            errors.append(_problems(bad, name_field, pl.col("__r"), 3))
            valid = valid.filter(pl.col("__r").is_null())
        valid = valid.drop("__r")
        new_names[kind] = new = res.filter(pl.col("status") == "new")["name"].to_list()
        if new and not master:
            warnings.append(f"{len(new)} new {kind}{'s' if len(new) != 1 else ''} (no similar known name): "
                            + ", ".join(new[:5]) + (" ..." if len(new) > 5 else ""))
    if options.confirm_new_names and not master:  # after both kinds, so every new name is listed
        for kind, name_field in (("client", "client_name"), ("technician", "technician_name")):
            if new_names.get(kind):
                errors.append(_hold_new(valid, kind, name_field, new_names[kind]))
        for kind, name_field in (("client", "client_name"), ("technician", "technician_name")):
            if new_names.get(kind):
                valid = valid.filter(~exact_col(name_field).is_in(new_names[kind]).fill_null(False))
    return Named(valid, errors, total, new_names)


# --- keys ----------------------------------------------------------------------------------------------------------


def key_words(dataset: str) -> str:
    return {"clients": "client name", "technicians": "technician name", "time_entries": "entry_id", "invoices": "invoice_number",
            "costs": "cost_id", "licenses": "client, product and month"}[dataset]


def row_key(con: Connection, dataset: str, frame: pl.DataFrame) -> pl.Expr | pl.Series:
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
    content = list(CONTENT_COLUMNS[dataset])
    if missing.all():
        return content_key(con, frame, content)
    positions = missing.arg_true()
    return ids.scatter(positions, content_key(con, frame[positions], content))


def all_distinct(keys: pl.Series) -> bool:
    """Whether no key repeats. Exports list entries in id order, and in a sorted column repeats stand side by side:
    comparing neighbours (two passes of plain comparisons, 0.01 s for a million ids) answers without hashing every
    key (``n_unique``: 0.12 s); a column in any other order, or with empty keys, is hashed."""
    if keys.len() > 1 and keys.null_count() == 0 and keys.is_sorted():
        return not (keys.slice(1) == keys.slice(0, keys.len() - 1)).any()
    return keys.n_unique() == keys.len()


def keys(con: Connection, named: Named, checked: Checked, cols: Columns, base: str, work: pl.DataFrame | None = None,
         warnings: list[str] | None = None) -> Keyed:
    """Natural keys and duplicates (the first row of a key loads); converted amounts applied; all problems in one frame.

    With the file's rows (``work``), the lines of one document are summed first (``roll_up_lines``)."""
    valid = named.valid.with_columns(row_key(con, cols.name, named.valid).alias("row_key"))
    lines = roll_up_lines(valid, work, cols, warnings if warnings is not None else []) if work is not None else None
    if lines is not None:
        valid = lines.valid
    # all distinct is cheaper to learn than which repeat: only a file with repeated keys pays for is_first_distinct
    unique_keys = all_distinct(valid["row_key"])
    conflict = conflicts.find(valid, cols.name) if not unique_keys else None  # one client, different values: none loads
    if conflict is not None and conflict.height:
        valid = valid.join(conflict.select(IDX), on=IDX, how="anti")
        unique_keys = all_distinct(valid["row_key"])
    valid = valid.with_columns((pl.lit(True) if unique_keys else pl.col("row_key").is_first_distinct()).alias("__first_key"))
    dup = valid.clear() if unique_keys else valid.filter(~pl.col("__first_key"))
    frames = [checked.errors, *named.errors, *([conflict] if conflict is not None else [])]
    if lines is not None and lines.problems.height:
        frames.append(lines.problems)
    if dup.height:
        firsts = valid.group_by("row_key").agg(pl.col(ROW).min().alias("__first"))
        reason = pl.format("duplicate of row {} (same {})", pl.col("__first"), pl.lit(key_words(cols.name)))
        if cols.name in ("invoices", "costs") and "client_key" in valid.columns and "client_name" in valid.columns:
            # h69 D23: the same number on another client's row is another document (two entities' numbering), no repeat
            firsts = valid.sort(ROW).group_by("row_key").agg(pl.col(ROW).first().alias("__first"),
                                                             pl.col("client_key").first().alias("__first_ck"),
                                                             pl.col("client_name").first().alias("__first_cn"))
            reason = pl.when(pl.col("client_key").is_not_null() & pl.col("__first_ck").is_not_null()
                             & (pl.col("client_key") != pl.col("__first_ck"))).then(pl.format(
                "{} {} is also on row {} for another client ({}): two documents with one number (two companies or "
                "accounting files?); map the number column to ignore (rows keyed by content) or prefix each entity's "
                "numbers, and load it again", pl.lit(cols.dataset.id_field), exact_col(cols.dataset.id_field).cast(pl.Utf8),
                pl.col("__first"), pl.col("__first_cn"))).otherwise(reason)
        frames.append(_problems(dup.join(firsts, on="row_key"), cols.dataset.id_field or "row_key", reason, 4))
    loaded = valid.filter(pl.col("__first_key")) if dup.height else valid
    if "__fx_rate" in loaded.columns:
        loaded = fx.apply_conversion(cols.name, loaded, base, FX_COLUMNS[cols.name])
    return Keyed(loaded, dup.height, collect(frames), lines.skipped if lines is not None else [])


def notes(loaded: pl.DataFrame, work: pl.DataFrame, cols: Columns, warnings: list[str]) -> None:
    """Warnings that never reject: seats over purchase, unknown enumeration labels kept as written."""
    if cols.name == "licenses":
        over = loaded.filter(pl.col("seats_assigned") > pl.col("seats_purchased")).height
        if over:
            warnings.append(f"{over} licence rows have more seats assigned than purchased (kept; check the export)")
    for enum_field, kind in (("agreement_type", "agreement_type"), ("status", "invoice_status" if cols.name == "invoices" else "status")):
        if enum_field in cols.source and cols.type_of.get(enum_field) == "VARCHAR":
            col = cols.source[enum_field]
            known_mask = values.enum_known(series(work, col), kind).fill_null(False)
            unknown = work.filter(values.present(exact_col(col)) & ~known_mask)
            if unknown.height:
                labels = unknown[col].unique().head(5).to_list()
                warnings.append(f"{enum_field}: unknown labels kept as written: {', '.join(map(str, labels))}")


def quarantine_frame(work: pl.DataFrame, errors: pl.DataFrame, header: list[str], source: dict[str, str], file_name: str) -> pl.DataFrame:
    """Quarantined rows with the file's column and value of the first problem and the whole source row as JSON."""
    schema = {"file_name": pl.Utf8, "row_number": pl.Int64, "column_name": pl.Utf8, "value": pl.Utf8, "reason": pl.Utf8, "raw": pl.Utf8}
    if errors.height == 0:
        return pl.DataFrame(schema=schema)
    bad = work.join(errors, on=IDX, how="inner").sort(ROW)
    # the internal-time flag travels with the row, so a retry still loads it as overhead
    cols = [c for c in header if c in bad.columns] + [c for c in (EXTRA, INTERNAL) if c in bad.columns]
    raw = pl.struct([exact_col(c) for c in cols]).struct.json_encode() if cols else pl.lit("{}")
    value_expr = pl.lit(None, dtype=pl.Utf8)
    column_expr = pl.col("field")
    for target, col in source.items():
        canonical = INVERTED.get(target, target)
        if col.startswith("__const_"):
            continue
        value_expr = pl.when(pl.col("field") == canonical).then(exact_col(col).cast(pl.Utf8)).otherwise(value_expr)
        column_expr = pl.when(pl.col("field") == canonical).then(pl.lit(col)).otherwise(column_expr)
    if EXTRA in bad.columns:
        value_expr = pl.when(pl.col("field") == EXTRA).then(pl.col(EXTRA)).otherwise(value_expr)
        column_expr = pl.when(pl.col("field") == EXTRA).then(pl.lit("(extra fields)")).otherwise(column_expr)
    column_expr = pl.when(pl.col("field") == "encoding").then(pl.lit("(whole row)")).otherwise(column_expr)
    return bad.select(
        pl.lit(file_name).alias("file_name"), pl.col(ROW).alias("row_number"), column_expr.alias("column_name"),
        value_expr.alias("value"), pl.col("reason"), raw.alias("raw"),
    )


# --- master data: fields the file does not carry ------------------------------------------------------------------

MASTER_DEFAULTS = {"weekly_capacity_hours": 40}  # applied to NEW records only (``derive`` fills them for every row)


def carried_fields(cols: Columns) -> set[str]:
    """The fields a file gives a value for: mapped columns, constants, and fields derived from a mapped column."""
    carried = set(cols.source) | set(cols.constants)
    if "is_active" in cols.source:
        carried.add("status")
    carried |= {INVERTED[f] for f in cols.source if f in INVERTED}
    return carried


def keep_current(con: Connection, loaded: pl.DataFrame, cols: Columns, warnings: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """Clients and technicians: a field the file does not carry keeps the record's current value.

    A CRM list of names and industries, a payroll update of hourly costs or an agreements export is a partial view
    of the master data: loading it must not erase the monthly fee, status or segment it never mentions, nor reset a
    part-timer's capacity to the default (a default is for a record never seen before; an empty capacity cell of a
    known technician keeps the current capacity too). Returns the rows and the fields kept, which the report names.
    """
    if cols.name not in ("clients", "technicians") or loaded.height == 0:
        return loaded, []
    carried = carried_fields(cols)
    name_field = "client_name" if cols.name == "clients" else "technician_name"
    missing = [f for f in cols.dataset.field_names if f not in carried and f != name_field]
    defaults = {f: v for f, v in MASTER_DEFAULTS.items() if f in cols.dataset.field_names}
    wanted = list(dict.fromkeys([*missing, *defaults]))
    table = cols.name  # identifiers from DATASETS only
    select = ", ".join(f'"{f}" AS "__cur_{f}"' for f in wanted)
    con.register("_moat_keys", loaded.select(pl.col("row_key").alias("k")).unique())
    try:
        current = frame(con, f"SELECT row_key, {select} FROM {table} WHERE is_current AND row_key IN (SELECT k FROM _moat_keys)")
    finally:
        con.unregister("_moat_keys")
    out = loaded.join(current, on="row_key", how="left") if current.height else loaded.with_columns(
        [pl.lit(None).alias(f"__cur_{f}") for f in wanted]).with_columns(pl.lit(None, dtype=pl.Utf8).alias("__known"))
    known = pl.col("row_key").is_in(current["row_key"].implode()) if current.height else pl.lit(False)
    exprs = [pl.when(known).then(pl.col(f"__cur_{f}").cast(out.schema[f])).otherwise(exact_col(f)).alias(f) for f in missing]
    out = out.with_columns(exprs)
    # a default fills what is still empty: a new record, or a known one whose current value is empty too
    out = out.with_columns([exact_col(f).fill_null(pl.when(known).then(pl.col(f"__cur_{f}").cast(out.schema[f]))
                                                .otherwise(pl.lit(v).cast(out.schema[f]))).fill_null(pl.lit(v).cast(out.schema[f]))
                            for f, v in defaults.items()])
    out = out.drop([c for c in out.columns if c.startswith("__cur_") or c == "__known"])
    n = int(out.select(known.sum()).item()) if current.height else 0
    if missing and n:
        kind = "clients" if cols.name == "clients" else "technicians"
        new_note = "; new ones get the default capacity" if set(missing) & set(defaults) else ""
        warnings.append(f"this {kind} file does not carry {', '.join(missing)}: kept the current values of "
                        f"{n} existing {kind}{new_note}")
    return out, missing if n else []


# --- lines of one document -----------------------------------------------------------------------------------------


@dataclass
class Lines:
    valid: pl.DataFrame
    skipped: list[dict[str, Any]]  # the lines summed into their document's first row
    problems: pl.DataFrame  # documents whose lines cannot be told from a repeated total


def roll_up_lines(valid: pl.DataFrame, work: pl.DataFrame, cols: Columns, warnings: list[str]) -> Lines:
    """Lines of one document are summed on its first row, never dropped as "duplicates".

    * Invoices: rows sharing an invoice number, client, date, currency and status whose file rows differ are the
      lines of one document (a line-level export: item, quantity, rate): their amounts are summed. When the lines
      differ but all carry the same amount, the file cannot tell line amounts from a document total repeated on
      each line: every row of that invoice waits, saying so. Rows equal in every column stay duplicates.
    * Licences: rows of one client, product and month are lines bought (per seat, per order): seats summed, the
      unit cost (and price) the seat-weighted mean, so the month's cost is the sum of the lines.
    """
    none = Lines(valid, [], pl.DataFrame())
    if cols.name not in ("invoices", "licenses") or valid.height < 2:
        return none
    repeated = valid.filter(pl.len().over("row_key") > 1)
    if repeated.height == 0:
        return none
    raw_cols = [c for c in work.columns if not c.startswith("__") and c != ROW]
    raw = work.select(IDX, pl.concat_str([exact_col(c).cast(pl.Utf8).fill_null("\u2400") for c in raw_cols], separator="\u241f").alias("__raw"))
    rep = repeated.join(raw, on=IDX, how="left").sort(ROW)
    if cols.name == "invoices":
        same = [c for c in ("client_key", "date", "currency", "status") if c in rep.columns]
        g = rep.group_by("row_key").agg(pl.col("__raw").n_unique().alias("raws"), pl.col("amount").n_unique().alias("amounts"),
                                        *(exact_col(c).n_unique().alias(f"__n_{c}") for c in same))
        consistent = pl.all_horizontal([pl.col(f"__n_{c}") == 1 for c in same]) if same else pl.lit(True)
        lines_keys = g.filter((pl.col("raws") > 1) & consistent & (pl.col("amounts") > 1))["row_key"]
        unclear = g.filter((pl.col("raws") > 1) & consistent & (pl.col("amounts") == 1))["row_key"]
        problems = pl.DataFrame()
        if unclear.len():
            held = rep.filter(pl.col("row_key").is_in(unclear.implode()))
            reason = pl.format("invoice {} has {} lines that differ but all carry amount {}: line amounts (to sum) or the "
                               "document total repeated on each line? Map the per-line amount column as amount, or keep one "
                               "row per invoice, and load it again", pl.col("invoice_number"), pl.len().over("row_key"),
                               pl.col("amount").cast(pl.Utf8))
            problems = _problems(held, "amount", reason, 4)
            valid = valid.join(held.select(IDX), on=IDX, how="anti")
        sums = {"amount": pl.col("amount").sum()}
        # h69 D1: a foreign-currency document's converted amount is the sum of its lines' too, never the first line's
        if "__fx_amount" in rep.columns:
            sums["__fx_amount"] = pl.col("__fx_amount").sum()
    else:
        lines_keys = rep["row_key"].unique()
        problems = pl.DataFrame()
        seats = pl.col("seats_purchased").cast(pl.Decimal(18, 4))
        def weighted(c: str) -> pl.Expr:
            return pl.when(seats.sum() > 0).then((exact_col(c) * seats).sum() / seats.sum()).otherwise(exact_col(c).first())
        sums = {"seats_purchased": pl.col("seats_purchased").sum(), "seats_assigned": pl.col("seats_assigned").sum(),
                "seats_active": pl.col("seats_active").sum(), "unit_cost": weighted("unit_cost"), "unit_price": weighted("unit_price")}
        sums.update({f"__fx_{c}": weighted(f"__fx_{c}") for c in ("unit_cost", "unit_price") if f"__fx_{c}" in rep.columns})
        for c in [c for c in sums if c != "seats_purchased"]:  # empty stays empty: a sum of nothing is not 0 seats (or 0.00)
            sums[c] = pl.when(exact_col(c).is_null().all()).then(None).otherwise(sums[c])
    if lines_keys.len() == 0:
        return Lines(valid, [], problems)
    lines = rep.filter(pl.col("row_key").is_in(lines_keys.implode()))
    agg = lines.group_by("row_key").agg(pl.col(IDX).first().alias("__first_i"), pl.col(ROW).first().alias("__first_row"),
                                        *(e.alias(f"__sum_{c}") for c, e in sums.items() if c in lines.columns))
    firsts = valid.join(agg, left_on=IDX, right_on="__first_i", how="inner")
    firsts = firsts.with_columns([pl.col(f"__sum_{c}").cast(valid.schema[c]).alias(c) for c in sums if c in lines.columns])
    others = lines.join(agg.select("__first_i"), left_on=IDX, right_on="__first_i", how="anti").join(
        agg.select("row_key", "__first_row"), on="row_key")
    valid = pl.concat([valid.join(lines.select(IDX), on=IDX, how="anti"), firsts.select(valid.columns)]).sort(IDX)
    what = "invoice" if cols.name == "invoices" else "licence line"
    label = pl.col("invoice_number") if cols.name == "invoices" else pl.col("product")
    skipped = [{"row": r, "kind": f"line of {what} {d} (summed into row {f})"}
               for r, d, f in others.select(ROW, label.cast(pl.Utf8), "__first_row").sort(ROW).iter_rows()]
    noun = "invoices" if cols.name == "invoices" else "client/product/month licence rows"
    warnings.append(f"{lines.height} lines summed into {agg.height} {noun} (lines of one document, not duplicates)")
    return Lines(valid, skipped, problems)


# --- negative time corrections -------------------------------------------------------------------------------------

POSITIVE_HOURS = "hours must be more than 0"


def negative_corrections(con: Connection, typed: pl.DataFrame, fails: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    """A negative-hours row that corrects an earlier entry loads as a correction; any other is refused saying why.

    PSAs write an adjustment as a reversal line ("-1 h, correction: double-booked"). When the same technician has at
    least that many hours for the same client on or before its date (in this file or already loaded), the row is
    loaded as it is and the hours net out (3 h - 1 h = 2 h). A negative row with nothing to correct keeps waiting,
    with a reason that says what to do instead of "hours must be more than 0"."""
    neg = fails.filter((pl.col("field") == "hours") & (pl.col("reason") == POSITIVE_HOURS))
    if neg.height == 0 or not {"technician_name", "client_name", "date", "hours"} <= set(typed.columns):
        return fails
    from moat.frames import python_map
    from moat.names import normalize

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(python_map(frame["technician_name"], normalize, pl.Utf8).alias("__t"),
                                  python_map(frame["client_name"], normalize, pl.Utf8).alias("__c"))

    # 0 hours is no correction (h41 D13: "negative hours (0.0000)"): it keeps "hours must be more than 0"
    rows_neg = keyed(typed.filter(pl.col(IDX).is_in(neg["index"].implode()) & (pl.col("hours") < 0)).select(IDX, "technician_name", "client_name", "date", "hours"))
    positive = keyed(typed.filter(pl.col("hours") > 0).select("technician_name", "client_name", "date", "hours")).select("__t", "__c", "date", "hours")
    loaded = frame(con, "SELECT technician_key AS __t, client_key AS __c, date, hours FROM cur_time_entries WHERE hours > 0 "
                        "AND date <= ?", [rows_neg["date"].max()])
    earlier = pl.concat([positive, loaded.select(pl.col("__t").cast(pl.Utf8), pl.col("__c").cast(pl.Utf8), "date",
                                                 pl.col("hours").cast(positive.schema["hours"]))])
    cover = rows_neg.join(earlier, on=["__t", "__c"], how="left", suffix="_e").filter(pl.col("date_e") <= pl.col("date")).group_by(IDX).agg(
        pl.col("hours_e").sum().alias("__before"))
    judged = rows_neg.join(cover, on=IDX, how="left").with_columns(
        (pl.col("__before").fill_null(0) >= -pl.col("hours")).alias("__ok"), pl.col("hours").is_between(-24, 0, closed="left").alias("__in"))
    ok = judged.filter(pl.col("__ok") & pl.col("__in"))[IDX]
    reasons = judged.filter(~(pl.col("__ok") & pl.col("__in"))).select(
        pl.col(IDX).alias("index"), pl.format("negative hours ({}) with no earlier entry of {} for {} on or before {} to correct: "
                                              "load the entry it corrects first (then `moat quarantine retry`), or net it "
                                              "into that entry in the export", pl.col("hours").round(2).cast(pl.Utf8),
                                              pl.col("technician_name"), pl.col("client_name"), pl.col("date").cast(pl.Utf8)).alias("__why"))
    out = fails.filter(~((pl.col("field") == "hours") & (pl.col("reason") == POSITIVE_HOURS) & pl.col("index").is_in(ok.implode())))
    out = out.join(reasons, on="index", how="left").with_columns(
        pl.when((pl.col("field") == "hours") & (pl.col("reason") == POSITIVE_HOURS) & pl.col("__why").is_not_null())
        .then(pl.col("__why")).otherwise(pl.col("reason")).alias("reason")).drop("__why")
    if ok.len():
        net = judged.filter(pl.col(IDX).is_in(ok.implode()))["hours"].sum()
        warnings.append(f"{ok.len()} negative-hours row(s) loaded as corrections of earlier entries ({net:.2f} h in all)")
    return out.select(fails.columns)


# Fields a source maps that identify a technician by login or id, not by name (ConnectWise ``member_id``).
LOGIN_FIELDS = ("member_id", "member_identifier", "resource_id", "technician_id", "login")
_LOGIN_HEADERS = {"memberid", "memberidentifier", "resourceid", "technicianid", "login", "userid", "username"}


def login_only(work: pl.DataFrame, fails: pl.DataFrame, cols: Columns) -> pl.DataFrame:
    """"technician_name is required but empty" on a row that names its technician by login: say which column holds
    the login and what to add, instead of a reason that reads as if the file had no technician at all."""
    import re

    col = next((cols.source[f] for f in LOGIN_FIELDS if f in cols.source and cols.source[f] in work.columns), None)
    if col is None:  # a source keeps its helper columns under the file's own header
        col = next((c for c in work.columns if not c.startswith("__") and re.sub(r"[^a-z]", "", c.lower()) in _LOGIN_HEADERS), None)
    if col is None:
        return fails
    empty = (pl.col("field") == "technician_name") & (pl.col("reason") == "technician_name is required but empty")
    logins = work.select(pl.col(IDX).alias("index"), values.text(exact_col(col)).alias("__login"))
    out = fails.join(logins, on="index", how="left")
    reason = pl.format("the technician is named only by the login in column {} ('{}'), which is not a name: export the "
                       "technicians' first_name and last_name (or a member name column) with the time rows and load the "
                       "file again", pl.lit(col), pl.col("__login"))
    return out.with_columns(pl.when(empty & pl.col("__login").is_not_null()).then(reason).otherwise(pl.col("reason"))
                            .alias("reason")).select(fails.columns)
