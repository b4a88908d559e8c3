"""The one formatter: every value a person reads (pages, exports, the PDF, benchmark packs, Ask's narratives).

Money is rounded half-up to cents only here, never before summing; hours to one decimal, percentages to one
decimal of a percent, changes likewise, all half-up on the exact decimal value (so 1,234.25 h is "1,234.3 h" on
a tile, in the PDF and in Ask alike). Dates are ISO (``2026-03-01``), never ``00:00:00``. Column and enum names
(``gross_margin``, ``chase_unbilled``) become human labels through ``label`` and ``words``; names typed by
users are escaped with ``escape_markdown`` wherever Streamlit would read them as Markdown.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

MONEY_COLUMNS = {
    "revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "ehr", "license_waste", "overhead",
    "amount", "monthly_fee", "hourly_cost", "unit_cost", "unit_price", "cost_rate", "bill_rate", "monthly_effect",
    "contribution_money", "target_fee",
    "excess_money", "gap_money",  # Trends' anomalies, Explain's parts (h112: printed 3670.99, 9181.69 without "$")
}
PERCENT_COLUMNS = {
    "gross_margin", "license_utilization", "license_activity", "billable_utilization", "total_utilization", "confidence",
    "billable_share",  # an Ask answer's column (moat.ai.catalogue: percent)
}
HOURS_COLUMNS = {"hours", "available_hours", "billable_hours", "worked_hours"}
CENT = Decimal("0.01")
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}
KINDS = ("money", "percent", "hours", "count", "number", "date", "text")

# Human labels for the field names the app shows; anything not listed is turned into words by ``label``.
LABELS = {
    "client_name": "Client", "segment": "Segment", "agreement_type": "Agreement", "revenue": "Revenue",
    "labour_cost": "Labour cost", "license_cost": "Licence cost", "other_cost": "Other cost",
    "gross_profit": "Gross profit", "gross_margin": "Gross margin", "hours": "Hours", "ehr": "Effective hourly rate",
    "note": "Note", "clients": "Clients", "product": "Product", "vendor": "Vendor", "seats_purchased": "Seats bought",
    "seats_assigned": "Seats assigned", "seats_active": "Seats active", "license_utilization": "Assigned / bought",
    "license_activity": "Active / assigned", "license_waste": "Licence waste", "technician_name": "Technician",
    "role": "Role", "available_hours": "Available hours", "billable_hours": "Billable hours",
    "worked_hours": "Worked hours", "billable_utilization": "Billable utilisation",
    "total_utilization": "Total utilisation", "band": "Against target", "month": "Month", "overhead": "Overhead",
    "monthly_effect": "Per month", "confidence": "Confidence", "entity": "Who", "entity_type": "Kind of subject",
    "metric": "Figure", "value": "Value", "status": "Status", "requested_by": "Requested by", "reason": "Reason",
    "created_by": "Created by", "created_at": "Created", "decided_by": "Decided by", "decided_at": "Decided",
    "approval_id": "Request", "result_id": "Result", "run_id": "Run", "kind": "Kind", "action": "What to do",
    "risk_score": "Risk score", "reasons": "Why", "series": "Series", "median": "Median", "z": "Robust z",
    "score": "Score", "comment": "Comment", "user_name": "User", "at": "When", "detail": "Detail",
    "target": "Subject", "snapshot_id": "Snapshot", "file_name": "File", "row_number": "Row",
    "column_name": "Column", "contribution_money": "Contribution", "target_fee": "Target fee",
    "monthly_fee": "Monthly fee", "amount": "Amount", "date": "Date", "period_start": "From", "period_end": "To",
    "shown_value": "Value", "requested_at": "Requested", "provisional": "Provisional", "capacity_note": "Capacity",
    "event": "Action", "excess_money": "Against the median", "gap_money": "Gap in money", "contribution_pts": "Contribution (pts)",
}
# Enum values stored in the database, as a person reads them.
WORDS = {
    "reprice": "Below the target margin", "reclaim_seats": "Licences paid for but unused",
    "rebalance": "Technician utilisation outside the healthy band", "chase_unbilled": "Billable hours not billed",
    "anomaly": "Unusual month", "pending": "Waiting for approval", "pending_review": "Waiting for approval",
    "changes_requested": "Changes requested", "approved": "Approved", "rejected": "Rejected",
    "withdrawn": "Withdrawn", "client": "Client", "company": "Company", "technician": "Technician",
    "product": "Product", "segment": "Segment", "below": "Below target", "within": "Within target",
    "above": "Above target",
}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def half_up(value: Any, places: int) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals, from its exact decimal text (floats via ``repr``)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(value: Any) -> Decimal | None:
    """Round half-up to cents (display/export only)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def count_text(n: Any, noun: str | None = None) -> str:
    """"1 row", "50,000 rows": counts a user reads, grouped by thousands, the noun agreeing ("n/a" if unknown)."""
    if _missing(n):
        return "n/a"
    number = int(half_up(n, 0))
    return f"{number:,}" if noun is None else f"{number:,} {noun}{'' if number == 1 else 's'}"


