"""A sales-document file none of whose rows is a sale is refused, never loaded as nothing with exit 0 (h70, defect 1).

Why: an accounting package's payables export often shares its sales layout (Xero's Bills export is the invoice
export with Type ``Bill``; a QuickBooks transaction report filtered to vendors). Its rows are skipped one by one as
"not revenue", and the file then "loads" with 0 rows and exit 0: the person believes the costs are in. A file with
data rows that loads none of them is never right, so it is refused naming what the rows are and the way to load
them: as costs, by a mapping (costs carry no supplier: the supplier column is never the client).
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.headings import exact_col

# Words of a document type that is the MSP's own purchase (a cost), not a sale or a payment received.
COST_WORDS = ("bill", "expense", "check", "cheque", "purchase", "vendor", "supplier", "accpay", "spend")


def refuse_when_none_is_a_sale(run: Any, rows_before: int, doc_column: str | None, types: list[str]) -> None:
    """Refuse the file when it had data rows and the document-type rules skipped every one of them."""
    if not rows_before or run.df.height or not run.rules.get("not_revenue_skipped"):
        return
    fields = ("date", "line_amount", "amount", "category", "client_name", "invoice_number", "total", "tax_total")
    raise refusal(run.ctx.file_name, rows_before, doc_column, types, {f: run.col(f) for f in fields}, run.header)


def refusal(name: str, rows_before: int, doc_column: str | None, types: list[str], columns: dict[str, str | None],
            header: list[str]) -> FileRejected:
    """The refusal of a file none of whose ``rows_before`` rows is a sale; ``columns``: field -> the file's heading."""
    shown = ", ".join(repr(t) for t in types[:5]) or "not sales"
    costs = any(w in t.lower() for t in types for w in COST_WORDS)
    if not costs:
        return FileRejected(name, f"none of its {rows_before} rows is a sale: `{doc_column}` holds only {shown} (not revenue), "
                            "so nothing would load",
                            "export the sales documents (invoices, sales receipts, credit notes) of the period and load that file")
    cols: dict[str, str] = {}
    for fld, target in (("date", "date"), ("line_amount", "amount"), ("amount", "amount"), ("category", "category")):
        c = columns.get(fld)
        if c and not c.startswith("__") and c != doc_column and target not in cols.values():
            cols[c] = target
    for fld in ("client_name", "invoice_number", "total", "tax_total"):
        c = columns.get(fld)
        if c and not c.startswith("__") and c not in cols:
            cols[c] = "ignore"
    # a loosely named reference would be read as the cost id by synonyms: each bill's lines share it
    for h in header:
        if h not in cols and h.strip().lower() in ("reference", "ref"):
            cols[h] = "ignore"
    party = columns.get("client_name")
    return FileRejected(
        name, f"its {rows_before} rows are purchases ({shown} in `{doc_column}`): a payables export (bills, expenses), "
        "not sales; loaded as invoices nothing would load",
        f"load it as costs with a mapping: moat ingest {name} --mapping map.yaml with dataset: costs, columns: "
        f"{json.dumps(cols)}; map to client_name the column that names the client each cost is for"
        + (f" (`{party}` only if it is that client: a supplier is never a client)" if party else "")
        + ", if one does; without it the costs are overhead")


def type_values(df: pl.DataFrame, column: str | None) -> list[str]:
    """The distinct document types of ``column`` as written, in file order (for the refusal's wording)."""
    if not column or column not in df.columns:
        return []
    vals = df.select(values.text(exact_col(column)).str.strip_chars().alias("v")).drop_nulls().unique("v", maintain_order=True)
    return [v for v in vals["v"].to_list() if v]
