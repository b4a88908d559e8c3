"""What kind of document a sales file's rows are, read from its headings (h69 D8, D9): `Credit Note Number`,
`Estimate Date`, `Payment Number` say it where no `Type` column does.

A Zoho Books (or any accounting package's) module export names its columns after the document: a Credit Notes
export has `Credit Note Date, Credit Note Number, ..., SubTotal`, an Estimates export `Estimate Date, Estimate
Number, Estimate Status`, a Payments Received export `Payment Number, ..., Deposit To, Unused Amount`. Loaded as
invoices by header synonyms or by the mapping a refusal suggested, credit notes counted as positive revenue and
estimates and payments as revenue (exit 0). Here, for a file loaded by a mapping or header synonyms as invoices:

* credit notes / credit memos / refunds (the kind the document's number or date heading names): amounts count
  negative whatever sign the file gives, as a `Type` column of credit notes does (warned);
* estimates, quotes, proposals, sales orders, pro formas and payments received are not sales: the file is refused
  naming what it is and the export to load instead.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.headings import series
from moat.ingest.mapping import header_key

_KINDS = (
    ("credit", re.compile(r"\b(?:credit ?(?:note|memo)s?|creditnotes?|refunds?)\b")),
    ("estimate", re.compile(r"\b(?:estimates?|quotes?|quotations?|proposals?|sales ?orders?|pro ?formas?)\b")),
    ("payment", re.compile(r"\b(?:payments?|receipts?|remittances?)\b")),
)
_DOC_ID = re.compile(r"\b(?:number|no|num|id|date|status)$")
_PAYMENT_ONLY = {"deposit to", "unused amount", "amount applied", "applied amount", "payment mode", "mode",
                 "payment method", "bank charges"}
_WHAT = {"estimate": ("estimates, quotes or orders", "a proposal is not a sale"),
         "payment": ("payments received", "a payment settles an invoice already counted as revenue")}


def _kind(header: str) -> str | None:
    key = header_key(header)
    return next((k for k, pattern in _KINDS if pattern.search(key)), None)


def kind_of(header: list[str], by_field: dict[str, str]) -> tuple[str | None, str | None]:
    """(kind, the heading that says it) of a sales file, or (None, None)."""
    for fld in ("invoice_number", "date"):  # the document's own number or date heading names it first
        h = by_field.get(fld)
        if h is not None and _kind(h) and _DOC_ID.search(header_key(h)):
            return _kind(h), h
    ids = [h for h in header if _DOC_ID.search(header_key(h)) and _kind(h)]
    pay = next((h for h in ids if _kind(h) == "payment" and re.search(r"\b(?:number|no|num|id)$", header_key(h))), None)
    if pay is not None and sum(1 for h in header if header_key(h) in _PAYMENT_ONLY) >= 1:
        return "payment", pay
    if ids and not any("invoice" in header_key(h) for h in header):
        return _kind(ids[0]), ids[0]
    return None, None


def apply(table: Any, det: Any, recognised: Any) -> Any:
    """``table`` with credit-note amounts made negative, or a refusal for estimates and payments (module doc)."""
    src = recognised.source if recognised is not None else "generic"
    tabbed = SHEET_KIND in table.rows.columns
    mine = det.dataset == "invoices" and (src == "generic" or src.startswith("mapping"))
    if tabbed and not mine:
        raise FileRejected(
            table.file_name,
            f"its sheet(s) named as credit notes have the same columns as the others, and a {det.dataset} file "
            f"({recognised.source_name if recognised is not None else src}) has no rule that counts them negative: loaded "
            "together they would add up as the rest do; nothing was loaded",
            "load the other sheets alone with --sheet NAME, and the credit notes as a file of their own")
    if not mine:
        return table
    by_field = {f: h for h, f in det.columns.items()}
    kind, said = kind_of(table.header, by_field)
    if kind is None and not tabbed and sheet_kind(getattr(table, "sheet", None)):  # a tab `Credit Notes` read alone
        kind, said = sheet_kind(table.sheet), f"sheet {table.sheet}"
    if kind is None and not tabbed and file_says_credits(table.file_name):  # `credit_memos_oct.csv` (h111)
        kind, said = "credit", f"file name {table.file_name}"
    if kind is None and not tabbed:
        return table
    if kind in _WHAT:
        what, why = _WHAT[kind]
        raise FileRejected(
            table.file_name,
            f"its headings say it lists {what} (`{said}`), not invoices: {why}, so none of it is revenue; nothing was loaded",
            "load the invoices (sales) export instead" + (" and its credit notes" if kind == "payment" else ""))
    amount = by_field.get("amount")
    rows = table.rows.drop(SHEET_KIND) if tabbed else table.rows
    if amount is None or amount not in rows.columns:
        return replace(table, rows=rows)
    credit = pl.Series([True] * rows.height) if kind == "credit" else (table.rows[SHEET_KIND] == "credit").fill_null(False)
    raw = series(rows, amount).cast(pl.Utf8)
    money = values.money(raw, table.delimiter == ";")
    flip = credit & (money > 0).fill_null(False)
    n = int(flip.sum())
    out = pl.DataFrame({"f": flip, "r": raw}).select(
        pl.when(pl.col("f")).then(pl.lit("-") + pl.col("r").str.strip_chars()).otherwise(pl.col("r")).alias(amount)).to_series()
    if not n:  # every amount already negative (a type column made them so): nothing to say (h98)
        return replace(table, rows=rows)
    if recognised is not None:
        recognised.rules["credit_notes_negative"] = n
    said = said or "sheet " + ", ".join(repr(t) for t in (getattr(table, "loaded_sheets", None) or []) if sheet_kind(t) == "credit")
    note = f"{n} amount(s) counted negative: {said} lists credit notes (a credit note reduces revenue)"
    return replace(table, rows=rows.with_columns(out), notes=[*table.notes, note])


_NOT_SALE = r"\b(?:quote|quoted|quotation|estimate|estimated|proposal|proposed|order|ordered|pro ?forma|backorder)s?\b"


def refuse_unknown_status(table: Any, det: Any, recognised: Any) -> None:
    """An invoices file (mapped or by header synonyms) whose status column holds values MoatMetrics does not know is
    refused naming them (h69 D7: MYOB `Sale Status` Q = quote, O = order loaded as sales beside I = invoice): a row of
    an unknown status counts as revenue, and a quote or an order is none. Known statuses (paid, open, draft, void,
    ...) load as before."""
    src = recognised.source if recognised is not None else "generic"
    if det.dataset != "invoices" or not (src == "generic" or src.startswith("mapping")):
        return
    col = next((h for h, f in det.columns.items() if f == "status"), None)
    if col is None or col not in table.rows.columns:
        return
    cells = values.text(series(table.rows, col).cast(pl.Utf8))
    present = cells.is_not_null()
    unknown = present & ~values.enum_known(cells, "invoice_status").fill_null(False)
    # a code (`Q`, `O`) or a word of a document that is no sale: other unknown words (`Posted`) load as before, warned
    doubtful = unknown & ((cells.str.len_chars() <= 2) | cells.str.to_lowercase().str.contains(_NOT_SALE)).fill_null(False)
    if not bool(doubtful.any()):
        return
    counts = cells.filter(unknown).value_counts(sort=True)
    listed = ", ".join(f"{v!r} ({n} row{'s' if n != 1 else ''})" for v, n in counts.head(6).iter_rows())
    raise FileRejected(
        table.file_name,
        f"column `{col}` (status) holds values MoatMetrics does not know: {listed}. A row of an unknown status would "
        "count as revenue, and a quote, an estimate or an order is none (MYOB writes I invoice, O order, Q quote); "
        "nothing was loaded",
        f"export only the invoices (or delete the rows that are not sales), or, if every row is a sale, map `{col}` to "
        "ignore; statuses read: paid, open / sent / overdue, draft, void / deleted")


_CREDIT_FILE = re.compile(r"\b(?:credit ?(?:notes?|memos?)|creditnotes?|creditmemos?|gutschrift(?:en)?|refunds?)\b")


def file_says_credits(file_name: str | None) -> bool:
    """Whether a file's name says it lists credit documents only (`CreditMemo.csv`, `credit_notes_2026-10.xlsx`,
    `Gutschriften.csv`): a name that also says invoices (`invoices_and_credit_notes.csv`) does not."""
    if not file_name:
        return False
    key = header_key(re.sub(r"\.[A-Za-z0-9]{2,4}$", "", file_name.replace("\\", "/").rsplit("/", 1)[-1]))
    return bool(_CREDIT_FILE.search(key)) and not re.search(r"\binvoices?\b|\bsales\b", key)


def refuse_credit_file(table: Any, det: Any, recognised: Any) -> None:
    """A declared invoices source with no column that tells credits apart, read from a file whose name says credit
    memos, is refused (h111, h101 L6): QuickBooks Online's CreditMemo pull without `RemainingCredit` has the Invoice
    pull's headings, and loaded as invoices every credit counted as revenue (exit 0). Mapped and synonym files count
    such a file's amounts negative instead (``apply``), as a sheet named `Credit Notes`. Under any other name, a file
    without the source's ``kind_proof`` headings loads with a warning saying what a credit pull would do."""
    from moat.ingest.sources import BY_ID

    source = BY_ID.get(recognised.source) if recognised is not None else None
    if source is None or det.dataset != "invoices" or source.all_credits:
        return
    if not file_says_credits(table.file_name):
        if source.kind_proof and not any(h in table.header for h in source.kind_proof):
            recognised.warnings.append(
                f"no {' or '.join(f'`{h}`' for h in source.kind_proof)} column, which only {source.name}'s invoices have: "
                "if this file is a pull of credit memos, each was counted as revenue here; " + source.credit_pull)
        return
    if source.doc_type is not None and any(h in table.header for h in source.columns.get(source.doc_type.column, ())):
        return  # its type column says which rows are credits
    raise FileRejected(
        table.file_name,
        f"its name says it lists credit memos, but its columns are {source.name}'s, which has no column that says a "
        "document is a credit: loaded as invoices every credit would count as revenue; nothing was loaded",
        (source.credit_pull or "load the credit notes as a mapped file (`--mapping`) whose document number or date "
         "heading names them (e.g. `Credit Note Number`)") + "; if the file lists invoices, rename it")