def currency_symbol(currency: str) -> str:
    """"USD" -> "$"; a symbol passes through; an unknown ISO code is written before the amount ("CHF ")."""
    if len(currency) == 3 and currency.isalpha() and currency.isupper():
        return CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    return currency


def money_text(value: Any, currency: str = "$") -> str:
    """"$1,234.57", "-$12.00": half-up to cents; ``currency`` is a symbol or an ISO code (the base currency)."""
    amount = money(value)
    if amount is None:
        return "n/a"
    sign = "-" if amount < 0 else ""
    return f"{sign}{currency_symbol(currency)}{abs(amount):,.2f}"


def percent_text(value: Any, digits: int = 1) -> str:
    """A fraction as a percentage, half-up: 0.12345 -> "12.3%"."""
    if _missing(value):
        return "n/a"
    return f"{half_up(Decimal(str(value)) * 100, digits):,}%"


def percents_apart(value: Any, threshold: Any, most: int = 6) -> tuple[str, str]:
    """``value`` and ``threshold`` as percentages with the fewest decimals (one at least) that tell them apart, so a
    value just below a threshold never reads as equal to it ("69.96% below 70.00%", not "70.0% below 70.0%")."""
    digits = 1
    while digits < most and value != threshold and percent_text(value, digits) == percent_text(threshold, digits):
        digits += 1
    return percent_text(value, digits), percent_text(threshold, digits)


def hours_text(value: Any) -> str:
    """Hours to one decimal, half-up: 1234.25 -> "1,234.3 h"."""
    if _missing(value):
        return "n/a"
    return f"{half_up(value, 1):,} h"


def number_text(value: Any, digits: int = 1) -> str:
    """A plain number grouped by thousands, half-up to ``digits`` decimals."""
    if _missing(value):
        return "n/a"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return f"{half_up(value, digits):,}"


def size_text(n: Any) -> str:
    """A size in bytes as MiB, one decimal, half-up: 1_572_864 -> "1.5 MiB" ("n/a" when unknown)."""
    if _missing(n):
        return "n/a"
    return f"{half_up(Decimal(int(n)) / (1 << 20), 1):,} MiB"


def date_text(value: Any) -> str:
    """A date as ISO ``2026-03-01``; a timestamp adds the minutes only when it has a time of day."""
    if value is None:
        return "n/a"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def change_text(change: float | None, kind: str) -> str:
    """A change against the previous period: percentage points for ratios, relative percent for amounts."""
    if _missing(change):
        return "n/a"
    points = half_up(Decimal(str(change)) * 100, 1)
    sign = "+" if points >= 0 else "-"
    return f"{sign}{abs(points):,}{' pp' if kind == 'percent' else '%'}"


