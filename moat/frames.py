"""Python functions over polars columns, run on the calling thread.

Never ``Expr.map_elements``/``map_batches`` in ``moat``: polars runs those callbacks on its worker pool, and a
worker then needs the GIL. In the app every session draws its page in its own thread, and polars operations
such as ``DataFrame.to_pandas`` wait for the worker pool *while holding the GIL*; one session converting a
table while another's ``map_elements`` task sits on a worker froze the whole Streamlit process (issue 9, found
with six concurrent sessions). Mapping the values here, in plain Python on the page's own thread, gives
polars nothing that needs the GIL. The columns mapped this way are page-sized (clients, products, months).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from moat.formatting import money


def python_map(series: pl.Series, fn: Callable[[Any], Any], dtype: pl.DataType | type[pl.DataType], *,
               skip_nulls: bool = True) -> pl.Series:
    """``fn`` applied to every value of ``series`` (nulls kept as null unless ``skip_nulls`` is False)."""
    values = [None if v is None and skip_nulls else fn(v) for v in series.to_list()]
    return pl.Series(series.name, values, dtype=dtype)


def money_floats(series: pl.Series) -> pl.Series:
    """Money rounded half-up to cents (``moat.formatting.money``) as floats, for tables and charts."""
    return python_map(series, lambda v: float(money(v)), pl.Float64)
