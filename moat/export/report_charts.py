"""The report's charts: the app's own Altair charts (``moat.charts``) rendered to PNG offline by vl-convert (no
browser, no network)."""

from __future__ import annotations

from dataclasses import dataclass

from moat.db import Connection
from moat.metrics.periods import Period


@dataclass(frozen=True)
class Chart:
    """One chart as a PNG, with its title and a text alternative."""

    title: str
    png: bytes
    alt: str


def charts(con: Connection, period: Period) -> list[Chart]:
    """The trend and licence-waste charts as PNG (vl-convert renders Vega-Lite without a browser)."""
    import vl_convert

    from moat.charts.licenses import waste_bars
    from moat.charts.profitability import trend
    from moat.metrics.licenses import licenses
    from moat.metrics.trends import monthly, trend_window

    out = []
    window = trend_window(period)
    months = monthly(con, window)
    if months.height:
        title = f"Revenue, gross profit and margin by month ({window.start:%b %Y} to {window.end:%b %Y})"
        spec = trend(months).properties(width=620).to_dict()
        out.append(Chart(title, vl_convert.vegalite_to_png(spec, scale=2),
                         "Bars: revenue and gross profit per month; line: gross margin"))
    by_product = licenses(con, period, by="product")
    if by_product.height and by_product["license_waste"].drop_nulls().sum() > 0:
        title = "Licence waste by product (unused seats x unit cost)"
        spec = waste_bars(by_product, "product", "Product", top=10).properties(width=560).to_dict()
        out.append(Chart(title, vl_convert.vegalite_to_png(spec, scale=2), "Bars: licence waste per product, largest first"))
    return out
