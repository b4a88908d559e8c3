"""An invoice amount whose heading says it includes the tax (`Amount Inc Tax`, `Total incl. VAT`, `Gross`) is not
revenue, which is net of sales tax / VAT / GST (DESIGN glossary) (h60 F13).

The header synonyms take a net column first (`Net`, `Subtotal`, `Amount excl. VAT`); when the only amount a file
has is a tax-inclusive one, the file is refused naming the net column to export, or the mapping that says the
amount carries no tax (a mapping profile is the user's statement, and is loaded as written). MYOB and Xero AU/NZ
reports label GST-inclusive money "Inc Tax" / "Inc GST"; European ones "incl. VAT", "inkl. moms", "incl. BTW".
"""

from __future__ import annotations

from typing import Any

from moat.errors import FileRejected

_INCLUDING = {"inc", "incl", "including", "inclusive", "inkl", "with", "plus"}
_TAX = {"tax", "taxes", "vat", "gst", "hst", "pst", "btw", "moms", "mwst", "ust", "iva", "tva", "mva", "alv"}


def says_gross(key: str) -> bool:
    """Whether a heading key (``mapping.header_key`` form) says the money includes tax."""
    words = key.split()
    if "gross" in words:
        return True
    return bool(set(words) & _INCLUDING) and bool(set(words) & _TAX) and not ({"ex", "excl", "excluding", "before",
                                                                                  "exclusive", "net"} & set(words))


def refusal(det: Any, file_name: str) -> FileRejected | None:
    """Refuse an invoice file read by the synonyms whose amount column is tax-inclusive (no net column was found)."""
    from moat.ingest import mapping

    if det.dataset != "invoices":
        return None
    amount = next((c for c, t in det.columns.items() if t == "amount"), None)
    if amount is None or not says_gross(mapping.header_key(amount)):
        return None
    return FileRejected(
        file_name, f"`{amount}` includes the tax (its heading says so), and revenue is net of tax; the file has no "
        "net amount column (Net, Subtotal, Amount excl. tax), so nothing was loaded",
        f"export the amount before tax (a Net / Subtotal / Amount Ex Tax column) and load that; if `{amount}` really "
        f"holds no tax (no tax was charged), say so with a mapping: moat ingest {file_name} --dataset invoices "
        f"--mapping map.yaml with columns: {{\"{amount}\": amount}}")


def unread_refusal(header: list[str], file_name: str) -> FileRejected | None:
    """An invoice file the synonyms could not complete only for want of an amount, while a heading says it is the
    tax-inclusive amount (`Amount (inc GST)`, `Total Incl. BTW`): the refusal names that column and the fix."""
    from moat.ingest import mapping

    found = mapping.map_columns("invoices", header)
    gross = next((h for h in header if says_gross(mapping.header_key(h))), None)
    if gross is None or found.missing != ["amount"]:
        return None
    return refusal(mapping.Detection("invoices", {**found.columns, gross: "amount"}, [], [], {}), file_name)


_NOT_GROSS = {"net", "sub", "subtotal", "ex", "excl", "excluding", "exclusive", "before", "pre", "line", "untaxed"}


def total_caveat(det: Any) -> str | None:
    """The warning for an invoice amount read by the synonyms from a document-total heading (`Invoice Total`,
    `Total`, `Total Amount`) in a file without a tax column (h70, h60 F13 note): a document's total includes the sales
    tax / VAT / GST when some was charged, and revenue is net of it. It loads (many MSPs charge no tax on services)
    with the caveat the QuickBooks Invoice List carries; a mapping naming it as the amount states it holds no tax."""
    from moat.ingest import mapping

    if det.dataset != "invoices":
        return None
    amount = next((c for c, t in det.columns.items() if t == "amount"), None)
    words = set(mapping.header_key(amount).split()) if amount else set()
    if amount is None or "total" not in words or words & _NOT_GROSS or says_gross(mapping.header_key(amount)):
        return None
    return (f"`{amount}` is a document total, which includes the sales tax / VAT / GST when some was charged, and revenue "
            "is net of tax: if these invoices carry tax, export the amount before tax (Subtotal / Net) and load that file "
            f"instead (moat snapshots rollback N); a mapping naming `{amount}` as amount says it holds no tax")


def refuse_known_gross(file_name: str, header: list[str]) -> None:
    """Refuse an export declared in ``sources.gross_exports`` (its only amount is the gross total, no tax beside it)."""
    from moat.ingest import mapping
    from moat.ingest.sources.gross_exports import GROSS_EXPORTS

    keys = {mapping.header_key(h) for h in header}
    for g in GROSS_EXPORTS:
        if all(mapping.header_key(s) in keys for s in g.signature):
            cols = ", ".join(f'"{h}": {f}' for h, f in g.columns.items())
            raise FileRejected(
                file_name, f"it is {g.vendor}'s {g.report}: `{g.amount}` is each document's gross total (VAT / tax "
                "included) and the file has no tax or net amount column, and revenue is net of tax; nothing was loaded",
                f"export the net amounts ({g.net_export}); if no VAT was charged on these documents, say so with a "
                f"mapping: moat ingest {file_name} --dataset invoices --mapping map.yaml with columns: {{{cols}}}")
