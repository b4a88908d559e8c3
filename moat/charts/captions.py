"""What the monthly trend chart (``moat.charts.profitability.trend``) covers, in words: the caption printed under it
wherever it is drawn, so the Overview (``moat.views.overview``) and the executive report (``moat.export``) say the
same thing about the same months. Plain text, no Altair: importing it costs nothing.
"""

from __future__ import annotations

import calendar

from moat.metrics.periods import Period

TREND_LEGEND = "Bars: revenue and gross profit; line: gross margin."


def trend_caption(period: Period) -> str:
    """What the trend chart covers, in words: the picked months, and when it cannot show a trend, why."""
    first, last = f"{period.start:%b %Y}", f"{period.end:%b %Y}"
    if first == last:
        span = f"{first} only: one month is picked; pick 3 months or more to see a trend."
    else:
        span = f"{first} to {last}, the months of the period picked."
    cut = []
    if period.start.day != 1:
        cut.append(f"{first} from the {period.start.day}{_suffix(period.start.day)}")
    if period.end.day != calendar.monthrange(period.end.year, period.end.month)[1]:
        cut.append(f"{last} up to the {period.end.day}{_suffix(period.end.day)}")
    partial = f" Cut by the period's dates: {' and '.join(cut)}." if cut else ""
    return f"{TREND_LEGEND} {span}{partial}"


def _suffix(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
