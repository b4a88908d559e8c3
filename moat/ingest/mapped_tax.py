"""The tax of an invoice file loaded by a mapping profile (h101, h98 L1/L2): revenue is net of sales tax / VAT / GST.

A mapping is the user's statement of which column is the amount, but an API pull's only amount is often the
document total (QuickBooks `TotalAmt`, Autotask `invoiceTotal`), with the tax in a column beside it
(`TxnTaxDetail.TotalTax`, `totalTaxValue`). Loaded as written, the tax is counted as revenue with exit 0. So:

- a column mapped to ``tax`` is subtracted from the mapped amount, row by row (amount - tax), and said;
- an amount whose heading says it is a total / gross figure, or whose values are another money column plus the tax
  on every taxed row, beside a tax column the mapping does not name and that holds tax, is refused naming both
  fixes: ``tax`` (subtract it) or ``ignore`` (the amount is already before tax). Nothing is written then.

Tax headings are read by the last words of the heading (`Tax`, `Sales Tax`, `Total Tax`, `totalTaxValue`,
`TxnTaxDetail.TotalTax`, `VAT Amount`); a rate, code or exemption column is no tax amount.

h113 U2: a column *mapped* to ``tax`` was subtracted whatever it held: a `Tax Rate` of 20 came off every amount and a
tax larger than its amount turned an invoice into a credit, exit 0. So a mapped tax whose heading names a rate, code,
exemption or percentage is refused, and so is any row whose tax is larger than its amount or of the other sign (a
credit note's tax is negative with it): the file is refused naming the rows, nothing written.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import mapping, values
from moat.ingest.headings import exact_col, series
from moat.ingest.table import ROW

TARGET = "tax"
_TAX_WORDS = {"tax", "taxes", "vat", "gst", "hst", "pst", "qst", "btw", "mwst", "ust", "iva", "tva", "moms", "mva"}
_AMOUNT_WORDS = {"amount", "amt", "value", "total", "sum"}
_GROSS_WORDS = {"total", "gross", "incl", "inc", "including", "inclusive", "inkl", "brutto"}
_NOT_TAX_ALONE = {"inc", "incl", "including", "inclusive", "inkl", "with", "plus", "ex", "excl", "excluding", "exclusive",
                  "net", "gross", "before", "after", "less", "pre", "rate", "code", "exempt", "percent", "pct"}
_NOT_AN_AMOUNT = {"rate", "code", "exempt", "exemption", "percent", "pct", "percentage", "taxable", "type", "id", "name"}
_NET_WORDS = {"sub", "subtotal", "net", "ex", "excl", "excluding", "exclusive", "before", "pre", "netto", "untaxed"}


def is_tax_heading(header: str) -> bool:
    """A heading that holds a tax amount: its last word is a tax word, or a tax word followed by amount / value /
    total (`Tax Amount`, `totalTaxValue`); `Tax Rate`, `Tax Code`, `Taxable`, `Tax Exempt` are not."""
    words = mapping.header_key(header).split()
    if not words or set(words) & _NOT_TAX_ALONE:  # `Inc-Tax Total`, `Total ex GST` are amounts, not their tax
        return False
    if words[-1] in _TAX_WORDS:
        return True
    return len(words) >= 2 and words[-1] in _AMOUNT_WORDS and words[-2] in _TAX_WORDS


def _comma(rows: pl.DataFrame, cols: list[str], semicolon: bool) -> bool:
    return values.uses_decimal_comma([series(rows, c).cast(pl.Utf8) for c in cols], semicolon)


def _money(rows: pl.DataFrame, cols: list[str], semicolon: bool) -> dict[str, pl.Series]:
    comma = _comma(rows, cols, semicolon)
    return {c: values.money(series(rows, c).cast(pl.Utf8), comma) for c in cols}


def _shown(v: Any) -> str:
    return f"{float(v or 0):,.2f}"


def apply(table: Any, det: mapping.Detection, profile: mapping.Profile, said: list[str]) -> tuple[Any, dict[str, Any]]:
    """``table`` with the tax a mapping names subtracted from the amount; refuses a mapped gross amount beside an
    unnamed tax column. Returns the table and the rules to report (``tax_removed``, ``tax_amount_not_revenue``)."""
    if det.dataset != "invoices":
        return table, {}
    name = table.file_name
    amount = next((c for c, t in det.columns.items() if t == "amount"), None)
    named_tax = [c for c, t in det.columns.items() if t == TARGET]
    if len(named_tax) > 1:
        raise FileRejected(name, f"the mapping names {len(named_tax)} tax columns ({', '.join(named_tax)}); one is subtracted "
                           "from the amount", "map one column to tax and the others to ignore")
    if amount is None:
        if named_tax:
            raise FileRejected(name, f"the mapping names `{named_tax[0]}` as tax but no column as the amount it is taken from",
                               "map the document total to amount beside it")
        return table, {}
    semicolon = table.delimiter == ";"
    if named_tax:
        return _subtract(table, det, amount, named_tax[0], semicolon, said)
    _refuse_gross(table, det, profile, amount, semicolon)
    return table, {}


def _subtract(table: Any, det: mapping.Detection, amount: str, tax: str, semicolon: bool, said: list[str]
              ) -> tuple[Any, dict[str, Any]]:
    name = table.file_name
    words = set(mapping.header_key(amount).split())
    if words & _NET_WORDS:
        raise FileRejected(
            name, f"the mapping subtracts the tax in `{tax}` from `{amount}`, whose heading says it is already before tax; "
            "subtracting would count the tax off twice, so nothing was loaded",
            f"map `{tax}` to ignore (`{amount}` is the net amount), or map the document total to amount and keep `{tax}`: tax")
    tax_words = set(mapping.header_key(tax).split())
    if tax_words & _NOT_AN_AMOUNT or "%" in tax:
        raise FileRejected(
            name, f"the mapping subtracts `{tax}` from `{amount}` as the tax, but its heading names a rate, code or "
            "exemption, not an amount of tax; nothing was loaded",
            f"map `{tax}` to ignore, and map the column that holds the tax AMOUNT to tax (or none if `{amount}` is "
            "before tax)")
    rows = table.rows
    money = _money(rows, [amount, tax], semicolon)
    present = series(rows, tax).cast(pl.Utf8).str.strip_chars().fill_null("") != ""
    unread = rows.filter(money[tax].is_null() & present)
    if unread.height:
        shown = ", ".join(str(r) for r in unread[ROW].head(5).to_list())
        raise FileRejected(name, f"`{tax}` (the tax the mapping subtracts from `{amount}`) cannot be read as money on row(s) "
                           f"{shown}; the amount would keep its tax there, so nothing was loaded",
                           f"correct those cells of `{tax}` (or leave them empty for no tax) and load the file again")
    taxes = money[tax].fill_null(0)
    _refuse_impossible_tax(name, rows, money[amount], taxes, amount, tax)
    net = pl.Series("__net", money[amount] - taxes)
    # written back in the file's own decimal mark, ungrouped: the pipeline reads the column with the file's mark
    as_text = pl.Series("__net", [None if v is None else f"{v:.4f}" for v in net.to_list()], pl.Utf8)
    if _comma(rows, [amount, tax], semicolon):
        as_text = as_text.str.replace(".", ",", literal=True)
    rows = rows.with_columns(pl.when(as_text.is_not_null()).then(as_text).otherwise(exact_col(amount)).alias(amount))
    table.rows = rows
    taxed = int(((taxes != 0) & money[amount].is_not_null()).sum())
    total = taxes.filter(money[amount].is_not_null()).sum()
    det.columns[tax] = mapping.IGNORE
    said.append(f"`{tax}` (tax, {_shown(total)} on {taxed} row(s)) subtracted from `{amount}`: revenue is net of tax")
    return table, {"tax_removed": taxed, "tax_amount_not_revenue": f"{float(total or 0):.2f}"}


def _refuse_impossible_tax(name: str, rows: pl.DataFrame, amounts: pl.Series, taxes: pl.Series, amount: str,
                           tax: str) -> None:
    """A tax larger than the amount it is part of, or of the other sign, is no tax of that amount (a rate or
    another column mapped by mistake): subtracting it would make an invoice a credit or a credit an invoice."""
    bad = amounts.is_not_null() & (taxes != 0) & ((taxes.abs() > amounts.abs()) | ((taxes > 0) & (amounts < 0))
                                                 | ((taxes < 0) & (amounts > 0)))
    if not int(bad.sum()):
        return
    shown = ", ".join(str(r) for r in rows.filter(bad)[ROW].head(5).to_list())
    raise FileRejected(
        name, f"`{tax}` (the tax the mapping subtracts from `{amount}`) is larger than the amount or of the other sign "
        f"on {int(bad.sum())} row(s) ({shown}): it cannot be the tax in that amount, so nothing was loaded",
        f"check that `{tax}` holds the tax amount in `{amount}` (not a rate or another column); correct those rows or "
        "map the right column to tax")


def _refuse_gross(table: Any, det: mapping.Detection, profile: mapping.Profile, amount: str, semicolon: bool) -> None:
    """A mapped total beside a tax column the mapping leaves unnamed is refused when the column holds tax."""
    words = set(mapping.header_key(amount).split())
    if words & _NET_WORDS:
        return
    taxes = [c for c in table.header if c not in profile.columns and c != amount and det.columns.get(c) is None
             and is_tax_heading(c)]
    if not taxes:
        return
    # a net amount the file has beside the total: a column nothing reads (unmapped, or mapped to ignore)
    money_cols = [c for c in table.header if c not in (amount, *taxes)
                  and det.columns.get(c, mapping.IGNORE) == mapping.IGNORE and not c.startswith("__")]
    rows = table.rows
    parsed = _money(rows, [amount, *taxes], semicolon)
    for tax in taxes:
        tx = parsed[tax].fill_null(0)
        taxed = (tx != 0) & parsed[amount].is_not_null()
        if not int(taxed.sum()):
            continue
        if _beside(rows, parsed[amount], tx, taxed, money_cols, semicolon, 1) is not None:
            continue  # another column is the amount plus the tax (MYOB's `Inc-Tax Total` beside `Total`): it is net
        gross_heading = bool(words & _GROSS_WORDS)
        net_col = _beside(rows, parsed[amount], tx, taxed, money_cols, semicolon, -1)
        if not gross_heading and net_col is None:
            continue
        why = ("its heading says it is a total" if gross_heading else f"it is `{net_col}` plus `{tax}` on every taxed row")
        net_hint = f", or map `{net_col}` (before tax) as the amount" if net_col else ""
        raise FileRejected(
            table.file_name,
            f"the mapping's amount `{amount}` includes the tax in `{tax}` ({why}; {_shown(tx.filter(taxed).sum())} of tax on "
            f"{int(taxed.sum())} row(s)), and revenue is net of tax; nothing was loaded",
            f"add `\"{tax}\": tax` to the mapping's columns (the tax is subtracted from `{amount}`){net_hint}; if `{amount}` "
            f"really is before tax, say so with `\"{tax}\": ignore`")


def _beside(rows: pl.DataFrame, amount: pl.Series, tax: pl.Series, taxed: pl.Series, cols: list[str],
            semicolon: bool, sign: int) -> str | None:
    """A money column that is the amount plus (``sign`` 1: the gross) or less (-1: the net) the tax on every taxed
    row, if one is there."""
    if not cols:
        return None
    parsed = _money(rows, cols, semicolon)
    for c, s in parsed.items():
        diff = (s - sign * tax - amount).abs().filter(taxed)
        if diff.len() and diff.null_count() == 0 and float(diff.max()) < 0.005:
            return c
    return None
