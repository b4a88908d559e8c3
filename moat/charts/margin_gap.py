"""Chart builders specific to analytics (waterfall of a margin gap, series with a forecast band).

Like ``moat.charts`` (whose palette and formats these reuse) they return Altair charts and never import
Streamlit, so notebooks and exports draw the same pictures.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from moat.charts.profitability import AMBER, GREY, PERCENT_FORMAT, RED, TEAL


def waterfall_data(explanation: dict[str, Any]) -> pl.DataFrame:
    """Steps from the median margin to the client's margin: one floating bar per contribution (points)."""
    median = explanation["median_margin"] * 100
    rows = [{"step": "portfolio median", "start": 0.0, "end": median, "kind": "total", "order": 0}]
    level = median
    for i, c in enumerate(explanation["contributions"], start=1):
        rows.append({"step": c["label"], "start": level, "end": level + c["contribution_pts"],
                     "kind": "up" if c["contribution_pts"] >= 0 else "down", "order": i})
        level += c["contribution_pts"]
    rows.append({"step": explanation["client"], "start": 0.0, "end": explanation["margin"] * 100, "kind": "total",
                 "order": len(rows)})
    return pl.DataFrame(rows).with_columns((pl.col("end") - pl.col("start")).alias("points"))


def waterfall(explanation: dict[str, Any], height: int = 320) -> alt.Chart:
    data = waterfall_data(explanation)
    order = data["step"].to_list()
    color = alt.Color("kind:N", scale=alt.Scale(domain=["total", "up", "down"], range=[GREY, TEAL, RED]), legend=None)
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("step:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30, labelLimit=140)),
        y=alt.Y("start:Q", title="Gross margin (points)"), y2="end:Q", color=color,
        tooltip=[alt.Tooltip("step:N", title="Step"), alt.Tooltip("points:Q", title="Points", format="+.1f"),
                 alt.Tooltip("end:Q", title="Margin after", format=".1f")],
    ).properties(height=height)


def forecast(series: pl.DataFrame, title: str, percent: bool = False, height: int = 300) -> alt.LayerChart:
    """Actual months as a line, the forecast as a dashed line inside its shaded 95% interval."""
    fmt = PERCENT_FORMAT if percent else ",.2f"
    data = series.with_columns(pl.col("month").cast(pl.Date))
    x = alt.X("month:T", title=None, axis=alt.Axis(format="%b %y", labelOverlap="greedy", tickCount="month"))
    tip = [alt.Tooltip("month:T", format="%b %Y", title="Month"), alt.Tooltip("value:Q", title=title, format=fmt),
           alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("low:Q", format=fmt, title="Low (95%)"),
           alt.Tooltip("high:Q", format=fmt, title="High (95%)")]
    y = alt.Y("value:Q", title=title, axis=alt.Axis(format="%" if percent else "~s"))
    actual = alt.Chart(data.filter(pl.col("kind") == "actual")).mark_line(point=True, color=TEAL).encode(x=x, y=y, tooltip=tip)
    future = data.filter(pl.col("kind") == "forecast")
    band = alt.Chart(future).mark_area(opacity=0.2, color=AMBER).encode(x=x, y="low:Q", y2="high:Q")
    line = alt.Chart(future).mark_line(point=True, color=AMBER, strokeDash=[5, 4]).encode(x=x, y=y, tooltip=tip)
    return alt.layer(band, actual, line).properties(height=height)
