"""Exports whose only amount is the document's tax-inclusive total, with no tax or net column beside it (h101).

Revenue is net of VAT / sales tax (DESIGN glossary), and nothing in such a file says how much of each total is tax:
it is recognised by its own headings and refused naming the export that has the net amount, or the mapping that
states no tax was charged. Each entry cites where its layout and the meaning of its amount are documented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GrossExport:
    vendor: str
    report: str
    signature: tuple[str, ...]  # headings that are all present (compared as ``mapping.header_key``)
    amount: str  # the gross amount's heading
    columns: dict[str, str]  # the mapping that loads it when no tax was charged: heading -> field
    net_export: str  # where the net amount is
    cited: str


GROSS_EXPORTS: tuple[GrossExport, ...] = (
    GrossExport(
        "lexoffice", "voucherlist (API)",
        ("voucherType", "voucherStatus", "voucherNumber", "voucherDate", "contactName", "totalAmount", "openAmount"),
        "totalAmount",
        {"voucherNumber": "invoice_number", "voucherDate": "date", "contactName": "client_name", "totalAmount": "amount"},
        "lexoffice's vouchers endpoint (totalGrossAmount with totalTaxAmount per voucher) or invoices endpoint "
        "(totalPrice.totalNetAmount)",
        "developers.lexoffice.io voucherlist endpoint (fields voucherType, voucherStatus, voucherNumber, voucherDate, "
        "contactName, totalAmount, openAmount, currency, archived; docs.rs lexoffice::model::voucherlist); amounts are "
        "gross, net amounts need the voucher detail (Lexware Office MCP search_vouchers)",
    ),
)
