"""Other direct cost of some cost categories only ("what did we pay subcontractors", "travel costs by client").

``moat.metrics.profitability`` sums every category of a client's costs into other cost; a question that names a
category needs the same sum over that category's rows only: costs with a client, dated in the period (costs with no
client are overhead and never part of other cost, as the glossary says). h23: such a question was answered with
every category summed.
"""

from __future__ import annotations

import polars as pl

from moat.ai.safety import SafeConnection
from moat.db import frame
from moat.metrics.periods import Period


def category_costs(con: SafeConnection, period: Period, categories: tuple[str, ...]) -> pl.DataFrame:
    """Per client with costs of ``categories`` (lower-cased, trimmed) in ``period``: client_key, client_name, segment,
    other_cost."""
    marks = ", ".join("?" for _ in categories)
    sql = f"""
        WITH c AS (SELECT client_key, any_value(client_name) AS known_name, any_value(segment) AS segment
                   FROM cur_clients GROUP BY client_key)
        SELECT k.client_key, coalesce(any_value(c.known_name), any_value(k.client_name)) AS client_name,
            any_value(c.segment) AS segment, sum(k.amount)::DECIMAL(38,4) AS other_cost
        FROM cur_costs k LEFT JOIN c USING (client_key)
        WHERE k.client_key IS NOT NULL AND k.date BETWEEN ? AND ? AND lower(trim(k.category)) IN ({marks})
        GROUP BY k.client_key ORDER BY other_cost DESC, client_name
    """
    return frame(con, sql, [period.start, period.end, *categories])
