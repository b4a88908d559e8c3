"""Intent -> numbers: calls of the ``moat.metrics`` functions on a ``SafeConnection``, then polars row work.

The SQL is the reviewed SQL of the metric modules (profitability, licences, utilisation, monthly trend); every
value reaches it as a ``?`` parameter, and every statement passes ``moat.ai.safety`` on the locked sandbox.
What happens after the SQL is only row work on its result: filter to the named entities, combine rows with the
glossary's rule for the metric (sums, or ratios of sums — never an average of ratios), sort, cut to N, apply a
threshold. So a question's number is always the same number the pages show for the same period.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import polars as pl

from moat.ai.catalogue import ANALYTICS_METRICS, ENTITY_COUNTS, METRICS, SOURCES, Intent, Metric
from moat.ai.compile.result import (  # Result, coverage, CannotFilter re-exported: callers import them from here too
    EXACT_MONEY,
    CannotFilter,
    Result,
    coverage,
)
from moat.ai.safety import SafeConnection
from moat.formatting import money
from moat.metrics import licenses, profitability, utilization
from moat.metrics.periods import Period, add_months, data_range, month_end
from moat.metrics.trends import monthly

TEMPLATE_VERSION = "ask-templates-13"  # 2: risk and unusual-month intents; 3: thresholds on the change, % change;
# 4: months ranked, per vendor, shares of the total; 5: cut months left out, vendors ranked in shares, filters applied;
# 6 (h18): quarters ranked, months counted, the first month's change from the month before the period; 7 (h21): one
# entity against a threshold answered with its value and whether it passes; 8 (h23): non-billable hours,
# entity counts, a technician's clients, cost categories, assigned-but-inactive seats
# 9 (h50): answers carry the data-quality confidence `moat metrics` reports (cached ones lacked it)
# 10 (h57): a comparison whose earlier period the data covers only in part is flagged "not comparable"
# 11 (h78): a top-N cut through a tie says so (flagged); the clients holding none of a product
# 12 (heldout20, lead): data from its month's first weekday covers the month (a quarter breakdown's first quarter);
# a count of who logged hours counts those with hours (h126 U3)
# 13 (h127): periods the data holds unequal spans of flagged "not comparable", a utilisation past the data's end
# flagged; the company's change checked against a mark; a technician's (client's) count with a billing word


def _share(df: pl.DataFrame, hours: str) -> pl.DataFrame:
    """billable_share = billable hours / hours worked per row (undefined without hours worked); h23: the complement,
    non-billable hours = hours worked - billable hours, and its share of hours worked."""
    worked = pl.col(hours).cast(pl.Float64)
    df = df.with_columns((pl.col(hours) - pl.col("billable_hours")).alias("non_billable_hours"))
    return df.with_columns(pl.when(worked > 0).then(pl.col("billable_hours").cast(pl.Float64) / worked)
                           .otherwise(None).alias("billable_share"),
                           pl.when(worked > 0).then(pl.col("non_billable_hours").cast(pl.Float64) / worked)
                           .otherwise(None).alias("non_billable_share"))


def _assigned_inactive(df: pl.DataFrame) -> pl.DataFrame:
    """h23: seats assigned but not active per row (assigned - active; a missing active count is the assigned one)."""
    if "seats_assigned" not in df.columns or "seats_active" not in df.columns:
        return df
    return df.with_columns((pl.col("seats_assigned") - pl.col("seats_active").fill_null(pl.col("seats_assigned")))
                           .alias("seats_assigned_inactive"),
                           (pl.col("seats_purchased") - pl.col("seats_assigned")).alias("seats_unassigned"))  # h93


def _source(con: SafeConnection, source: str, period: Period, segment: str | None,
            products: tuple[str, ...] = ()) -> pl.DataFrame:
    if source == "licenses_client" and products:
        from moat.ai.compile.licences import client_licences

        df = _assigned_inactive(client_licences(con, period, products))
        if segment is not None:
            keys = profitability(con, period, segment).get_column("client_key")
            df = df.filter(pl.col("client_key").is_in(keys.implode()))
        return df
    if source == "cost_categories":  # h23: other cost of the named categories only (``products`` holds them here)
        from moat.ai.compile.cost_categories import category_costs

        df = category_costs(con, period, products)
        return df.filter(pl.col("segment") == segment) if segment is not None else df
    if source == "profitability":
        df = profitability(con, period, segment)
        if "revenue" in df.columns and "gross_profit" in df.columns:  # h30: every direct cost (labour + licence + other)
            df = df.with_columns((pl.col("revenue").fill_null(0) - pl.col("gross_profit").fill_null(0)).alias("direct_cost"))
        return _share(df, "hours")
    if source == "utilization":
        from moat.ai.compile.technician_clients import technician_labour

        labour = technician_labour(con, period)
        df = utilization(con, period).join(labour, on="technician_key", how="left")
        return _share(df.with_columns(pl.col("labour_cost").fill_null(pl.lit(0).cast(pl.Decimal(38, 4)))
                                      .alias("labour_cost") if labour.is_empty() else pl.col("labour_cost")), "worked_hours")
    by = "client" if source == "licenses_client" else "product"
    df = licenses(con, period, by)
    df = _assigned_inactive(df.with_columns((pl.col("seats_purchased") - pl.col("seats_active")).alias("seats_unused")))
    if segment is not None and by == "client":
        keys = profitability(con, period, segment).get_column("client_key")
        df = df.filter(pl.col("client_key").is_in(keys.implode()))
    return df


def _source_for(metric: Metric, intent: Intent) -> tuple[str, str]:
    """(source, column) that holds the metric for the rows this intent needs."""
    if intent.filter("category"):
        return "cost_categories", "other_cost"
    per_client = intent.grouping in ("client", "segment") or intent.filter("client") or intent.filter("segment")
    if intent.filter("product") and per_client and "product" in metric.by:
        # per client, over the named products' licence rows (``_products``): rows stay clients whatever source the
        # metric uses unfiltered ("Huntress licence spend by client": profitability has no per-product split)
        return "licenses_client", metric.by["product"][1]
    if intent.filter("product") or intent.grouping in ("product", "vendor"):
        return metric.by["product"]
    if intent.filter("technician") or intent.grouping == "technician":
        return metric.by["technician"]
    if "client" in metric.by:
        return metric.by["client"]
    return next(iter(metric.by.values()))


def _products(source: str, intent: Intent) -> tuple[str, ...]:
    """Products a per-client licence source is limited to (none: every product); for the cost categories source, the
    categories (h23)."""
    if source == "cost_categories":
        return intent.filter("category")
    return intent.filter("product") if source == "licenses_client" else ()


def _combine(metric: Metric, df: pl.DataFrame) -> Any:
    """One value from many rows, by the glossary's rule (None when undefined)."""
    how = metric.combine
    if how[0] == "count":
        return df.height
    if how[0] == "sum":
        column = _sum_column(metric, how[1], df)
        return _sum(df, column)
    num, den = _sum(df, _sum_column(metric, how[1], df)), _sum(df, _sum_column(metric, how[2], df))
    if num is None or den is None or den == 0:
        return None
    return float(Decimal(str(num)) / Decimal(str(den)))


