"""Evaluation set for `moat ask`: questions over the demo MSP with answers computed by hand-written SQL.

Demo: scale 1, seed 7, data 2025-10-01..2026-10-31; questions asked as of 2026-11-25, so "last quarter" is
Q3 2026, "this year" is 2026-01-01..2026-11-25, "last month" is October 2026, and a question without a period
means the default period (the last 3 whole months with data: 2026-08-01..2026-10-31).

The SQL below is written from the glossary (DESIGN.md) directly against the ``cur_*`` views, independently of
``moat.metrics`` and of the question engine; only the row conventions are shared: a list is (name, value)
ordered by value then name, a single number is ``[[value]]``, a trend is (month, value). Money is compared to
the cent, ratios to 1e-9, hours and counts exactly. ``REFUSE`` cases must be refused with no number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

AS_OF = date(2026, 11, 25)
DEMO = {"scale": 1, "seed": 7, "end": date(2026, 10, 31)}

LQ = ("2026-07-01", "2026-09-30")      # last quarter
TY = ("2026-01-01", "2026-11-25")      # this year / year to date
LY = ("2025-01-01", "2025-12-31")      # last year
D90 = ("2026-08-28", "2026-11-25")     # last 90 days
LM = ("2026-10-01", "2026-10-31")      # last month
DEF = ("2026-08-01", "2026-10-31")     # default period = last 3 whole months with data = "last 3 months"
Q1 = ("2026-01-01", "2026-03-31")
Q2 = ("2026-04-01", "2026-06-30")
H1 = ("2026-01-01", "2026-06-30")
H2_25 = ("2025-07-01", "2025-12-31")
MAR = ("2026-03-01", "2026-03-31")
MAY = ("2026-05-01", "2026-05-31")
SINCE_JUN = ("2026-06-01", "2026-11-25")
L6M = ("2026-05-01", "2026-10-31")
Q4_25 = ("2025-10-01", "2025-12-31")
FEB = ("2026-02-01", "2026-02-28")

MONEY = {"revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "ehr", "license_waste"}
# Risk scores and anomaly figures are shown rounded to 2 places; the SQL below computes them unrounded.
ROUNDED = {"risk_score", "anomalies"}
RATIO = {"gross_margin", "billable_utilization", "total_utilization", "license_utilization", "license_activity"}


def client_sql(s: str, e: str) -> str:
    """Per client: the glossary's profitability figures, written from scratch."""
    return f"""
    WITH inv AS (SELECT client_key, sum(amount) AS r FROM cur_invoices
                 WHERE date BETWEEN DATE '{s}' AND DATE '{e}' AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')
                 GROUP BY 1),
    lab AS (SELECT te.client_key, sum(te.hours) AS h, sum(CASE WHEN te.billable THEN te.hours ELSE 0 END) AS bh,
                   sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS lc
            FROM cur_time_entries te JOIN cur_technicians t ON t.technician_key = te.technician_key
            WHERE te.date BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY 1),
    lic AS (SELECT client_key, sum(seats_purchased * unit_cost) AS c, sum(seats_purchased) AS sp,
                   sum(seats_assigned) AS sa, sum(coalesce(seats_active, seats_assigned)) AS sx,
                   sum((seats_purchased - coalesce(seats_active, seats_assigned)) * unit_cost) AS w
            FROM cur_licenses WHERE month BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY 1),
    oth AS (SELECT client_key, sum(amount) AS o FROM cur_costs
            WHERE client_key IS NOT NULL AND date BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY 1),
    keys AS (SELECT client_key FROM inv UNION SELECT client_key FROM lab UNION SELECT client_key FROM lic
             UNION SELECT client_key FROM oth)
    SELECT c.client_name AS name, c.segment AS segment,
        coalesce(inv.r, 0) AS revenue, coalesce(lab.lc, 0) AS labour_cost, coalesce(lic.c, 0) AS license_cost,
        coalesce(oth.o, 0) AS other_cost, coalesce(lab.h, 0) AS hours, coalesce(lab.bh, 0) AS billable_hours,
        coalesce(inv.r, 0) - coalesce(lab.lc, 0) - coalesce(lic.c, 0) - coalesce(oth.o, 0) AS gross_profit,
        lic.sp AS seats_purchased, lic.sa AS seats_assigned, lic.sx AS seats_active, lic.w AS license_waste
    FROM keys JOIN cur_clients c USING (client_key)
    LEFT JOIN inv USING (client_key) LEFT JOIN lab USING (client_key) LEFT JOIN lic USING (client_key)
    LEFT JOIN oth USING (client_key)
    """


