"""Profitability charts (the Overview and Profitability pages, the report): the monthly trend and the margin map.

Every chart takes a frame from ``moat.metrics`` and returns an Altair chart whose tooltips format money and
percentages (see ``moat.charts.style``).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from moat.charts.style import (
    AMBER,
    CATEGORY_SCHEME,
    GREY,
    LABEL_LIMIT,
    RED,
    TEAL,
    VALUE_AXIS,
    money_tooltip,
    percent_tooltip,
    plottable,
)


def trend(monthly: pl.DataFrame, height: int = 280) -> alt.LayerChart:
    """Revenue and gross profit per month as bars, gross margin as a line on its own (percent) axis."""
    data = plottable(monthly).with_columns(pl.col("month").cast(pl.Date))
    tooltip = [
        alt.Tooltip("month:T", title="Month", format="%b %Y"),
        money_tooltip("revenue", "Revenue"), money_tooltip("gross_profit", "Gross profit"), percent_tooltip("gross_margin", "Gross margin"),
        money_tooltip("labour_cost", "Labour cost"), money_tooltip("license_cost", "Licence cost"), money_tooltip("other_cost", "Other cost"),
    ]
    x = alt.X("yearmonth(month):O", title=None, axis=alt.Axis(format="%b %y", labelAngle=-45, labelOverlap="greedy"))
    bars = alt.Chart(data).mark_bar(color=TEAL, opacity=0.85).encode(
        x=x, y=alt.Y("revenue:Q", title="Revenue / gross profit", axis=alt.Axis(format="$~s", **VALUE_AXIS)), tooltip=tooltip,
    )
    profit = alt.Chart(data).mark_bar(color="#5eead4", width={"band": 0.45}).encode(x=x, y="gross_profit:Q", tooltip=tooltip)
    margin = alt.Chart(data).mark_line(color=AMBER, point=alt.OverlayMarkDef(color=AMBER), strokeWidth=2).encode(
        x=x, y=alt.Y("gross_margin:Q", title="Gross margin", axis=alt.Axis(format="%", titleColor=AMBER, **VALUE_AXIS)),
        tooltip=tooltip,
    )
    return alt.layer(bars + profit, margin).resolve_scale(y="independent").properties(height=height)


def margin_scatter(prof: pl.DataFrame, target_margin: float | None = None, height: int = 360) -> alt.LayerChart:
    """Gross margin against revenue per client, coloured by segment, sized by hours; rule at the target margin."""
    data = plottable(prof.filter(pl.col("gross_margin").is_not_null()))
    points = alt.Chart(data).mark_circle(opacity=0.8).encode(
        x=alt.X("revenue:Q", title="Revenue", axis=alt.Axis(format="$~s", **VALUE_AXIS)),
        y=alt.Y("gross_margin:Q", title="Gross margin", axis=alt.Axis(format="%", **VALUE_AXIS)),
        color=alt.Color("segment:N", title="Segment", scale=alt.Scale(scheme=CATEGORY_SCHEME),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=LABEL_LIMIT)),
        size=alt.Size("hours:Q", title="Hours", legend=None),
        tooltip=[
            alt.Tooltip("client_name:N", title="Client"), alt.Tooltip("segment:N", title="Segment"),
            money_tooltip("revenue", "Revenue"), money_tooltip("gross_profit", "Gross profit"), percent_tooltip("gross_margin", "Gross margin"),
            alt.Tooltip("hours:Q", title="Hours", format=",.1f"), money_tooltip("ehr", "Effective hourly rate"),
        ],
    )
    layers: list[Any] = [alt.Chart(pl.DataFrame({"y": [0.0]})).mark_rule(color=GREY).encode(y="y:Q"), points]
    if target_margin is not None:
        layers.append(
            alt.Chart(pl.DataFrame({"y": [target_margin]})).mark_rule(color=RED, strokeDash=[4, 4]).encode(
                y="y:Q", tooltip=[percent_tooltip("y", "Target margin")]
            )
        )
    return alt.layer(*layers).properties(height=height)
