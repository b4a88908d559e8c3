"""Everything a full analytics run reads, gathered once per period in a few scans.

The glossary metrics come from ``moat.metrics`` (the same functions the pages use). Beside them, per client and
month: rows, amounts, newest date and the three largest rows of each source (of time entries, whose top-3 lists
cost half the scan again at 1M rows, the largest entry of each month) (for confidence, trends, anomalies
and risk); per technician and month: hours; per client x technician x work type: hours and labour cost (for
explanations). Computing these per period rather than per client keeps a 1M-entry run within a small multiple of
the bare metric SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import polars as pl

from moat.db import Connection, frame, rows, scalar
from moat.memo import memoised
from moat.metrics.licenses import LICENSE_MONTHS, licenses
from moat.metrics.periods import Period, add_months
from moat.metrics.profitability import profitability
from moat.metrics.utilization import utilization

# One row per (source, client_key, month). ``top`` holds the three largest absolute row amounts of that month.
CLIENT_MONTH_SQL = f"""
WITH {LICENSE_MONTHS},
inv AS (
    SELECT 'invoices' AS source, client_key, CAST(date_trunc('month', date) AS DATE) AS month,
        count(*) AS n, sum(amount) AS amount, max(date) AS newest,
        max(abs(amount)::DOUBLE, 3) AS top, sum(abs(amount))::DOUBLE AS abs_total
    FROM cur_invoices, p WHERE date BETWEEN p.s AND p.e AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')
    GROUP BY ALL
),
lab AS (
    SELECT 'time_entries' AS source, te.client_key, CAST(date_trunc('month', te.date) AS DATE) AS month,
        count(*) AS n, sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS amount, max(te.date) AS newest,
        [max(abs(te.hours::DOUBLE * coalesce(te.cost_rate, t.hourly_cost)::DOUBLE))] AS top,
        sum(abs(te.hours::DOUBLE * coalesce(te.cost_rate, t.hourly_cost)::DOUBLE)) AS abs_total,
        sum(te.hours) AS hours, coalesce(sum(te.hours) FILTER (WHERE te.billable), 0) AS billable_hours,
        coalesce(sum(te.hours) FILTER (WHERE coalesce(te.cost_rate, t.hourly_cost) IS NULL), 0) AS uncosted_hours
    FROM cur_time_entries te LEFT JOIN cur_technicians t USING (technician_key), p
    WHERE te.date BETWEEN p.s AND p.e GROUP BY ALL
),
lic AS (
    SELECT 'licenses' AS source, client_key, billed_month AS month, count(*) AS n,
        sum(seats_purchased * unit_cost) AS amount, last_day(max(billed_month)) AS newest,
        max(abs(seats_purchased * unit_cost)::DOUBLE, 3) AS top, sum(abs(seats_purchased * unit_cost))::DOUBLE AS abs_total,
        sum(seats_purchased) AS seats_purchased, sum(coalesce(seats_active, seats_assigned)) AS seats_active,
        count(*) FILTER (WHERE seats_active IS NULL) AS without_active,
        sum((seats_purchased - coalesce(seats_active, seats_assigned)) * unit_cost) AS license_waste
    FROM lm GROUP BY ALL
),
oth AS (
    SELECT 'costs' AS source, client_key, CAST(date_trunc('month', date) AS DATE) AS month,
        count(*) AS n, sum(amount) AS amount, max(date) AS newest,
        max(abs(amount)::DOUBLE, 3) AS top, sum(abs(amount))::DOUBLE AS abs_total
    FROM cur_costs, p WHERE client_key IS NOT NULL AND date BETWEEN p.s AND p.e GROUP BY ALL
)
SELECT * FROM inv UNION ALL BY NAME SELECT * FROM lab UNION ALL BY NAME SELECT * FROM lic
UNION ALL BY NAME SELECT * FROM oth
"""

TECH_MONTH_SQL = """
SELECT technician_key, CAST(date_trunc('month', date) AS DATE) AS month, count(*) AS n, sum(hours) AS hours,
    coalesce(sum(hours) FILTER (WHERE billable), 0) AS billable_hours, max(date) AS newest,
    [max(hours::DOUBLE)] AS top, sum(hours)::DOUBLE AS abs_total
