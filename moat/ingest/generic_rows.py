"""Row rules for files loaded by header synonyms (source ``generic``): keys and document types by what columns hold.

Declared sources say which column is the document number and which document types are revenue; a file mapped by
its header synonyms gets the same rules from its values:

* a loosely named column ("Reference", "ID", "Entry", "Ref") is never a row key (invoice number, entry id, cost
  id): a repeated free-text reference or a ticket number is not a document or entry id, and keying on it would drop
  real rows as "duplicates" (D32) or let next month's file supersede this month's rows (h60 F9); a mapping that
  names it as the key is the user saying it is one;
* an invoice file's type column (Invoice / Credit Memo / Payment / Estimate ...): credits count negative, payments,
  estimates and other non-revenue documents are skipped by name, an unknown type is refused (D11).
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.frames import python_map
from moat.ingest import mapping, values
from moat.ingest.headings import exact_col, series
from moat.ingest.table import ROW

_KEYS = ("invoice_number", "entry_id", "cost_id")
_LOOSE_KEY_NAMES = {"reference", "ref", "id", "entry", "record", "record id", "ref number", "reference number"}

_REVENUE = {"invoice", "tax invoice", "sales invoice", "sales receipt", "receipt", "charge", "statement charge",
            # codes and PSA invoice types (h41 D3): INV; Sage's SI; ConnectWise's Agreement / Standard / Progress /
            # Miscellaneous invoices
            "inv", "si", "agreement", "standard", "progress", "progress invoice", "miscellaneous", "final invoice",
            # HaloPSA invoice types (h69 D33): recurring and ad-hoc invoices are invoices
            "recurring", "recurring invoice", "ad hoc", "adhoc", "ad hoc invoice", "one off", "one off invoice",
            # Xero API's Type codes (h98): ACCREC is a sales invoice
            "accrec",
            # lexoffice's voucherType codes (h101: developers.lexoffice.io voucherlist / vouchers endpoints)
            "salesinvoice"}
_CREDIT = {"credit memo", "credit note", "credit", "refund", "refund receipt", "adjustment note", "credit invoice",
           "crn", "cn", "cm", "sc", "sales credit", "credit memorandum",
           # Xero API's ACCRECCREDIT is a sales credit note (h98)
           "accreccredit",
           # lexoffice's voucherType codes (h101)
           "creditnote", "salescreditnote"}
_NOT_REVENUE = {
    "payment": "payment", "receive payment": "payment", "customer payment": "payment", "deposit": "deposit",
    "estimate": "estimate", "quote": "estimate", "quotation": "estimate", "sales order": "sales order",
    "purchase order": "purchase order", "journal entry": "journal entry", "delayed charge": "delayed charge",
    "delayed credit": "delayed credit", "bill": "bill (a cost)", "expense": "expense (a cost)", "overpayment": "overpayment",
    "prepayment": "prepayment", "write off": "write-off",
    # codes (h41 D3): PMT / PAY; Sage 50's SR (sales receipt = the customer's payment), SA (payment on account),
    # SD (settlement discount), purchase and bank codes; ConnectWise's "Down Payment" invoice (a deposit that the
    # progress / final invoices deduct later)
    "pmt": "payment", "pay": "payment", "pymt": "payment", "down payment": "deposit", "downpayment": "deposit", "deposit invoice": "deposit",
    "retainer": "deposit", "sr": "payment (Sage SR: sales receipt)", "sa": "payment on account (Sage SA)",
    "pi": "purchase invoice (a cost)", "pc": "purchase credit (a cost)",
    "pp": "purchase payment (a cost)", "pa": "purchase payment on account (a cost)", "jd": "journal debit", "jc": "journal credit",
    "bp": "bank payment", "br": "bank receipt", "cp": "cash payment", "cr": "cash receipt", "je": "journal entry",
    # Xero API's Type codes (h98): a pull of /Invoices holds bills (ACCPAY) beside sales, /CreditNotes the suppliers'
    # credit notes (ACCPAYCREDIT) beside the MSP's own
    "accpay": "bill (a cost)", "accpaycredit": "supplier credit note (a cost)",
    # lexoffice's voucherType codes (h101): a voucherlist pull holds purchase vouchers, quotations and order
    # confirmations beside the sales invoices; a down payment invoice is a deposit the final invoice deducts
    "purchaseinvoice": "purchase invoice (a cost)", "purchasecreditnote": "supplier credit note (a cost)",
    "downpaymentinvoice": "deposit", "orderconfirmation": "order confirmation", "order confirmation": "order confirmation",
}
# yes/no columns that mark a document void or deleted (Autotask's `isVoided`, list exports' `Voided` / `Is Deleted`)
_VOID_FLAGS = {"voided", "void", "is voided", "is void", "deleted", "is deleted"}
_TYPE_HEADERS = {"type", "transaction type", "document type", "doc type", "txn type", "invoice type", "line type", "category",
                 "voucher type"}
# headers that can only mean a document type: every value must be a known one (an unknown type is refused, never
# loaded as revenue), where a bare "Type" / "Category" column counts as document types only when most values are
_DOC_TYPE_HEADERS = {"transaction type", "document type", "doc type", "txn type", "invoice type", "voucher type"}


def apply(table: Any, det: mapping.Detection, file_name: str, warnings: list[str]) -> list[dict[str, Any]]:
    """Apply the rules to ``table`` (rows replaced) and ``det`` (a loose key unmapped); returns the skipped rows."""
    _loose_keys(table, det, warnings)
    customer_jobs(table, det, warnings)
    if det.dataset == "invoices":
        return _voided(table, det) + _doc_types(table, det, file_name, warnings)
    return []


def customer_jobs(table: Any, det: mapping.Detection, warnings: list[str]) -> None:
    """QuickBooks writes a job as ``Customer:Job`` ("Acme Dental:Server Upgrade"). In any file, a client name of that
    form whose part before the colon is itself a client in the file counts for that client (h41 D22): never a new
    client beside its customer. Names with a colon whose prefix the file does not hold are left as written."""
    col = next((c for c, t in det.columns.items() if t == "client_name"), None)
    if col is None or col not in table.rows.columns:
        return
    text = series(table.rows, col).cast(pl.Utf8).str.strip_chars()
    if not bool(text.str.contains(":", literal=True).any()):
        return
    names = {v.casefold() for v in text.drop_nulls().to_list() if ":" not in v}
    parent = text.str.split(":").list.first().str.strip_chars()
    job = text.str.contains(":", literal=True).fill_null(False) & parent.str.to_lowercase().is_in(list(names)).fill_null(False)
    n = int(job.sum())
    if n:
        table.rows = table.rows.with_columns(pl.when(job).then(parent).otherwise(exact_col(col)).alias(col))
        warnings.append(f"`{col}`: {n} row{'s' if n != 1 else ''} named as Customer:Job counted for the customer "
                        "(QuickBooks' jobs belong to their customer)")


def _loose_keys(table: Any, det: mapping.Detection, warnings: list[str]) -> None:
    for col, target in list(det.columns.items()):
        if target not in _KEYS or mapping.header_key(col) not in _LOOSE_KEY_NAMES:
            continue
        present = series(table.rows, col).cast(pl.Utf8).str.strip_chars()
        present = present.filter(present.is_not_null() & (present != ""))
        del det.columns[col]
        det.unmapped.append(col)
        if present.n_unique() == present.len():
            # h60 F9: unique in one file is no proof (a ticket number is unique in each month's report, and keying
            # next month's file on it removed this month's rows): only a heading that names the id keys rows
            warnings.append(f"`{col}` does not say what it identifies (an {target}? a ticket or agreement number?), so it "
                            f"is not used as the {target}: rows are keyed by their content (a mapping `{col}: {target}` "
                            "keys them by it)")
            continue
        warnings.append(f"`{col}` repeats ({present.len() - present.n_unique()} rows share a value), so it is not used as the {target}: "
                        "rows are keyed by their content")


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _key(value: Any) -> str:
    """A document type compared as words: case, spaces, `-` / `_` and camelCase ignored (ConnectWise's API writes
    `CreditMemo` and `DownPayment`, its screens "Credit Memo" and "Down Payment", h98)."""
    text = _CAMEL.sub(" ", str(value or ""))
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def mapped_doc_types(table: Any, det: mapping.Detection, file_name: str, warnings: list[str],
                     named: set[str]) -> list[dict[str, Any]]:
    """The document-type rule for an invoices file loaded by a mapping profile, on a type column the profile does not
    name (h98: a Xero API pull mapped by the `date` its refusal asked for loaded its ACCPAY bills as revenue of new
    clients "Pax8" and "Harbour Properties"; a column the profile names is loaded as the profile says)."""
    if det.dataset != "invoices":
        return []
    return _voided(table, det, named) + _doc_types(table, det, file_name, warnings, named)


def _voided(table: Any, det: mapping.Detection, named: set[str] | frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Rows a yes/no `Voided` / `isVoided` / `Deleted` column marks are no revenue (h98 D7: an invoice list's voided
    invoice, its amount kept as PSAs keep it, counted with exit 0 and "columns not used: Voided"). A column of other
    values, or one the profile names, is left as it is."""
    col = next((c for c in table.header if mapping.header_key(c) in _VOID_FLAGS and c not in named
                and det.columns.get(c) in (None, mapping.IGNORE) and c in table.rows.columns), None)
    if col is None:
        return []
    flag = values.boolean(series(table.rows, col).cast(pl.Utf8))
    written = values.text(series(table.rows, col).cast(pl.Utf8)).is_not_null()
    if bool((written & flag.is_null()).any()):
        return []  # not a yes/no column
    gone = flag.fill_null(False)
    skipped = [{"row": r, "kind": f"voided (`{col}` says so): not revenue"} for r in table.rows.filter(gone)[ROW].to_list()]
    if skipped:  # reported with the other skipped rows ("skipped 1 x voided (`Voided` says so)")
        table.rows = table.rows.filter(~gone)
    return skipped


