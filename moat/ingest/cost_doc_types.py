"""Vendor / expense transaction lists (QuickBooks "Transaction List by Vendor", "Expenses by Vendor" detail) are
costs, and their document types decide what is a cost (h63 F15).

Such a list has a `Transaction Type` column like a sales report's, so it was read as one: refused asking the user
to remove the rows that make it what it is, and then loaded nothing (bills and expenses skipped as "a cost"). With
``--dataset costs`` the type column was unused, so a bill payment was counted as a cost beside the bill it pays
(the cost twice). Here:

* a file whose document-type column holds only purchase-side types (Bill, Expense, Check, Vendor Credit, Bill
  Payment) and that names the vendor in a column of its own is refused as sales, saying it is a costs file and to
  load it with ``--dataset costs`` (a file whose only party column is the supplier, Xero's Bills export, is skipped
  as not revenue, as before: loaded as costs its supplier would become a client);
* a costs file's document types count bills, expenses and checks as costs, vendor credits negative, and skip
  payments of bills (the bill is the cost); a type that is none of these is refused naming it, never guessed.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.frames import python_map
from moat.ingest import mapping
from moat.ingest.headings import exact_col, series
from moat.ingest.table import ROW

COSTS = {"bill", "vendor bill", "supplier bill", "expense", "check", "cheque", "credit card expense", "cash expense",
         "purchase", "purchase invoice", "supplier invoice", "vendor invoice"}
CREDITS = {"vendor credit", "supplier credit", "credit card credit", "purchase credit", "supplier credit note",
           "vendor credit memo", "bill credit"}
PAYMENTS = {"bill payment", "vendor payment", "supplier payment", "purchase payment", "bill pmt"}
_HEADERS = {"transaction type", "document type", "doc type", "txn type", "type"}
_VENDOR = {"vendor", "vendor name", "supplier", "supplier name", "payee", "payee name"}
_EXPLICIT = {"transaction type", "document type", "doc type", "txn type"}


def _key(value: Any) -> str:
    """'Bill Payment (Check)' -> 'bill payment': the payment's method in brackets does not change what it is."""
    text = re.sub(r"\([^)]*\)", " ", str(value or "")).lower().replace("-", " ").replace("_", " ")
    return " ".join(text.split())


def _type_column(header: list[str], rows: pl.DataFrame) -> tuple[str, set[str]] | None:
    """The document-type column and the types it holds, when its values are mostly known document types."""
    for col in header:
        hk = mapping.header_key(col)
        if hk not in _HEADERS or col not in rows.columns:
            continue
        seen = {k for k in python_map(series(rows, col).cast(pl.Utf8), _key, pl.Utf8).to_list() if k}
        known = seen & (COSTS | CREDITS | PAYMENTS)
        if known and (hk in _EXPLICIT or len(known) * 2 > len(seen)):
            return col, seen
    return None


def refuse_as_sales(table: Any, dataset: str | None) -> None:
    """Refuse reading a purchase-side transaction list as sales (any dataset but costs), naming ``--dataset costs``."""
    if dataset == "costs":
        return
    found = _type_column(table.header, table.rows)
    if found is None:
        return
    col, seen = found
    if seen - (COSTS | CREDITS | PAYMENTS):
        return  # sales documents too (a whole-ledger transaction list): the sales rules skip the purchase ones
    if not any(mapping.header_key(h) in _VENDOR for h in table.header):
        return  # the party is the supplier (Xero's Bills export: ContactName): as costs it would become a client
    shown = sorted({str(v).strip() for v in series(table.rows, col).drop_nulls().to_list() if str(v).strip()})
    raise FileRejected(
        table.file_name, f"`{col}` holds only vendor / expense transactions ({', '.join(shown[:6])}): this is a costs "
        "file (bills, expenses, checks and vendor credits), not sales",
        f"load it as costs: moat ingest {table.file_name} --dataset costs (bill payments are skipped: the bill is the cost)")


def apply(table: Any, det: mapping.Detection, warnings: list[str]) -> list[dict[str, Any]]:
    """A costs file's document types: payments skipped, credits negative, unknown types refused. Returns the
    skipped rows (``table.rows`` replaced)."""
    if det.dataset != "costs":
        return []
    amount = next((c for c, t in det.columns.items() if t == "amount"), None)
    found = _type_column(table.header, table.rows)
    if amount is None or found is None:
        return []
    col, seen = found
    unknown = sorted(seen - (COSTS | CREDITS | PAYMENTS))
    if unknown:
        raise FileRejected(
            table.file_name, f"`{col}` holds vendor / expense document types (bills and expenses are costs, vendor credits "
            f"count negative, bill payments are not costs) but also {', '.join(repr(u) for u in unknown[:5])}, which is "
            "none of them", "export only bills, expenses, checks and vendor credits, or remove those rows")
    rows = table.rows.with_columns(python_map(series(table.rows, col).cast(pl.Utf8), _key, pl.Utf8).alias("__cost_kind"))
    paid = pl.col("__cost_kind").is_in(list(PAYMENTS)).fill_null(False)
    skipped = [{"row": r, "kind": f"{k}: pays a bill, not a cost (the bill is the cost)"}
               for r, k in rows.filter(paid).select(ROW, "__cost_kind").iter_rows()]
    rows = rows.filter(~paid)
    text = exact_col(amount).cast(pl.Utf8).str.strip_chars()
    already = text.str.starts_with("-") | text.str.starts_with("(") | text.str.ends_with("-") | text.str.starts_with("\u2212")
    credit = pl.col("__cost_kind").is_in(list(CREDITS)).fill_null(False) & text.is_not_null() & (text != "")
    flipped = rows.filter(credit & ~already).height
    table.rows = rows.with_columns(pl.when(credit & ~already).then(pl.lit("-") + text).otherwise(exact_col(amount))
                                   .alias(amount)).drop("__cost_kind")
    if col in det.unmapped:
        det.unmapped.remove(col)
    warnings.append(f"`{col}`: document types read: bills, expenses and checks are costs, vendor credits count negative"
                    f"{f' ({flipped} made negative)' if flipped else ''}; {len(skipped)} bill payment(s) skipped (the bill is the cost)")
    return skipped