def _sum_column(metric: Metric, column: str, df: pl.DataFrame) -> str:
    if column == "hours" and "hours" not in df.columns and "worked_hours" in df.columns:
        return "worked_hours"
    return column


def _sum(df: pl.DataFrame, column: str) -> Any:
    if df.is_empty():
        return Decimal(0)
    series = df.get_column(column)
    if series.null_count():
        return None
    total = series.sum()
    return Decimal(str(total)) if not isinstance(total, float) else total


def _months(period: Period) -> list[Period]:
    out, start = [], period.start
    while start <= period.end:
        end = min(month_end(start), period.end)
        out.append(Period(start, end))
        start = add_months(start.replace(day=1), 1)
    return out


_ENTITY_OF = {"client": "client_name", "technician": "technician_name", "product": "product"}


def _ask_instead(entity: str, kind: str) -> str:
    split = {"product": "per-vendor / per-product", "technician_name": "per-technician"}.get(entity, "per-client")
    return f"ask for the {kind}'s total without the {split} split, or the {split.split(' ')[0]} figures without the {kind}"


def _filtered(df: pl.DataFrame, source: str, intent: Intent, con: SafeConnection | None = None,
              period: Period | None = None) -> pl.DataFrame:
    """The rows of the named entities; a named part these rows cannot be limited to raises ``CannotFilter``."""
    entity = SOURCES[source]["entity"]
    clients, segments = intent.filter("client"), intent.filter("segment")
    if source == "licenses_product" and (clients or segments) and con is not None and period is not None:
        from moat.ai.compile.licences import product_licences  # per product, over those clients' licence rows only

        df = product_licences(con, period, clients, segments)
        products = intent.filter("product")
        return df.filter(pl.col("product").is_in(list(products))) if products else df
    for kind in ("client", "technician", "product"):
        names = intent.filter(kind)
        if not names:
            continue
        if entity == _ENTITY_OF[kind]:
            df = df.filter(pl.col(entity).is_in(list(names)))
        elif not (kind == "product" and source == "licenses_client"):  # those rows are the products' already
            raise CannotFilter(f"I can't limit these {entity.replace('_name', '')} rows to {kind} {', '.join(names)}",
                               _ask_instead(entity, kind))
    segments = intent.filter("segment")
    if segments and "segment" in df.columns:
        df = df.filter(pl.col("segment").is_in(list(segments)))
    elif len(segments) > 1 and "client_key" in df.columns and con is not None and period is not None:
        keys = profitability(con, period, None).filter(pl.col("segment").is_in(list(segments))).get_column("client_key")
        df = df.filter(pl.col("client_key").is_in(keys.implode()))
    elif segments and "client_key" not in df.columns:  # rows per product or per technician: no client to place
        raise CannotFilter(f"I can't limit these {entity.replace('_name', '')} rows to segment {', '.join(segments)}",
                           _ask_instead(entity, "segment"))
    return df




