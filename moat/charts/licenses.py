"""The licence-waste chart (the Licences page and the report): unused seats' cost per client or product."""

from __future__ import annotations

import altair as alt
import polars as pl

from moat.charts.style import (
    BAR_STEP,
    LABEL_LIMIT,
    RED,
    VALUE_AXIS,
    money_tooltip,
    percent_tooltip,
    plottable,
)


def waste_bars(lic: pl.DataFrame, label: str, title: str, top: int = 15) -> alt.Chart:
    """Licence waste per ``label`` (client_name or product), largest first, the ``top`` largest only."""
    data = plottable(lic.sort("license_waste", descending=True, nulls_last=True).head(top))
    return alt.Chart(data).mark_bar(color=RED).encode(
        x=alt.X("license_waste:Q", title="Licence waste", axis=alt.Axis(format="$~s", **VALUE_AXIS)),
        y=alt.Y(f"{label}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[
            alt.Tooltip(f"{label}:N", title=title), money_tooltip("license_waste", "Licence waste"),
            money_tooltip("license_cost", "Licence cost"), percent_tooltip("license_utilization", "Seats assigned"),
            percent_tooltip("license_activity", "Assigned seats active"),
        ],
    ).properties(height=alt.Step(BAR_STEP))