def tech_sql(s: str, e: str) -> str:
    return f"""
    WITH wd AS (SELECT count(*) AS n FROM generate_series(DATE '{s}', DATE '{e}', INTERVAL 1 DAY) g(d)
                WHERE dayofweek(d) BETWEEN 1 AND 5)
    SELECT t.technician_name AS name,
        coalesce(sum(te.hours), 0) AS hours, coalesce(sum(te.hours) FILTER (WHERE te.billable), 0) AS billable_hours,
        any_value(t.weekly_capacity_hours) * any_value(wd.n) / 5.0 AS available_hours
    FROM cur_technicians t CROSS JOIN wd
    LEFT JOIN cur_time_entries te ON te.technician_key = t.technician_key AND te.date BETWEEN DATE '{s}' AND DATE '{e}'
    GROUP BY t.technician_name
    """


def product_sql(s: str, e: str) -> str:
    return f"""
    SELECT product AS name, any_value(vendor) AS vendor, sum(seats_purchased * unit_cost) AS license_cost, sum(seats_purchased) AS seats_purchased,
        sum(seats_assigned) AS seats_assigned, sum(coalesce(seats_active, seats_assigned)) AS seats_active,
        sum((seats_purchased - coalesce(seats_active, seats_assigned)) * unit_cost) AS license_waste
    FROM cur_licenses WHERE month BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY product
    """


# metric -> SQL expression over one (aggregated) row of the base query; sums first, ratios of sums
AGG = {
    "revenue": "sum(revenue)", "labour_cost": "sum(labour_cost)", "license_cost": "sum(license_cost)",
    "other_cost": "sum(other_cost)", "gross_profit": "sum(gross_profit)", "hours": "sum(hours)",
    "billable_hours": "sum(billable_hours)", "available_hours": "sum(available_hours)",
    "gross_margin": "sum(gross_profit) / nullif(sum(revenue), 0)", "ehr": "sum(revenue) / nullif(sum(hours), 0)",
    "billable_utilization": "sum(billable_hours) / nullif(sum(available_hours), 0)",
    "total_utilization": "sum(hours) / nullif(sum(available_hours), 0)",
    "license_waste": "sum(license_waste)", "seats_purchased": "sum(seats_purchased)",
    "seats_unused": "sum(seats_purchased) - sum(seats_active)",
    "license_utilization": "sum(seats_assigned) / nullif(sum(seats_purchased), 0)",
    "license_activity": "sum(seats_active) / nullif(sum(seats_assigned), 0)",
}
BASE = {"client": client_sql, "technician": tech_sql, "product": product_sql}


def _base(kind: str, period: tuple[str, str]) -> str:
    return BASE[kind](*period)


@dataclass(frozen=True)
class Case:
    question: str
    sql: str | None  # None = must be refused
    metric: str = ""
    tag: str = ""
    cols: int = 0  # compare only the first N columns of the answer (risk answers add a reasons text column)


def total(q: str, metric: str, period: tuple[str, str], kind: str = "client", where: str = "TRUE", tag: str = "") -> Case:
    return Case(q, f"SELECT {AGG[metric]} FROM ({_base(kind, period)}) b WHERE {where}", metric, tag or "total")


def one(q: str, metric: str, period: tuple[str, str], name: str, kind: str = "client", tag: str = "") -> Case:
    return total(q, metric, period, kind, f"name = '{name}'", tag or f"{kind} filter")


def products(q: str, metric: str, period: tuple[str, str], like: str, tag: str = "product family") -> Case:
    return total(q, metric, period, "product", f"name LIKE '{like}'", tag)


def rank(q: str, metric: str, period: tuple[str, str], order: str, n: int | None, kind: str = "client",
         where: str = "TRUE", tag: str = "") -> Case:
    limit = f"LIMIT {n}" if n else ""
    sql = (f"SELECT name, v FROM (SELECT name, {AGG[metric]} AS v FROM ({_base(kind, period)}) b GROUP BY name) "
           f"WHERE v IS NOT NULL AND ({where}) ORDER BY v {order}, name {limit}")
    return Case(q, sql, metric, tag or f"rank {kind}")


def segments(q: str, metric: str, period: tuple[str, str], order: str, n: int | None = None, tag: str = "segment") -> Case:
    limit = f"LIMIT {n}" if n else ""
    sql = (f"SELECT segment, v FROM (SELECT segment, {AGG[metric]} AS v FROM ({client_sql(*period)}) b GROUP BY segment) "
           f"WHERE v IS NOT NULL ORDER BY v {order}, segment {limit}")
    return Case(q, sql, metric, tag)


def segment_total(q: str, metric: str, period: tuple[str, str], segment: str) -> Case:
    return total(q, metric, period, "client", f"segment = '{segment}'", "segment filter")


def count(q: str, metric: str, period: tuple[str, str], where: str, kind: str = "client") -> Case:
    sql = (f"SELECT count(*) FROM (SELECT name, {AGG[metric]} AS v FROM ({_base(kind, period)}) b GROUP BY name) "
           f"WHERE {where}")
    return Case(q, sql, metric, "count")


