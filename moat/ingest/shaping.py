"""The engine that applies a source declaration to a file's raw text rows.

Out comes a table in canonical field names that the pipeline maps one to one, plus what was done: rows skipped
with their kind (group rows, total rows, lines of a document already counted, excluded drafts, internal time), the
row rules applied (``rules``: counts for the report and the Upload page) and the rows refused outright
(``REJECT``: a reason the pipeline puts in the quarantine). Every input row is either in the output or skipped, so
rows_read = rows_loaded + rows_quarantined + rows_skipped still holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from moat.datasets import get
from moat.errors import FileRejected
from moat.ingest import not_sales, partly_billable, values, written_off
from moat.ingest.headings import exact_col, series
from moat.ingest.readers import EXTRA, ROW, Table
from moat.ingest.recognise import Match
from moat.ingest.sources import Source
from moat.names import normalize

REJECT = "__reject"
INTERNAL = "__internal"
DERIVED = {"non_billable", "total_cost", "is_active", "inactive", "currency"}  # currency: picks the rate (h41 D16)
_TOTAL_LABEL = r"(?i)^\s*(?:grand\s+)?total\b"


@dataclass
class Context:
    """What the command line / Upload page adds to a file: the tenant's client, lookup files, the MSP's own name."""

    client: str | None = None
    lookups: list[Table] = field(default_factory=list)
    own_company: str = ""
    file_name: str = ""
    title: list[str] = field(default_factory=list)  # the lines above the header (report name, period)


@dataclass
class Shaped:
    rows: pl.DataFrame
    header: list[str]
    columns: dict[str, str]  # column of ``rows`` -> canonical field (file headers, and "<field> (<rule>)" computed ones)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    merged: list[tuple[int, int]] = field(default_factory=list)


class _Run:
    def __init__(self, source: Source, m: Match, table: Table, ctx: Context) -> None:
        self.source, self.m, self.ctx = source, m, ctx
        self.df = table.rows
        self.header = table.header
        self.semicolon = table.delimiter == ";"
        self.skipped: list[dict[str, Any]] = []
        self.rules: dict[str, Any] = {}
        self.warnings: list[str] = []
        self.merged: list[tuple[int, int]] = []

    def col(self, fld: str) -> str | None:
        return self.m.columns.get(fld)

    def has(self, fld: str) -> bool:
        return fld in self.m.columns and self.m.columns[fld] in self.df.columns

    def skip(self, mask: pl.Expr | pl.Series, kind: str) -> int:
        """Remove the rows of ``mask`` from the data, recording each as skipped with ``kind``."""
        gone = self.df.filter(mask)
        if gone.height:
            self.skipped += [{"row": r, "kind": kind} for r in gone[ROW].to_list()]
            self.df = self.df.filter(~mask if isinstance(mask, pl.Expr) else ~mask)
        return gone.height

    def count(self, key: str, n: int | Decimal | str) -> None:
        if n:
            self.rules[key] = n


def _key(expr: pl.Expr) -> pl.Expr:
    return values.text(expr).str.to_lowercase().str.strip_chars()


def _filled(c: str) -> pl.Expr:
    return values.present(exact_col(c)).fill_null(False)


def group_rows(run: _Run) -> None:
    """Carry each group row's label (the customer) down onto its lines until its ``Total ...`` row."""
    label = run.col("group_label")
    if not label:
        return
    others = [c for c in run.header if c != label and c in run.df.columns]
    lone = _filled(label) & ~pl.any_horizontal([_filled(c) for c in others]) if others else _filled(label)
    indent = [label, *(c for c in others if re.fullmatch(r"column_\d+", c))]  # QuickBooks Desktop indents jobs
    total = _totals(run.df, indent, others)
    opens = lone
    if run.source.group_label_is_client:  # a row of a summary is a group only when a later total names it
        opens = lone & _name_key(values.text(exact_col(label))).is_in(_closed_names(run.df, indent, total)).fill_null(False)
    run.skip(~pl.any_horizontal([_filled(c) for c in [label, *others]]), "blank")
    last_total = run.df.filter(total)[ROW].max()
    if last_total is not None:  # one-cell lines after the report's last total are its footer (printed at ...)
        run.skip(lone & (pl.col(ROW) > last_total), "note after total")
    run.df = run.df.with_columns(
        pl.when(total).then(pl.lit("")).when(opens).then(values.text(exact_col(label))).otherwise(None)
        .forward_fill().alias("__group"), total.alias("__is_total"), (opens & ~total).alias("__is_group"))
    _nest(run, indent)
    run.df = run.df.with_columns(pl.when(pl.col("__group") == "").then(None).otherwise(pl.col("__group")).alias("__group"))
    run.count("group_rows_carried", run.skip(pl.col("__is_group"), "group row (customer carried down onto its lines)"))
    run.count("total_rows_skipped", run.skip(pl.col("__is_total"), "total"))
    data_cols = [run.col(f) for f in ("date", "line_amount", "total") if run.col(f)]
    if data_cols:
        run.skip(~pl.any_horizontal([_filled(c) for c in data_cols]), "note (no date or amount)")
    target = run.source.group_rows or "client_name"
    if run.has(target):
        run.df = run.df.with_columns(pl.coalesce(values.text(exact_col(run.col(target))), pl.col("__group")).alias("__group"))
    elif run.source.group_label_is_client:  # inside a group: the group's customer; outside: the row's own name
        run.df = run.df.with_columns(pl.coalesce(pl.col("__group"), values.text(exact_col(label))).alias("__group"))
    run.m.columns[target] = "__group"