FROM cur_time_entries WHERE date BETWEEN ? AND ? GROUP BY ALL
"""

# Hours and labour cost per client x technician x work type (explanations of margins and of utilisation).
# Optionally restricted to some clients or technicians: at 1M entries the full grid has ~900k groups, so a run
# details only the clients it words explanations for, and a page asks for the one it shows.
DETAIL_SQL = """
SELECT te.client_key, te.technician_key, coalesce(te.work_type, '(no work type)') AS work_type,
    sum(te.hours) AS hours, coalesce(sum(te.hours) FILTER (WHERE te.billable), 0) AS billable_hours,
    sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS labour_cost
FROM cur_time_entries te LEFT JOIN cur_technicians t USING (technician_key)
WHERE te.date BETWEEN ? AND ?
  AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], te.client_key))
  AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], te.technician_key))
GROUP BY ALL
"""

# Non-billable hours that carry a bill rate at T&M (or unknown-agreement) clients: billable work left unbilled.
UNBILLED_SQL = """
WITH c AS (SELECT client_key, any_value(agreement_type) AS agreement_type FROM cur_clients GROUP BY client_key)
SELECT te.client_key, sum(te.hours) AS unbilled_hours, sum(te.hours * te.bill_rate) AS unbilled_value,
    count(*) AS entries
FROM cur_time_entries te LEFT JOIN c USING (client_key)
WHERE te.date BETWEEN ? AND ? AND NOT te.billable AND te.bill_rate IS NOT NULL AND te.client_key IS NOT NULL
  AND coalesce(lower(trim(c.agreement_type)), 't&m') IN ('t&m', 't & m', 'time and materials')
GROUP BY te.client_key
"""

# Last billed month per client x product in the period (seats as they stand now, for reclaiming). A semi join on
# the last month rather than a QUALIFY window: the window's partition sort was twice the cost at 100k licence rows.
LATEST_SEATS_SQL = f"""
WITH {LICENSE_MONTHS},
g AS (
    SELECT client_key, product, billed_month AS month, sum(seats_purchased)::BIGINT AS seats_purchased,
        sum(coalesce(seats_active, seats_assigned))::BIGINT AS seats_active,
        bool_or(seats_active IS NULL) AS active_missing,
        (sum(seats_purchased * unit_cost) / nullif(sum(seats_purchased), 0)) AS unit_cost
    FROM lm GROUP BY client_key, product, billed_month
),
last AS (SELECT client_key, product, max(month) AS month FROM g GROUP BY client_key, product)
SELECT g.* FROM g SEMI JOIN last ON g.client_key IS NOT DISTINCT FROM last.client_key
    AND g.product IS NOT DISTINCT FROM last.product AND g.month = last.month
"""

CLIENTS_SQL = """
SELECT client_key, any_value(client_name) AS client_name, any_value(agreement_type) AS agreement_type,
    any_value(monthly_fee) AS monthly_fee
FROM cur_clients GROUP BY client_key
"""

TECHS_SQL = "SELECT technician_key, any_value(technician_name) AS technician_name, any_value(hourly_cost) AS hourly_cost FROM cur_technicians GROUP BY technician_key"

# Rows whose typed name was resolved through a confirmed alias (not an exact normalised match).
ALIAS_SQL = """
WITH a AS (SELECT alias_name, target_key FROM aliases WHERE kind = 'client'),
r AS (
    SELECT client_key, client_name FROM cur_time_entries WHERE client_key IS NOT NULL AND date BETWEEN ? AND ?
    UNION ALL SELECT client_key, client_name FROM cur_invoices WHERE date BETWEEN ? AND ?
    UNION ALL SELECT client_key, client_name FROM cur_costs WHERE client_key IS NOT NULL AND date BETWEEN ? AND ?
)
SELECT r.client_key, count(*) AS alias_rows FROM r JOIN a ON a.target_key = r.client_key AND a.alias_name = r.client_name
GROUP BY r.client_key
"""

TECH_ALIAS_SQL = """
SELECT te.technician_key, count(*) AS alias_rows FROM cur_time_entries te
JOIN aliases a ON a.kind = 'technician' AND a.target_key = te.technician_key AND a.alias_name = te.technician_name
WHERE te.date BETWEEN ? AND ? GROUP BY te.technician_key
"""

_TABLES = ("clients", "technicians", "time_entries", "invoices", "costs", "licenses")


@dataclass
class Evidence:
    """What one period's analytics read; built by ``gather``."""

    period: Period
    months: list[date]
    prof: pl.DataFrame
    util: pl.DataFrame
    lic: pl.DataFrame
    client_month: pl.DataFrame
    tech_month: pl.DataFrame
    detail: pl.DataFrame
    unbilled: pl.DataFrame
    seats: pl.DataFrame
    clients: pl.DataFrame
    techs: pl.DataFrame
    alias_clients: pl.DataFrame
    alias_techs: pl.DataFrame
    quarantine_rate: dict[str, float]
    snapshot_ids: dict[str, list[int]]
    extra: dict[str, Any] = field(default_factory=dict)

    def snapshots_for(self, *datasets: str) -> list[int]:
        return sorted({s for d in datasets for s in self.snapshot_ids.get(d, [])})