def value_text(value: Any, kind: str, currency: str = "$") -> str:
    """Any value by its kind (money, percent, hours, count, number, date, text): the one dispatcher."""
    if kind == "money":
        return money_text(value, currency)
    if kind == "percent":
        return percent_text(value)
    if kind == "hours":
        return hours_text(value)
    if kind == "count":
        return count_text(value)
    if kind == "number":
        return number_text(value)
    if kind == "date":
        return date_text(value)
    return "n/a" if value is None else str(value)


def column_kind(name: str) -> str | None:
    """The kind of a known column (money, percent, hours), None for anything else."""
    if name in MONEY_COLUMNS:
        return "money"
    if name in PERCENT_COLUMNS:
        return "percent"
    if name in HOURS_COLUMNS:
        return "hours"
    return None


def label(name: str) -> str:
    """A field name as a column header: "gross_margin" -> "Gross margin", unknown ones turned into words."""
    if name in LABELS:
        return LABELS[name]
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def words(value: Any) -> str:
    """An enum value as a person reads it: "chase_unbilled" -> "Billable hours not billed"."""
    if value is None:
        return ""
    text = str(value)
    return WORDS.get(text.removeprefix("insight_"), label(text))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~:$&])")
_LEADING_MARKER = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")
# GFM autolinks bare "http://", "www." and e-mail addresses; a backslash does not stop it. A word joiner (U+2060,
# invisible) inside each of those breaks the pattern, so the name reads the same and nothing becomes a link.
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(\\:)(?=//)|(www)(?=\.)|(@)")


_MESSAGE_SPECIAL = re.compile(r"([\\\[\]<>$~|*])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)
# A newline between two lines of text (Markdown draws it as a space); a blank line is a paragraph break already.
_SOFT_BREAK = re.compile(r"(?<=[^\s])[ \t]*\n(?=[^\n])")


def escape_message(text: Any) -> str:
    """A message (an error, a refusal, a result sentence) made inert for ``st.error``/``st.warning``/...: links,
    images, HTML, LaTeX, Streamlit directives (``:red[...]``), tables, strike-through, emphasis and headings cannot
    form, whatever a file name, a pack's strings or a typed value put in it (h42 F3). Unlike ``escape_markdown`` it
    keeps line breaks, back-ticked commands and underscores (``dp_budget`` reads as typed)."""
    escaped = _MESSAGE_SPECIAL.sub(r"\\\1", str(text))
    escaped = escaped.replace("://", "\\://").replace("www.", "www\\.")  # no autolinked address either
    escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return _SOFT_BREAK.sub("  \n", escaped)  # h103: a lone newline is a hard break, as the message was written


def escape_markdown(text: Any) -> str:
    """User text made inert for Streamlit Markdown, shown as typed.

    Every character Markdown, Streamlit directives (``:red[...]``, ``:material/x:``), LaTeX (``$``) or HTML could
    act on is backslash-escaped, a leading list or heading marker too, and line breaks become spaces, so a name
    like ``[Sign in](http://x)`` or ``![b](http://x/b.png)`` is neither a link nor an image; bare addresses
    (``http://x``, ``www.x``, ``a@x``), which Markdown links on its own, get an invisible word joiner.
    """
    flat = " ".join(str(text).split())
    escaped = _AUTOLINK.sub(lambda m: m.group(0) + _JOINER, _MARKDOWN_SPECIAL.sub(r"\\\1", flat))
    return _LEADING_MARKER.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), escaped)