def _display(metric: Metric, value: Any) -> Any:
    """Answer values: money to cents (display/export rounding), ratios as floats, hours and counts exact."""
    if value is None:
        return None
    if metric.kind == "money" and EXACT_MONEY.get():
        return Decimal(str(value))
    if metric.kind == "money":
        return money(value)
    if metric.kind == "percent":
        return float(value)
    if metric.kind in ("seats", "count"):
        return int(value)
    return Decimal(str(value)).normalize() if not isinstance(value, float) else value


def _ranked(intent: Intent, rows: list[list[Any]]) -> list[list[Any]]:
    """Display rows [name, value] kept by the threshold, defined values only, sorted by the intent's order, cut to N."""
    kept = [r for r in rows if r[1] is not None and (intent.threshold is None or intent.threshold.passes(r[1]))]
    kept.sort(key=lambda r: (float(r[1]), str(r[0])) if intent.order == "asc" else (-float(r[1]), str(r[0])))
    return kept[:intent.limit] if intent.limit is not None else kept


def _share_of_total(con: SafeConnection, intent: Intent) -> Result:
    """A part of a summed metric over the whole, as a fraction: the named entities' part (a client, a segment, a vendor's
    products, a technician) or the top / bottom N entities' part, over every entity of the same rows. The part and the
    whole come from the same source, so the share is of like with like (licence rows per product for a vendor)."""
    metric = METRICS[intent.metric]
    period = intent.period
    segments = intent.filter("segment")
    if intent.limit:  # the top / bottom N entities (of the named segment, if any) over every entity
        source, column = _source_for(metric, intent)
        rows = _filtered(_source(con, source, period, segments[0] if len(segments) == 1 else None), source, intent,
                         con, period)
        if intent.grouping == "vendor":  # "the top 2 vendors' share": vendors ranked, each its products' rows summed
            frame = rows.with_columns(pl.col("vendor").fill_null("(none)"))
            table = [[vendor, _combine(metric, part)] for (vendor,), part in frame.group_by(["vendor"])]
        else:
            table = [[r[SOURCES[source]["entity"]], r[column]] for r in rows.iter_rows(named=True)]
        ranked = _ranked(intent, table)
        part: Any = sum((Decimal(str(v)) for _, v in ranked), Decimal(0))
    else:
        source, _column = _source_for(metric, intent)
        segment = segments[0] if len(segments) == 1 else None
        part = _combine(metric, _filtered(_source(con, source, period, segment, _products(source, intent)), source, intent, con, period))
    whole = _combine(metric, _source(con, source, period, None))
    share = None if part is None or not whole else float(Decimal(str(part)) / Decimal(str(whole)))
    return Result(["share", intent.metric, f"total_{intent.metric}"],
                  [[share, _display(metric, part), _display(metric, whole)]], "single", None, list(con.executed),
                  int(share is None), coverage(con, period))


def _money_ratio(con: SafeConnection, intent: Intent) -> Result:
    """h122: "labour cost as a % of revenue": one money figure over another (``moat.ai.compile.money_ratio``)."""
    from moat.ai.compile.money_ratio import run_ratio

    return run_ratio(con, intent, run)


