"""Accounting reports that are not sales, told by their title rows or their row labels, refused naming what they are.

A QuickBooks (or Xero, Sage, MYOB) report export carries its name in the lines above the header ("Profit and Loss by
Customer", "Customer Balance Detail", "A/R Aging Summary", "Estimates by Customer"). Several of those reports have the
very columns of a sales report (a blank-headed customer column and a ``Total``; Date / Num / Amount under customer
group rows), so recognition by header alone loads them as revenue: a P&L's "Income", "Expenses" and "Net Income"
rows become clients, open receivables become the month's sales (h41 D9, D31, D10). The report's own name settles it,
so a title naming one of the reports below refuses the file whatever its header matched, saying what the report is
and which export holds the sales. A P&L exported without its title rows is told by its row labels (``Total Income``,
``Gross Profit``, ``Net Income``): no customer is called that.

Declarations only (``REPORTS``); ``check_title`` and ``check_labels`` apply them.
"""

from __future__ import annotations

import re

import polars as pl

from moat.errors import FileRejected
from moat.ingest.headings import series

_SALES = "export Sales by Customer Detail (or an invoice list) for the period instead"

# (pattern matched at the start of a title line, what the report is, the fix)
REPORTS: tuple[tuple[str, str, str], ...] = (
    (r"profit\s*(?:and|&)\s*loss|p\s*&\s*l\b|income statement|statement of (?:profit|operations|income)",
     "a Profit and Loss report (income and expense accounts, not sales per customer: its rows are accounts and "
     "totals such as Gross Profit and Net Income)", _SALES),
    (r"balance sheet|statement of financial position", "a Balance Sheet (assets and liabilities, not sales)", _SALES),
    (r"statement of cash flows?|cash flows? (?:statement|report)\b", "a cash flow statement (not sales)", _SALES),
    (r"trial balance|general ledger|journal (?:report|entries)\b|transaction detail by account|account (?:list|quickreport)",
     "a ledger report (account balances and postings, not sales per customer)", _SALES),
    (r"a/?r aging|accounts receivable aging|aged (?:receivables|debtors)|aged debtors|collections report",
     "an accounts receivable aging report (the open balances customers owe, not sales: paid invoices are not in it)",
     _SALES),
    (r"a/?p aging|accounts payable aging|aged (?:payables|creditors)|vendor balance|supplier balance|bill payment list|unpaid bills",
     "a payables report (what you owe vendors, not sales)", "load vendor costs as a costs file; " + _SALES),
    (r"customer balance (?:summary|detail)|open invoices|statement list|customer statements?\b",
     "a customer balance report (open receivables, not sales: paid invoices are not in it)", _SALES),
    (r"estimates? (?:by customer|list|detail)|quotes? (?:by customer|list)|sales orders? (?:by customer|list)",
     "an estimates / quotes report (proposals, not invoiced sales)", _SALES),
    (r"payments? (?:received|list|by customer|detail)|deposit detail|deposits? (?:list|detail)",
     "a payments / deposits report (money received, not sales)", _SALES),
    (r"expenses? by vendor|purchases? by vendor|bills? (?:list|by vendor)|check detail",
     "an expenses / purchases report (costs, not sales)", "load it as a costs file with --dataset costs --mapping map.yaml"),
    (r"budgets? (?:overview|vs\.? actuals?|by|report)\b", "a budget report (planned figures, not sales)", _SALES),
)
_COMPILED = tuple((re.compile(r"^\W*(?:" + p + r")", re.IGNORECASE), what, fix) for p, what, fix in REPORTS)

# Row labels only a financial statement has: a customer is never called "Net Income".
_PL_LABELS = re.compile(
    r"^\s*(?:total\s+(?:income|revenue|expenses?|cost of (?:goods sold|sales)|other income|other expenses?)|gross profit|"
    r"net (?:operating )?income|net (?:profit|loss|revenue)|net other income|cost of goods sold|operating expenses|"
    r"total operating expenses)\s*$", re.IGNORECASE)


def check_title(file_name: str, title: list[str]) -> None:
    """Refuse a file whose title rows name a report that is not sales (the title says what the file is)."""
    for line in title:
        text = line.replace('"', " ").strip()
        for pattern, what, fix in _COMPILED:
            if pattern.search(text):
                raise FileRejected(file_name, f"its title rows name {text[:60]!r}: {what}, so no revenue is read from it", fix)


