"""Rows booked once a month (invoices on the 28th, rent on the 5th): on which day of the month a kind of row is
mostly dated, how many such days a period holds, and why a change is withheld when a period and its previous one hold
a different number of them.

The licence rule's neighbour (``periods.licence_months_note``): a custom period (not whole months) and the period of
equal length before it can hold a different number of monthly postings. On 10 Jul-20 Aug the overhead posted on the
5th of each month is one posting (5 Aug) against two (5 Jun, 5 Jul), and the Overview read "Overhead $9,250.00,
-50.0%" (h112): arithmetic on dated rows, but an answer about the calendar. Rows spread over the month (time entries,
a client's occasional hardware) compare fairly over equal lengths and are never withheld here; whole-month periods
are compared month for month, so they never are either.
"""

from __future__ import annotations

from datetime import date

from moat.db import Connection, rows
from moat.metrics.periods import Period, month_end

_INVOICES = "SELECT date, amount FROM cur_invoices WHERE coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')"
# Each kind of dated row a KPI sums, as ``moat.metrics.profitability`` and ``overhead`` select them, and its words.
KINDS = {
    "invoices": (_INVOICES, "revenue, gross profit, gross margin and the effective hourly rate", "invoices"),
    "other_cost": ("SELECT date, amount FROM cur_costs WHERE client_key IS NOT NULL",
                   "other client costs, gross profit and gross margin", "client costs"),
    "overhead": ("SELECT date, amount FROM cur_costs WHERE client_key IS NULL", "overhead", "overhead costs"),
}
# The same rows with their client, for a segment's own posting day.
_WITH_CLIENT = {
    "invoices": _INVOICES.replace("SELECT date, amount", "SELECT date, amount, client_key"),
    "other_cost": "SELECT date, amount, client_key FROM cur_costs WHERE client_key IS NOT NULL",
}
MONTH_END = 31  # a row dated on its month's last day is booked "at the month's end", whatever the month's length
DOMINANT = 0.5  # share of a kind's amount on one day of the month that makes it booked monthly on that day


def posting_day(con: Connection, kind: str, segment: str | None = None) -> int | None:
    """The day of the month on which most of ``kind``'s amount is dated (``MONTH_END`` for the month's last day),
    when it holds at least ``DOMINANT`` of it over two months or more; None for rows spread over the month.
    ``segment``: only that segment's clients' rows (a segment invoiced on the 15th is judged by its own day, not the
    company's; overhead has no clients and keeps the company's)."""
    source, params = KINDS[kind][0], []
    if segment is not None and kind != "overhead":
        source = (f"SELECT date, amount FROM ({_WITH_CLIENT[kind]}) WHERE client_key IN "
                  "(SELECT client_key FROM cur_clients WHERE segment = ?)")
        params = [segment]
    found = rows(con, f"""
        WITH r AS ({source}), k AS (
            SELECT CASE WHEN date = last_day(date) THEN {MONTH_END} ELSE day(date) END AS d, abs(amount) AS a,
                   date_trunc('month', date) AS m FROM r WHERE date IS NOT NULL AND amount IS NOT NULL)
        SELECT d, sum(a) / nullif((SELECT sum(a) FROM k), 0), (SELECT count(DISTINCT m) FROM k)
        FROM k GROUP BY d ORDER BY 2 DESC NULLS LAST, d LIMIT 1""", params)
    if not found or found[0][1] is None or found[0][2] < 2 or float(found[0][1]) < DOMINANT:
        return None
    return int(found[0][0])


def posting_dates(period: Period, day: int) -> list[date]:
    """The dates in ``period`` of a posting on ``day`` of each month (the month's last day when it is shorter)."""
    found, month = [], period.start.replace(day=1)
    while month <= period.end:
        last = month_end(month)
        posted = last if day >= last.day else month.replace(day=day)
        if period.start <= posted <= period.end:
            found.append(posted)
        month = date.fromordinal(last.toordinal() + 1)
    return found


def posting_note(con: Connection, period: Period, kind: str, segment: str | None = None) -> str | None:
    """Why the change of the figures ``kind`` holds (``KINDS``) is not shown: the period is not whole months, the kind
    is booked once a month (``posting_day``), and the period and its previous one hold a different number of those
    days. None when they can be compared."""
    if period.whole_months:
        return None
    day = posting_day(con, kind, segment)
    if day is None:
        return None
    now, before = posting_dates(period, day), posting_dates(period.previous(), day)
    if len(now) == len(before):
        return None
    _, figures, what = KINDS[kind]
    on = "the last day of the month" if day == MONTH_END else f"the {_ordinal(day)} of the month"
    return (f"No change shown for {figures}: most {what} are dated {on}, and this period holds {_dates(now)}, "
            f"the previous one {_dates(before)}. Pick whole months to compare them.")


def _dates(days: list[date]) -> str:
    if not days:
        return "none"
    return f"{len(days)} ({', '.join(f'{d:%d %b %Y}' for d in days)})"


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"