def _h23_rows(con: SafeConnection, intent: Intent, segment: str | None) -> Result | None:
    """h23: answers whose rows no metric function gives as such: the clients using a product ("how many clients use
    Huntress"; h78: or holding none of it), a count of technicians / segments / products / vendors, a technician's clients and a client's
    technicians over time entries. None for every other intent."""
    period = intent.period
    if intent.lacking:  # h78: the clients holding none of the products ("which clients don't have Huntress")
        from moat.ai.compile.lacking import lacking_rows

        return lacking_rows(con, intent)
    if intent.metric == "clients":  # with a product named: clients with those licences
        df = _filtered(_source(con, "licenses_client", period, segment, intent.filter("product")), "licenses_client",
                       intent, con, period).filter(pl.col("seats_purchased") > 0)
        return Result(["clients"], [[df.height]], "single", None, list(con.executed), 0, coverage(con, period))
    if intent.metric in ENTITY_COUNTS:
        from moat.ai.compile.filtered_counts import filtered_entity_count  # h118: within a client / segment filter

        n = filtered_entity_count(con, intent)
        return Result([intent.metric], [[_entity_count(con, intent.metric, period) if n is None else n]], "single", None,
                      list(con.executed), 0, coverage(con, period))
    if intent.metric == "overhead":  # h115: the costs with no client, as the Overview tile and `moat metrics` give it
        from moat.metrics.overhead import overhead

        return Result(["overhead"], [[_display(METRICS["overhead"], overhead(con, period))]], "single", None,
                      list(con.executed), 0, coverage(con, period))
    if intent.filter("technician") and (intent.filter("client") or intent.filter("segment")) \
            and intent.grouping in ("technician", "company"):
        return _technician_on_clients(con, intent, segment)
    if intent.grouping == "client" and intent.filter("technician"):
        return _technician_clients(con, intent)
    if intent.grouping == "technician" and intent.filter("client") and not intent.filter("technician"):
        return _technician_clients(con, intent, by_technician=True)
    return None


def _technician_on_clients(con: SafeConnection, intent: Intent, segment: str | None) -> Result:
    """h30: one technician's hours on one client or segment ("Priya's hours on Harbor Logistics", "Zoe's billable
    hours on healthcare clients"): that technician's time entries on those clients only, one value per technician
    (or their sum when one total is asked)."""
    from moat.ai.compile.technician_clients import technician_clients

    metric = METRICS[intent.metric]
    if len(intent.filter("segment")) > 1:
        raise CannotFilter("I can't split a technician's hours over several segments at once",
                           "ask about one segment at a time")
    keys = profitability(con, intent.period, segment).get_column("client_key").to_list() if segment else None
    frames = []
    for tech in intent.filter("technician"):
        df = technician_clients(con, intent.period, (tech,))
        if intent.filter("client"):
            df = df.filter(pl.col("client_name").is_in(list(intent.filter("client"))))
        if keys is not None:
            df = df.filter(pl.col("client_key").is_in(keys))
        frames.append((tech, df))

    def value(dfs: list[pl.DataFrame]) -> Any:
        hours = sum((d.get_column("hours").sum() or 0 for d in dfs), 0)
        billable = sum((d.get_column("billable_hours").sum() or 0 for d in dfs), 0)
        figures = {"hours": hours, "billable_hours": billable, "non_billable_hours": hours - billable,
                   "billable_share": float(billable) / float(hours) if hours else None,
                   "non_billable_share": float(hours - billable) / float(hours) if hours else None}
        return figures[intent.metric]

    if intent.grouping == "company" or len(frames) == 1:
        return Result([intent.metric], [[_display(metric, value([d for _, d in frames]))]], "single", None,
                      list(con.executed), 0, coverage(con, intent.period))
    table = [[tech, value([d])] for tech, d in frames]
    rows = [[name, _display(metric, v)] for name, v in _ranked(replace(intent, order=intent.order or "desc"), table)]
    return Result(["technician_name", intent.metric], rows, "ranking", "bar", list(con.executed), 0,
                  coverage(con, intent.period))


def _entity_count(con: SafeConnection, what: str, period: Period) -> int:
    """h23: how many technicians (every known one, as the utilisation rows list them), segments (of the clients with
    activity), licence products or vendors (with licence rows) the period holds."""
    if what == "technicians":
        return utilization(con, period).height
    if what == "segments":
        return profitability(con, period, None).get_column("segment").drop_nulls().n_unique()
    products = licenses(con, period, "product")
    return products.height if what == "products" else products.get_column("vendor").drop_nulls().n_unique()


