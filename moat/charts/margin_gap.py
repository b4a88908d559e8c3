"""The margin-gap waterfall (the Explain page): from the portfolio's median margin to one client's, step by step."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from moat.charts.style import GREY, RED, TEAL


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
    """Grey totals (the median, the client) and a teal or red bar per contribution that raised or lowered the margin."""
    data = waterfall_data(explanation)
    order = data["step"].to_list()
    color = alt.Color("kind:N", scale=alt.Scale(domain=["total", "up", "down"], range=[GREY, TEAL, RED]), legend=None)
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("step:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30, labelLimit=140)),
        y=alt.Y("start:Q", title="Gross margin (points)"), y2="end:Q", color=color,
        tooltip=[alt.Tooltip("step:N", title="Step"), alt.Tooltip("points:Q", title="Points", format="+.1f"),
                 alt.Tooltip("end:Q", title="Margin after", format=".1f")],
    ).properties(height=height)
