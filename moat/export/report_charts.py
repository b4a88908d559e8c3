"""The report's charts: the app's own Altair charts (``moat.charts``) rendered to PNG offline by vl-convert (no
browser, no network).

The trend follows the Overview's rule (``moat.views.overview``): exactly the months of the period, with the
Overview's own caption (``moat.charts.captions``). It used to chart twelve months back from the period's end,
so a report on Aug-Oct showed bars from the November before, next to three-month KPIs the bars did not add up to.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from moat.db import Connection
from moat.metrics.periods import Period

TREND_TITLE = "Revenue and margin by month"  # the Overview's heading over the same chart


@dataclass(frozen=True)
class Chart:
    """One chart as a PNG, with its title, a text alternative, the caption printed under it and the rows it draws."""

    title: str
    png: bytes
    alt: str
    caption: str = ""
    data: pl.DataFrame | None = None  # the rows drawn (the trend: one per month), so what is charted can be read back


def charts(con: Connection, period: Period, *, pool_small_products: bool = False) -> list[Chart]:
    """The trend and licence-waste charts as PNG (vl-convert renders Vega-Lite without a browser).

    ``pool_small_products``: for a reader who may not see client figures, products fewer than three clients buy
    are one pooled bar (a product one client buys is that client's waste)."""
    import vl_convert

    from moat.charts.captions import trend_caption
    from moat.charts.licenses import waste_bars
    from moat.charts.profitability import trend
    from moat.metrics.licenses import licenses, pooled_products
    from moat.metrics.trends import monthly

    out = []
    months = monthly(con, period)  # exactly the period's months, as the Overview draws them
    if months.height:
        spec = trend(months).properties(width=620).to_dict()
        out.append(Chart(TREND_TITLE, vl_convert.vegalite_to_png(spec, scale=2),
                         "Bars: revenue and gross profit per month; line: gross margin", trend_caption(period), months))
    by_product = licenses(con, period, by="product")
    if pool_small_products:
        by_product = pooled_products(con, period, by_product)
    if by_product.height and by_product["license_waste"].drop_nulls().sum() > 0:
        title = "Licence waste by product (unused seats x unit cost)"
        spec = waste_bars(by_product, "product", "Product", top=10).properties(width=560).to_dict()
        out.append(Chart(title, vl_convert.vegalite_to_png(spec, scale=2), "Bars: licence waste per product, largest first",
                         data=by_product))
    return out
