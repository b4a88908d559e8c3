"""Licence figures per client for some products only ("Huntress seats per client", "SentinelOne waste by client").

``moat.metrics.licenses`` sums every product of a client; a question that names a product or vendor and asks
per client needs the same sums over that product's licence rows only. The SQL is the metric module's own
licence-month expansion (``LICENSE_MONTHS``) and column definitions, with one ``product IN (...)`` condition,
and it runs through the same ``SafeConnection`` checks as every other statement.
"""

from __future__ import annotations

import polars as pl

from moat.ai.safety import SafeConnection
from moat.db import frame
from moat.metrics.licenses import LICENSE_MONTHS, SEAT_SUMS
from moat.metrics.periods import Period

_COLUMNS = SEAT_SUMS


def client_licences(con: SafeConnection, period: Period, products: tuple[str, ...]) -> pl.DataFrame:
    """Per client, over the licence rows of ``products`` only (same columns as ``licenses(by="client")``)."""
    marks = ", ".join("?" for _ in products)
    sql = f"""
        WITH {LICENSE_MONTHS},
        names AS (SELECT client_key, any_value(client_name) AS known_name FROM cur_clients GROUP BY client_key),
        lm_named AS (SELECT lm.* REPLACE (coalesce(names.known_name, lm.client_name) AS client_name)
                     FROM lm LEFT JOIN names USING (client_key) WHERE lm.product IN ({marks}))
        SELECT client_key, any_value(client_name) AS client_name, {_COLUMNS}
        FROM lm_named GROUP BY client_key ORDER BY license_waste DESC NULLS LAST, client_key
    """
    df = frame(con, sql, [period.start, period.end, *products])
    df = df.with_columns((pl.col("seats_purchased") - pl.col("seats_active")).alias("seats_unused"))
    return df.with_columns((pl.col("seats_assigned") - pl.col("seats_active")).alias("seats_assigned_inactive"))


def product_licences(con: SafeConnection, period: Period, clients: tuple[str, ...],
                     segments: tuple[str, ...]) -> pl.DataFrame:
    """Per product (with its vendor), over the licence rows of the named clients and of the clients of the named
    segments only (same columns as ``licenses(by="product")``): "licence spend per vendor for Harbor Logistics"."""
    names, segs = ", ".join("?" for _ in clients) or "NULL", ", ".join("?" for _ in segments) or "NULL"
    sql = f"""
        WITH {LICENSE_MONTHS},
        chosen AS (SELECT DISTINCT client_key FROM cur_clients WHERE client_name IN ({names}) OR segment IN ({segs}))
        SELECT product, any_value(vendor) AS vendor, {_COLUMNS},
            count(*) FILTER (WHERE seats_active IS NULL)::BIGINT AS months_without_active,
            count(*)::BIGINT AS license_months
        FROM lm WHERE client_key IN (SELECT client_key FROM chosen)
        GROUP BY product ORDER BY license_waste DESC NULLS LAST, product
    """
    df = frame(con, sql, [period.start, period.end, *clients, *segments])
    df = df.with_columns((pl.col("seats_purchased") - pl.col("seats_active")).alias("seats_unused"))
    return df.with_columns((pl.col("seats_assigned") - pl.col("seats_active")).alias("seats_assigned_inactive"))
