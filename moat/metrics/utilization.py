"""Technician utilisation: available hours from weekly capacity and weekdays, billable and total utilisation.

available = weekly_capacity_hours x (Mon-Fri days in the period up to the technician's last day and the last day the data
covers) / 5. Technicians that
appear only in time entries have no capacity row; they get the default 40 h so their hours still show (and
confidence says so).

A technician the PSA marks disabled / inactive (``active`` false) or whose last working day (``end_date``) came before
the period was not there to be busy: counting their 40 h a week would make the team look idle (h75, review h69). Such
a technician is left out of the period (capacity and the list of technicians) unless they logged time in it; an end
date inside the period stops their capacity on that day. A technician marked inactive with no end date who logged
time in the period keeps the whole period's capacity (the file does not say when they left) and ``capacity_note``
says so.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from moat.db import Connection, frame
from moat.memo import memoised
from moat.metrics.periods import Period, covered_through, data_range

SQL = """
WITH p AS (SELECT ?::DATE AS s, ?::DATE AS e),
wd AS (SELECT d::DATE AS d FROM p, unnest(generate_series(p.s, p.e, INTERVAL 1 DAY)) AS g(d) WHERE isodow(d) <= 5),
w AS (
    SELECT technician_key, any_value(technician_name) AS name, sum(hours) AS worked_hours,
        coalesce(sum(hours) FILTER (WHERE billable), 0) AS billable_hours, count(*) AS entries
    FROM cur_time_entries, p WHERE date BETWEEN p.s AND p.e GROUP BY technician_key
),
t AS (SELECT technician_key, any_value(technician_name) AS technician_name, any_value(role) AS role,
             any_value(weekly_capacity_hours) AS capacity, coalesce(any_value(active), true) AS active,
             any_value(end_date) AS end_date
      FROM cur_technicians GROUP BY technician_key),
joined AS (
    SELECT coalesce(t.technician_key, w.technician_key) AS technician_key,
        coalesce(t.technician_name, w.name) AS technician_name, t.role,
        coalesce(t.capacity, 40)::DECIMAL(9,2) AS weekly_capacity_hours, t.capacity IS NULL AS capacity_defaulted,
        coalesce(t.active, true) AS active, t.end_date,
        least(p.e, coalesce(t.end_date, p.e)) AS capacity_to,
        coalesce(w.billable_hours, 0)::DECIMAL(38,4) AS billable_hours,
        coalesce(w.worked_hours, 0)::DECIMAL(38,4) AS worked_hours,
        coalesce(w.entries, 0)::BIGINT AS entries
    FROM t FULL OUTER JOIN w USING (technician_key), p
    -- gone for the whole period (left before it, or disabled with no end date) and no time logged in it: not there
    WHERE w.technician_key IS NOT NULL OR (t.end_date IS NOT NULL AND t.end_date >= p.s)
       OR (t.end_date IS NULL AND coalesce(t.active, true))
),
counted AS (
    SELECT j.*, (SELECT count(*) FROM wd WHERE wd.d <= j.capacity_to) AS weekdays,
        CASE WHEN j.end_date < (SELECT e FROM p) THEN 'last day ' || strftime(j.end_date, '%Y-%m-%d') || ': capacity to then'
             WHEN NOT j.active AND j.end_date IS NULL THEN 'inactive, no end date in the file: capacity for the whole period'
        END AS capacity_note
    FROM joined j
),
avail AS (SELECT *, (weekly_capacity_hours * weekdays / 5)::DOUBLE AS available_hours FROM counted)
SELECT technician_key, technician_name, role, weekly_capacity_hours, available_hours, billable_hours, worked_hours,
    CASE WHEN available_hours = 0 THEN NULL ELSE billable_hours::DOUBLE / available_hours END AS billable_utilization,
    CASE WHEN available_hours = 0 THEN NULL ELSE worked_hours::DOUBLE / available_hours END AS total_utilization,
    entries, capacity_defaulted, active, end_date, capacity_to, capacity_note
FROM avail ORDER BY billable_utilization DESC NULLS LAST, technician_name
"""


def utilization(con: Connection, period: Period) -> pl.DataFrame:
    """One row per technician there in the period (known ones even without hours in it; see the module's docstring).

    Capacity counts only the days the data covers (``capacity_period``): asked on 9 August of data ending 31 July,
    "utilisation this quarter" divided July's hours by capacity to 9 August (0.5592 for the team, against July's
    0.7117), while Ask itself said 1-9 August hold no data (h121 J2)."""
    return _utilization(con, capacity_period(con, period))


def capacity_period(con: Connection, period: Period) -> Period:
    """``period`` ended at the last day the data covers (``covered_through``, judged as of the question's day) when it
    runs past it; unchanged otherwise, and for a period wholly past the data (which holds no hours to divide)."""
    bounds = _bounds(con)
    if bounds is None:
        return period
    last = covered_through(bounds[1])
    return Period(period.start, last) if period.start <= last < period.end else period


@memoised
def _bounds(con: Connection) -> tuple[date, date] | None:
    """The data's first and last day, memoised with the snapshot as the frame is (utilisation is asked on every page
    and release; the bounds query would otherwise run once per call)."""
    return data_range(con)


@memoised
def _utilization(con: Connection, period: Period) -> pl.DataFrame:
    return frame(con, SQL, [period.start, period.end])
