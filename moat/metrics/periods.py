"""Periods: inclusive [start, end] date ranges, the previous period of equal length, and sensible defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from moat.db import Connection, one
from moat.errors import MoatError


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise MoatError(f"the period ends ({self.end}) before it starts ({self.start})", "swap --from and --to")

    @classmethod
    def parse(cls, start: str | date, end: str | date) -> Period:
        def as_date(value: str | date, flag: str) -> date:
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise MoatError(f"{flag} {value!r} is not a date", "write dates as YYYY-MM-DD") from None

        return cls(as_date(start, "--from"), as_date(end, "--to"))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of equal length that ends the day before this one starts."""
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


def data_range(con: Connection) -> tuple[date, date] | None:
    """First and last date of current activity (time entries and invoices), or None for an empty database."""
    row = one(con, "SELECT min(d), max(d) FROM (SELECT date AS d FROM cur_time_entries UNION ALL SELECT date FROM cur_invoices)")
    return None if row is None or row[0] is None else (row[0], row[1])


def default_period(con: Connection, months: int = 3) -> Period | None:
    """The last ``months`` whole calendar months that hold data (what pages open on)."""
    bounds = data_range(con)
    if bounds is None:
        return None
    last = bounds[1]
    end = month_end(last)
    start = max(add_months(last.replace(day=1), -(months - 1)), bounds[0].replace(day=1))
    return Period(start, end)
