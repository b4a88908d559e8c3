"""Altair chart builders for the KPI pages (no Streamlit here: notebooks and exports draw the same charts).

Every chart takes a frame from ``moat.metrics`` and returns an Altair chart with tooltips whose numbers are
formatted as money or percent. Money is rounded half-up to cents before it reaches the chart (display only,
via ``moat.formatting.money``); ratios stay fractions and are shown with a percent format. Names travel as data
(axis labels, tooltips), which Vega renders as text, so a client called ``<b>x</b>`` shows those characters.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from moat import frames
from moat.formatting import MONEY_COLUMNS

MONEY_FORMAT = "$,.2f"
PERCENT_FORMAT = ".1%"
TEAL, RED, AMBER, GREY = "#0f766e", "#b91c1c", "#b45309", "#9ca3af"
BAR_STEP = 24  # px per bar: every name gets its own readable axis label
LABEL_LIMIT = 140  # px: long client names are cut on the axis (the tooltip has them whole) so phones keep room for bars
# Segment colours: ten hues far apart (Tableau 10), never shades of one colour.
CATEGORY_SCHEME = "tableau10"
# Axes readable at 400 px and 1400 px alike: a handful of ticks, overlapping labels dropped, never cut mid-word.
VALUE_AXIS = {"tickCount": 5, "labelOverlap": True}


def plottable(df: pl.DataFrame) -> pl.DataFrame:
    """Money columns rounded to cents as floats, other decimals as floats: what Vega-Lite can serialise."""
    out = []
    for name, dtype in df.schema.items():
        if name in MONEY_COLUMNS:
            out.append(frames.money_floats(df[name]))
        elif isinstance(dtype, pl.Decimal):
            out.append(pl.col(name).cast(pl.Float64))
    return df.with_columns(out) if out else df


def _money(field: str, title: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:Q", title=title, format=MONEY_FORMAT)


def _percent(field: str, title: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:Q", title=title, format=PERCENT_FORMAT)


def trend(monthly: pl.DataFrame, height: int = 280) -> alt.LayerChart:
    """Revenue and gross profit per month as bars, gross margin as a line on its own (percent) axis."""
    data = plottable(monthly).with_columns(pl.col("month").cast(pl.Date))
    tooltip = [
        alt.Tooltip("month:T", title="Month", format="%b %Y"),
        _money("revenue", "Revenue"), _money("gross_profit", "Gross profit"), _percent("gross_margin", "Gross margin"),
        _money("labour_cost", "Labour cost"), _money("license_cost", "Licence cost"), _money("other_cost", "Other cost"),
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
            _money("revenue", "Revenue"), _money("gross_profit", "Gross profit"), _percent("gross_margin", "Gross margin"),
            alt.Tooltip("hours:Q", title="Hours", format=",.1f"), _money("ehr", "Effective hourly rate"),
        ],
    )
    layers: list[Any] = [alt.Chart(pl.DataFrame({"y": [0.0]})).mark_rule(color=GREY).encode(y="y:Q"), points]
    if target_margin is not None:
        layers.append(
            alt.Chart(pl.DataFrame({"y": [target_margin]})).mark_rule(color=RED, strokeDash=[4, 4]).encode(
                y="y:Q", tooltip=[_percent("y", "Target margin")]
            )
        )
    return alt.layer(*layers).properties(height=height)


def waste_bars(lic: pl.DataFrame, label: str, title: str, top: int = 15) -> alt.Chart:
    """Licence waste per ``label`` (client_name or product), largest first, the ``top`` largest only."""
    data = plottable(lic.sort("license_waste", descending=True, nulls_last=True).head(top))
    return alt.Chart(data).mark_bar(color=RED).encode(
        x=alt.X("license_waste:Q", title="Licence waste", axis=alt.Axis(format="$~s", **VALUE_AXIS)),
        y=alt.Y(f"{label}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[
            alt.Tooltip(f"{label}:N", title=title), _money("license_waste", "Licence waste"),
            _money("license_cost", "Licence cost"), _percent("license_utilization", "Seats assigned"),
            _percent("license_activity", "Assigned seats active"),
        ],
    ).properties(height=alt.Step(BAR_STEP))


# The legend shows the band in words; the data keeps the stored value (what the tooltip and the table map too).
BAND_WORDS = ("datum.label == 'below' ? 'Below target' : datum.label == 'above' ? 'Above target' : "
              "datum.label == 'within' ? 'Within target' : datum.label")


def utilization_bars(util: pl.DataFrame, low: float, high: float) -> alt.LayerChart:
    """Billable utilisation per technician against the healthy band [low, high] (shaded).

    ``util`` carries the ``band`` column of ``moat.metrics.totals.with_band``; bars are coloured by it.
    """
    data = plottable(util)
    band_rect = alt.Chart(pl.DataFrame({"low": [low], "high": [high]})).mark_rect(color="#22c55e", opacity=0.15).encode(
        x="low:Q", x2="high:Q", tooltip=[_percent("low", "Target from"), _percent("high", "Target to")],
    )
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("billable_utilization:Q", title="Billable utilisation", axis=alt.Axis(format="%", **VALUE_AXIS)),
        y=alt.Y("technician_name:N", title=None, sort="-x", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        color=alt.Color(
            "band:N", title="Against target",
            scale=alt.Scale(domain=["below", "within", "above"], range=[AMBER, TEAL, RED]),
            legend=alt.Legend(orient="bottom", labelExpr=BAND_WORDS),
        ),
        tooltip=[
            alt.Tooltip("technician_name:N", title="Technician"), _percent("billable_utilization", "Billable utilisation"),
            _percent("total_utilization", "Total utilisation"), alt.Tooltip("billable_hours:Q", title="Billable hours", format=",.1f"),
            alt.Tooltip("worked_hours:Q", title="Worked hours", format=",.1f"),
            alt.Tooltip("available_hours:Q", title="Available hours", format=",.1f"),
        ],
    )
    return alt.layer(band_rect, bars).properties(height=alt.Step(BAR_STEP))