def trend(q: str, metric: str, period: tuple[str, str], kind: str = "client", where: str = "TRUE") -> Case:
    """Per calendar month of the period (clipped), only months with rows."""
    from moat.metrics.periods import add_months, month_end  # date arithmetic only, for the month list

    s, e = period
    parts = []
    start, end = date.fromisoformat(s).replace(day=1), date.fromisoformat(e)
    while start <= end:
        ms, me = max(start, date.fromisoformat(s)), min(month_end(start), end)
        parts.append(f"SELECT DATE '{start}' AS month, {AGG[metric]} AS v, count(*) AS n "
                     f"FROM ({_base(kind, (str(ms), str(me)))}) b WHERE {where}")
        start = add_months(start, 1)
    sql = " UNION ALL ".join(parts)
    return Case(q, f"SELECT month, v FROM ({sql}) WHERE n > 0 ORDER BY month", metric, "trend")


# ---- risk scores and unusual months (moat.analytics), recomputed here from the documented formulas
# Risk: the 12 months ending at the asked period's last month with data (the Trends page's window, trend_window),
# split at the middle month; per client and half: revenue (invoices, not draft/void), costs (labour + licences +
# other direct costs), hours and time entries; then
#   risk = 100 x (0.30 clamp(-(r2-r1)/r1/0.30) + 0.20 clamp(-(h2-h1)/h1/0.30) + 0.30 clamp(-(m2-m1)/0.20)
#                 + 0.20 clamp((e2-e1)/e1/0.50)),  m = 1 - costs/revenue; a signal without a baseline is 0.
# Windows: no period / last month / this year -> 2025-11..2026-10 (cut 2026-05); last quarter -> 2025-10..2026-09
# (cut 2026-04); H1 2026 -> 2025-07..2026-06 (cut 2026-01).
RW_DEF = ("2025-11-01", "2026-10-31", "2026-05-01")
RW_LQ = ("2025-10-01", "2026-09-30", "2026-04-01")
RW_H1 = ("2025-07-01", "2026-06-30", "2026-01-01")


def _client_months(s: str, e: str) -> str:
    """Per client and month: revenue, costs, hours, time entries, seats purchased (from the cur_* views)."""
    return f"""
    SELECT client_key, CAST(date_trunc('month', date) AS DATE) AS m, sum(amount)::DOUBLE AS rev, NULL::DOUBLE AS cost,
           NULL::DOUBLE AS hrs, 0 AS ent, NULL::DOUBLE AS seats
    FROM cur_invoices WHERE date BETWEEN DATE '{s}' AND DATE '{e}' AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')
    GROUP BY 1, 2
    UNION ALL
    SELECT te.client_key, CAST(date_trunc('month', te.date) AS DATE), NULL, sum(te.hours * coalesce(te.cost_rate, t.hourly_cost))::DOUBLE,
           sum(te.hours)::DOUBLE, count(*), NULL
    FROM cur_time_entries te LEFT JOIN cur_technicians t ON t.technician_key = te.technician_key
    WHERE te.date BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY 1, 2
    UNION ALL
    SELECT client_key, month, NULL, sum(seats_purchased * unit_cost)::DOUBLE, NULL, 0, sum(seats_purchased)::DOUBLE
    FROM cur_licenses WHERE month BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY 1, 2
    UNION ALL
    SELECT client_key, CAST(date_trunc('month', date) AS DATE), NULL, sum(amount)::DOUBLE, NULL, 0, NULL
    FROM cur_costs WHERE client_key IS NOT NULL AND date BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY 1, 2
    """


_NAMES = "(SELECT client_key, any_value(client_name) AS name FROM cur_clients GROUP BY client_key)"


def risk_sql(window: tuple[str, str, str]) -> str:
    """(name, score) per client with any row in the window; score unrounded."""
    s, e, cut = window
    return f"""
    WITH cm AS ({_client_months(s, e)}),
    h AS (SELECT client_key,
            coalesce(sum(rev) FILTER (WHERE m < DATE '{cut}'), 0) AS r1, coalesce(sum(rev) FILTER (WHERE m >= DATE '{cut}'), 0) AS r2,
            coalesce(sum(cost) FILTER (WHERE m < DATE '{cut}'), 0) AS c1, coalesce(sum(cost) FILTER (WHERE m >= DATE '{cut}'), 0) AS c2,
            coalesce(sum(hrs) FILTER (WHERE m < DATE '{cut}'), 0) AS h1, coalesce(sum(hrs) FILTER (WHERE m >= DATE '{cut}'), 0) AS h2,
            coalesce(sum(ent) FILTER (WHERE m < DATE '{cut}'), 0)::DOUBLE AS e1, coalesce(sum(ent) FILTER (WHERE m >= DATE '{cut}'), 0)::DOUBLE AS e2
          FROM cm GROUP BY client_key),
    sig AS (SELECT client_key,
            CASE WHEN r1 > 0 THEN greatest(0, least(1, -(r2 - r1) / r1 / 0.30)) ELSE 0 END AS rev_s,
            CASE WHEN h1 > 0 THEN greatest(0, least(1, -(h2 - h1) / h1 / 0.30)) ELSE 0 END AS hrs_s,
            CASE WHEN r1 <> 0 AND r2 <> 0 THEN greatest(0, least(1, -((1 - c2 / r2) - (1 - c1 / r1)) / 0.20)) ELSE 0 END AS mar_s,
            CASE WHEN e1 > 0 THEN greatest(0, least(1, (e2 - e1) / e1 / 0.50)) ELSE 0 END AS ent_s
          FROM h)
    SELECT coalesce(n.name, sig.client_key) AS name,
           100 * (0.30 * rev_s + 0.20 * hrs_s + 0.30 * mar_s + 0.20 * ent_s) AS v
    FROM sig LEFT JOIN {_NAMES} n USING (client_key)
    """