def _totals(df: pl.DataFrame, indent: list[str], others: list[str]) -> pl.Expr:
    """Which rows are totals: "Total", "Grand Total", "Total for <name>", or "Total <name>" (QuickBooks Desktop) only
    when a group row of that name opened earlier in the file.

    Why the last condition: a customer may be called "Total Care Dental" or "Total Wine"; its line (with an amount,
    no group "Care Dental" above it) is a customer, and skipping it as a total lost its revenue with exit 0."""
    text = pl.coalesce([values.text(exact_col(c)) for c in indent])
    data = [_filled(c) for c in others if c not in indent]
    heading = text.is_not_null() & (~pl.any_horizontal(data) if data else pl.lit(True))  # a label alone, at any indent
    groups = df.filter(heading.fill_null(False)).select(_name_key(text).alias("k"))["k"].drop_nulls().unique().to_list()
    named = _name_key(text.str.extract(_TOTAL_NAME.pattern, 1))
    plain = text.str.contains(r"(?i)^\s*(?:grand\s+)?total\s*(?:for\b.*)?$")
    return (text.str.contains(_TOTAL_LABEL) & (plain | named.is_in(groups))).fill_null(False)


def _name_key(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()


def _closed_names(df: pl.DataFrame, indent: list[str], total: pl.Expr) -> list[str]:
    """The names the report's ``Total for <name>`` rows close (compared as ``_name_key``)."""
    texts = df.filter(total).select(pl.coalesce([values.text(exact_col(c)) for c in indent]).alias("t"))["t"].to_list()
    found = (_TOTAL_NAME.match(t or "") for t in texts)
    return [" ".join(m.group(1).split()).lower() for m in found if m and m.group(1)]


_TOTAL_NAME = re.compile(r"(?i)^\s*(?:grand\s+)?total\b(?:\s+for\b)?\s*(.*?)(?:\s+with\s+sub-?[a-z]+)?\s*$")


def _outermost(marks: list[tuple[bool, str]]) -> list[str] | None:
    """The customer each group/total row leaves in force when groups nest, or None when they do not.

    QuickBooks puts a sub-customer's group inside its parent's ("Northwind Legal", "Office Move", lines, "Total for
    Office Move", the parent's own lines, "Total for Northwind Legal with sub-customers"): lines count for the
    outermost open customer, as a Desktop ``Customer:Job`` counts for its customer. Nesting is trusted only when every
    group is closed by a total naming it; otherwise each group row replaces the last (the flat reading).
    """
    stack: list[tuple[str, str]] = []  # (compared name, label as written)
    out: list[str] = []
    for is_total, text in marks:
        if not is_total:
            stack.append((" ".join(text.split()).casefold(), text))
        else:
            found = _TOTAL_NAME.match(text)
            name = " ".join(found.group(1).split()).casefold() if found else ""
            if name in [k for k, _ in stack]:
                if stack.pop()[0] != name:  # an inner group left without its own total
                    return None
            elif not name and stack:  # the report's TOTAL with a group still open
                return None
        out.append(stack[0][1] if stack else "")
    return None if stack else out


def _nest(run: _Run, indent: list[str]) -> None:
    """Re-carry the customer when group rows nest (see ``_outermost``); flat reports keep the plain carry-down."""
    marks = run.df.filter(pl.col("__is_total") | pl.col("__is_group")).select(
        ROW, "__is_total", pl.coalesce([values.text(exact_col(c)) for c in indent]).fill_null("").alias("__t"))
    if marks.filter(~pl.col("__is_total")).height < 2:
        return
    labels = _outermost(list(zip(marks["__is_total"].to_list(), marks["__t"].to_list(), strict=True)))
    if labels is None or labels == [t if not tot else "" for tot, t in zip(marks["__is_total"], marks["__t"], strict=True)]:
        return
    at = dict(zip(marks[ROW].to_list(), labels, strict=True))
    run.df = run.df.with_columns(pl.col(ROW).replace_strict(at, default=None, return_dtype=pl.Utf8).forward_fill().alias("__group"))
    subs = zip(labels, marks["__t"].to_list(), marks["__is_total"].to_list(), strict=True)
    run.count("sub_groups_counted_for_parent", sum(1 for a, t, tot in subs if not tot and a != t))


def blank_and_total_rows(run: _Run) -> None:
    """Blank rows, "Total" rows and notes after the last total, found on the file's own columns (before any is dropped)."""
    from moat.ingest.phases import skip_flags as _skip_flags

    cols = [c for c in run.header if c in run.df.columns]
    flagged = _skip_flags(run.df, cols, [c for c in run.m.columns.values() if c in cols] or None)  # h41 D19
    for flag, kind in (("__blank", "blank"), ("__total", "total"), ("__footer", "note after total")):
        run.skip(flagged[flag] & ~flagged["__blank"] if flag != "__blank" else flagged[flag], kind)
        flagged = flagged.filter(~flagged[flag]) if flagged[flag].any() else flagged


def compose(run: _Run) -> None:
    for fld, parts in run.source.compose.items():
        if run.has(fld):
            continue
        cols = [run.col(p) for p in parts if run.has(p)]
        if cols:
            run.df = run.df.with_columns(
                pl.concat_str([values.text(exact_col(c)) for c in cols], separator=" ", ignore_nulls=True)
                .str.strip_chars().replace("", None).alias(f"__c_{fld}"))
            run.m.columns[fld] = f"__c_{fld}"


def clean(run: _Run) -> None:
    """Declared clean-ups: "Product - NCE - Monthly [options: ...]" -> "Product"; "Customer:Job" -> "Customer"; codes -> names."""
    for fld, ops in run.source.clean.items():
        if not run.has(fld):
            continue
        expr = values.text(exact_col(run.col(fld)))
        for op in ops:
            if op == "drop_brackets":
                expr = expr.str.replace_all(r"\[[^\]]*\]", "").str.strip_chars()
            elif op.startswith("before:"):
                expr = expr.str.split(op[len("before:"):]).list.first().str.strip_chars()
            elif op.startswith("ps:"):  # PowerShell's Export-Csv of a nested object: "@{id=19300; name=Acme; _info=}" -> "Acme"
                inner = expr.str.extract(r"^@\{(?:.*;)?\s*" + re.escape(op[3:]) + r"=([^;}]*)", 1).str.strip_chars().replace("", None)
                expr = pl.when(expr.str.starts_with("@{")).then(inner).otherwise(expr)
        run.df = run.df.with_columns(expr.alias(f"__k_{fld}"))
        run.m.columns[fld] = f"__k_{fld}"
    for fld, names in run.source.value_names.items():
        if run.has(fld):
            code = values.text(exact_col(run.col(fld)))
            run.df = run.df.with_columns(code.replace_strict(names, default=code).alias(f"__n_{fld}"))
            run.m.columns[fld] = f"__n_{fld}"


_MONTHS = "january february march april may june july august september october november december".split()
_RANGE = re.compile(r"([A-Za-z]+)\s+(\d{1,2})(?:\s*,\s*(\d{4}))?\s*[-\u2013]\s*(?:([A-Za-z]+)\s+)?(\d{1,2})\s*,?\s*(\d{4})")
_MONTH = re.compile(r"^\W*([A-Za-z]+)\s+(\d{4})\W*$")
_MONTH_RANGE = re.compile(r"^\W*([A-Za-z]+)\s*[-\u2013]\s*([A-Za-z]+),?\s+(\d{4})\W*$")


def report_period(lines: list[str]) -> tuple[str, str] | None:
    """The period a report's title rows name ("October 1-31, 2026", "January 1 - March 31, 2026", "October 2026")."""
    import calendar
    from datetime import date

    def month(name: str) -> int | None:
        hit = [i for i, m in enumerate(_MONTHS, 1) if m.startswith(name.lower()[:3])] if len(name) >= 3 else []
        return hit[0] if hit else None

    for line in lines:
        text = line.replace('"', " ")
        m = _RANGE.search(text)
        if m and month(m.group(1)):
            m1 = month(m.group(1))
            m2 = month(m.group(4)) if m.group(4) else m1
            y2 = int(m.group(6))
            y1 = int(m.group(3)) if m.group(3) else y2
            if m1 and m2:
                return date(y1, m1, int(m.group(2))).isoformat(), date(y2, m2, int(m.group(5))).isoformat()
        m = _MONTH_RANGE.match(text.strip())  # "January - March, 2026": QuickBooks' line for whole months (h28 D22)
        if m and month(m.group(1)) and month(m.group(2)):
            y, m1, m2 = int(m.group(3)), month(m.group(1)) or 1, month(m.group(2)) or 12
            if m1 <= m2:
                return date(y, m1, 1).isoformat(), date(y, m2, calendar.monthrange(y, m2)[1]).isoformat()
        m = _MONTH.match(text.strip())
        if m and month(m.group(1)):
            y, mo = int(m.group(2)), month(m.group(1)) or 1
            return date(y, mo, 1).isoformat(), date(y, mo, calendar.monthrange(y, mo)[1]).isoformat()
    return None


# a column heading that names a period ("Jan 2026", "January 2026", "Jan-26", "Q1 2026", "Week 12", "2026", "Mar 1-7, 2026")
_PERIOD_COLUMN = re.compile(
    r"(?i)^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}\s*[-\u2013]\s*\d{1,2},?)?[\s\-/']+(?:\d{4}|\d{2})"
    r"|q[1-4]\s*[-/]?\s*(?:\d{4}|\d{2})|(?:\d{4}|fy\s*\d{2,4})\s*[-/]?\s*q[1-4]|week\s+\d+.*|(?:19|20)\d{2})$")


def period(run: _Run) -> None:
    if not run.source.period_from_title:
        return
    found = report_period(run.ctx.title)
    if not found:
        raise FileRejected(run.ctx.file_name, f"{run.source.name} has no date per row and its title rows name no period "
                           f"(read: {' | '.join(run.ctx.title) or 'no title rows'})",
                           "export the report as CSV with its header (the period line), or export the Detail report")
    start, end = found
    from moat.ingest import period_columns

    by_period = period_columns.find(run, _PERIOD_COLUMN)  # h70: `2026-01`, `01/2026`, columns adding up to the Total
    if by_period and period_columns.split_by_month(run, by_period, start, end):
        return  # h70: one row per customer per month column, never the Total as one lump
    if by_period:  # "Display columns by: Months": the Total would date the whole span's sales on its last day (h41 D8)
        raise FileRejected(run.ctx.file_name, f"{run.source.name} for {start}..{end} has a column per period "
                           f"({', '.join(by_period[:4])}{' ...' if len(by_period) > 4 else ''}): loading its Total would date "
                           f"all of the span's sales on {end}, and the month columns are not read",
                           "export the report once per month with 'Display columns by: Total only' and load each file, "
                           "or export Sales by Customer Detail for the period")
    run.df = run.df.with_columns(pl.lit(end).alias("__period"))
    run.m.columns["date"] = "__period"
    run.rules["period"] = f"{start}..{end}: each row dated {end}"
    if start[:7] != end[:7]:
        run.warnings.append(f"a summary over {start}..{end}: its totals are all dated {end}, so monthly views cannot split them")


def tenant(run: _Run) -> None:
    if not run.source.needs_client:
        return
    if not run.ctx.client:
        raise FileRejected(run.ctx.file_name, f"{run.source.name} holds one tenant and does not name its client",
                           f"moat ingest {run.ctx.file_name} --client NAME")
    run.df = run.df.with_columns(pl.lit(run.ctx.client, dtype=pl.Utf8).alias("__client"))
    run.m.columns["client_name"] = "__client"
    if run.has("user"):  # the users' domain against the client named (h41 D21)
        from moat.ingest.tenant_domain import warning

        said = warning(run.ctx.client, series(run.df, run.col("user")))
        if said:
            run.warnings.append(said)


def internal_time(run: _Run) -> None:
    """Internal charge codes and the MSP's own company are overhead; holidays and breaks are not work."""
    if run.source.dataset != "time_entries":
        return
    marks = [_key(exact_col(run.col(f))).str.replace_all(r"[\s_\-]", "").is_in([v.replace(" ", "") for v in vals]).fill_null(False)
             for f, vals in run.source.internal.items() if run.has(f)]
    own = normalize(run.ctx.own_company) if run.ctx.own_company.strip() else ""
    if own and run.has("client_name"):
        names = series(run.df, run.col("client_name"))
        keys = {n: normalize(n) for n in names.drop_nulls().unique().to_list()}
        marks.append(exact_col(run.col("client_name")).is_in([n for n, k in keys.items() if k == own]).fill_null(False))
    if marks:
        mask = pl.any_horizontal(marks)
        inside = run.df.select(mask.alias("m"))["m"]
        n = int(inside.sum())
        run.df = run.df.with_columns(pl.Series(INTERNAL, inside).cast(pl.Utf8).str.to_lowercase())
        if REJECT in run.df.columns:  # a client lookup does not matter for overhead
            run.df = run.df.with_columns(pl.when(pl.col(INTERNAL) == "true").then(None).otherwise(pl.col(REJECT)).alias(REJECT))
        if n:
            run.count("internal_time", n)
            if run.has("hours"):
                run.count("internal_hours", f"{values.hours(series(run.df.filter(inside), run.col('hours'))).sum():.2f}")
    for f, vals in run.source.not_work.items():
        if run.has(f):
            k = _key(exact_col(run.col(f)))
            mask = pl.any_horizontal([k.str.contains(re.escape(v)) for v in vals]).fill_null(False)
            run.count("not_work_skipped", run.skip(mask, "not work (holiday, leave or break)"))


def billable(run: _Run) -> None:
    rule = run.source.billable
    if run.has("minutes") and not run.has("hours"):
        mins = values.number(series(run.df, run.col("minutes")))
        run.df = run.df.with_columns((mins.cast(pl.Float64) / 60).round(4).cast(pl.Utf8).alias("__hours"))
        run.m.columns["hours"] = "__hours"
    if rule is None:
        return
    if run.has("billable"):
        c = run.col("billable")
        k = _key(exact_col(c)).str.replace_all(r"[\s_\-]", "")
        if rule.values.get("nodefault") is not None:  # a regex count, not a per-row transform: big files pay little
            run.count("billable_nodefault_not_billable",
                      int(run.df.select(exact_col(c).str.contains(r"(?i)^\s*no[\s_-]*default\s*$").sum()).item() or 0))
        generic = all(values.boolean(pl.Series([v])).item() == b for v, b in rule.values.items())
        if generic and rule.default is None and not rule.false_if_contains:
            run.rules["billable_rule"] = rule.rule
            return  # the generic yes/no parser reads this vocabulary the same way: the file's own column is used
        expr = pl.lit(None, dtype=pl.Utf8)
        if rule.default is not None:
            expr = pl.lit("true" if rule.default else "false")
        if rule.false_if_contains:
            kk = _key(exact_col(c))
            expr = pl.when(pl.any_horizontal([kk.str.contains(re.escape(w)) for w in rule.false_if_contains]).fill_null(False)).then(pl.lit("false")).otherwise(expr)
        for value, is_billable in rule.values.items():
            expr = pl.when(k == value).then(pl.lit("true" if is_billable else "false")).otherwise(expr)
        run.df = run.df.with_columns(pl.coalesce(expr, exact_col(c)).alias("__billable"))
        run.m.columns["billable"] = "__billable"
    elif run.has("charge_type"):
        c = run.col("charge_type")
        kk = _key(exact_col(c))
        false = pl.any_horizontal([kk.str.contains(re.escape(w)) for w in rule.false_if_contains]).fill_null(False)
        run.df = run.df.with_columns(pl.when(false).then(pl.lit("false")).otherwise(pl.lit("true")).alias("__billable"))
        run.m.columns["billable"] = "__billable"
    elif not run.has("non_billable") and run.has("billable_hours"):
        billed = values.hours(series(run.df, run.col("billable_hours")))
        run.df = run.df.with_columns(pl.when(billed > 0).then(pl.lit("true")).when(billed.is_not_null()).then(pl.lit("false"))
                                     .otherwise(exact_col(run.col("billable_hours"))).alias("__billable"))
        run.m.columns["billable"] = "__billable"
    run.rules["billable_rule"] = rule.rule


def _money(run: _Run, fld: str | None, comma: bool) -> pl.Series | None:
    if not fld or not run.has(fld):
        return None
    return values.money(series(run.df, run.col(fld)), comma)


def _docs(run: _Run, mask: pl.Expr) -> int:
    """How many documents (distinct numbers; rows without one count singly) ``mask`` selects."""
    doc = run.source.documents
    hit = run.df.filter(mask.fill_null(False))
    if doc and run.has(doc.number):
        c = run.col(doc.number)
        return series(hit, c).drop_nulls().n_unique() + series(hit, c).null_count()
    return hit.height


def _roll_up(run: _Run, df: pl.DataFrame, how: str) -> None:
    """Lines after a document's first row are skipped as counted: the document loads once, on its first row."""
    lines = df.filter(pl.col(ROW) != pl.col("__first"))
    if lines.height:
        run.count("lines_rolled_up", lines.height)
        run.count("multi_line_documents", lines["__dockey"].n_unique())
        run.skipped += [{"row": r, "kind": f"line of document {d} ({how})"} for r, d in lines.select(ROW, "__doc").iter_rows()]


def _only_sales(run: _Run, states: Any) -> None:
    """A document type outside the source's sales vocabulary (a Xero ``Bill`` or ``Sales overpayment`` in the invoice
    layout) is not revenue: skipped, reported by its name."""
    col = run.col(states.column)
    k = _key(exact_col(col))
    other = k.is_not_null() & ~k.is_in([*states.only, *states.credit])
    found = run.df.filter(other.fill_null(False)).select(k.alias("k"), values.text(exact_col(col)).alias("v"))
    for key, shown in found.unique("k", keep="first", maintain_order=True).iter_rows():  # compared as keys: " Bill "
        n = run.skip((k == key).fill_null(False), f"{shown} (not a sale: not revenue)")
        run.count("not_revenue_skipped", run.rules.get("not_revenue_skipped", 0) + n)


def _unknown_types(run: _Run) -> None:
    """A document type the source's vocabulary does not know ("Down Payment", "SR", "ADV") is refused naming it:
    never summed as revenue on the chance that it is a sale (h41 D3)."""
    from moat.ingest.generic_rows import _REVENUE

    src = run.source
    assert src.doc_type is not None
    col = run.col(src.doc_type.column)
    k = _key(exact_col(col))
    known = {*_REVENUE, *src.doc_type.credit, *src.doc_type.exclude, *src.not_revenue}
    found = run.df.select(k.alias("k"), values.text(exact_col(col)).alias("v")).drop_nulls("k").unique("k", keep="first", maintain_order=True)
    unknown = [v for key, v in found.iter_rows() if key and key not in known]
    if unknown:
        raise FileRejected(run.ctx.file_name, f"`{col}` holds document types the {src.name} rules do not know: "
                           f"{', '.join(repr(u) for u in unknown[:5])} (credits count negative; payments, deposits and "
                           "estimates are not revenue; anything else is not guessed)",
                           "export only invoices, sales receipts and credit memos, or remove those rows and load the file again")


def documents(run: _Run) -> None:
    """States, signs, tax and the roll-up of lines to documents (invoices)."""
    src = run.source
    doc_column = run.col(src.doc_type.column) if src.doc_type and run.has(src.doc_type.column) else None
    rows_before, types = run.df.height, not_sales.type_values(run.df, doc_column)
    for states in (src.status, src.doc_type):
        if states and run.has(states.column):
            k = _key(exact_col(run.col(states.column)))
            for value, rule in states.exclude.items():
                n = _docs(run, k == value)
                if n:
                    name = f"{rule.replace(' ', '_')}_excluded"  # draft_excluded, voided_excluded, awaiting_approval_excluded
                    run.count(name, run.rules.get(name, 0) + n)
                    run.skip((k == value).fill_null(False), f"{rule} (excluded: not revenue)")
    if src.doc_type and run.has(src.doc_type.column) and src.not_revenue:
        k = _key(exact_col(run.col(src.doc_type.column)))
        for value, why in src.not_revenue.items():
            n = run.skip((k == value).fill_null(False), why)
            run.count("not_revenue_skipped", run.rules.get("not_revenue_skipped", 0) + n)
    if src.doc_type and src.doc_type.only and run.has(src.doc_type.column):
        _only_sales(run, src.doc_type)
    elif src.doc_type and run.has(src.doc_type.column) and src.not_revenue:
        _unknown_types(run)
    not_sales.refuse_when_none_is_a_sale(run, rows_before, doc_column, types)  # h70: a Bills export loads nothing
    if run.has("posting"):
        run.count("not_posting_skipped", run.skip((_key(exact_col(run.col("posting"))) == "no").fill_null(False), "not posting (excluded)"))
    doc = src.documents
    if doc is None:
        return
    money_cols = [series(run.df, run.col(f)) for f in (doc.total, doc.tax_total, doc.tax_total2, doc.line_amount, doc.line_tax,
                                                       doc.unit_amount) if f and run.has(f)]
    comma = values.uses_decimal_comma(money_cols, run.semicolon) if money_cols else False
    total, tax_total = _money(run, doc.total, comma), _money(run, doc.tax_total, comma)
    tax2 = _money(run, doc.tax_total2, comma) if doc.tax_total2 and run.has(doc.tax_total2) else None
    if tax2 is not None:  # both taxes are in the total (Harvest: `tax_amount` and `tax2_amount`)
        tax_total = tax2.fill_null(0) if tax_total is None else tax_total.fill_null(0) + tax2.fill_null(0)
    line, line_tax = _money(run, doc.line_amount, comma), _money(run, doc.line_tax, comma)
    raw_line = run.col(doc.line_amount) if line is not None else None
    if line is None and doc.quantity and run.has(doc.quantity) and run.has(doc.unit_amount or ""):
        qty = values.number(series(run.df, run.col(doc.quantity)), comma).cast(pl.Float64)
        unit = _money(run, doc.unit_amount, comma).cast(pl.Float64)
        disc = (values.number(series(run.df, run.col(doc.discount_pct)), comma).cast(pl.Float64).fill_null(0)
                if doc.discount_pct and run.has(doc.discount_pct) else pl.Series([0.0] * run.df.height))
        line = (qty * unit * (1 - disc / 100)).round(4).cast(values.MONEY_DTYPE)
        run.rules["line_amount_rule"] = "quantity x unit amount x (1 - discount %)"
        raw_line = run.col(doc.unit_amount)
    number = run.col(doc.number) if run.has(doc.number) else None
    zero = pl.lit(0).cast(values.MONEY_DTYPE)
    df = run.df.with_columns(
        (values.text(exact_col(number)) if number else pl.lit(None, dtype=pl.Utf8)).alias("__doc"),
        pl.Series("__total", total) if total is not None else pl.lit(None, dtype=values.MONEY_DTYPE).alias("__total"),
        pl.Series("__tax_total", tax_total).fill_null(0) if tax_total is not None else zero.alias("__tax_total"),
        pl.Series("__line", line) if line is not None else pl.lit(None, dtype=values.MONEY_DTYPE).alias("__line"),
        pl.Series("__line_tax", line_tax).fill_null(0) if line_tax is not None else zero.alias("__line_tax"),
    )
    client = run.col("client_name")
    df = df.with_columns(pl.when(pl.col("__doc").is_null()).then(pl.format("row {}", pl.col(ROW))).otherwise(
        pl.concat_str([pl.col("__doc"), values.text(exact_col(client)) if client else pl.lit("")], separator="|", ignore_nulls=True)).alias("__dockey"))
    agg = df.group_by("__dockey", maintain_order=True).agg(
        pl.col(ROW).min().alias("__first"), pl.col("__total").first().alias("__t"), pl.col("__tax_total").first().alias("__tt"),
        pl.col("__line").sum().alias("__l"), pl.col("__line_tax").sum().alias("__lt"), pl.len().alias("__lines"))
    by_lines = line is not None and df["__line"].null_count() < df.height
    if by_lines:
        # lines add up to the gross total (tax-inclusive lines): their tax comes off; else they are net already
        inclusive = (pl.lit(doc.lines_include_tax) | (pl.col("__t").is_not_null() & (pl.col("__tt") != 0)
                                                      & ((pl.col("__l") - pl.col("__t")).abs() <= 0.01)))
        agg = agg.with_columns(inclusive.alias("__incl"), ((pl.col("__tt") != 0) | (pl.col("__lt") != 0)).alias("__taxed"))
        df = df.join(agg.select("__dockey", "__first", "__incl"), on="__dockey", how="left")
        df = df.with_columns(pl.when(pl.col("__incl")).then(pl.col("__line") - pl.col("__line_tax")).otherwise(pl.col("__line")).alias("__net"))
        # a document's lines summed once onto its first row (an unreadable line leaves the amount unreadable)
        df = df.with_columns(pl.when(pl.col("__net").is_null().any().over("__dockey")).then(None)
                             .otherwise(pl.col("__net").sum().over("__dockey")).alias("__net"))
        if raw_line:  # the unreadable line's own text is what the document's row quotes (never its readable first line)
            df = df.with_columns(pl.when(pl.col("__line").is_null()).then(values.text(exact_col(raw_line))).otherwise(None)
                                 .drop_nulls().first().over("__dockey").alias("__bad"))
        taxed = agg.filter(pl.col("__taxed"))
        run.count("tax_removed", taxed.height)
        if taxed.height:
            run.count("tax_amount_not_revenue", f"{taxed.select(pl.when(pl.col('__tt') != 0).then(pl.col('__tt')).otherwise(pl.col('__lt'))).to_series().sum():.2f}")
        _roll_up(run, df, "its lines summed once")
        df = df.filter(pl.col(ROW) == pl.col("__first"))
    else:  # only a document total: it counts once, on the document's first row
        df = df.join(agg.select("__dockey", "__first"), on="__dockey", how="left").with_columns(
            (pl.col("__total") - pl.col("__tax_total")).alias("__net"))
        raw_line = run.col(doc.total) if total is not None else None
        run.count("tax_removed", agg.filter(pl.col("__tt") != 0).height)
        _roll_up(run, df, "its total counted once")
        df = df.filter(pl.col(ROW) == pl.col("__first"))
    amount = pl.col("__net")
    if src.all_credits:
        run.count("credit_notes_negative", df.height)
        amount = -amount.abs()
    elif src.doc_type and run.has(src.doc_type.column) and src.doc_type.credit:
        credit = _key(exact_col(run.col(src.doc_type.column))).is_in(list(src.doc_type.credit)).fill_null(False)
        run.count("credit_notes_negative", _docs(run, credit))
        amount = pl.when(credit).then(-amount.abs()).otherwise(amount)
    text_amount = amount.cast(pl.Utf8)
    if raw_line:
        marker = values.currency_marker(series(df, raw_line))
        if marker.null_count() < marker.len():
            df = df.with_columns(marker.alias("__marker"))
            text_amount = pl.when(pl.col("__marker").is_not_null()).then(
                pl.concat_str([pl.col("__marker"), text_amount], separator=" ")).otherwise(text_amount)
        bad = pl.coalesce(pl.col("__bad"), values.text(exact_col(raw_line))) if "__bad" in df.columns else values.text(exact_col(raw_line))
        text_amount = pl.when(pl.col("__net").is_null()).then(bad).otherwise(text_amount)
    written_off.warn(run, df, comma)
    run.df = df.with_columns(text_amount.alias("__amount"))
    run.m.columns["amount"] = "__amount"


def shape(source: Source, m: Match, table: Table, ctx: Context, con: Any = None) -> Shaped:
    """Apply ``source`` to ``table``: the canonical table the pipeline loads, with what was skipped and why."""
    run = _Run(source, Match(m.source, dict(m.columns), m.missing, m.hits, m.stars, m.total), table, ctx)
    if source.export_cap and table.rows.height == source.export_cap:  # h28 D27
        run.warnings.append(f"{source.export_cap:,} rows: exactly the most that {source.vendor}'s {source.report} holds, so "
                            "the export was probably cut off; export shorter periods (e.g. by week) and load each")
    shown = {h: f for f, h in m.columns.items()}
    group_rows(run)
    if source.documents or source.seats or source.period_from_title:  # rules that would read a total as data
        blank_and_total_rows(run)
    compose(run)
    if source.merge_charges:  # before clean(): it cuts the billing term from the description (h63 F6)
        from moat.ingest import described_billing

        described_billing.period_from_description(run)
    clean(run)
    period(run)
    tenant(run)
    if source.lookups:
        from moat.ingest import lookups

        lookups.resolve(run, ctx.lookups)
    if source.per_cycle:
        from moat.ingest import billing_cycles

        billing_cycles.per_month(run)
    if source.per_client:
        from moat.ingest import agreements

        agreements.roll_up(run)
    internal_time(run)
    partly_billable.split(run)  # before billable(): the split parts carry their own flag
    billable(run)
    documents(run)
    if source.merge_charges:
        from moat.ingest import charges

        charges.merge(run)
    if source.seats:
        from moat.ingest import seats

        seats.roll_up(run, con)
    return _output(run, shown)


_WHY = {"__k_": "cleaned", "__n_": "named", "__period": "report period", "__group": "group rows", "__client": "--client", "__c_": "joined", "__lk_": "lookup", "__billable": "vendor rule",
        "__amount": "per document, net of tax", "__hours": "from minutes", "__m_": "per month", "__mc_": "charges merged",
        "__a_": "agreements summed", "__pb_": "split: billable hours / the rest",
        "__month_amount": "a row per month column"}


def _display(fld: str, internal: str) -> str:
    why = next((w for prefix, w in _WHY.items() if internal.startswith(prefix)), "computed")
    return f"{fld} ({why})"


def _output(run: _Run, shown: dict[str, str]) -> Shaped:
    """The file's own columns (so the quarantine shows them) plus one computed column per rule-made field."""
    d = get(run.source.dataset)
    wanted = [f for f in [*d.field_names, *sorted(DERIVED)] if f in run.m.columns and run.m.columns[f] in run.df.columns]
    if run.source.dataset == "invoices" and (run.source.status or run.source.doc_type):
        wanted = [f for f in wanted if f != "status"]  # states were applied here; nothing left to read
    if "billable" in wanted and "non_billable" in wanted:
        wanted.remove("non_billable")
    original = [h for h in run.header if h in run.df.columns]
    original += [run.m.columns[f] for f in wanted if not run.m.columns[f].startswith("__") and run.m.columns[f] not in original]
    computed = {f: _display(f, run.m.columns[f]) for f in wanted if run.m.columns[f].startswith("__")}
    exprs = [pl.col(ROW), *(exact_col(h) for h in original),
             *(values.text(exact_col(run.m.columns[f])).alias(name) for f, name in computed.items())]
    if EXTRA in run.df.columns:
        exprs.append(pl.col(EXTRA))
    for extra in (REJECT, INTERNAL):
        if extra in run.df.columns:
            exprs.append(exact_col(extra))
    out = run.df.select(exprs)
    columns = {computed.get(f, run.m.columns[f]): f for f in wanted}
    for h, f in shown.items():
        shown[h] = f if f in wanted else f"({f})"
    return Shaped(out, [*original, *computed.values()], columns, run.skipped, run.rules, run.warnings, run.merged)
