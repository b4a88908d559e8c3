"""Monthly trend of the profitability glossary: the period cut into calendar months, one row per month.

One SQL pass rather than one ``profitability`` call per month, because the Overview draws twelve months on every
rerun and must load in well under a second. The formulas are the glossary's, written exactly as in
``moat.metrics.profitability`` (same status filter, same cost-rate fallback, licence months from the same
``LICENSE_MONTHS`` expansion), so the months of a period sum to that period's totals to the cent (a test checks
it). Months are clipped to the period: a period starting on the 15th gives a first month of 15..end of month.
Months without any activity are left out rather than drawn as a made-up zero.
"""

from __future__ import annotations

import polars as pl

from moat.db import Connection, frame
from moat.memo import memoised
from moat.metrics.licenses import LICENSE_MONTHS
from moat.metrics.periods import Period, add_months

# Parameters: period start, period end, segment, segment (NULL = every client, as in profitability).
SQL = f"""
WITH {LICENSE_MONTHS},
seg AS (SELECT client_key FROM cur_clients GROUP BY client_key HAVING any_value(segment) = ?),
inseg AS (SELECT ?::VARCHAR IS NULL AS all_clients),
rev AS (
    SELECT CAST(date_trunc('month', date) AS DATE) AS month, sum(amount) AS revenue
    FROM cur_invoices, p, inseg
    WHERE date BETWEEN p.s AND p.e AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')
      AND (inseg.all_clients OR client_key IN (SELECT client_key FROM seg))
    GROUP BY ALL
),
lab AS (
    SELECT CAST(date_trunc('month', te.date) AS DATE) AS month, sum(te.hours) AS hours,
        sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS labour_cost,
        sum(te.hours) FILTER (WHERE coalesce(te.cost_rate, t.hourly_cost) IS NULL) AS uncosted_hours
    FROM cur_time_entries te LEFT JOIN cur_technicians t USING (technician_key), p, inseg
    WHERE te.date BETWEEN p.s AND p.e AND (inseg.all_clients OR te.client_key IN (SELECT client_key FROM seg))
    GROUP BY ALL
),
lic AS (
    SELECT billed_month AS month, sum(seats_purchased * unit_cost) AS license_cost
    FROM lm, inseg WHERE inseg.all_clients OR client_key IN (SELECT client_key FROM seg)
    GROUP BY ALL
),
oth AS (
    SELECT CAST(date_trunc('month', date) AS DATE) AS month, sum(amount) AS other_cost
    FROM cur_costs, p, inseg
    WHERE client_key IS NOT NULL AND date BETWEEN p.s AND p.e
      AND (inseg.all_clients OR client_key IN (SELECT client_key FROM seg))
    GROUP BY ALL
),
months AS (SELECT month FROM rev UNION SELECT month FROM lab UNION SELECT month FROM lic UNION SELECT month FROM oth),
joined AS (
    SELECT months.month,
        coalesce(rev.revenue, 0)::DECIMAL(38,4) AS revenue,
        CASE WHEN coalesce(lab.uncosted_hours, 0) > 0 THEN NULL ELSE coalesce(lab.labour_cost, 0) END::DECIMAL(38,4) AS labour_cost,
        coalesce(lic.license_cost, 0)::DECIMAL(38,4) AS license_cost,
        coalesce(oth.other_cost, 0)::DECIMAL(38,4) AS other_cost,
        coalesce(lab.hours, 0)::DECIMAL(38,4) AS hours
    FROM months LEFT JOIN rev USING (month) LEFT JOIN lab USING (month) LEFT JOIN lic USING (month) LEFT JOIN oth USING (month)
)
SELECT month, revenue, labour_cost, license_cost, other_cost,
    revenue - labour_cost - license_cost - other_cost AS gross_profit,
    CASE WHEN revenue = 0 THEN NULL ELSE ((revenue - labour_cost - license_cost - other_cost) / revenue)::DOUBLE END AS gross_margin,
    hours
FROM joined ORDER BY month
"""


@memoised
def monthly(con: Connection, period: Period, segment: str | None = None) -> pl.DataFrame:
    """(month, revenue, labour_cost, license_cost, other_cost, gross_profit, gross_margin, hours) per month.

    ``month`` is the first day of the calendar month; figures cover only the part of it inside ``period``.
    Labour cost (and so gross profit) is NULL for a month with hours whose cost is unknown, as in profitability.
    """
    return frame(con, SQL, [period.start, period.end, segment, segment])


def trend_window(period: Period, months: int = 12) -> Period:
    """The period a trend chart shows: at least the last ``months`` calendar months up to the period's end.

    A three-month KPI period is too short to read a trend from, so the chart looks further back; a longer
    chosen period is shown whole.
    """
    start = add_months(period.end.replace(day=1), -(months - 1))
    return Period(min(start, period.start), period.end)