def _technician_clients(con: SafeConnection, intent: Intent, by_technician: bool = False) -> Result:
    """h23: per-client rows of the named technicians' time entries ("Priya's top 3 clients by hours"), never the
    technician's own total as the only row, and per-technician rows of the named clients' entries ("Harbor's hours by
    technician"); a figure time entries alone do not hold is refused."""
    from moat.ai.compile.technician_clients import HOUR_METRICS, client_technicians, technician_clients

    metric = METRICS[intent.metric]
    kind, rows_of = ("client", "technician") if by_technician else ("technician", "client")
    names = intent.filter(kind)
    if intent.metric not in HOUR_METRICS or intent.filter("segment") or intent.filter("product"):
        raise CannotFilter(f"I can't split {metric.label} of {kind} {', '.join(names)} by {rows_of}",
                           f"ask for {', '.join(names)}'s hours or billable hours per {rows_of}, or for "
                           f"{metric.label} per {rows_of} for everyone")
    if by_technician:
        df, entity = client_technicians(con, intent.period, names), "technician_name"
    else:
        df, entity = technician_clients(con, intent.period, names), "client_name"
        if intent.filter("client"):
            df = df.filter(pl.col("client_name").is_in(list(intent.filter("client"))))
    table = [[rec[entity], rec[intent.metric]] for rec in df.iter_rows(named=True)]
    nulls = sum(1 for r in table if r[1] is None)
    table = _kept(intent, table)  # h127 (h121 G): "how many clients did Tom do non-billable work for": those with some
    if intent.count:
        return Result(["count"], [[len(table)]], "count", None, list(con.executed), 0, coverage(con, intent.period))
    rows = [[name, _display(metric, value)] for name, value in _ranked(replace(intent, order=intent.order or "desc"), table)]
    return Result([entity, intent.metric], rows, "ranking", "bar", list(con.executed), nulls,
                  coverage(con, intent.period))


def _analytics(con: SafeConnection, intent: Intent) -> Result:
    """Risk scores and unusual months (``compile.analytics``); coverage is over the window the function read."""
    from moat.ai.compile import analytics

    if intent.metric == "risk_score":
        columns, rows = analytics.risk_rows(con, intent)
        read = intent.period
    else:
        columns, rows = analytics.anomaly_rows(con, intent)
        read = analytics.anomaly_window(intent)
    shape = "count" if intent.count else intent.shape
    chart = "bar" if intent.metric == "risk_score" and shape == "ranking" else None
    return Result(columns, rows, shape, chart, list(con.executed), 0, coverage(con, read))


def _per_month(con: SafeConnection, intent: Intent, segment: str | None) -> Result:
    """Each month of the period: a trend in calendar order, or ranked by the value ("which month had the most")."""
    metric = METRICS[intent.metric]
    period = intent.period
    shape = intent.shape
    rows: list[list[Any]] = []
    uses_monthly = intent.metric in {"revenue", "labour_cost", "license_cost", "other_cost", "gross_profit",
                                     "gross_margin", "hours"} and not (intent.filter("client") or intent.filter("product")
                                                                        or intent.filter("technician")
                                                                        or intent.filter("category"))
    if uses_monthly and len(intent.filter("segment")) > 1:
        raise CannotFilter(f"I can't split the monthly figures over segments {', '.join(intent.filter('segment'))} "
                           "together", "ask per segment, or about one segment at a time")
    if uses_monthly:
        df = monthly(con, period, segment)
        for rec in df.iter_rows(named=True):
            value = _combine(metric, pl.DataFrame([rec]))
            rows.append([rec["month"], _display(metric, value)])
    else:
        source, _column = _source_for(metric, intent)
        bounds = data_range(con)
        for month in _months(period):
            if bounds is not None and (month.start > month_end(bounds[1]) or month.end < bounds[0]):
                continue  # h23: a month outside the data is no month of the trend (never a made-up 0)
            df = _filtered(_source(con, source, month, segment, _products(source, intent)), source, intent, con, month)
            if df.is_empty():
                continue
            rows.append([month.start.replace(day=1), _display(metric, _combine(metric, df))])
    nulls = sum(1 for r in rows if r[1] is None)
    if shape in ("ranking", "count"):  # "which month had the most": the months with data, ranked like any entity
        rows = [r for r in rows if coverage(con, Period(r[0], month_end(r[0]))) > 0]
        # a month cut by the period (the as-of date's month of "this year", a range from mid-month) holds only part of
        # its days: ranked against whole months it would be "the lowest month" for being short, so it is left out
        cut = [r for r in rows if r[0] < period.start or month_end(r[0]) > period.end]
        notes = [f"left out {', '.join(f'{r[0]:%b %Y}' for r in cut)}: not a whole month in "
                 f"{period.start}..{period.end} (not complete at the as-of date)"] if cut else []
        rows = [r for r in rows if r not in cut]
        if shape == "count":  # h18: "in how many months was margin under 20%": the whole months passing, counted
            return Result(["count"], [[len(_ranked(replace(intent, limit=None), rows))]], "count", None,
                          list(con.executed), nulls, coverage(con, period), notes)
        return Result(["month", intent.metric], _ranked(intent, rows), "ranking", "bar", list(con.executed), nulls,
                      coverage(con, period), notes)
    return Result(["month", intent.metric], rows, "trend", "line", list(con.executed), nulls, coverage(con, period))