def _doc_types(table: Any, det: mapping.Detection, file_name: str, warnings: list[str],
               named: set[str] | frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    amount = next((c for c, t in det.columns.items() if t == "amount"), None)
    if amount is None:
        return []
    candidates = [c for c in table.header if mapping.header_key(c) in _TYPE_HEADERS and c not in named
                  and det.columns.get(c) in (None, "category", mapping.IGNORE)]
    known = _REVENUE | _CREDIT | set(_NOT_REVENUE)
    for col in candidates:
        kinds = python_map(series(table.rows, col).cast(pl.Utf8), _key, pl.Utf8)
        seen = {k for k in kinds.to_list() if k}
        explicit = mapping.header_key(col) in _DOC_TYPE_HEADERS
        if not seen or not (seen & (_CREDIT | set(_NOT_REVENUE)) or (explicit and seen - known)):
            continue  # no document types here, or only invoices: nothing to do
        if len(seen & known) * 2 <= len(seen) and not explicit:
            continue  # mostly other values: a category column, not document types
        unknown = sorted(seen - known)
        if unknown:
            # h69 D33: ignoring a column that names credit notes would load them as positive revenue: never offered then
            ignore = ("" if seen & _CREDIT else f", or map `{col}` to ignore with a mapping: moat ingest {file_name} "
                      f"--dataset invoices --mapping map.yaml with columns: {{\"{col}\": ignore}}")
            raise FileRejected(
                file_name, f"`{col}` holds document types (credits count negative, payments and estimates are not revenue) "
                f"but also {', '.join(repr(u) for u in unknown[:5])}, which is none of them",
                f"export only invoices and credit notes{ignore}" + (" (its credit notes would then count as revenue, so "
                                                                    "it is not offered)" if not ignore else ""))
        rows = table.rows.with_columns(kinds.alias("__doc_kind"))
        gone = rows.filter(pl.col("__doc_kind").is_in(list(_NOT_REVENUE)))
        if gone.height and gone.height == rows.height:  # h70: nothing would load, exit 0 (a Bills list)
            from moat.ingest import not_sales

            raise not_sales.refusal(file_name, rows.height, col, not_sales.type_values(rows, col),
                                    {t: c for c, t in det.columns.items()}, table.header)
        skipped = [{"row": r, "kind": f"{_NOT_REVENUE[k]}: not revenue"} for r, k in gone.select(ROW, "__doc_kind").iter_rows()]
        text = exact_col(amount).cast(pl.Utf8).str.strip_chars()
        already = text.str.starts_with("-") | text.str.starts_with("(") | text.str.ends_with("-") | text.str.starts_with("\u2212")
        credit = pl.col("__doc_kind").is_in(list(_CREDIT)) & text.is_not_null() & (text != "")
        rows = rows.filter(~pl.col("__doc_kind").is_in(list(_NOT_REVENUE)))
        n_credit = rows.filter(credit & ~already).height
        rows = rows.with_columns(pl.when(credit & ~already).then(pl.lit("-") + text).otherwise(exact_col(amount)).alias(amount))
        table.rows = rows.drop("__doc_kind")
        if n_credit:
            warnings.append(f"`{col}`: {n_credit} credit row{'s' if n_credit != 1 else ''} (credit memo / note) counted negative")
        return skipped
    return []