def records(df: pl.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts for export: money columns as cent Decimals, other decimals exact, ratios as floats."""
    out = []
    cols = columns or df.columns
    for row in df.select(cols).iter_rows(named=True):
        rec = {}
        for key, value in row.items():
            if key in MONEY_COLUMNS and value is not None:
                rec[key] = money(value)
            elif isinstance(value, float) and math.isnan(value):
                rec[key] = None
            else:
                rec[key] = value
        out.append(rec)
    return out


class _Number(float):
    """A float subclass whose repr is the exact decimal text, so json writes 1234.50 rather than 1234.5000000001."""

    def __new__(cls, text: str) -> _Number:
        obj = super().__new__(cls, float(text))
        obj._text = text
        return obj

    def __repr__(self) -> str:
        return self._text


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _Number(format(value, "f")) if value.is_finite() else None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON with Decimals written as exact numbers (json's C encoder would print floats its own way)."""
    encoder = json.JSONEncoder(indent=indent, ensure_ascii=False)
    iterencode = json.encoder._make_iterencode(  # type: ignore[attr-defined]
        {}, encoder.default, json.encoder.py_encode_basestring, " " * indent if indent else None,
        lambda f: repr(f) if isinstance(f, _Number) else float.__repr__(f),
        ": ", ", " if indent is None else ",", False, False, True,
    )
    return "".join(iterencode(_jsonable(value), 0))


# Columns holding enum values (statuses, kinds): shown through ``words``.
ENUM_COLUMNS = {"status", "kind", "entity_type", "band", "metric", "action_kind", "event"}


def display_frame(df: pl.DataFrame, currency: str = "$", kinds: Mapping[str, str] | None = None,
                  ) -> tuple[pl.DataFrame, dict[str, tuple[str, str]]]:
    """``df`` ready for a table a person reads, and per column its (header, format).

    Values stay numbers (so a column still sorts), rounded half-up exactly as ``value_text`` prints them; the
    format is a printf pattern (or "date"/"datetime"/"text") that then shows that rounded value with its unit:
    money with the currency, ratios as percentages, hours with "h", enum values as words, dates as ISO.
    ``kinds`` names the kind of a column whose name does not say it (an Ask answer's "before" / "after" /
    "change" are in the unit of the metric asked; "points": a change of a ratio, in percentage points).
    """
    symbol = currency_symbol(currency).replace("%", "%%")
    columns, spec = [], {}
    for name, dtype in df.schema.items():
        series = df[name]
        kind = (kinds or {}).get(name) or column_kind(name)
        if kind == "money" and (dtype.is_numeric() or dtype == pl.Decimal):
            series, fmt = _rounded(series, 2), f"{symbol}%,.2f"
        elif kind == "percent" and dtype.is_numeric():
            series, fmt = _rounded(series, 1, scale=100), "%.1f%%"
        elif kind == "points" and dtype.is_numeric():
            series, fmt = _rounded(series, 1, scale=100), "%.1f pp"
        elif kind == "count" and dtype.is_numeric():  # seats, clients: whole numbers, whatever the column's type
            series, fmt = _rounded(series, 0), "%,.0f"
        elif kind == "hours" and dtype.is_numeric():
            series, fmt = _rounded(series, 1), "%,.1f h"
        elif dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
            fmt = "datetime"
        elif dtype == pl.Date:
            fmt = "date"
        elif dtype.is_integer():
            fmt = "%,d"
        elif dtype.is_numeric():
            series, fmt = _rounded(series, 2), "%,.2f"
        elif dtype == pl.Boolean:  # h103: "Yes" / "No" as people write it, not "true"
            series, fmt = pl.Series(name, [{True: "Yes", False: "No"}.get(v, "") for v in series.to_list()], pl.Utf8), "text"
        elif name in ENUM_COLUMNS and dtype == pl.Utf8:
            series, fmt = pl.Series(name, ["" if v is None else words(v) for v in series.to_list()], pl.Utf8), "text"
        else:
            fmt = "text"
            if dtype == pl.Utf8:  # h103: an empty cell reads empty, never Streamlit's grey "None"
                series = series.fill_null("")
        columns.append(series)
        spec[name] = (label(name), fmt)
    return pl.DataFrame(columns) if columns else df, spec


def _rounded(series: pl.Series, places: int, scale: int = 1) -> pl.Series:
    # "+ 0.0": a value rounding to zero from below is 0, not "-0.00" (Trends' risk parts read -0.00, h112)
    values = [None if _missing(v) else float(half_up(Decimal(str(v)) * scale, places)) + 0.0 for v in series.to_list()]
    return pl.Series(series.name, values, pl.Float64)