def _quarters(period: Period) -> list[Period]:
    """The calendar quarters ``period`` touches, whole (Jan-Mar, Apr-Jun, ...)."""
    out, start = [], period.start.replace(day=1, month=period.start.month - (period.start.month - 1) % 3)
    while start <= period.end:
        out.append(Period(start, month_end(add_months(start, 2))))
        start = add_months(start, 3)
    return out


def _per_quarter(con: SafeConnection, intent: Intent) -> Result:
    """h18: each whole calendar quarter of the period, computed as a period of its own (the number a one-quarter question
    gives), ranked by the value, counted past a threshold, or in calendar order. A quarter the period cuts or the data
    covers only in part ("Q1 2026" when data starts in March) is left out and named: ranked against whole quarters it
    would be "the lowest" for being short."""
    rows, cut = [], []
    for quarter in _quarters(intent.period):
        label = f"Q{(quarter.start.month - 1) // 3 + 1} {quarter.start.year}"
        if coverage(con, quarter) == 0:
            continue
        if quarter.start < intent.period.start or quarter.end > intent.period.end or coverage(con, quarter) < 1:
            cut.append(label)
            continue
        one = run(con, replace(intent, grouping="company", start=quarter.start, end=quarter.end, order=None, limit=None,
                               threshold=None, count=False))
        rows.append([label, one.rows[0][0] if one.rows else None])
    notes = [f"left out {', '.join(cut)}: not a whole quarter of data in {intent.period.start}..{intent.period.end}"] \
        if cut else []
    nulls = sum(1 for r in rows if r[1] is None)
    if intent.count:
        kept = [r for r in rows if r[1] is not None and (intent.threshold is None or intent.threshold.passes(r[1]))]
        return Result(["count"], [[len(kept)]], "count", None, list(con.executed), nulls, coverage(con, intent.period),
                      notes)
    ranked = _ranked(intent, rows) if intent.order is not None or intent.threshold is not None else rows
    return Result(["quarter", intent.metric], ranked, "ranking", "bar", list(con.executed), nulls,
                  coverage(con, intent.period), notes)


def _one_value(con: SafeConnection, intent: Intent, metric: Metric, df: pl.DataFrame, period: Period) -> Result:
    """The rows' one combined value; h90: with a mark on the company's figure ("was our margin over 30%"), whether
    it passes too."""
    value = _combine(metric, df)
    nulls = int(value is None)
    if intent.threshold is not None and intent.grouping == "company":
        return Result([intent.metric, "passes"], [[_display(metric, value), intent.threshold.passes(value)]],
                      "single", None, list(con.executed), nulls, coverage(con, period))
    return Result([intent.metric], [[_display(metric, value)]], "single", None, list(con.executed), nulls,
                  coverage(con, period))


def _kept(intent: Intent, table: list[list[Any]]) -> list[list[Any]]:
    """The rows a threshold keeps; h126 U3: a count of who logged hours counts those with hours ("how many
    technicians logged time on 24 Oct" counted every technician's row, 15 with 0 hours among them, at confidence 1.0
    when 14 had logged time)."""
    if intent.threshold is not None:
        return [r for r in table if intent.threshold.passes(r[1])]
    if intent.count and intent.metric in ("hours", "billable_hours", "non_billable_hours"):
        return [r for r in table if r[1] is not None and float(r[1]) > 0]
    return table


