"""A file whose document-type column holds sales documents is sales, never costs (h60 F1).

Sage 50's audit-trail / batch-transaction export (`Type, Account Reference, Nominal A/C Ref, Date, Reference,
Details, Net Amount, Tax Amount, ...`) has the date, an amount and a `Type` column that the costs synonyms read as
a category; its types say what the rows are: `SI` sales invoice, `SC` sales credit, `SR` sales receipt (the
customer's payment). Loaded as costs, the invoices became overhead, the credit note a positive cost and the
customer's payment a cost too. What the columns say decides the dataset: a type column of sales documents makes
the file an invoices file (read with the invoice rules: credits negative, payments skipped), and when the file
has no column the invoice rules can use as the customer it is refused saying so, never loaded as costs.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.errors import FileRejected

# types only a sales (receivables) ledger has; "invoice" / "credit note" alone could be a supplier's
SALES_ONLY = {"si", "sc", "sr", "sa", "sd", "sales invoice", "sales credit", "sales credit note", "sales receipt",
              "customer payment", "receive payment", "customer invoice", "customer credit note", "credit memo",
              "tax invoice", "sales return"}
PURCHASE_ONLY = {"pi", "pc", "pp", "pa", "bill", "purchase invoice", "purchase credit", "supplier invoice",
                 "vendor credit", "bill payment", "expense", "check", "cheque"}
_TYPE_HEADERS = {"type", "transaction type", "document type", "doc type", "txn type", "invoice type", "tran type"}


def _key(value: Any) -> str:
    return " ".join(str(value or "").lower().replace("-", " ").replace("_", " ").split())


def sales_types(table: Any, header_key: Any) -> tuple[str, list[str]] | None:
    """The type column and its sales-only values, when its values are sales documents rather than purchases."""
    for col in table.header:
        if header_key(col) not in _TYPE_HEADERS or col not in table.rows.columns:
            continue
        seen = {_key(v) for v in table.rows.get_column(col).alias("__value").cast(pl.Utf8).drop_nulls().to_list() if _key(v)}
        sales, purchases = seen & SALES_ONLY, seen & PURCHASE_ONLY
        if sales and len(sales) > len(purchases):
            return col, sorted(sales)
    return None


def not_costs(table: Any, det: Any, file_name: str, dataset_given: str | None) -> Any:
    """A costs reading of a file of sales documents becomes the invoices reading, or the file is refused."""
    from moat.ingest import mapping

    if det.dataset != "costs" or dataset_given:
        return det
    found = sales_types(table, mapping.header_key)
    if found is None:
        return det
    col, kinds = found
    shown = ", ".join(k.upper() if len(k) <= 3 else k for k in kinds)
    invoices = mapping.map_columns("invoices", table.header)
    if not invoices.missing:
        invoices.notes.append(f"`{col}` holds sales documents ({shown}): an invoices file, not costs")
        return invoices
    raise FileRejected(
        file_name, f"`{col}` holds sales documents ({shown}): the file is sales (revenue), not costs, but no column reads "
        f"as the invoices' {', '.join(invoices.missing)}; nothing was loaded",
        f"say which column is the customer: moat ingest {file_name} --dataset invoices --mapping map.yaml with columns: "
        "{\"<customer account column>\": client_name}")
