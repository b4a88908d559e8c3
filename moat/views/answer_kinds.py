"""The unit of an Ask answer's columns that are named for no metric, for every table that draws an answer.

The Ask page draws an answer and the Approvals page draws the same answer once it is sent for approval; both read
the unit of "before" / "after" / "change" (a two-period answer), "share" and "total_<metric>" here, so one answer
reads the same on both (h112: the Approvals page read 0.34 / 0.31 / -0.03 where Ask read 34.1% / 31.3% / -2.8 pp).
"""

from __future__ import annotations

from collections.abc import Sequence

# The table kind of a metric's kind (``moat.ai.catalogue.Metric.kind``), for the columns named for no metric.
METRIC_KIND_SHOWN = {"money": "money", "percent": "percent", "hours": "hours", "count": "count", "seats": "count"}
# A two-period answer's columns (h103): the values and their change in the metric's unit; a ratio changes in points.
TWO_PERIOD_COLUMNS = ("before", "after", "change")
# Fractions of a whole an answer carries under a name the formatter does not know (a share of a total, a change
# in percent of the earlier value): shown as percentages.
SHARE_COLUMNS = ("share", "change_pct")


def column_kinds(columns: Sequence[str], metric_name: str | None) -> dict[str, str]:
    """The kind of each of ``columns`` named for no metric, in an answer about ``metric_name``: a two-period answer's
    "before" / "after" / "change" are in the unit of the metric asked ("gross margin Q2 vs Q3": 34.1% -> 31.3%,
    -2.8 pp, as its narrative says; they read 0.34, 0.31, -0.03 before h103); "share" and "change_pct" are
    percentages, and "total_revenue" (the whole a share is of) is money like "revenue"."""
    from moat.ai.catalogue import METRICS  # lazily, as before: importing a view loads no parser tables

    metric = METRICS.get(str(metric_name or ""))
    shown = METRIC_KIND_SHOWN.get(metric.kind) if metric is not None else None
    kinds: dict[str, str] = {c: "percent" for c in SHARE_COLUMNS if c in columns}
    for column in columns:  # "total_revenue" beside a share: the whole, in the unit of its metric
        whole = METRICS.get(column.removeprefix("total_")) if column.startswith("total_") else None
        if whole is not None and whole.kind in METRIC_KIND_SHOWN:
            kinds[column] = METRIC_KIND_SHOWN[whole.kind]
    if shown is not None:
        for column in TWO_PERIOD_COLUMNS:
            if column in columns:
                kinds[column] = "points" if column == "change" and shown == "percent" else shown
    return kinds