def sheet_kind(name: str | None) -> str | None:
    """The kind of documents a workbook tab's name says it lists (`Credit Notes`, `Credits`, `Refunds`, `Quotes`)."""
    if not name:
        return None
    key = header_key(name)
    if re.search(r"\b(?:credits?|credit ?(?:notes?|memos?)|creditnotes?|refunds?|returns?)\b", key):
        return "credit"
    return next((k for k, pattern in _KINDS if k != "credit" and pattern.search(key)), None)


SHEET_KIND = "__sheet_kind"  # per row: "credit" on the rows of a `Credit Notes` tab loaded beside sales tabs


def mixed_sheets(file_name: str, names: list[str]) -> list[str]:
    """Tabs of one header load together (a sheet per month); a tab of credit notes among them is returned (its rows
    count negative, ``apply``), a tab of estimates or payments refuses the workbook naming it (h69 D10: an `Invoices`
    and a `Credit Notes` tab of the same columns added the credits, written positive, as sales)."""
    if len(names) < 2:
        return []
    kinds = {n: sheet_kind(n) for n in names}
    odd = [n for n, k in kinds.items() if k is not None]
    if not odd or len(odd) == len(names) and len({kinds[n] for n in odd}) == 1:
        return []
    other = [n for n in odd if kinds[n] != "credit"]
    if other:
        what = {"estimate": "estimates or quotes", "payment": "payments"}
        raise FileRejected(
            file_name,
            f"its sheets {', '.join(repr(n) for n in names)} have the same columns, but "
            f"{', '.join(f'{n!r} ({what[kinds[n]]})' for n in other)} do not list sales: loaded with the others their "
            "amounts would add to revenue; nothing was loaded",
            "delete that sheet (or load the sales sheet alone with --sheet NAME) and load it again")
    return odd
