"""What every chart shares: the palette, number formats, axis habits, and frames made plottable.

Money is rounded half-up to cents before it reaches a chart (display only, via ``moat.formatting.money``); ratios
stay fractions and are shown with a percent format. Names travel as data (axis labels, tooltips), which Vega renders
as text, so a client called ``<b>x</b>`` shows those characters.
"""

from __future__ import annotations

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


def money_tooltip(field: str, title: str) -> alt.Tooltip:
    """A tooltip line showing ``field`` as money (dollars and cents)."""
    return alt.Tooltip(f"{field}:Q", title=title, format=MONEY_FORMAT)


def percent_tooltip(field: str, title: str) -> alt.Tooltip:
    """A tooltip line showing the fraction in ``field`` as a percentage."""
    return alt.Tooltip(f"{field}:Q", title=title, format=PERCENT_FORMAT)