def period_months(period: Period) -> list[date]:
    """First days of the calendar months that overlap the period."""
    months, m = [], period.start.replace(day=1)
    while m <= period.end:
        months.append(m)
        m = add_months(m, 1)
    return months


def quarantine_rates(con: Connection) -> dict[str, float]:
    """Per dataset: open quarantined rows / (rows loaded + open quarantined rows) over active snapshots."""
    found = rows(
        con,
        """
        WITH q AS (SELECT dataset, count(*) AS n FROM quarantine WHERE status = 'open' GROUP BY dataset),
        s AS (SELECT dataset, sum(rows_loaded) AS loaded FROM snapshots WHERE status = 'active' GROUP BY dataset)
        SELECT coalesce(s.dataset, q.dataset), coalesce(q.n, 0), coalesce(s.loaded, 0) FROM s FULL JOIN q USING (dataset)
        """,
    )
    return {d: (n / (n + loaded) if n + loaded else 0.0) for d, n, loaded in found if d is not None}


def snapshot_ids(con: Connection) -> dict[str, list[int]]:
    """The snapshots that currently contribute rows, per dataset (what every result records as its source)."""
    union = " UNION ALL ".join(f"SELECT DISTINCT '{t}' AS d, snapshot_id FROM {t} WHERE is_current" for t in _TABLES)
    out: dict[str, list[int]] = {}
    for dataset, sid in rows(con, f"SELECT d, snapshot_id FROM ({union}) ORDER BY d, snapshot_id"):
        out.setdefault(dataset, []).append(int(sid))
    return out


def detail(con: Connection, period: Period, client_keys: list[str] | None = None,
           technician_keys: list[str] | None = None) -> pl.DataFrame:
    """Hours and labour cost per client x technician x work type, optionally for some clients/technicians only."""
    return frame(con, DETAIL_SQL, [period.start, period.end, client_keys, client_keys, technician_keys, technician_keys])


def gather(con: Connection, period: Period, *, with_detail: bool = True) -> Evidence:
    """Run the metric functions and the evidence queries for ``period``.

    Memoised for page runs (``moat.memo``); each caller gets its own copy of the Evidence, whose fields callers
    may set (``ev.detail = ...``), sharing the frames, which nobody changes in place.
    """
    return replace(_gather(con, period, with_detail))


@memoised
def _gather(con: Connection, period: Period, with_detail: bool) -> Evidence:
    s, e = period.start, period.end
    has_aliases = bool(scalar(con, "SELECT count(*) FROM aliases"))
    return Evidence(
        period=period,
        months=period_months(period),
        prof=profitability(con, period),
        util=utilization(con, period),
        lic=licenses(con, period),
        client_month=frame(con, CLIENT_MONTH_SQL, [s, e]),
        tech_month=frame(con, TECH_MONTH_SQL, [s, e]),
        detail=detail(con, period) if with_detail else pl.DataFrame(),
        unbilled=frame(con, UNBILLED_SQL, [s, e]),
        seats=frame(con, LATEST_SEATS_SQL, [s, e]),
        clients=frame(con, CLIENTS_SQL),
        techs=frame(con, TECHS_SQL),
        alias_clients=frame(con, ALIAS_SQL, [s, e, s, e, s, e]) if has_aliases
        else pl.DataFrame(schema={"client_key": pl.Utf8, "alias_rows": pl.Int64}),
        alias_techs=frame(con, TECH_ALIAS_SQL, [s, e]) if has_aliases
        else pl.DataFrame(schema={"technician_key": pl.Utf8, "alias_rows": pl.Int64}),
        quarantine_rate=quarantine_rates(con),
        snapshot_ids=snapshot_ids(con),
    )
