"""The utilisation chart (the Utilisation page): each technician's billable utilisation against the target band."""

from __future__ import annotations

import altair as alt
import polars as pl

from moat.charts.style import AMBER, BAR_STEP, LABEL_LIMIT, RED, TEAL, VALUE_AXIS, percent_tooltip, plottable

# The legend shows the band in words; the data keeps the stored value (what the tooltip and the table map too).
BAND_WORDS = ("datum.label == 'below' ? 'Below target' : datum.label == 'above' ? 'Above target' : "
              "datum.label == 'within' ? 'Within target' : datum.label")


def utilization_bars(util: pl.DataFrame, low: float, high: float) -> alt.LayerChart:
    """Billable utilisation per technician against the healthy band [low, high] (shaded).

    ``util`` carries the ``band`` column of ``moat.metrics.totals.with_band``; bars are coloured by it.
    """
    data = plottable(util)
    band_rect = alt.Chart(pl.DataFrame({"low": [low], "high": [high]})).mark_rect(color="#22c55e", opacity=0.15).encode(
        x="low:Q", x2="high:Q", tooltip=[percent_tooltip("low", "Target from"), percent_tooltip("high", "Target to")],
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
            alt.Tooltip("technician_name:N", title="Technician"), percent_tooltip("billable_utilization", "Billable utilisation"),
            percent_tooltip("total_utilization", "Total utilisation"), alt.Tooltip("billable_hours:Q", title="Billable hours", format=",.1f"),
            alt.Tooltip("worked_hours:Q", title="Worked hours", format=",.1f"),
            alt.Tooltip("available_hours:Q", title="Available hours", format=",.1f"),
        ],
    )
    return alt.layer(band_rect, bars).properties(height=alt.Step(BAR_STEP))