# aging buckets as column headings: "Current", "1 - 30", "31 - 60", "61-90 days", "91 and over", "Over 90"
_AGING_COLUMN = re.compile(r"(?i)^\s*(?:current|\d+\s*[-\u2013]\s*\d+(?:\s*days)?|(?:\d+\s*(?:and|or)\s*(?:over|older|more)|(?:over|>)\s*\d+)(?:\s*days)?)\s*$")


def check_header(file_name: str, header: list[str]) -> None:
    """Refuse an aging report told by its bucket columns (an A/R Aging exported without its title rows)."""
    buckets = [h for h in header if _AGING_COLUMN.match(h)]
    open_ended = [h for h in buckets if not re.match(r"^\s*\d+\s*[-\u2013]", h)]  # "Current", "91 and over"
    if len(buckets) >= 3 and open_ended:
        raise FileRejected(file_name, f"its columns are aging buckets ({', '.join(buckets[:4])}): an accounts receivable "
                           "aging report (the open balances customers owe, not sales: paid invoices are not in it)", _SALES)


# a ledger account as QuickBooks Desktop labels it ("1200 · Accounts Receivable", "Total 2200 · ...": the middle dot is
# its account-number notation, never a customer's), or a control account by name
_LEDGER_ACCOUNT = re.compile(r"(?i)^(?:total\s+)?(?:\d{3,6}(?:[.\-]\d+)?\s*\u00b7\s*\S.*|accounts? (?:receivable|payable)"
                             r"(?:\s*\(a/[rp]\))?|sales tax payable|undeposited funds)$")


def check_labels(file_name: str, rows: pl.DataFrame, columns: list[str]) -> None:
    """Refuse a file whose label columns hold a financial statement's rows (``Gross Profit``, ``Net Income``)."""
    for col in columns:
        if col not in rows.columns:
            continue
        labels = series(rows, col).cast(pl.Utf8).drop_nulls().head(2000).to_list()
        ledger = sorted({str(v).strip() for v in labels if _LEDGER_ACCOUNT.match(str(v).strip())})
        if len(ledger) >= 2:  # h69 D12: group rows are accounts, so each invoice is there once per account it posts to
            raise FileRejected(
                file_name, f"`{col}` groups its rows by ledger accounts ({', '.join(repr(h) for h in ledger[:3])}): a "
                "ledger report (Transaction Detail by Account, General Ledger), where one invoice is posted to accounts "
                "receivable, sales tax and income; summed as sales it counts each invoice two or three times", _SALES)
        hits = sorted({str(v).strip() for v in labels if _PL_LABELS.match(str(v))})
        if len(hits) >= 2:
            raise FileRejected(
                file_name, f"`{col}` holds a financial statement's rows ({', '.join(repr(h) for h in hits[:3])}): "
                "a Profit and Loss report (income and expense accounts), not sales per customer", _SALES)


_BY_OTHER = re.compile(r"(?i)\bby\s+(product(?:\s*/\s*service)?|products?|items?|class(?:es)?|locations?|departments?|"
                       r"vendors?|suppliers?|accounts?|employees?|rep|sales\s*rep)\b")
_CUSTOMER_COLUMN = re.compile(r"(?i)^\s*(?:customer(?:\s+(?:full\s+)?name)?|client(?:\s+name)?|name|company|account\s+name)\s*$")


def check_grouping(file_name: str, title: list[str], header: list[str]) -> None:
    """Refuse a report whose title says its groups are products, items, classes ... (`Sales by Product/Service
    Detail`) when no column names the customer (h69 D32: customised without the Customer column, its product groups
    loaded as clients "Managed Services" and "Cloud Backup"): the file does not say whose sales they are."""
    said = next((line for line in title if "sales" in line.lower() and _BY_OTHER.search(line)), None)
    if said is None or any(_CUSTOMER_COLUMN.match(h) for h in header):
        return
    raise FileRejected(
        file_name, f"its title rows name {said.strip()[:60]!r}: its groups are {_BY_OTHER.search(said).group(1).lower()}s, "
        "not customers, and no column says which customer each line is for; nothing was loaded",
        "add the Customer column to the report (Customize > Rows/Columns) or export Sales by Customer Detail")
