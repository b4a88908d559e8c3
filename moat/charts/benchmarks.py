"""The Benchmarks chart: each peer's noisy value with its interval as an error bar, and the MSP's exact value.

It draws the comparison frame of ``moat.privacy.packs.compare`` with the units of the DP metric catalogue
(``moat.privacy.bounds.METRICS``); no Streamlit here, so notebooks can draw it too. Labels travel as data,
rendered by Vega as plain text.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from moat.charts.style import MONEY_FORMAT, PERCENT_FORMAT, RED, TEAL
from moat.privacy.bounds import METRICS


def benchmark_chart(cmp: pl.DataFrame, metric: str) -> alt.LayerChart:
    """Error bars (low..high) and points for peers per segment; a red diamond for the MSP's own value."""
    spec = METRICS[metric]
    fmt = MONEY_FORMAT if spec.unit == "money" else PERCENT_FORMAT if spec.unit == "percent" else ",.1f"
    data = cmp.filter(pl.col("metric") == metric).select(
        "segment", pl.col("label").alias("peer"), pl.col("value").cast(pl.Float64), pl.col("low").cast(pl.Float64),
        pl.col("high").cast(pl.Float64), pl.col("own").cast(pl.Float64), "verdict",
    )
    y = alt.Y("segment:N", title=None)
    tooltip = [alt.Tooltip("peer:N", title="Peer"), alt.Tooltip("value:Q", title="Peer value", format=fmt),
               alt.Tooltip("low:Q", title="Interval from", format=fmt), alt.Tooltip("high:Q", title="to", format=fmt),
               alt.Tooltip("own:Q", title="Yours", format=fmt), alt.Tooltip("verdict:N", title="Reading")]
    bars = alt.Chart(data).mark_errorbar(ticks=True, color=TEAL).encode(
        x=alt.X("low:Q", title=spec.label, axis=alt.Axis(format=fmt)), x2="high:Q", y=y, yOffset="peer:N", tooltip=tooltip)
    points = alt.Chart(data).mark_point(filled=True, color=TEAL).encode(x="value:Q", y=y, yOffset="peer:N", tooltip=tooltip)
    own = alt.Chart(data).mark_point(shape="diamond", size=160, filled=True, color=RED).encode(x="own:Q", y=y, tooltip=tooltip)
    return alt.layer(bars, points, own).properties(height=alt.Step(28))
