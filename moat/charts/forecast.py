"""The forecast chart (the Trends page): a metric's actual months and its forecast inside the 95% interval."""

from __future__ import annotations

import altair as alt
import polars as pl

from moat.charts.style import AMBER, PERCENT_FORMAT, TEAL


def forecast(series: pl.DataFrame, title: str, percent: bool = False, height: int = 300, *,
             money: bool = False) -> alt.LayerChart:
    """Actual months as a line, the forecast as a dashed line inside its shaded 95% interval (``money``: in $)."""
    fmt = PERCENT_FORMAT if percent else ("$,.2f" if money else ",.2f")
    data = series.with_columns(pl.col("month").cast(pl.Date))
    x = alt.X("month:T", title=None, axis=alt.Axis(format="%b %y", labelOverlap="greedy", tickCount="month"))
    tip = [alt.Tooltip("month:T", format="%b %Y", title="Month"), alt.Tooltip("value:Q", title=title, format=fmt),
           alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("low:Q", format=fmt, title="Low (95%)"),
           alt.Tooltip("high:Q", format=fmt, title="High (95%)")]
    y = alt.Y("value:Q", title=title, axis=alt.Axis(format="%" if percent else ("$~s" if money else "~s")))
    actual = alt.Chart(data.filter(pl.col("kind") == "actual")).mark_line(point=True, color=TEAL).encode(x=x, y=y, tooltip=tip)
    future = data.filter(pl.col("kind") == "forecast")
    band = alt.Chart(future).mark_area(opacity=0.2, color=AMBER).encode(x=x, y="low:Q", y2="high:Q")
    line = alt.Chart(future).mark_line(point=True, color=AMBER, strokeDash=[5, 4]).encode(x=x, y=y, tooltip=tip)
    return alt.layer(band, actual, line).properties(height=height)
