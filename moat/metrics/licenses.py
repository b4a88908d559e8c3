"""Licence cost, utilisation, activity and waste per client or per product.

A licence month lies in the period when its first day does. Client names come from the clients table when
it knows the client (so a rename shows the same everywhere), else from the licence file. Billing lines carry their month; subscriptions
(start_date..end_date) are billed for every month whose first day falls in [start_date, end_date], an open end
meaning up to the period's end. Seat figures are seat-months summed over the period's months.
"""

from __future__ import annotations

import polars as pl

from moat.db import Connection, frame
from moat.memo import memoised
from moat.metrics.periods import Period
from moat.metrics.totals import MIN_GROUP_CLIENTS, pooled_groups

POOLED_PRODUCTS = f"(products of fewer than {MIN_GROUP_CLIENTS} clients, pooled)"

# Parameters: period start, period end. Yields one row per licence row and billed month in the period.
LICENSE_MONTHS = """
    p AS (SELECT ?::DATE AS s, ?::DATE AS e),
    pm AS (
        SELECT CAST(m AS DATE) AS m FROM p, unnest(generate_series(date_trunc('month', p.s), p.e, INTERVAL 1 MONTH)) AS g(m)
        WHERE CAST(m AS DATE) >= p.s
    ),
    lm AS (
        SELECT l.*, CAST(date_trunc('month', l.month) AS DATE) AS billed_month FROM cur_licenses l, p
        WHERE l.month IS NOT NULL AND date_trunc('month', l.month) BETWEEN p.s AND p.e
        UNION ALL
        SELECT l.*, pm.m AS billed_month FROM cur_licenses l, p, pm
        WHERE l.month IS NULL AND pm.m >= l.start_date AND pm.m <= coalesce(l.end_date, p.e)
    )
"""

# The glossary's seat figures over licence months (seats, utilisation, activity, cost, waste): one definition,
# used here and by the question engine's per-product licence answers.
SEAT_SUMS = """
    sum(seats_purchased)::BIGINT AS seats_purchased,
    sum(seats_assigned)::BIGINT AS seats_assigned,
    sum(coalesce(seats_active, seats_assigned))::BIGINT AS seats_active,
    sum(seats_assigned) / nullif(sum(seats_purchased), 0)::DOUBLE AS license_utilization,
    sum(coalesce(seats_active, seats_assigned)) / nullif(sum(seats_assigned), 0)::DOUBLE AS license_activity,
    sum(seats_purchased * unit_cost) AS license_cost,
    sum((seats_purchased - coalesce(seats_active, seats_assigned)) * unit_cost) AS license_waste
""".strip()

_GROUPS = {
    "client": ("client_key", "any_value(client_name) AS client_name"),
    "product": ("product", "any_value(vendor) AS vendor"),
}


@memoised
def licenses(con: Connection, period: Period, by: str = "client") -> pl.DataFrame:
    """Per client (``by="client"``) or per product: seats, utilisation, activity, cost and waste."""
    key, label = _GROUPS[by]
    sql = f"""
        WITH {LICENSE_MONTHS},
        names AS (SELECT client_key, any_value(client_name) AS known_name FROM cur_clients GROUP BY client_key),
        lm_named AS (SELECT lm.* REPLACE (coalesce(names.known_name, lm.client_name) AS client_name)
                     FROM lm LEFT JOIN names USING (client_key))
        SELECT {key}, {label},
            {SEAT_SUMS},
            count(*) FILTER (WHERE seats_active IS NULL)::BIGINT AS months_without_active,
            count(*)::BIGINT AS license_months
        FROM lm_named GROUP BY {key} ORDER BY license_waste DESC NULLS LAST, {key}
    """
    return frame(con, sql, [period.start, period.end])


@memoised
def product_clients(con: Connection, period: Period, by: str = "product") -> dict[str, int]:
    """How many clients hold each product's (``by="vendor"``: each vendor's) licence months in ``period``.

    Why: a product only one or two clients buy would show those clients' figures on a per-product table, so the
    pages, the facade and Ask pool such products for users kept to aggregates (``moat.metrics.totals.pooled_groups``).
    """
    column = {"product": "product", "vendor": "coalesce(vendor, '')"}[by]
    sql = f"WITH {LICENSE_MONTHS} SELECT {column}, count(DISTINCT client_key)::BIGINT FROM lm GROUP BY 1"
    return {str(key): int(n) for key, n in con.execute(sql, [period.start, period.end]).fetchall()}


def rule_counts(con: Connection, period: Period, by: str = "product") -> dict[str, int]:
    """``product_clients`` as the small-group rule counts them: (h113) a product (vendor) one client dominates
    under the p% rule (``totals.dominated``, over seats bought or licence cost) counts as that one client, so that
    ``pooled_groups`` pools it (its row is that client's seats and cost within a few percent)."""
    from moat.metrics.totals import dominated

    counts = product_clients(con, period, by)
    column = {"product": "product", "vendor": "coalesce(vendor, '')"}[by]
    sql = (f"WITH {LICENSE_MONTHS} SELECT k, list(seats), list(cost) FROM (SELECT {column} AS k, client_key,"
           " sum(seats_purchased) AS seats, sum(seats_purchased * unit_cost) AS cost FROM lm GROUP BY ALL) GROUP BY 1")
    for key, seats, cost in con.execute(sql, [period.start, period.end]).fetchall():
        if str(key) in counts and (dominated(seats) or dominated(cost)):
            counts[str(key)] = 1
    return counts


def pooled_products(con: Connection, period: Period, products: pl.DataFrame) -> pl.DataFrame:
    """The per-product table for a user kept to aggregates: products fewer than ``MIN_GROUP_CLIENTS`` clients hold
    (or one client dominates, ``rule_counts``) summed into one row, because a product one client buys shows that
    client's seats, cost and waste."""
    pooled = pooled_groups(rule_counts(con, period))
    if not pooled:
        return products
    small = products.filter(pl.col("product").is_in(sorted(pooled)))
    sums = small.select(pl.col("seats_purchased", "seats_assigned", "seats_active", "license_cost", "license_waste",
                               "months_without_active", "license_months").sum())
    row = sums.with_columns(
        pl.lit(POOLED_PRODUCTS).alias("product"), pl.lit(None, dtype=pl.Utf8).alias("vendor"),
        (pl.col("seats_assigned") / pl.col("seats_purchased")).alias("license_utilization"),
        (pl.col("seats_active") / pl.col("seats_assigned")).alias("license_activity"),
    )
    kept = products.filter(~pl.col("product").is_in(sorted(pooled)))
    return pl.concat([kept, row.select(products.columns).cast(dict(products.schema))], how="vertical")
