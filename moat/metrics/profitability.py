"""Client profitability: revenue, labour/licence/other cost, gross profit and margin, hours and EHR.

Labour is hours x the entry's cost_rate when given, else the technician's hourly_cost; when neither is known
for some hours (e.g. the original MoatMetrics layout without a technicians file) labour cost and gross profit are
NULL and ``note`` says what to load, rather than inventing a cost. A billing rate is never a cost.
"""

from __future__ import annotations

import polars as pl

from moat.db import Connection, frame
from moat.memo import memoised
from moat.metrics.licenses import LICENSE_MONTHS
from moat.metrics.periods import Period

SQL = f"""
WITH {LICENSE_MONTHS},
rev AS (
    SELECT client_key, any_value(client_name) AS name, sum(amount) AS revenue, count(*) AS invoices
    FROM cur_invoices, p WHERE date BETWEEN p.s AND p.e AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')
    GROUP BY client_key
),
lab AS (
    SELECT te.client_key, any_value(te.client_name) AS name, sum(te.hours) AS hours,
        sum(te.hours) FILTER (WHERE te.billable) AS billable_hours,
        sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS labour_cost,
        -- DuckDB 2.0.1 mis-derives statistics for a FILTERed DECIMAL sum compared later (x > 0 gave false for 2):
        -- compute it as a CASE sum in DOUBLE, which it gets right.
        sum(CASE WHEN coalesce(te.cost_rate, t.hourly_cost) IS NULL THEN te.hours::DOUBLE ELSE 0 END) AS uncosted_hours,
        count(*) AS entries
    FROM cur_time_entries te LEFT JOIN cur_technicians t USING (technician_key), p
    WHERE te.date BETWEEN p.s AND p.e AND te.client_key IS NOT NULL GROUP BY te.client_key  -- internal time: no client
),
lic AS (
    SELECT client_key, any_value(client_name) AS name, sum(seats_purchased * unit_cost) AS license_cost
    FROM lm GROUP BY client_key
),
oth AS (
    SELECT client_key, any_value(client_name) AS name, sum(amount) AS other_cost
    FROM cur_costs, p WHERE client_key IS NOT NULL AND date BETWEEN p.s AND p.e GROUP BY client_key
),
keys AS (
    SELECT client_key, name FROM rev UNION ALL SELECT client_key, name FROM lab
    UNION ALL SELECT client_key, name FROM lic UNION ALL SELECT client_key, name FROM oth
),
k AS (SELECT client_key, any_value(name) AS name FROM keys GROUP BY client_key),
c AS (SELECT client_key, any_value(client_name) AS client_name, any_value(segment) AS segment,
             any_value(agreement_type) AS agreement_type FROM cur_clients GROUP BY client_key),
joined AS (
    SELECT k.client_key, coalesce(c.client_name, k.name) AS client_name, c.segment, c.agreement_type,
        coalesce(rev.revenue, 0)::DECIMAL(38,4) AS revenue,
        CASE WHEN coalesce(lab.uncosted_hours, 0) > 0 THEN NULL ELSE coalesce(lab.labour_cost, 0) END::DECIMAL(38,4) AS labour_cost,
        coalesce(lic.license_cost, 0)::DECIMAL(38,4) AS license_cost,
        coalesce(oth.other_cost, 0)::DECIMAL(38,4) AS other_cost,
        coalesce(lab.hours, 0)::DECIMAL(38,4) AS hours,
        coalesce(lab.billable_hours, 0)::DECIMAL(38,4) AS billable_hours,
        coalesce(lab.uncosted_hours, 0)::DOUBLE AS uncosted_hours,
        coalesce(rev.invoices, 0)::BIGINT AS invoices,
        coalesce(lab.entries, 0)::BIGINT AS entries
    FROM k LEFT JOIN c USING (client_key) LEFT JOIN rev USING (client_key) LEFT JOIN lab USING (client_key)
    LEFT JOIN lic USING (client_key) LEFT JOIN oth USING (client_key)
    WHERE (? IS NULL OR c.segment = ?)
)
SELECT client_key, client_name, segment, agreement_type, revenue, labour_cost, license_cost, other_cost,
    revenue - labour_cost - license_cost - other_cost AS gross_profit,
    CASE WHEN revenue = 0 THEN NULL ELSE ((revenue - labour_cost - license_cost - other_cost) / revenue)::DOUBLE END AS gross_margin,
    hours,
    CASE WHEN hours = 0 THEN NULL ELSE (revenue / hours)::DOUBLE END AS ehr,
    billable_hours, invoices, entries,
    CASE WHEN uncosted_hours > 0
         THEN 'labour cost unknown for ' || round(uncosted_hours, 2)::VARCHAR || ' h: load a technicians file with hourly_cost'
    END AS note
FROM joined
ORDER BY gross_margin ASC NULLS LAST, client_name
"""


@memoised
def profitability(con: Connection, period: Period, segment: str | None = None) -> pl.DataFrame:
    """One row per client with any activity in the period (ordered worst margin first)."""
    return frame(con, SQL, [period.start, period.end, segment, segment])