def run(con: SafeConnection, intent: Intent) -> Result:
    """Compute the answer table of ``intent`` (``con`` records every statement it ran)."""
    from moat.ai.compile.exclusion import the_rest

    intent = the_rest(con, intent)  # h65: names left out ("revenue without Harbor"): filters on every other name
    metric = METRICS[intent.metric]
    period = intent.period
    if intent.metric in ANALYTICS_METRICS:
        return _analytics(con, intent)
    if intent.each or intent.passing_total:  # h54: a condition in each period; one total over the passing entities
        from moat.ai.compile.each_period import run_each, run_passing_total

        return run_each(con, intent, run) if intent.each else run_passing_total(con, intent, run)
    if intent.compared or intent.change == "mom":
        from moat.ai.compile.compare import run_compare

        return run_compare(con, intent, run)
    if intent.share or intent.over_another:
        return _share_of_total(con, intent) if intent.share else _money_ratio(con, intent)
    segments = intent.filter("segment")
    segment = segments[0] if len(segments) == 1 else None
    shape = intent.shape
    nulls = 0

    if intent.grouping == "month":
        return _per_month(con, intent, segment)
    if intent.grouping == "quarter":
        return _per_quarter(con, intent)

    if intent.metric == "clients" and not intent.filter("product"):
        df = _filtered(_source(con, "profitability", period, segment), "profitability", intent, con, period)
        return Result(["clients"], [[df.height]], "single", None, list(con.executed), 0, coverage(con, period))
    special = _h23_rows(con, intent, segment)
    if special is not None:
        return special

    source, column = _source_for(metric, intent)
    df = _filtered(_source(con, source, period, segment, _products(source, intent)), source, intent, con, period)
    entity = SOURCES[source]["entity"]

    if intent.grouping == "company" or (shape == "single" and intent.grouping in ("segment", "product")):
        return _one_value(con, intent, metric, df, period)

    if intent.grouping == "vendor":  # a vendor's figure: its products' rows combined by the glossary's rule
        frame = df.with_columns(pl.col("vendor").fill_null("(none)"))
        table = [[vendor, _combine(metric, part)] for (vendor,), part in frame.group_by(["vendor"], maintain_order=True)]
    elif intent.grouping == "segment":
        if "segment" not in df.columns:  # licence rows per client ("Microsoft seats by segment"): each client's segment
            segments = profitability(con, period, segment).select("client_key", "segment")
            df = df.join(segments, on="client_key", how="left")
        frame = df.with_columns(pl.col("segment").fill_null("(none)"))
        values = []
        for (seg,), part in frame.group_by(["segment"], maintain_order=True):
            values.append([seg, _combine(metric, part)])
        table = values
    else:
        table = [[rec[entity], rec[column]] for rec in df.select(entity, column).iter_rows(named=True)]
    nulls = sum(1 for r in table if r[1] is None)

    if intent.threshold is not None and shape == "single" and not intent.count:
        # h21: one entity against a threshold: its value and whether it passes (never an empty "nothing matches")
        value = table[0][1] if table else None
        return Result([intent.metric, "passes"], [[_display(metric, value), intent.threshold.passes(value)]] if table else [],
                      "single", None, list(con.executed), int(value is None), coverage(con, period))
    table = _kept(intent, table)
    if intent.count:
        return Result(["count"], [[len(table)]], "count", None, list(con.executed), 0, coverage(con, period))
    if shape == "single":
        value = table[0][1] if table else None
        return Result([intent.metric], [[_display(metric, value)]] if table else [], "single", None, list(con.executed),
                      int(value is None), coverage(con, period))
    order = intent.order or "desc"  # a plain listing shows the largest first
    defined = [r for r in table if r[1] is not None]
    defined.sort(key=lambda r: (float(r[1]), str(r[0])) if order == "asc" else (-float(r[1]), str(r[0])))
    if intent.limit is not None:
        defined = defined[:intent.limit]
    label = {"client_name": "client_name", "technician_name": "technician_name", "product": "product"}.get(entity, entity)
    if intent.grouping in ("segment", "vendor"):
        label = intent.grouping
    rows = [[name, _display(metric, value)] for name, value in defined]
    return Result([label, intent.metric], rows, "ranking", "bar", list(con.executed), nulls, coverage(con, period))
