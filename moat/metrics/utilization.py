"""Technician utilisation: available hours from weekly capacity and weekdays, billable and total utilisation.

available = weekly_capacity_hours x (Mon-Fri days in the period) / 5. Technicians that appear only in time
entries have no capacity row; they get the default 40 h so their hours still show (and confidence says so).
"""

from __future__ import annotations

import polars as pl

from moat.db import Connection, frame
from moat.memo import memoised
from moat.metrics.periods import Period

SQL = """
WITH p AS (SELECT ?::DATE AS s, ?::DATE AS e),
wd AS (SELECT count(*) AS weekdays FROM p, unnest(generate_series(p.s, p.e, INTERVAL 1 DAY)) AS g(d) WHERE isodow(d) <= 5),
w AS (
    SELECT technician_key, any_value(technician_name) AS name, sum(hours) AS worked_hours,
        coalesce(sum(hours) FILTER (WHERE billable), 0) AS billable_hours, count(*) AS entries
    FROM cur_time_entries, p WHERE date BETWEEN p.s AND p.e GROUP BY technician_key
),
t AS (SELECT technician_key, any_value(technician_name) AS technician_name, any_value(role) AS role,
             any_value(weekly_capacity_hours) AS capacity FROM cur_technicians GROUP BY technician_key),
joined AS (
    SELECT coalesce(t.technician_key, w.technician_key) AS technician_key,
        coalesce(t.technician_name, w.name) AS technician_name, t.role,
        coalesce(t.capacity, 40)::DECIMAL(9,2) AS weekly_capacity_hours, t.capacity IS NULL AS capacity_defaulted,
        (coalesce(t.capacity, 40) * wd.weekdays / 5)::DOUBLE AS available_hours,
        coalesce(w.billable_hours, 0)::DECIMAL(38,4) AS billable_hours,
        coalesce(w.worked_hours, 0)::DECIMAL(38,4) AS worked_hours,
        coalesce(w.entries, 0)::BIGINT AS entries
    FROM t FULL OUTER JOIN w USING (technician_key), wd
)
SELECT technician_key, technician_name, role, weekly_capacity_hours, available_hours, billable_hours, worked_hours,
    CASE WHEN available_hours = 0 THEN NULL ELSE billable_hours::DOUBLE / available_hours END AS billable_utilization,
    CASE WHEN available_hours = 0 THEN NULL ELSE worked_hours::DOUBLE / available_hours END AS total_utilization,
    entries, capacity_defaulted
FROM joined ORDER BY billable_utilization DESC NULLS LAST, technician_name
"""


@memoised
def utilization(con: Connection, period: Period) -> pl.DataFrame:
    """One row per technician (known ones even without hours in the period)."""
    return frame(con, SQL, [period.start, period.end])