def risk(q: str, window: tuple[str, str, str], order: str = "DESC", n: int | None = None, where: str = "TRUE") -> Case:
    limit = f"LIMIT {n}" if n else ""
    sql = f"SELECT name, v FROM ({risk_sql(window)}) WHERE {where} ORDER BY round(v, 2) {order}, name {limit}"
    return Case(q, sql, "risk_score", "risk", cols=2)


def risk_count(q: str, window: tuple[str, str, str], where: str) -> Case:
    return Case(q, f"SELECT count(*) FROM ({risk_sql(window)}) WHERE {where}", "risk_score", "risk count")


# Unusual months: per client and series (costs = labour + licences + other costs; hours; seats purchased), over the
# months with data in the 12-month window: robust z = (x - median) / (1.4826 MAD), or / (1.253314 x mean absolute
# deviation) when MAD = 0, 0 without spread; flagged when |z| > 3.5 and the series has >= 6 months. Listed: the
# flagged months inside the asked period, largest |z| first.
AW_DEF = ("2025-11-01", "2026-10-31")   # no period: the 12 months to the last month with data, all listed
AW_LQ = ("2025-10-01", "2026-09-30")    # baseline of last quarter
AW_MAR = ("2025-04-01", "2026-03-31")   # baseline of March 2026
AW_H1 = ("2025-07-01", "2026-06-30")    # baseline of H1 2026
TY_DATA = ("2026-01-01", "2026-10-31")  # this year, cut at the last month with data (baseline = AW_DEF)


def anomaly_sql(window: tuple[str, str], shown: tuple[str, str]) -> str:
    s, e = window
    return f"""
    WITH cm AS ({_client_months(s, e)}),
    x AS (SELECT client_key, 'costs' AS series, m, sum(cost) AS value FROM cm WHERE cost IS NOT NULL GROUP BY 1, 3
          UNION ALL SELECT client_key, 'hours', m, sum(hrs) FROM cm WHERE hrs IS NOT NULL GROUP BY 1, 3
          UNION ALL SELECT client_key, 'seats', m, sum(seats) FROM cm WHERE seats IS NOT NULL GROUP BY 1, 3),
    a AS (SELECT *, median(value) OVER w AS med, count(*) OVER w AS points FROM x
          WINDOW w AS (PARTITION BY client_key, series)),
    b AS (SELECT *, median(abs(value - med)) OVER w AS mad, avg(abs(value - med)) OVER w AS mean_dev FROM a
          WINDOW w AS (PARTITION BY client_key, series)),
    z AS (SELECT *, CASE WHEN mad > 0 THEN 1.4826 * mad ELSE 1.253314 * mean_dev END AS scale FROM b),
    f AS (SELECT coalesce(n.name, z.client_key) AS name, series, m AS month, value, med,
                 CASE WHEN scale > 0 THEN (value - med) / scale ELSE 0 END AS rz, points
          FROM z LEFT JOIN {_NAMES} n USING (client_key))
    SELECT name, series, month, value, med, rz FROM f
    WHERE points >= 6 AND abs(rz) > 3.5 AND month BETWEEN DATE '{shown[0]}' AND DATE '{shown[1]}'
    """


def anomalies(q: str, window: tuple[str, str], shown: tuple[str, str], where: str = "TRUE", n: int | None = None) -> Case:
    limit = f"LIMIT {n}" if n else ""
    sql = f"SELECT * FROM ({anomaly_sql(window, shown)}) WHERE {where} ORDER BY abs(rz) DESC, name, series, month {limit}"
    return Case(q, sql, "anomalies", "anomalies")


def anomaly_count(q: str, window: tuple[str, str], shown: tuple[str, str], where: str = "TRUE") -> Case:
    return Case(q, f"SELECT count(*) FROM ({anomaly_sql(window, shown)}) WHERE {where}", "anomalies", "anomaly count")


def refuse(q: str) -> Case:
    return Case(q, None, "", "unanswerable")


