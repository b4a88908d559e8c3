"""The small-group rule for periods: which slice of a period has totals from fewer than ``MIN_GROUP_CLIENTS``
contributing clients (one day with one invoice is that client's figures). It lives with the metrics, not in
``moat.access``, because Ask (moat.ai) and the report (moat.export) check it too and sit below the access layer."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from moat.config import Config
from moat.db import Connection
from moat.errors import TooFewClients
from moat.governance import policies
from moat.governance.permissions import User, require
from moat.metrics.periods import Period, month_end
from moat.metrics.profitability import profitability
from moat.metrics.totals import MIN_GROUP_CLIENTS, NO_SEGMENT, too_few_clients


def require_enough_clients(con: Connection, user: User, period: Any, what: str, segment: str | None = None,
                           cfg: Config | None = None, *, by_month: bool = False, with_previous: bool = False) -> None:
    """The small-group rule for periods: a user kept to aggregates gets no total (company, or one segment's) of a
    period in which fewer than ``MIN_GROUP_CLIENTS`` clients invoiced or logged time (one day, one week with one
    invoice): such a total is a client's figures. With ``by_month`` (trends) each calendar month the period touches
    is checked too (a range cut to one day of a month shows that day's figures as the month's bar).

    ``with_previous``: the caller also shows the period it compares with (``Period.previous``: the summary's
    ``previous`` column, the Overview tiles' change, the report's previous values), so that period is checked too
    (h76 F1: 23-31 Oct passed while its previous column was 14-22 Oct's one invoice)."""
    require(user, "view_results")
    if policies.get(con, cfg).client_rows_visible(user):
        return
    segments = [segment] if segment else []
    small = small_slice(con, period, segments, by_month=by_month)
    if small is None and with_previous:
        small = small_slice(con, period.previous(), segments)
        small = None if small is None else f"the period it is compared with: {small}"
    if small is not None:
        raise TooFewClients(user.name, user.role, f"{what} ({small})", MIN_GROUP_CLIENTS)


def small_slice(con: Connection, period: Any, segments: list[str] | tuple[str, ...] = (), *,
                by_month: bool = False) -> str | None:
    """Which slice of ``period`` (the whole period, a segment in it, or with ``by_month`` a calendar month of it)
    has totals from fewer than ``MIN_GROUP_CLIENTS`` contributing clients (``totals.too_few_clients``); None when
    none does. For every path that shows totals to users kept to aggregates (facade, CLI, pages, Ask)."""
    slices = [period] + [m for m in _months(period) if (m.start, m.end) != (period.start, period.end)] \
        if by_month else [period]
    bounds = activity_range(con)
    for part in slices:
        if bounds is None or part.end < bounds[0] or part.start > bounds[1]:
            # h97 F8: no invoice, time entry, cost or licence month falls in it, so no client contributes; skipped, not
            # computed (a Viewer's "revenue per month from 2016 to 2026" ran profitability for 133 periods, 12 s,
            # before the rate limit)
            continue
        prof = profitability(con, part)
        span = f"{part.start} to {part.end}"
        if too_few_clients(prof):
            return span
        for segment in segments:
            if too_few_clients(_in_segment(prof, segment)):
                return f"segment {segment!r}, {span}"
    return None


def activity_range(con: Connection) -> tuple[date, date] | None:
    """First and last day anything a profitability row counts can fall on: invoices, time entries, costs and licence
    months (a licence without an end runs on to today at least); None for an empty database."""
    from moat.clock import today

    row = con.execute(
        "SELECT min(s), max(e), bool_or(open) FROM ("
        " SELECT date AS s, date AS e, false AS open FROM cur_invoices UNION ALL"
        " SELECT date, date, false FROM cur_time_entries UNION ALL"
        " SELECT date, date, false FROM cur_costs UNION ALL"
        " SELECT coalesce(month, start_date), coalesce(month, end_date, start_date),"
        "        month IS NULL AND end_date IS NULL FROM cur_licenses)").fetchall()[0]
    if row[0] is None:
        return None
    first, last = _day(row[0]), _day(row[1])
    if row[2]:
        last = max(last, today())
    return first, month_end(last)


def _day(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _in_segment(prof: pl.DataFrame, segment: str) -> pl.DataFrame:
    return prof.filter(pl.col("segment").fill_null(NO_SEGMENT) == segment)


def _months(period: Any) -> list[Period]:
    """The period cut at calendar month boundaries (the slices ``trends.monthly`` shows)."""
    out: list[Period] = []
    start = period.start
    while start <= period.end:
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        out.append(Period(start, min(period.end, nxt - timedelta(days=1))))
        start = nxt
    return out
