"""Company KPIs for a period against its previous period (``Period.previous``: whole months against as many
whole months before, other periods against equal length).

A change is only given when it means something: when either period is only partly covered by data the row's
``note`` says so and ``change`` is null; licence-based figures are not compared when the two periods hold a
different number of licence months (``moat.metrics.periods``), nor figures of rows booked once a month
(invoices on the 28th, rent on the 5th) when a custom period and its previous one hold a different number of those
postings (``moat.metrics.postings``). ``change_notes`` decides both for every door: the Overview, the
Profitability page, ``moat metrics summary`` and the report.

Totals are sums of the per-client figures (so the Overview always agrees with the Profitability page). Overhead
(costs without a client) is reported beside gross profit, never spread over clients.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from moat.db import Connection, scalar
from moat.memo import memoised
from moat.metrics.licenses import licenses
from moat.metrics.overhead import overhead
from moat.metrics.periods import Period, comparison_note, licence_months_note
from moat.metrics.postings import posting_note
from moat.metrics.profitability import profitability
from moat.metrics.totals import column_total as _sum
from moat.metrics.utilization import utilization

KPIS = (
    ("revenue", "money"),
    ("gross_profit", "money"),
    ("gross_margin", "percent"),
    ("ehr", "money"),
    ("labour_cost", "money"),
    ("license_cost", "money"),
    ("other_cost", "money"),
    ("license_waste", "money"),
    ("billable_utilization", "percent"),
    ("total_utilization", "percent"),
    ("hours", "hours"),
    ("overhead", "money"),
    ("clients", "count"),
)
# Figures that hold licence cost: not comparable across periods with different numbers of licence months.
LICENCE_BASED = {"license_cost", "license_waste", "gross_profit", "gross_margin"}
# Figures that sum rows booked once a month, by the kinds of rows they hold (``moat.metrics.postings.KINDS``): not
# comparable across a custom period and its previous one holding a different number of those postings.
POSTED_MONTHLY = {"revenue": ("invoices",), "ehr": ("invoices",), "other_cost": ("other_cost",),
                  "gross_profit": ("invoices", "other_cost"), "gross_margin": ("invoices", "other_cost"),
                  "overhead": ("overhead",)}


def change_notes(con: Connection, period: Period, segment: str | None = None) -> dict[str, str | None]:
    """For each KPI, why its change against the previous period is not shown (None where it is): the coverage of
    either period, then the licence months, then the months holding monthly-booked costs (of ``segment``'s clients
    when the figures are one segment's)."""
    coverage = comparison_note(con, period)
    licence = licence_months_note(period)
    posted = {kind: posting_note(con, period, kind, segment) for kind in ("invoices", "other_cost", "overhead")}
    return {name: coverage or (licence if name in LICENCE_BASED else None)
            or next((posted[k] for k in POSTED_MONTHLY.get(name, ()) if posted[k]), None) for name, _ in KPIS}


def kpis(con: Connection, period: Period) -> dict[str, Any]:
    """The KPI values of one period (None where undefined)."""
    prof = profitability(con, period)
    if prof.is_empty():  # no activity at all: "not enough data", never a made-up zero
        return {name: None for name, _ in KPIS} | {"clients": 0}
    lic = licenses(con, period)
    util = utilization(con, period)
    revenue = _sum(prof, "revenue")
    labour = _sum(prof, "labour_cost")
    license_cost = _sum(prof, "license_cost")
    other = _sum(prof, "other_cost")
    hours = _sum(prof, "hours")
    gross = None if None in (revenue, labour, license_cost, other) else revenue - labour - license_cost - other
    available = float(util["available_hours"].sum()) if util.height else 0.0
    return {
        "revenue": revenue,
        "gross_profit": gross,
        "gross_margin": None if gross is None or not revenue else float(gross / revenue),
        "ehr": None if not hours else float(revenue / hours),
        "labour_cost": labour,
        "license_cost": license_cost,
        "other_cost": other,
        "license_waste": _sum(lic, "license_waste") if lic.height else Decimal(0),
        "billable_utilization": float(util["billable_hours"].sum()) / available if available else None,
        "total_utilization": float(util["worked_hours"].sum()) / available if available else None,
        "hours": hours,
        "overhead": overhead(con, period),
        "clients": prof.height,
    }


@memoised
def summary(con: Connection, period: Period) -> pl.DataFrame:
    """Rows of (metric, kind, value, previous, change, note); change is absolute for ratios, relative for amounts,
    null with a ``note`` saying why when the comparison would mislead."""
    now, before = kpis(con, period), kpis(con, period.previous())
    notes = change_notes(con, period)
    rows = []
    for name, kind in KPIS:
        value, previous = now[name], before[name]
        change: float | None = None
        note = notes[name]
        if value is not None and previous is not None and note is None:
            if kind == "percent":
                change = float(value) - float(previous)
            elif previous:
                change = (float(value) - float(previous)) / abs(float(previous))
        rows.append({"metric": name, "kind": kind, "value": None if value is None else str(value),
                     "previous": None if previous is None else str(previous), "change": change, "note": note})
    return pl.DataFrame(rows, schema={"metric": pl.Utf8, "kind": pl.Utf8, "value": pl.Utf8, "previous": pl.Utf8,
                                      "change": pl.Float64, "note": pl.Utf8})


def unconfirmed_clients(con: Connection, period: Period) -> list[str]:
    """Clients with activity in ``period`` that no one has confirmed: no clients-file record and no confirmed
    alias names them (they came from an upload naming someone new). Executive figures that count them say so.

    With the setting ``confirm_new_names`` such rows wait in the quarantine instead (``moat.ingest``); this is
    the net for data loaded without it.
    """
    from moat.db import rows

    if not scalar(con, "SELECT count(*) FROM cur_clients"):
        return []  # no clients file at all: nothing to confirm against
    found = rows(
        con,
        """
        WITH active AS (
            SELECT client_key, any_value(client_name) AS name FROM (
                SELECT client_key, client_name FROM cur_invoices WHERE date BETWEEN ? AND ?
                UNION ALL SELECT client_key, client_name FROM cur_time_entries WHERE date BETWEEN ? AND ?
            ) WHERE client_key IS NOT NULL GROUP BY client_key
        )
        SELECT name FROM active
        WHERE client_key NOT IN (SELECT client_key FROM cur_clients WHERE client_key IS NOT NULL)
          AND client_key NOT IN (SELECT target_key FROM aliases WHERE kind = 'client')
        ORDER BY name
        """,
        [period.start, period.end, period.start, period.end],
    )
    return [r[0] for r in found]