CASES: list[Case] = [
    # ---- the examples
    rank("which 5 clients had the lowest margin last quarter?", "gross_margin", LQ, "ASC", 5),
    trend("how much do unused Microsoft 365 licences cost us per month?", "license_waste", DEF, "product",
          "name LIKE 'Microsoft 365%'"),
    rank("who was the busiest technician in March?", "hours", MAR, "DESC", 1, "technician"),
    # ---- company totals, every period form
    total("What was our revenue in Q1 2026?", "revenue", Q1),
    total("total revenue last quarter", "revenue", LQ),
    total("How much revenue did we make this year?", "revenue", TY),
    total("revenue in the last 90 days", "revenue", D90),
    total("What were sales last month?", "revenue", LM),
    total("revenue for the first half of 2026", "revenue", H1),
    total("revenue H1 2026", "revenue", H1),
    total("revenue jan-mar 2026", "revenue", Q1),
    total("revenue between January and March 2026", "revenue", Q1),
    total("revenue from 2026-02-01 to 2026-02-28", "revenue", FEB),
    total("revenue in May 2026", "revenue", MAY),
    total("revenue since June", "revenue", SINCE_JUN),
    total("revenue in the second half of 2025", "revenue", H2_25),
    total("what was turnover in Q4 2025", "revenue", Q4_25),
    total("revenue year to date", "revenue", TY),
    total("revenue last year", "revenue", LY),
    total("revenue over the last 6 months", "revenue", L6M),
    total("What is our gross profit this year?", "gross_profit", TY),
    total("gross profit last quarter", "gross_profit", LQ),
    total("what's our overall margin in Q2 2026", "gross_margin", Q2),
    total("gross margin this year", "gross_margin", TY),
    total("total labour cost last quarter", "labour_cost", LQ),
    total("how much did labor cost us in March", "labour_cost", MAR),
    total("what did we spend on licences last month", "license_cost", LM),
    total("licence cost in H1 2026", "license_cost", H1),
    total("other direct costs this year", "other_cost", TY),
    total("what is our effective hourly rate last quarter", "ehr", LQ),
    total("EHR in Q1 2026", "ehr", Q1),
    total("revenue per hour this year", "ehr", TY),
    total("how many hours did we work last month", "hours", LM),
    total("total hours logged in Q3 2026", "hours", LQ),
    total("billable hours last quarter", "billable_hours", LQ),
    total("what is our billable utilisation last quarter", "billable_utilization", LQ, "technician"),
    total("total utilization in March", "total_utilization", MAR, "technician"),
    total("how much licence waste do we have this year", "license_waste", TY),
    total("cost of unused licenses last quarter", "license_waste", LQ),
    total("licence utilisation last month", "license_utilization", LM),
    total("licence activity in Q2 2026", "license_activity", Q2),
    total("how many seats did we buy last month", "seats_purchased", LM),
    total("how many unused seats last month", "seats_unused", LM),
    total("revenue", "revenue", DEF),
    total("gross margin", "gross_margin", DEF),
    # ---- typos and paraphrases of totals
    total("revnue last quarter", "revenue", LQ),
    total("grss profit this yr", "gross_profit", TY),
    total("how much money came in as revenue in q1 2026?", "revenue", Q1),
    total("what's the margin for last quarter?", "gross_margin", LQ),
    total("show me our income for the third quarter", "revenue", LQ),
    # ---- one client / technician / product
    one("What was Meridian Dental Group's revenue last quarter?", "revenue", LQ, "Meridian Dental Group"),
    one("margin for Meridian this year", "gross_margin", TY, "Meridian Dental Group"),
    one("gross profit of Meridian Dental in H1 2026", "gross_profit", H1, "Meridian Dental Group"),
    one("how much licence waste does Harbor Logistics have this year", "license_waste", TY, "Harbor Logistics"),
    one("Harbor Logistics licence utilization last quarter", "license_utilization", LQ, "Harbor Logistics"),
    one("how many hours did we spend on Oakridge Capital last month", "hours", LM, "Oakridge Capital"),
    one("EHR for Zenith Law Partners in Q1 2026", "ehr", Q1, "Zenith Law Partners"),
    one("revenue from Copperfield Law Partners this year", "revenue", TY, "Copperfield Law Partners"),
    one("labour cost at Pioneer Foundation last quarter", "labour_cost", LQ, "Pioneer Foundation"),
    one("Westgate Accounting gross margin in March", "gross_margin", MAR, "Westgate Accounting"),
    one("what did Sterling Retail Group pay us in 2025", "revenue", LY, "Sterling Retail Group"),
    one("revenue from Meridan Dental Grup last quarter", "revenue", LQ, "Meridian Dental Group"),
    one("Horizon Medical Centre margin this year", "gross_margin", TY, "Horizon Medical Center"),
    one("licence cost for Crescent Credit Union in H1 2026", "license_cost", H1, "Crescent Credit Union"),
    one("What is Priya Shah's billable utilisation last quarter?", "billable_utilization", LQ, "Priya Shah", "technician"),
    one("how utilised was Tom Becker in Q1 2026", "billable_utilization", Q1, "Tom Becker", "technician"),
    one("hours worked by Priya in March", "hours", MAR, "Priya Shah", "technician"),
    one("billable hours for Zoe Mensah last month", "billable_hours", LM, "Zoe Mensah", "technician"),
    one("total utilization of Clara Haddad this year", "total_utilization", TY, "Clara Haddad", "technician"),
    one("Diego Okafor utilization last quarter", "billable_utilization", LQ, "Diego Okafor", "technician"),
    one("how many hours did Tom Beker work last month", "hours", LM, "Tom Becker", "technician"),
    one("waste on Datto SaaS Protection this year", "license_waste", TY, "Datto SaaS Protection", "product"),
    one("licence cost of SentinelOne Complete last quarter", "license_cost", LQ, "SentinelOne Complete", "product"),
    one("how many Huntress Managed EDR seats did we buy last month", "seats_purchased", LM, "Huntress Managed EDR", "product"),
    products("how much do unused Microsoft 365 licenses cost us last quarter", "license_waste", LQ, "Microsoft 365%"),
    total("total Microsoft licence cost this year", "license_cost", TY, "product", "vendor = 'Microsoft'", "vendor filter"),
    products("Microsoft 365 licence utilisation last month", "license_utilization", LM, "Microsoft 365%"),
    # ---- rankings: clients
    rank("top 5 clients by revenue last quarter", "revenue", LQ, "DESC", 5),
    rank("Which three clients brought in the most revenue this year?", "revenue", TY, "DESC", 3),
    rank("top ten customers by sales in 2025", "revenue", LY, "DESC", 10),
    rank("biggest clients last quarter", "revenue", LQ, "DESC", 5),
    rank("which client had the highest revenue in March", "revenue", MAR, "DESC", 1),
    rank("bottom 5 clients by gross margin this year", "gross_margin", TY, "ASC", 5),
    rank("5 least profitable clients last quarter", "gross_profit", LQ, "ASC", 5),
    rank("most profitable client this year", "gross_profit", TY, "DESC", 1),
    rank("which clients have the best margins in H1 2026", "gross_margin", H1, "DESC", 5),
    rank("worst margin clients last month", "gross_margin", LM, "ASC", 5),
    rank("lowest margin client in Q2 2026", "gross_margin", Q2, "ASC", 1),
    rank("top 3 clients by gross profit in Q1 2026", "gross_profit", Q1, "DESC", 3),
    rank("which clients cost us the most labour last quarter", "labour_cost", LQ, "DESC", 5),
    rank("top 5 clients by hours this year", "hours", TY, "DESC", 5),
    rank("which client took the most hours last month", "hours", LM, "DESC", 1),
    rank("clients with the highest effective hourly rate last quarter", "ehr", LQ, "DESC", 5),
    rank("lowest EHR clients this year", "ehr", TY, "ASC", 5),
    rank("which clients waste the most on licences this year", "license_waste", TY, "DESC", 5),
    rank("top 3 clients by unused licence cost last quarter", "license_waste", LQ, "DESC", 3),
    rank("which client has the lowest licence utilization this year", "license_utilization", TY, "ASC", 1),
    rank("clients with the highest licence cost last quarter", "license_cost", LQ, "DESC", 5),
    rank("top 5 clients by other direct costs this year", "other_cost", TY, "DESC", 5),
    rank("bottom three clients by revenue in Q3 2026", "revenue", LQ, "ASC", 3),
    rank("top 5 clients by revnue last quarter", "revenue", LQ, "DESC", 5),
    rank("top 5 clients by margin in the last 90 days", "gross_margin", D90, "DESC", 5),
    rank("top 5 healthcare clients by revenue this year", "revenue", TY, "DESC", 5, where="name IN (SELECT client_name FROM cur_clients WHERE segment = 'healthcare')"),
    # ---- thresholds and "lost money"
    rank("Which clients lost money this year?", "gross_profit", TY, "ASC", None, where="v < 0"),
    rank("which clients were unprofitable last quarter", "gross_profit", LQ, "ASC", None, where="v < 0"),
    rank("who lost money in Q1 2026", "gross_profit", Q1, "ASC", None, where="v < 0"),
    rank("clients in the red last month", "gross_profit", LM, "ASC", None, where="v < 0"),
    rank("clients with a negative margin in H1 2026", "gross_margin", H1, "ASC", None, where="v < 0"),
    rank("clients with margin below 10% last quarter", "gross_margin", LQ, "ASC", None, where="v < 0.10"),
    rank("clients with gross margin under 20 percent this year", "gross_margin", TY, "ASC", None, where="v < 0.20"),
    rank("which clients are below target margin last quarter", "gross_margin", LQ, "ASC", None, where="v < 0.30"),
    rank("clients missing the margin target this year", "gross_margin", TY, "ASC", None, where="v < 0.30"),
    rank("which clients' margins are at risk last quarter", "gross_margin", LQ, "ASC", None, where="v < 0.30"),
    rank("clients with more than $60,000 revenue this year", "revenue", TY, "DESC", None, where="v > 60000"),
    rank("clients with revenue over 50k in H1 2026", "revenue", H1, "DESC", None, where="v > 50000"),
    rank("clients with more than 200 hours last quarter", "hours", LQ, "DESC", None, where="v > 200"),
    rank("clients with licence waste above $1,000 this year", "license_waste", TY, "DESC", None, where="v > 1000"),
    rank("clients with margin above 50% last quarter", "gross_margin", LQ, "DESC", None, where="v > 0.5"),
    count("how many clients lost money this year", "gross_profit", TY, "v < 0"),
    count("number of clients with a margin below 20% last quarter", "gross_margin", LQ, "v < 0.2"),
    Case("how many clients do we have", f"SELECT count(*) FROM ({client_sql(*DEF)})", "clients", "count"),
    Case("how many clients had activity last quarter", f"SELECT count(*) FROM ({client_sql(*LQ)})", "clients", "count"),
    # ---- rankings: technicians
    rank("top 5 technicians by billable utilisation last quarter", "billable_utilization", LQ, "DESC", 5, "technician"),
    rank("which technician has the lowest utilization this year", "billable_utilization", TY, "ASC", 1, "technician"),
    rank("who worked the most hours last month", "hours", LM, "DESC", 1, "technician"),
    rank("busiest technicians last quarter", "hours", LQ, "DESC", 5, "technician"),
    rank("least busy technician in Q2 2026", "hours", Q2, "ASC", 1, "technician"),
    rank("which technicians are over-utilised last quarter", "billable_utilization", LQ, "DESC", None, "technician",
         "v > 0.8"),
    rank("under-utilized technicians this year", "billable_utilization", TY, "ASC", None, "technician", "v < 0.7"),
    rank("technicians with utilisation above 90% in March", "billable_utilization", MAR, "DESC", None, "technician", "v > 0.9"),
    rank("top 3 engineers by billable hours in H1 2026", "billable_hours", H1, "DESC", 3, "technician"),
    rank("which tech logged the most time in May 2026", "hours", MAY, "DESC", 1, "technician"),
    rank("bottom 3 technicians by total utilization last quarter", "total_utilization", LQ, "ASC", 3, "technician"),
    rank("technicians with more than 400 hours this year", "hours", TY, "DESC", None, "technician", "v > 400"),
    count("how many technicians are over-utilised last quarter", "billable_utilization", LQ, "v > 0.8", "technician"),
    # ---- rankings: products
    rank("which products have the most licence waste this year", "license_waste", TY, "DESC", 5, "product"),
    rank("top 3 products by licence cost last quarter", "license_cost", LQ, "DESC", 3, "product"),
    rank("which licence product has the lowest utilization last month", "license_utilization", LM, "ASC", 1, "product"),
    rank("licence waste by product in Q1 2026", "license_waste", Q1, "DESC", None, "product"),
    rank("products by seats purchased last month", "seats_purchased", LM, "DESC", None, "product"),
    # ---- segments
    segments("revenue by segment this year", "revenue", TY, "DESC"),
    segments("which segment has the highest margin last quarter", "gross_margin", LQ, "DESC", 1),
    segments("gross profit by industry in H1 2026", "gross_profit", H1, "DESC"),
    segments("worst industry by margin this year", "gross_margin", TY, "ASC", 1),
    segment_total("revenue from healthcare clients last quarter", "revenue", LQ, "healthcare"),
    segment_total("margin of legal clients this year", "gross_margin", TY, "legal"),
    segment_total("gross profit from nonprofit clients in Q1 2026", "gross_profit", Q1, "nonprofit"),
    segment_total("retail revenue last month", "revenue", LM, "retail"),
    # ---- trends
    trend("revenue per month this year", "revenue", TY),
    trend("monthly gross margin in H1 2026", "gross_margin", H1),
    trend("how has gross profit trended over the last 6 months", "gross_profit", L6M),
    trend("hours by month last quarter", "hours", LQ),
    trend("Meridian Dental Group margin per month this year", "gross_margin", TY, where="name = 'Meridian Dental Group'"),
    trend("monthly revenue for Harbor Logistics in 2026", "revenue", ("2026-01-01", "2026-12-31"),
          where="name = 'Harbor Logistics'"),
    trend("licence waste per month this year", "license_waste", TY),
    trend("Priya Shah's billable utilisation by month this year", "billable_utilization", TY, "technician",
          "name = 'Priya Shah'"),
    trend("monthly billable utilization last quarter", "billable_utilization", LQ, "technician"),
    trend("labour cost trend in H1 2026", "labour_cost", H1),
    trend("healthcare revenue per month last quarter", "revenue", LQ, where="segment = 'healthcare'"),
    trend("Harbor Logistics licence waste per month last quarter", "license_waste", LQ, where="name = 'Harbor Logistics'"),
    # ---- more paraphrases
    total("How much did we invoice in the last 3 months?", "revenue", DEF),
    total("what was the gross margin percentage in the previous quarter", "gross_margin", LQ),
    rank("Which five customers had the worst margins last quarter?", "gross_margin", LQ, "ASC", 5),
    rank("show the 3 technicians with the highest utilization last month", "billable_utilization", LM, "DESC", 3,
         "technician"),
    rank("list the top 4 clients by licence spend this year", "license_cost", TY, "DESC", 4),
    one("how is Meridian Dental Group's margin looking last quarter", "gross_margin", LQ, "Meridian Dental Group"),
    one("what was the revenue of Acme Engineering in the first quarter of 2026", "revenue", Q1, "Acme Engineering"),
    rank("which 2 clients have the most unused seats last month", "seats_unused", LM, "DESC", 2),
    total("profit in 2026-03", "gross_profit", MAR),
    total("hours worked 2026-05-01 to 2026-05-31", "hours", MAY),
    # ---- client risk scores ("at risk" = risk score of 30 or more)
    risk("which clients are at risk of churning?", RW_DEF, where="round(v, 2) >= 30"),
    risk("top 5 riskiest clients", RW_DEF, n=5),
    risk("which clients are at risk last quarter", RW_LQ, where="round(v, 2) >= 30"),
    risk("which customers are likely to churn this year", RW_DEF, where="round(v, 2) >= 30"),
    risk("what is the risk score of Meridian Dental Group", RW_DEF, where="name = 'Meridian Dental Group'"),
    risk("Harbor Logistics churn risk last quarter", RW_LQ, where="name = 'Harbor Logistics'"),
    risk("3 least risky clients this year", RW_DEF, "ASC", 3),
    risk("clients with a risk score above 50 last quarter", RW_LQ, where="round(v, 2) > 50"),
    risk("riskiest client in H1 2026", RW_H1, n=1),
    risk("top 10 clients by risk score", RW_DEF, n=10),
    risk("show the riskiest accounts last month", RW_DEF, n=5),
    risk_count("how many clients are at risk of churning", RW_DEF, "round(v, 2) >= 30"),
    risk_count("number of clients at risk last quarter", RW_LQ, "round(v, 2) >= 30"),
    # ---- unusual months (median / MAD per client and series)
    anomalies("any anomalies in hours last quarter?", AW_LQ, LQ, "series = 'hours'"),
    anomalies("unusual licence seat changes for Harbor Logistics", AW_DEF, AW_DEF,
              "series = 'seats' AND name = 'Harbor Logistics'"),
    anomalies("unusual cost spikes this year", AW_DEF, TY_DATA, "series = 'costs'"),
    anomalies("anomalies for Pioneer Foundation", AW_DEF, AW_DEF, "name = 'Pioneer Foundation'"),
    anomalies("top 3 anomalies this year", AW_DEF, TY_DATA, n=3),
    anomalies("any unusual months in March", AW_MAR, MAR),
    anomalies("outliers in hours for Pioneer Law Partners this year", AW_DEF, TY_DATA,
              "series = 'hours' AND name = 'Pioneer Law Partners'"),
    anomalies("were there any cost anomalies in H1 2026", AW_H1, H1, "series = 'costs'"),
    anomalies("unusual months last quarter", AW_LQ, LQ),
    anomaly_count("how many anomalies were there last quarter", AW_LQ, LQ),
    anomaly_count("how many unusual months this year", AW_DEF, TY_DATA),
    # ---- unanswerable: refused, never a number
    refuse("what's the weather"),
    refuse("Tell me a joke"),
    refuse("What will our revenue be next year?"),
    refuse("forecast gross margin for next quarter"),
    refuse("delete all clients"),
    refuse("DROP TABLE cur_clients"),
    refuse("What is Apple's revenue this year?"),
    refuse("How much revenue did Google bring in last quarter?"),
    refuse("who won the world cup"),
    refuse("what is the capital of France"),
    refuse("send the report to my boss"),
    refuse("revenue for Summit last quarter"),
    refuse("how many hours did Olga work last month"),
    refuse("translate hello into Spanish"),
    refuse("'; SELECT * FROM read_csv('/etc/passwd') --"),
    refuse("update Meridian's fee to 5000"),
    refuse("what is the meaning of life"),
    refuse("revenue in Q1 2030"),
    refuse("how many employees does Microsoft have"),
    refuse("write me a poem about licences"),
]


def _num(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, (Decimal, int, float)):
        return float(value)
    return None


def matches(case: Case, got: list[list[Any]], expected: list[tuple[Any, ...]]) -> bool:
    """Exact answer: same rows, names equal, numbers equal to the cent (money) or 1e-9 (ratios)."""
    if case.cols:
        got = [g[:case.cols] for g in got]
    if len(got) != len(expected):
        return False
    for g, e in zip(got, expected, strict=True):
        if len(g) != len(e):
            return False
        for a, b in zip(g, e, strict=True):
            if isinstance(b, str) or isinstance(b, date):
                if a != b:
                    return False
                continue
            fa, fb = _num(a), _num(b)
            if fa is None or fb is None:
                if not (fa is None and fb is None):
                    return False
                continue
            tol = 0.005001 if case.metric in MONEY | ROUNDED else (1e-9 if case.metric in RATIO else 1e-9)
            if abs(fa - fb) > tol + (1e-12 * abs(fb)):
                return False
    return True


def expected(con: Any, case: Case) -> list[tuple[Any, ...]]:
    from moat.db import rows

    assert case.sql is not None
    return rows(con, case.sql)
