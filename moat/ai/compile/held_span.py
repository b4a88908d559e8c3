"""h127 (h121 J, J2): a figure over a period the data holds only part of is shown, never as sure, when the part missing
changes what the figure means.

- Two periods compared whose spans of data differ (this quarter against the last one, asked on 9 August with data
  to 31 July: one month against three). The change mostly measures the gap, so it is not comparable (DESIGN's
  glossary): the figures are shown, the data confidence drops (x0.6) below the review line and the reply says why and
  what to ask. The earlier period partly covered is ``compare._earlier_part_covered``'s case (h57); this is the later
  one, or two periods of unequal length. Periods within 15% of each other's covered length (February against January,
  a quarter of 90 days against one of 92) stay comparable.
- A utilisation over a period running past the data's last covered day ("utilisation this quarter" on 9 August, data
  to 31 July): the glossary's capacity counts every weekday of the period, so the weekdays after the data's end count
  as available hours with no time logged and the figure is understated (0.56 for July's 0.71). The figure the
  glossary defines is shown, flagged, with the covered span named to ask for instead. Under 2% of the capacity
  (the as-of date a day past the last entry) is not worth a flag.

Why here and not in the parser: the periods are read right; what is unsure is what the data holds of them, known only
once the database is open (as ``Result.coverage`` is)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from moat.ai.catalogue import Intent
from moat.ai.compile.result import Result
from moat.ai.safety import SafeConnection
from moat.metrics.periods import Period, covered_through, data_range, first_covered

COMPARABLE = 0.85  # the shorter covered span over the longer one, at least
DOUBT = 0.6  # as h57's earlier period partly covered: with the coverage, below the review line
UTILISATION = ("billable_utilization", "total_utilization")
DILUTED = 0.02  # share of the capacity's weekdays after the data's end that is flagged


def _weekdays(start: date, end: date) -> int:
    return sum(1 for i in range((end - start).days + 1) if (start + timedelta(days=i)).weekday() < 5)


def _covered_days(bounds: tuple[date, date], period: Period) -> int:
    """The days of ``period`` the data covers (as ``compile.result.coverage`` counts them)."""
    start, end = max(period.start, first_covered(bounds[0])), min(period.end, covered_through(bounds[1]))
    return max(0, (end - start).days + 1)


def _unequal_spans(bounds: tuple[date, date], intent: Intent) -> str | None:
    """Why the two compared periods are not comparable (their spans of data differ), or None."""
    before = Period(intent.compare_start, intent.compare_end)  # type: ignore[arg-type]
    after = intent.period
    held = _covered_days(bounds, before), _covered_days(bounds, after)
    if min(held) <= 0 or min(held) / max(held) >= COMPARABLE:
        return None
    return (f"not comparable: the data holds {held[1]:.0f} days of {after.start}..{after.end} against {held[0]:.0f} "
            f"days of {before.start}..{before.end}, so the change mostly measures the missing days; ask for two "
            "periods the data covers equally (whole months or quarters, e.g. the last whole month against the one "
            "before)")


def _capacity_counts_past(con: SafeConnection, period: Period, last: date) -> bool:
    """Whether the utilisation metric counts capacity after the data's last day (a metric that stops its capacity
    there already gives the covered figure: nothing to flag)."""
    from moat.metrics.utilization import utilization

    def available(p: Period) -> float:
        df = utilization(con, p)
        return float(df["available_hours"].sum()) if df.height else 0.0

    return available(period) > available(Period(period.start, last)) + 1e-9


def _capacity_past_data(con: SafeConnection, bounds: tuple[date, date], intent: Intent) -> str | None:
    """Why a utilisation over a period running past the data's end is understated, or None."""
    if intent.metric not in UTILISATION:
        return None
    last = covered_through(bounds[1])
    periods = [intent.period] + ([Period(intent.compare_start, intent.compare_end)]  # type: ignore[arg-type]
                                 if intent.compared else [])
    for period in periods:
        if period.end <= last or period.start > last:
            continue
        capacity = _weekdays(period.start, period.end)
        after = _weekdays(last + timedelta(days=1), period.end)
        if capacity and after / capacity > DILUTED and _capacity_counts_past(con, period, last):
            return (f"the data ends {last}: the capacity counts {after} weekdays of {period.start}..{period.end} after "
                    f"it with no time logged, so the utilisation is understated; ask for {period.start}..{last} for "
                    "the part the data holds")
    return None


def held_span_checked(con: SafeConnection, intent: Intent, result: Result) -> Result:
    """``result`` with the data confidence lowered and the reason noted when the data holds too little of the periods
    for the figure to mean what was asked (module doc); else ``result`` unchanged."""
    if intent.each or intent.passing_total or intent.change == "mom":
        return result
    bounds = data_range(con)
    if bounds is None:
        return result
    reasons = []
    if intent.compared and not any(n.startswith("not comparable") for n in result.notes):
        reasons.append(_unequal_spans(bounds, intent))
    reasons.append(_capacity_past_data(con, bounds, intent))
    said = [r for r in reasons if r]
    if not said:
        return result
    return replace(result, notes=[*result.notes, *said], doubt=min(result.doubt, DOUBT))
