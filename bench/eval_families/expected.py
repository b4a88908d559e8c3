"""Expected answers of the families' specs, as hand-written SQL over the ``cur_*`` views.

Written from the glossary (DESIGN.md / README "Metrics") and nothing else: no ``moat.ai`` and no ``moat.metrics``
SQL is reused, so a shared mistake cannot make a wrong answer look right. Sums first, ratios of sums; a ratio
with a zero denominator is NULL and an entity whose value is NULL is left out of lists. Licence months are the
rows' ``month`` (the eval demo bills every licence per month; ``check_demo`` refuses a database with
subscription rows, whose month expansion this file does not implement).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import replace
from datetime import date
from typing import Any

from bench.eval_families.families import Family, Setting

# the question's as-of date while one family's SQL is written: technician capacity stops at the last day the data
# covers as of that day (README glossary, "Utilisation"), which the row builders below need without a parameter on each
_AS_OF: ContextVar[date | None] = ContextVar("expected_as_of", default=None)

MONEY = {"revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "ehr", "license_waste", "overhead"}

# metric -> aggregate over base rows (sums first, then ratios of the sums)
AGG = {
    "revenue": "sum(revenue)", "labour_cost": "sum(labour_cost)", "license_cost": "sum(license_cost)",
    "other_cost": "sum(other_cost)", "gross_profit": "sum(gross_profit)", "hours": "sum(hours)",
    "billable_hours": "sum(billable_hours)", "available_hours": "sum(available_hours)",
    "gross_margin": "sum(gross_profit) / nullif(sum(revenue), 0)", "ehr": "sum(revenue) / nullif(sum(hours), 0)",
    "billable_utilization": "sum(billable_hours) / nullif(sum(available_hours), 0)",
    "total_utilization": "sum(hours) / nullif(sum(available_hours), 0)",
    "billable_share": "sum(billable_hours) / nullif(sum(hours), 0)",
    "license_waste": "sum(license_waste)", "seats_purchased": "sum(seats_purchased)",
    "seats_assigned": "sum(seats_assigned)", "seats_active": "sum(seats_active)",
    "seats_unused": "sum(seats_purchased) - sum(seats_active)",
    "license_utilization": "sum(seats_assigned) / nullif(sum(seats_purchased), 0)",
    "license_activity": "sum(seats_active) / nullif(sum(seats_assigned), 0)",
    "clients": "count(*)",
    # h23: the complement of billable time, and seats handed out but not used (DESIGN glossary parts)
    "non_billable_hours": "sum(hours) - sum(billable_hours)",
    "non_billable_share": "(sum(hours) - sum(billable_hours)) / nullif(sum(hours), 0)",
    "seats_assigned_inactive": "sum(seats_assigned) - sum(seats_active)",
    "seats_unassigned": "sum(seats_purchased) - sum(seats_assigned)",  # h93
    "overhead": "coalesce(sum(overhead), 0)",  # h115: costs with no client (over: company only)
    "direct_cost": "sum(revenue) - sum(gross_profit)",  # h122: labour + licence + other direct (the glossary)
}
# which rows each metric can be computed over
OVER = {
    "client": set(AGG) - {"available_hours", "billable_utilization", "total_utilization", "overhead"},
    "segment": set(AGG) - {"available_hours", "billable_utilization", "total_utilization", "overhead"},
    "technician": {"hours", "billable_hours", "available_hours", "billable_utilization", "total_utilization",
                   "billable_share", "non_billable_hours", "non_billable_share"},
    "product": {"license_cost", "license_waste", "seats_purchased", "seats_assigned", "seats_active",
                "seats_unused", "license_utilization", "license_activity", "seats_assigned_inactive", "seats_unassigned"},
}
OVER["vendor"] = OVER["product"]  # the products' licence rows summed per vendor
OVER["company"] = {"overhead"}  # h115: the costs with no client, one company figure
OVER["month"] = set(AGG) - {"clients", "overhead"}  # the period's months with data, each computed as a period of its own
OVER["quarter"] = OVER["month"]  # h18: the period's calendar quarters with data, the same way (clipped to the period)
# measured per technician only: a month of them is computed over technician rows, every other metric over client rows
TECHNICIAN_ONLY = {"available_hours", "billable_utilization", "total_utilization"}
# metrics a share of the total is taken of: sums, never ratios (a share of a margin means nothing)
SUMMABLE = {m for m, agg in AGG.items() if "/" not in agg and m not in ("clients", "overhead")}


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _is(column: str, value: str | list[str]) -> str:
    """``column = 'x'``, or ``column IN ('x', 'y')`` for a filter naming several entities (h27: "A and B each")."""
    if isinstance(value, list):
        return f"{column} IN ({', '.join(_q(v) for v in value)})"
    return f"{column} = {_q(value)}"


def _licence_where(flt: dict[str, str]) -> str:
    if "product" in flt:
        return _is("product", flt["product"])
    if "vendor" in flt:
        return _is("vendor", flt["vendor"])
    return "TRUE"


def client_rows(s: date, e: date, flt: dict[str, str]) -> str:
    """Per client with any activity in [s, e]: the glossary's profitability and licence figures.

    With a product or vendor filter only those licences count, and only clients holding them are rows."""
    lic_where = _licence_where(flt)
    only_licensed = "product" in flt or "vendor" in flt
    return f"""
    WITH inv AS (SELECT client_key, sum(amount) AS r FROM cur_invoices
                 WHERE date BETWEEN DATE '{s}' AND DATE '{e}'
                   AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void') GROUP BY 1),
    lab AS (SELECT te.client_key, sum(te.hours) AS h, sum(CASE WHEN te.billable THEN te.hours ELSE 0 END) AS bh,
                   sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS lc
            FROM cur_time_entries te LEFT JOIN cur_technicians t ON t.technician_key = te.technician_key
            WHERE te.date BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY 1),
    lic AS (SELECT client_key, sum(seats_purchased * unit_cost) AS c, sum(seats_purchased) AS sp,
                   sum(seats_assigned) AS sa, sum(coalesce(seats_active, seats_assigned)) AS sx,
                   sum((seats_purchased - coalesce(seats_active, seats_assigned)) * unit_cost) AS w
            FROM cur_licenses WHERE month BETWEEN DATE '{s}' AND DATE '{e}' AND {lic_where} GROUP BY 1),
    oth AS (SELECT client_key, sum(amount) AS o FROM cur_costs
            WHERE client_key IS NOT NULL AND date BETWEEN DATE '{s}' AND DATE '{e}' GROUP BY 1),
    keys AS ({"SELECT client_key FROM lic" if only_licensed else
              "SELECT client_key FROM inv UNION SELECT client_key FROM lab UNION SELECT client_key FROM lic "
              "UNION SELECT client_key FROM oth"})
    SELECT c.client_name AS name, c.segment AS segment,
        coalesce(inv.r, 0) AS revenue, coalesce(lab.lc, 0) AS labour_cost, coalesce(lic.c, 0) AS license_cost,
        coalesce(oth.o, 0) AS other_cost, coalesce(lab.h, 0) AS hours, coalesce(lab.bh, 0) AS billable_hours,
        coalesce(inv.r, 0) - coalesce(lab.lc, 0) - coalesce(lic.c, 0) - coalesce(oth.o, 0) AS gross_profit,
        lic.sp AS seats_purchased, lic.sa AS seats_assigned, lic.sx AS seats_active, lic.w AS license_waste,
        NULL::DOUBLE AS available_hours
    FROM keys JOIN (SELECT client_key, any_value(client_name) AS client_name, any_value(segment) AS segment
                    FROM cur_clients GROUP BY client_key) c USING (client_key)
    LEFT JOIN inv USING (client_key) LEFT JOIN lab USING (client_key) LEFT JOIN lic USING (client_key)
    LEFT JOIN oth USING (client_key)
    """


def _of_clients(flt: dict[str, str], alias: str = "") -> str:
    """h118: the rows of the filter's clients / segment only ("how many products does Harbor have"), else TRUE."""
    conds = [_is(k if k == "segment" else "client_name", flt[k]) for k in ("client", "segment") if k in flt]
    return f"{alias}client_key IN (SELECT client_key FROM cur_clients WHERE {' AND '.join(conds)})" if conds else "TRUE"


def _covered_weekdays(s: date, e: date) -> str:
    """CTE ``wd``: the Mon-Fri days of [s, e] that count as capacity. Per the glossary, a period running past the last
    day the data covers (the end of the data's last month once that month has ended as of the question's day, else
    the data's last day) counts capacity only to that day; a period wholly past the data keeps its own days."""
    as_of = _AS_OF.get()
    days = f"generate_series(DATE '{s}', DATE '{e}', INTERVAL 1 DAY) g(d)"
    if as_of is None:
        return f"wd AS (SELECT count(*) AS n FROM {days} WHERE dayofweek(d) BETWEEN 1 AND 5)"
    return f"""lastd AS (SELECT max(d) AS l FROM (SELECT date AS d FROM cur_time_entries
                                         UNION ALL SELECT date FROM cur_invoices)),
         covered AS (SELECT CASE WHEN last_day(l) < DATE '{as_of}' THEN last_day(l) ELSE l END AS c FROM lastd),
         wd AS (SELECT count(*) AS n FROM {days}, covered WHERE dayofweek(d) BETWEEN 1 AND 5
                AND (d <= c OR NOT (DATE '{s}' <= c AND c < DATE '{e}')))"""


def technician_rows(s: date, e: date, flt: dict[str, str] | None = None) -> str:
    """Per known technician (with or without hours): hours, billable hours, available hours (Mon-Fri); h118: hours of
    the filter's clients / segment only."""
    return f"""
    WITH {_covered_weekdays(s, e)}
    SELECT t.technician_name AS name,
        coalesce(sum(te.hours), 0) AS hours,
        coalesce(sum(CASE WHEN te.billable THEN te.hours ELSE 0 END), 0) AS billable_hours,
        any_value(t.weekly_capacity_hours) * any_value(wd.n) / 5.0 AS available_hours
    FROM cur_technicians t CROSS JOIN wd
    LEFT JOIN cur_time_entries te ON te.technician_key = t.technician_key
         AND te.date BETWEEN DATE '{s}' AND DATE '{e}' AND {_of_clients(flt or {}, 'te.')}
    GROUP BY t.technician_name
    """


def product_rows(s: date, e: date, flt: dict[str, str] | None = None) -> str:
    """Per product: licence cost and seats; h118: of the filter's clients / segment only."""
    return f"""
    SELECT product AS name, any_value(vendor) AS vendor, sum(seats_purchased * unit_cost) AS license_cost,
        sum(seats_purchased) AS seats_purchased, sum(seats_assigned) AS seats_assigned,
        sum(coalesce(seats_active, seats_assigned)) AS seats_active,
        sum((seats_purchased - coalesce(seats_active, seats_assigned)) * unit_cost) AS license_waste
    FROM cur_licenses WHERE month BETWEEN DATE '{s}' AND DATE '{e}' AND {_of_clients(flt or {})} GROUP BY product
    """


def base(fam: Family, s: date, e: date) -> tuple[str, str, str]:
    """(rows SQL, entity column, filter condition) for the family's ``over`` and ``filter``."""
    flt = fam.filter
    if fam.over == "company":  # h115: overhead = the cost rows with no client in the period (DESIGN glossary)
        return (f"SELECT amount AS overhead FROM cur_costs WHERE client_key IS NULL "
                f"AND date BETWEEN DATE '{s}' AND DATE '{e}'"), "NULL", "TRUE"
    if fam.over == "technician":
        cond = _is("name", flt["technician"]) if "technician" in flt else "TRUE"
        return technician_rows(s, e, flt), "name", cond
    if fam.over in ("product", "vendor"):
        entity = "vendor" if fam.over == "vendor" else "name"
        if "product" in flt:
            cond = _is("name", flt["product"])
        elif "vendor" in flt:
            cond = _is("vendor", flt["vendor"])
        else:
            cond = "TRUE"
        return product_rows(s, e, flt), entity, cond
    conds = []
    if "client" in flt:
        conds.append(_is("name", flt["client"]))
    if "segment" in flt:
        conds.append(_is("segment", flt["segment"]))
    entity = "segment" if fam.over == "segment" else "name"
    return client_rows(s, e, flt), entity, " AND ".join(conds) or "TRUE"


def _cond(where: list[Any] | None, column: str) -> str:
    if not where:
        return "TRUE"
    if where[0] == "between":
        return f"{column} BETWEEN {float(where[1])!r} AND {float(where[2])!r}"
    return f"{column} {where[0]} {float(where[1])!r}"


def _month_rows(fam: Family, s: date, e: date, step: int = 1) -> str:
    """One row per month of [s, e] that holds activity (client rows, or hours for technician metrics): name = the
    month's first day, v = the metric over that month (clipped to the period). ``step`` 3 (h18): one row per whole
    calendar quarter, i.e. inside [s, e] with activity in each of its three months (a quarter the period cuts, or one
    data covers only in part, is left out, as a cut month is from a ranking of months)."""
    from moat.metrics.periods import add_months, month_end  # calendar arithmetic only

    over = "technician" if fam.metric in TECHNICIAN_ONLY else "client"
    activity = "sum(hours)" if over == "technician" else "count(*)"
    parts, start = [], s.replace(day=1, month=s.month - (s.month - 1) % step)
    while start <= e:
        last = month_end(add_months(start, step - 1))
        rows, _, cond = base(replace(fam, over=over), max(start, s), min(last, e))
        whole = "TRUE"
        if step > 1:
            if start < s or last > e:
                whole = "FALSE"
            for k in range(step):
                m = add_months(start, k)
                m_rows, _, m_cond = base(replace(fam, over=over), m, month_end(m))
                whole += f" AND coalesce((SELECT {activity} FROM ({m_rows}) mb WHERE {m_cond}), 0) > 0"
        parts.append(f"SELECT DATE '{start}' AS name, {AGG[fam.metric]} AS v, {activity} AS n, {whole} AS whole "
                     f"FROM ({rows}) b WHERE {cond}")
        start = add_months(start, step)
    return f"SELECT name, v FROM ({' UNION ALL '.join(parts)}) WHERE n > 0 AND whole"


def _per_entity(fam: Family, s: date, e: date) -> str:
    if fam.over in ("month", "quarter"):
        return _month_rows(fam, s, e, 3 if fam.over == "quarter" else 1)
    rows, entity, cond = base(fam, s, e)
    return (f"SELECT {entity} AS name, {AGG[fam.metric]} AS v FROM ({rows}) b WHERE {cond} "
            f"GROUP BY {entity}")


def sql(fam: Family, setting: Setting) -> str | None:
    """The query whose rows are the family's exact answer (None for refusals and routes)."""
    token = _AS_OF.set(setting.as_of)
    try:
        return _sql(fam, setting)
    finally:
        _AS_OF.reset(token)


def _sql(fam: Family, setting: Setting) -> str | None:
    if fam.answer in ("refuse", "route"):
        return None
    if fam.each:
        return _each_sql(fam, setting)
    s, e = setting.period(fam.period)
    metric = AGG[fam.metric]
    if fam.answer == "total" and fam.passing:  # h54: one sum over the entities passing ``where`` (on where_metric)
        on = replace(fam, metric=fam.where_metric or fam.metric)
        return (f"SELECT {metric} FROM ({base(fam, s, e)[0]}) b WHERE {base(fam, s, e)[2]} AND b.name IN "
                f"(SELECT name FROM ({_per_entity(on, s, e)}) WHERE v IS NOT NULL AND {_cond(fam.where, 'v')})")
    if fam.answer == "total":
        rows, _, cond = base(fam, s, e)
        return f"SELECT {metric} FROM ({rows}) b WHERE {cond}"
    if fam.answer == "share":
        return _share_sql(fam, s, e, setting)
    if fam.answer in ("list", "count") and fam.lacking:
        inner = _lacking_sql(fam, s, e)
        return f"SELECT count(*) FROM ({inner})" if fam.answer == "count" else f"{inner} ORDER BY name"
    if fam.answer == "list" and fam.where_metric:  # h132: the entities whose where_metric passes, this metric shown
        on = _per_entity(replace(fam, metric=fam.where_metric), s, e)
        return (f"SELECT name, v FROM ({_per_entity(fam, s, e)}) WHERE name IN (SELECT name FROM ({on}) WHERE v IS NOT "
                f"NULL AND {_cond(fam.where, 'v')}) ORDER BY name")
    if fam.answer in ("list", "count"):
        return _listed_sql(fam, s, e)
    if fam.answer == "compare":
        s2, e2 = setting.period(fam.vs)
        if fam.filter.keys() & {"client", "technician", "product", "vendor", "segment"} and not fam.where:
            # one entity or a filtered total: both values and the change as one row
            rows_a, _, cond_a = base(fam, s, e)
            rows_b, _, cond_b = base(fam, s2, e2)
            return (f"SELECT a, b, b - a FROM (SELECT {metric} AS a FROM ({rows_a}) x WHERE {cond_a}), "
                    f"(SELECT {metric} AS b FROM ({rows_b}) y WHERE {cond_b})")
        if not fam.where:
            rows_a, _, _ = base(fam, s, e)
            rows_b, _, _ = base(fam, s2, e2)
            return (f"SELECT a, b, b - a FROM (SELECT {metric} AS a FROM ({rows_a}) x), "
                    f"(SELECT {metric} AS b FROM ({rows_b}) y)")
        order = (fam.order or "asc").upper()
        limit = f"LIMIT {int(fam.limit)}" if fam.limit else ""
        return (f"SELECT name, a, b, b - a AS change FROM "
                f"(SELECT name, v AS a FROM ({_per_entity(fam, s, e)})) JOIN "
                f"(SELECT name, v AS b FROM ({_per_entity(fam, s2, e2)})) USING (name) "
                f"WHERE a IS NOT NULL AND b IS NOT NULL AND {_cond(fam.where, 'b - a')} "
                f"ORDER BY change {order}, name {limit}")
    if fam.answer in ("trend", "mom"):
        from moat.metrics.periods import add_months, month_end  # calendar arithmetic only

        rows_cond = []
        start = s.replace(day=1)
        # h23: a technician's trend (or a per-technician metric's) is over technician rows, a month counted when it
        # holds hours (as ``_month_rows``); every other trend over client rows, as before
        over = "technician" if fam.metric in TECHNICIAN_ONLY or "technician" in fam.filter else fam.over
        activity = "sum(hours)" if over == "technician" else "count(*)"
        if fam.answer == "mom":  # h18: the month before the period too, the first month's change is from it
            start = add_months(start, -1)
        while start <= e:
            ms, me = (start, month_end(start)) if start < s.replace(day=1) else (max(start, s), min(month_end(start), e))
            rows, _, cond = base(replace(fam, over=over), ms, me)
            rows_cond.append(f"SELECT DATE '{start}' AS month, {metric} AS v, {activity} AS n FROM ({rows}) b "
                             f"WHERE {cond}")
            start = add_months(start, 1)
        months = f"SELECT month, v FROM ({' UNION ALL '.join(rows_cond)}) WHERE n > 0"
        if fam.answer == "trend" and fam.running:  # h117: each month the sum from the first month up to it
            return f"SELECT month, sum(v) OVER (ORDER BY month) FROM ({months}) ORDER BY month"
        if fam.answer == "trend":
            return f"{months} ORDER BY month"
        # [month, value, change from the month before]: the month before the period only as the first change's base
        # (NULL when it holds no data); a month of the period without data is left out, so is its change
        return (f"SELECT month, v, v - lag(v) OVER (ORDER BY month) AS change FROM ({months}) "
                f"QUALIFY month >= DATE '{s.replace(day=1)}' ORDER BY month")
    raise ValueError(f"unknown answer kind {fam.answer!r}")


def _listed_sql(fam: Family, s: date, e: date) -> str:
    """A list or a count of the entities passing ``where``: ordered and cut, or chosen by another measure (h117),
    ranks skipped (h138), one of the chosen picked (h138)."""
    inner = f"SELECT name, v FROM ({_per_entity(fam, s, e)}) WHERE v IS NOT NULL AND {_cond(fam.where, 'v')}"
    if fam.answer == "count":
        return f"SELECT count(*) FROM ({inner})"
    order = (fam.order or "asc").upper()
    limit = f"LIMIT {int(fam.limit)}" if fam.limit else ""
    if fam.skip:  # h138: ranks skip+1..limit ("clients 6-10 by revenue")
        limit = f"LIMIT {int(fam.limit) - int(fam.skip)} OFFSET {int(fam.skip)}"
    if fam.chosen_by:  # h117: the N entities the other metric's order chose, this metric shown, in that order
        size = _per_entity(replace(fam, metric=fam.chosen_by), s, e)
        # h132: with ``where`` the size cuts the entities passing it; with ``shown`` the rows sorted by this metric
        shown = f"a.v {fam.shown.upper()}" if fam.shown else f"c.v {order}"
        return (f"SELECT a.name, a.v FROM ({_per_entity(fam, s, e)}) a JOIN (SELECT name, v FROM ({size}) "
                f"WHERE v IS NOT NULL{' AND name IN (SELECT name FROM (' + inner + '))' if fam.where else ''} "
                f"ORDER BY v {order}, name {limit}) c USING (name) "
                + (f"WHERE a.v IS NOT NULL ORDER BY a.v {fam.picked.upper()}, a.name LIMIT 1" if fam.picked  # h138
                   else f"ORDER BY {shown}, a.name"))
    if fam.shown:  # h117: the N rows the order chose, listed the other way
        return f"SELECT * FROM ({inner} ORDER BY v {order}, name {limit}) ORDER BY v {fam.shown.upper()}, name"
    return f"{inner} ORDER BY v {order}, name {limit}"


def _share_sql(fam: Family, s: date, e: date, setting: Setting) -> str:
    """A part of a summed metric over the whole; h122: or one summed metric over another for the same rows, or over
    itself in a longer period."""
    metric = AGG[fam.metric]
    rows, _, cond = base(fam, s, e)
    if fam.of_metric:  # h122: "labour cost as a % of revenue"
        return f"SELECT {metric} / nullif({AGG[fam.of_metric]}, 0) FROM ({rows}) b WHERE {cond}"
    if fam.within:  # h122: "what share of Q1 revenue came in March"
        whole, _, whole_cond = base(fam, *setting.period(fam.within))
        return (f"SELECT (SELECT {metric} FROM ({rows}) b WHERE {cond}) / "
                f"nullif((SELECT {metric} FROM ({whole}) b WHERE {whole_cond}), 0)")
    if fam.limit and fam.chosen_by:  # h132: the part of the N entities chosen by another metric ("our 3 busiest")
        whole = replace(fam, filter={}, limit=None)
        size = _per_entity(replace(whole, metric=fam.chosen_by), s, e)
        part = (f"SELECT sum(a.v) FROM ({_per_entity(whole, s, e)}) a WHERE a.name IN (SELECT name FROM ({size}) "
                f"WHERE v IS NOT NULL ORDER BY v {(fam.order or 'desc').upper()}, name LIMIT {int(fam.limit)})")
    elif fam.limit:  # the top / bottom N entities' part
        whole = replace(fam, filter={}, limit=None)
        part = (f"SELECT sum(v) FROM (SELECT v FROM ({_per_entity(whole, s, e)}) WHERE v IS NOT NULL "
                f"ORDER BY v {(fam.order or 'desc').upper()}, name LIMIT {int(fam.limit)})")
    else:  # the filtered entities' part
        part = f"SELECT {metric} FROM ({rows}) b WHERE {cond}"
    return f"SELECT ({part}) / nullif((SELECT {metric} FROM ({rows}) b), 0)"


def _lacking_sql(fam: Family, s: date, e: date) -> str:
    """h78: [name, 0] for each client with any activity in [s, e] (of the segment filter, if any) that holds no seat of
    the filter's product / vendor in [s, e] (seats purchased none or 0)."""
    rows, _, cond = base(replace(fam, filter={k: v for k, v in fam.filter.items() if k in ("client", "segment")}), s, e)
    held = (f"SELECT DISTINCT client_key FROM cur_licenses WHERE month BETWEEN DATE '{s}' AND DATE '{e}' "
            f"AND {_licence_where(fam.filter)} AND seats_purchased > 0")
    names = f"SELECT any_value(client_name) AS name FROM cur_clients WHERE client_key IN ({held}) GROUP BY client_key"
    return f"SELECT name, 0 AS v FROM ({rows}) b WHERE {cond} AND name NOT IN ({names})"


def _each_sql(fam: Family, setting: Setting) -> str:
    """h54: [name, v1, v2, ...] per entity whose value passes ``where`` in every period of ``each`` (mode all) or in at
    least one (mode any; a period without the entity's row is NULL there); a count for ``count``."""
    parts = [_per_entity(fam, *setting.period(p)) for p in fam.each]
    names = " UNION ".join(f"SELECT name FROM ({p})" for p in parts)
    joins = " ".join(f"LEFT JOIN ({p}) p{i} USING (name)" for i, p in enumerate(parts))
    passes = [f"(p{i}.v IS NOT NULL AND {_cond(fam.where, f'p{i}.v')})" for i in range(len(parts))]
    keep = (" AND " if fam.mode == "all" else " OR ").join(passes)
    inner = f"SELECT name, {', '.join(f'p{i}.v' for i in range(len(parts)))} FROM ({names}) n {joins} WHERE {keep}"
    return f"SELECT count(*) FROM ({inner})" if fam.answer == "count" else f"{inner} ORDER BY name"


def expected(con: Any, fam: Family, setting: Setting) -> list[tuple[Any, ...]] | None:
    from moat.db import rows

    query = sql(fam, setting)
    return None if query is None else rows(con, query)


def check_demo(con: Any) -> None:
    """The SQL above reads licence months from ``month``: refuse a database with subscription rows."""
    from moat.db import scalar

    if scalar(con, "SELECT count(*) FROM cur_licenses WHERE month IS NULL"):
        raise RuntimeError("the eval database has subscription licence rows; expected.py reads billed months only")
