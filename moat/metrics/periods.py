"""Periods: inclusive [start, end] date ranges, the period a comparison is made against, and sensible defaults.

The comparison rule (the README's glossary states it): the previous period of a whole-month period (first day of
a month to the last day of a month) is the same number of whole months just before it (Sep-Nov against Jun-Aug),
so monthly invoices and licence months line up; any other period is compared with the period of equal length
that ends the day before it starts. Data coverage is counted in whole months: a period is covered when every
month it touches lies between the first and the last month holding activity, except the month that has not ended
as of today (``moat.clock.today``): it is covered only up to its last day holding data, and it is never a default period.
A few rows of a 6-day-old December used to make December "last month" and every change a false drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from moat.clock import today
from moat.db import Connection, one
from moat.errors import BadArgument


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadArgument(f"the period ends ({self.end}) before it starts ({self.start})", "swap --from and --to")

    @classmethod
    def parse(cls, start: str | date, end: str | date) -> Period:
        def as_date(value: str | date, flag: str) -> date:
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise BadArgument(f"{flag} {value!r} is not a date", "write dates as YYYY-MM-DD") from None

        return cls(as_date(start, "--from"), as_date(end, "--to"))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> bool:
        """Whether the period runs from the first day of a month to the last day of a month."""
        return self.start.day == 1 and self.end == month_end(self.end)

    @property
    def months(self) -> int:
        """Calendar months the period touches (a whole-month period's length in months)."""
        return (self.end.year * 12 + self.end.month) - (self.start.year * 12 + self.start.month) + 1

    @property
    def month_starts(self) -> int:
        """How many first days of a month lie in the period: the licence months it holds."""
        return self.months - (0 if self.start.day == 1 else 1)

    def previous(self) -> Period:
        """The period a change is measured against.

        A whole-month period: the same number of whole months just before it (Sep-Nov -> Jun-Aug, never
        02 Jun-31 Aug, which would drop June's licence month). Any other period: equal length, ending the day
        before this one starts.
        """
        if self.whole_months:
            return Period(add_months(self.start, -self.months), self.start - timedelta(days=1))
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def month_end(day: date) -> date:
    first_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_next - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def ended(month_last_day: date, as_of: date | None = None) -> bool:
    """Whether the month ending ``month_last_day`` is over as of ``as_of`` (its last day counts as not over)."""
    return month_last_day < (as_of or today())


def covered_through(last: date, as_of: date | None = None) -> date:
    """The last day the data covers, its last date being ``last``: the end of that month when the month has ended,
    else ``last`` itself (a month still running is covered only as far as its rows go)."""
    end = month_end(last)
    return end if ended(end, as_of) else last


def first_covered(first: date) -> date:
    """The first day the data covers, its first date being ``first``: the 1st of that month when only a weekend comes
    before ``first`` in it (time is logged and invoices dated on weekdays: data from Monday 2 April covers April),
    else ``first`` itself (data from 14 October covers October only from the 14th)."""
    start = first.replace(day=1)
    weekdays_before = any((start + timedelta(days=i)).weekday() < 5 for i in range((first - start).days))
    return first if weekdays_before else start


def partial_note(period: Period, as_of: date | None = None) -> str | None:
    """A label for a period holding a month that has not ended ("Dec 1-6, partial"); None for a finished period."""
    as_of = as_of or today()
    if ended(period.end, as_of):
        return None
    stop = max(period.start, min(period.end, as_of))
    left = f"{period.start:%b} {period.start.day}"
    right = f"{stop.day}" if (stop.year, stop.month) == (period.start.year, period.start.month) else f"{stop:%b} {stop.day}"
    return f"{left}-{right}, partial: the period has not ended (as of {as_of:%d %b %Y}); its figures are month-to-date"


def data_range(con: Connection) -> tuple[date, date] | None:
    """First and last date of current activity (time entries and invoices), or None for an empty database."""
    row = one(con, "SELECT min(d), max(d) FROM (SELECT date AS d FROM cur_time_entries UNION ALL SELECT date FROM cur_invoices)")
    return None if row is None or row[0] is None else (row[0], row[1])


def coverage_gap(con: Connection, period: Period, as_of: date | None = None) -> str | None:
    """Why ``period`` is only partly covered by data (None when every month it touches holds data's span).

    Coverage is counted in whole months: data from 14 Oct covers October; but data to 4 Dec covers December only
    to the 4th while December has not ended (``covered_through``). A period wholly outside the data is also
    reported (its values are "not enough data", never zero).
    """
    bounds = data_range(con)
    if bounds is None:
        return "there is no data"
    first, last = bounds[0].replace(day=1), covered_through(bounds[1], as_of)
    if last < month_end(bounds[1]) and period.end > last and period.start <= last:
        return (f"{_span(period)} is only partly covered by data ({bounds[1]:%B %Y} has not ended: data runs to "
                f"{last:%d %b %Y})")
    if period.end < first or period.start > last:
        return f"{_span(period)} holds no data (data runs {_span(Period(first, last))})"
    if period.start < first:
        return f"{_span(period)} is only partly covered by data (data starts {first:%d %b %Y})"
    if period.end > last:
        return f"{_span(period)} is only partly covered by data (data ends {last:%d %b %Y})"
    return None


def empty_note(con: Connection, period: Period, as_of: date | None = None) -> str | None:
    """"No figures: <period> holds no data (data runs ...)" when the period asked lies wholly outside the data (None
    otherwise, and for an empty database, which ``coverage_gap`` names). Every figure of such a period is missing;
    its comparison note used to name only the previous period ("No change shown: 01 Dec 2029 to 31 Dec 2029 holds
    no data" for January 2030), never that the period asked holds nothing (h103, h112)."""
    bounds = data_range(con)
    if bounds is None:
        return None
    first, last = bounds[0].replace(day=1), covered_through(bounds[1], as_of)
    if period.end < first or period.start > last:
        return (f"No figures: the period asked, {_span(period)}, holds no data (data runs {_span(Period(first, last))}); "
                "pick a period inside it.")
    return None


def comparison_note(con: Connection, period: Period, as_of: date | None = None) -> str | None:
    """Why ``period`` cannot be compared with its previous period (None when it can): the period asked holds no
    data (``empty_note``), or either is partly covered."""
    empty = empty_note(con, period, as_of)
    if empty is not None:
        return empty
    for which in (period.previous(), period):
        gap = coverage_gap(con, which, as_of)
        if gap is not None:
            return f"No change shown: {gap}."
    return None


def licence_months_note(period: Period) -> str | None:
    """Why licence figures of ``period`` and its previous period differ in kind (None when they hold as many
    licence months): a licence month counts in a period when its first day does."""
    now, before = period.month_starts, period.previous().month_starts
    if now == before:
        return None
    return (f"No change shown for licence figures: this period holds {now} licence month{'s' * (now != 1)}, "
            f"the previous one {before}. Pick whole months to compare them.")


def _span(period: Period) -> str:
    return f"{period.start:%d %b %Y} to {period.end:%d %b %Y}"


def default_period(con: Connection, months: int = 3, as_of: date | None = None) -> Period | None:
    """The last ``months`` whole calendar months that hold data and have ended as of ``as_of`` (what pages, the
    CLI's ``metrics``/``report`` and Ask open on; "Last month" is the last of them).

    The month still running is never a default: its first days, against a whole month, read as a collapse. Only
    when no ended month holds data does the period end with the running month (``partial_note`` labels it).
    """
    bounds = data_range(con)
    if bounds is None:
        return None
    first, last = bounds
    as_of = as_of or today()
    anchor = min(last, as_of)
    end = month_end(anchor)
    if not ended(end, as_of):
        end = anchor.replace(day=1) - timedelta(days=1)
    if end < first:  # no ended month holds data: the running month (labelled partial where shown)
        end = month_end(last)
    start = max(add_months(end.replace(day=1), -(months - 1)), first.replace(day=1))
    return Period(start, end)
