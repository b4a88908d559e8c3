"""What-if: change a client's fee, remove seats of a SKU, move hours between technicians, and see the effect.

The scenario is applied to the current data inside a transaction that is always rolled back, and the real metric
functions (``profitability``, ``utilization``) are run inside it. So the effect is computed by exactly the code
that computes the published figures, and nothing is ever saved: other sessions never see the change (DuckDB
isolates uncommitted work) and the rollback discards it.

- fee: the client's monthly revenue becomes ``new_monthly_fee``; one adjustment invoice per month of the period
  adds (new fee - average monthly revenue), so the period's revenue becomes new fee x months. (The clients file's
  ``monthly_fee`` is not used: it is often stale, as the demo's Meridian story shows.)
- seats: ``remove_seats`` fewer seats purchased of ``product`` at the client in every billed month.
- hours: ``move_hours`` per month move from ``from_technician`` to ``to_technician`` at the client (billable
  work changes hands, so the client's labour cost changes by the difference of the two hourly costs).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from moat.analytics.evidence import period_months
from moat.db import Connection, Error, scalar
from moat.errors import MoatError
from moat.formatting import money_text
from moat.governance.permissions import User, require
from moat.metrics.periods import Period
from moat.metrics.profitability import profitability
from moat.metrics.utilization import utilization
from moat.names import normalize


@dataclass(frozen=True)
class Scenario:
    client: str
    new_monthly_fee: Decimal | None = None
    product: str | None = None
    remove_seats: int = 0
    from_technician: str | None = None
    to_technician: str | None = None
    move_hours: float = 0.0  # per month


@dataclass(frozen=True)
class Outcome:
    changes: pl.DataFrame  # metric, entity, before, after, change
    client_before: dict[str, Any]
    client_after: dict[str, Any]
    notes: list[str]


def _apply(con: Connection, s: Scenario, key: str, name: str, period: Period, revenue: Decimal, notes: list[str],
           currency: str = "USD") -> None:
    months = period_months(period)
    if s.new_monthly_fee is not None:
        delta = Decimal(str(s.new_monthly_fee)) - revenue / len(months)
        for i, m in enumerate(months):
            con.execute(
                "INSERT INTO invoices (snapshot_id, row_key, is_current, client_key, client_name, date, amount, status, category) "
                "VALUES (0, ?, true, ?, ?, ?, ?, 'whatif', 'what-if fee change')",
                [f"whatif-fee-{i}", key, name, max(m, period.start), delta],
            )
        # in the base currency like every amount the page shows (it read "+9,304.38 per month", h112)
        notes.append(f"fee change: {'+' if delta >= 0 else ''}{money_text(delta, currency)} a month, in each of the "
                     f"{len(months)} months")
    if s.remove_seats and s.product:
        con.execute(
            "UPDATE licenses SET seats_purchased = greatest(seats_purchased - ?, 0) "
            "WHERE is_current AND client_key = ? AND lower(product) = lower(?)",
            [int(s.remove_seats), key, s.product],
        )
        notes.append(f"{s.remove_seats} fewer {s.product} seats in every billed month")
    if s.move_hours and s.from_technician and s.to_technician:
        total = Decimal(str(s.move_hours)) * len(months)
        for tech, hours in ((s.from_technician, -total), (s.to_technician, total)):
            tkey = normalize(tech)
            tname = scalar(con, "SELECT any_value(technician_name) FROM cur_technicians WHERE technician_key = ?", [tkey])
            if tname is None:
                raise MoatError(f"no technician {tech!r} is known", "pick one from the utilisation page")
            con.execute(
                "INSERT INTO time_entries (snapshot_id, row_key, is_current, technician_key, technician_name, client_key, "
                "client_name, date, hours, billable, work_type) VALUES (0, ?, true, ?, ?, ?, ?, ?, ?, true, 'what-if')",
                [f"whatif-hours-{tkey}", tkey, tname, key, name, period.end, hours],
            )
        notes.append(f"{s.move_hours:g} h/month moved from {s.from_technician} to {s.to_technician} at {name}")


def simulate(con: Connection, user: User, period: Period, scenario: Scenario, currency: str = "USD") -> Outcome:
    """Before/after of the client's profitability, the company totals and the two technicians' utilisation; the
    notes write money in ``currency`` (the base currency)."""
    require(user, "run_analytics")
    key = normalize(scenario.client)
    notes: list[str] = []
    # Its own cursor, so the scratch transaction never meets the caller's (a page reads in a read-only snapshot);
    # before and after are both computed inside it, so they describe the same data.
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        prof_before, util_before = profitability(cur, period), utilization(cur, period)
        row = prof_before.filter(pl.col("client_key") == key)
        if row.is_empty():
            raise MoatError(f"{scenario.client} has no activity in {period}", "choose a client from the profitability page")
        name, revenue = row["client_name"][0], Decimal(str(row["revenue"][0]))
        _apply(cur, scenario, key, name, period, revenue, notes, currency)
        prof_after, util_after = profitability(cur, period), utilization(cur, period)
    except Error as err:
        raise MoatError(f"the what-if could not be computed: {err}", "the database may be read-only") from err
    finally:
        cur.execute("ROLLBACK")
        cur.close()
    changes = _compare(prof_before, prof_after, util_before, util_after, key, scenario)
    return Outcome(changes, _client(prof_before, key), _client(prof_after, key), notes)


def _client(prof: pl.DataFrame, key: str) -> dict[str, Any]:
    hit = prof.filter(pl.col("client_key") == key)
    return hit.row(0, named=True) if hit.height else {}


def _company(prof: pl.DataFrame) -> dict[str, Any]:
    revenue = prof["revenue"].sum()
    gross = prof["gross_profit"].sum()
    return {"revenue": revenue, "gross_profit": gross,
            "gross_margin": float(gross) / float(revenue) if revenue else None}


def _compare(pb: pl.DataFrame, pa: pl.DataFrame, ub: pl.DataFrame, ua: pl.DataFrame, key: str, s: Scenario) -> pl.DataFrame:
    rows = []

    def add(metric: str, entity: str, before: Any, after: Any) -> None:
        b = None if before is None else float(before)
        a = None if after is None else float(after)
        rows.append({"metric": metric, "entity": entity, "before": b, "after": a,
                     "change": None if a is None or b is None else a - b})

    cb, ca = _client(pb, key), _client(pa, key)
    for metric in ("revenue", "labour_cost", "license_cost", "gross_profit", "gross_margin", "ehr"):
        add(metric, cb.get("client_name", key), cb.get(metric), ca.get(metric))
    kb, ka = _company(pb), _company(pa)
    for metric in ("gross_profit", "gross_margin"):
        add(metric, "company", kb[metric], ka[metric])
    for tech in (s.from_technician, s.to_technician):
        if s.move_hours and tech:
            tk = normalize(tech)
            b, a = ub.filter(pl.col("technician_key") == tk), ua.filter(pl.col("technician_key") == tk)
            if b.height and a.height:
                for metric in ("billable_utilization", "total_utilization"):
                    add(metric, b["technician_name"][0], b[metric][0], a[metric][0])
    return pl.DataFrame(rows, schema={"metric": pl.Utf8, "entity": pl.Utf8, "before": pl.Float64, "after": pl.Float64,
                                      "change": pl.Float64})


def options(con: Connection, period: Period, client: str) -> dict[str, Any]:
    """What the what-if page offers for a client: its average monthly revenue, its SKUs, the technicians."""
    from moat.db import rows

    key = normalize(client)
    months = len(period_months(period))
    revenue = scalar(
        con, "SELECT coalesce(sum(amount), 0) FROM cur_invoices WHERE client_key = ? AND date BETWEEN ? AND ? "
        "AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')", [key, period.start, period.end])
    products = [r[0] for r in rows(con, "SELECT DISTINCT product FROM cur_licenses WHERE client_key = ? ORDER BY 1", [key])]
    # h75: a technician disabled in the PSA, or gone before the period's end, is no one to move work to
    techs = [r[0] for r in rows(con, "SELECT technician_name FROM cur_technicians WHERE coalesce(active, true) "
                                     "AND (end_date IS NULL OR end_date >= ?) ORDER BY technician_name", [period.end])]
    return {"monthly_revenue": float(revenue) / months, "products": products, "technicians": techs}
