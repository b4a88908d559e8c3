"""The last month of data stopping early: a month that has ended counts as covered to its last day whatever day its
rows stop (``periods.covered_through``), so a database whose time entries stop on 10 Apr reads April as whole and
its figures as a fall. Coverage stays counted in whole months (every comparison rule rests on it); where coverage
is reported, this says when the last month's rows stop well before its end (h125).

Invoices booked once a month (``postings.posting_day``) are complete once that day's invoices are in: invoices on
the 20th are not "stopping early" on the 20th.
"""

from __future__ import annotations

from datetime import date

from moat.db import Connection, one
from moat.metrics.periods import Period, data_range, ended, month_end
from moat.metrics.postings import posting_dates, posting_day

EARLY_DAYS = 7  # rows stopping more than this many days before the last month's end are said


def early_stop_note(con: Connection, period: Period, as_of: date | None = None) -> str | None:
    """"Data for April 2027 stops early: time entries end on 10 Apr 2027 ..." when ``period`` reaches the last month
    holding data, that month has ended as of ``as_of``, and its time entries or invoices stop more than
    ``EARLY_DAYS`` days before its end (invoices: before the month's usual invoice day). None otherwise (a month
    still running is labelled partial elsewhere)."""
    bounds = data_range(con)
    if bounds is None:
        return None
    end = month_end(bounds[1])
    start = end.replace(day=1)
    if not ended(end, as_of) or period.end < start or period.start > end:
        return None
    time_end, invoice_end = one(con, "SELECT (SELECT max(date) FROM cur_time_entries), (SELECT max(date) FROM cur_invoices)") \
        or (None, None)
    stops = []
    if time_end is not None and (end - time_end).days > EARLY_DAYS:
        stops.append(f"time entries end on {time_end:%d %b %Y}")
    if invoice_end is not None and (end - invoice_end).days > EARLY_DAYS:
        day = posting_day(con, "invoices")
        due = posting_dates(Period(start, end), day) if day is not None else []
        if not due or invoice_end < due[0]:
            stops.append(f"invoices end on {invoice_end:%d %b %Y}"
                         + (f" (they are usually dated {due[0]:%d %b})" if due else ""))
    if not stops:
        return None
    return (f"Data for {end:%B %Y} stops early: {' and '.join(stops)}. The month has ended, so it counts as a whole "
            f"month; its figures are low if the rest of {end:%B} is still to be loaded.")
