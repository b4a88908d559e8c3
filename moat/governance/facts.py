"""A stored explanation or evidence object (a dict of keys to numbers, flags, lists, nested objects) as a two-column
list of facts ("what", "detail"), each number printed by the kind its key names: "Inactive share 60.0%", "Unit cost
$22.00", "Active from assigned no". The Approvals page's facts and the Insights page's evidence read it, so neither
shows raw JSON (h112: Insights printed ``"inactive_share":0.6``)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import polars as pl

from moat.formatting import column_kind, label, value_text

# The kind of a fact whose key is no known column (``moat.formatting.column_kind``), by how the key ends: the words
# the analytics rules name their evidence with ("target_margin", "unbilled_value", "hours_per_month_outside_band").
KEY_ENDINGS = (  # in this order: "hours_per_month_outside_band" is hours, a utilisation "band" a pair of percents
    ("hours", ("hours", "outside_band")),
    ("percent", ("share", "tolerance", "confidence", "margin", "target", "band", "utilisation", "utilization")),
    ("money", ("cost", "costs", "revenue", "value", "rate", "fee", "amount", "effect", "price")),
)


def key_kind(key: str) -> str:
    """How a fact's number is printed: a known column's kind, else by the key's ending (``KEY_ENDINGS``), else a
    plain number."""
    known = column_kind(key)
    if known:
        return known
    return next((kind for kind, endings in KEY_ENDINGS if key.lower().endswith(endings)), "number")


def loads(raw: Any) -> Any:
    """A JSON text as its object; an object, None or text that is not JSON as it is."""
    if raw is None or isinstance(raw, (dict, list)):
        return raw
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw


def fact_text(key: str, value: Any, currency: str) -> str:
    """One fact's value: numbers by the kind their key names (money in ``currency``), lists joined, nested objects
    flattened."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value_text(value, key_kind(key), currency)
    if isinstance(value, list):
        return ", ".join(fact_text(key, v, currency) for v in value) if all(not isinstance(v, (dict, list)) for v in value) \
            else f"{len(value)} items"
    if isinstance(value, date):
        return value_text(value, "date")
    return "" if value is None else str(value)


def fact_rows(prefix: str, data: Any, currency: str) -> list[tuple[str, str]]:
    """(what, detail) pairs of ``data``: a nested object's keys read "<outer>: <inner>"."""
    out: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = label(str(key)) if not prefix else f"{prefix}: {label(str(key)).lower()}"
            out += fact_rows(name, value, currency) if isinstance(value, dict) else [(name, fact_text(str(key), value, currency))]
    elif data is not None:
        out.append((prefix or "Detail", fact_text(prefix, data, currency)))
    return out


def facts(data: Any, currency: str) -> pl.DataFrame:
    """``data`` (an object or its JSON text) as the frame of facts the pages tabulate: columns "what", "detail"."""
    return pl.DataFrame(fact_rows("", loads(data), currency), schema={"what": pl.Utf8, "detail": pl.Utf8}, orient="row")
