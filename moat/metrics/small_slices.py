"""The small-group rule for periods: which slice of a period has totals from fewer than ``MIN_GROUP_CLIENTS``
contributing clients (one day with one invoice is that client's figures). It lives with the metrics, not in
``moat.access``, because Ask (moat.ai) and the report (moat.export) check it too and sit below the access layer."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from moat.config import Config
from moat.db import Connection
from moat.errors import OneContributorDominates, TooFewClients, TooFewTechnicians
from moat.governance import policies
from moat.governance.permissions import User, require
from moat.metrics.periods import Period, month_end
from moat.metrics.profitability import profitability
from moat.metrics.totals import (
    MIN_GROUP_CLIENTS,
    MIN_GROUP_TECHNICIANS,
    NO_SEGMENT,
    dominated,
    dominated_measure,
    pooled_segments,
    segment_counts,
    too_few_clients,
)


def require_enough_clients(con: Connection, user: User, period: Any, what: str, segment: str | None = None,
                           cfg: Config | None = None, *, by_month: bool = False, with_previous: bool = False,
                           time_figures: bool = True) -> None:
    """The small-group rule for periods: a user kept to aggregates gets no total (company, or one segment's) of a
    period in which fewer than ``MIN_GROUP_CLIENTS`` clients invoiced or logged time (one day, one week with one
    invoice): such a total is a client's figures. With ``by_month`` (trends) each calendar month the period touches
    is checked too (a range cut to one day of a month shows that day's figures as the month's bar).

    ``with_previous``: the caller also shows the period it compares with (``Period.previous``: the summary's
    ``previous`` column, the Overview tiles' change, the report's previous values), so that period is checked too
    (h76 F1: 23-31 Oct passed while its previous column was 14-22 Oct's one invoice).

    ``time_figures`` (h102, h97 U1): the caller shows figures made of technicians' time (hours, utilisation, labour
    cost, gross profit: every summary, tile and report does), so a slice in which fewer than
    ``MIN_GROUP_TECHNICIANS`` technicians logged time is refused too (``TooFewTechnicians``); only a caller showing
    none of them (the Licences page) passes False.

    h113: a slice whose total one client (or, for figures of time, one technician) dominates under the p% rule
    (``totals.dominated``: three clients of whom one invoiced 95%) is refused too (``OneContributorDominates``)."""
    require(user, "view_results")
    if policies.get(con, cfg).client_rows_visible(user):
        return
    segments = [segment] if segment else []
    small = small_part(con, period, segments, by_month=by_month, time_figures=time_figures)
    if small is None and with_previous:
        small = small_part(con, period.previous(), segments, time_figures=time_figures)
        small = None if small is None else (small[0], f"the period it is compared with: {small[1]}")
    if small is None:
        return
    if small[0] == "technicians":
        raise TooFewTechnicians(user.name, user.role, f"{what} ({small[1]})", MIN_GROUP_TECHNICIANS)
    if small[0] in DOMINANT:
        raise OneContributorDominates(user.name, user.role, f"{what} ({small[1]})", DOMINANT[small[0]])
    raise TooFewClients(user.name, user.role, f"{what} ({small[1]})", MIN_GROUP_CLIENTS)


def small_slice(con: Connection, period: Any, segments: list[str] | tuple[str, ...] = (), *,
                by_month: bool = False, time_figures: bool = True) -> str | None:
    """Which slice of ``period`` (the whole period, a segment in it, or with ``by_month`` a calendar month of it)
    has totals from fewer than ``MIN_GROUP_CLIENTS`` contributing clients (``totals.too_few_clients``) or, with
    ``time_figures``, figures of time from fewer than ``MIN_GROUP_TECHNICIANS`` technicians; None when none does.
    For every path that shows totals to users kept to aggregates (facade, CLI, pages, Ask)."""
    small = small_part(con, period, segments, by_month=by_month, time_figures=time_figures)
    if small is None:
        return None
    return small[1] if small[0] == "clients" else f"{WHY_SMALL[small[0]]}: {small[1]}"


# What ``small_part``'s first element means, for refusals (h113: the two dominance kinds).
DOMINANT = {"client share": "client", "technician share": "technician"}
WHY_SMALL = {
    "clients": f"fewer than {MIN_GROUP_CLIENTS} clients",
    "technicians": f"fewer than {MIN_GROUP_TECHNICIANS} technicians logged time (or its billable or non-billable part)",
    "client share": "one client makes almost all of the figure",
    "technician share": "one technician makes almost all of the hours (or of their billable or non-billable part)",
}


def small_part(con: Connection, period: Any, segments: list[str] | tuple[str, ...] = (), *,
               by_month: bool = False, time_figures: bool = True) -> tuple[str, str] | None:
    """``small_slice`` as (what is too few: "clients" or "technicians", or (h113) whose share is too large under the
    p% rule: "client share" or "technician share"; the slice)."""
    slices = [period] + [m for m in _months(period) if (m.start, m.end) != (period.start, period.end)] \
        if by_month else [period]
    bounds = activity_range(con)
    for part in slices:
        if bounds is None or part.end < bounds[0] or part.start > bounds[1] or not _active(con, part):
            # h97 F8: no invoice, time entry, cost or licence month falls in it, so no client contributes; skipped, not
            # computed (a Viewer's "revenue per month from 2016 to 2026" ran profitability for 133 periods, 12 s,
            # before the rate limit). h113: the empty months inside the data's range too (one invoice mistyped as
            # 1995 made "revenue per month from April 1995" compute 370 empty months, ~40 s a question)
            continue
        prof = profitability(con, part)
        span = f"{part.start} to {part.end}"
        found = _small_rows(con, part, prof, None, time_figures)
        if found is not None:
            return found, span
        for segment in segments:
            found = _small_rows(con, part, _in_segment(prof, segment), segment, time_figures)
            if found is not None:
                return found, f"segment {segment!r}, {span}"
    return None


def segment_small(con: Connection, period: Any, prof: pl.DataFrame, segment: str, *, time_figures: bool = True) -> str | None:
    """What is too few or too dominant (``small_part``'s kinds) in one segment's totals of ``period`` (``prof``: the
    period's profitability rows); None when the segment passes alone."""
    return _small_rows(con, period, _in_segment(prof, segment), segment, time_figures)


def _small_rows(con: Connection, period: Any, prof: pl.DataFrame, segment: str | None, time_figures: bool) -> str | None:
    """What is too few (or too dominant) in the totals of ``prof`` (the period's rows, or one segment's)."""
    if too_few_clients(prof):
        return "clients"
    if dominated_measure(prof) is not None:
        return "client share"
    if not time_figures:
        return None
    return time_small(technician_parts(con, period, None if segment is None else prof["client_key"].to_list()))


def technician_parts(con: Connection, period: Any, clients: list[str] | None = None) -> tuple[dict[str, float], ...]:
    """Each technician's hours, billable hours and non-billable hours (each without the technicians at 0) in
    ``period``, for the ``clients`` (keys) when given: their shares of the period's figures of time (h113: the p% rule
    over technicians; h126: the billable and non-billable parts too)."""
    where = "" if clients is None else " AND list_contains(?, client_key)"
    params: list[Any] = [period.start, period.end] + ([] if clients is None else [clients])
    rows = con.execute("SELECT technician_key, sum(hours), sum(hours) FILTER (WHERE billable),"
                       " sum(hours) FILTER (WHERE NOT billable) FROM cur_time_entries"
                       f" WHERE date BETWEEN ? AND ? AND hours <> 0{where} GROUP BY 1", params).fetchall()
    return tuple({str(row[0]): float(row[i]) for row in rows if row[i]} for i in (1, 2, 3))


def time_small(parts: tuple[dict[str, float], ...]) -> str | None:
    """Whether figures of time over these technicians' ``parts`` (``technician_parts``) would be one technician's:
    "technicians" when a part comes from fewer than ``MIN_GROUP_TECHNICIANS`` of them, "technician share" when one
    dominates a part (the p% rule), else None.

    Why each part, as the clients rule counts revenue and hours apart (h126): the hours alone passed on a day (28 Jul
    2026 in the demo) fifteen technicians logged time, of which one logged all the non-billable time: "non-billable
    hours on 28 Jul 2026" gave that technician's 6.0 h, and hours minus billable hours give it from two answers."""
    for part in parts:
        if 0 < len(part) < MIN_GROUP_TECHNICIANS:
            return "technicians"
    return "technician share" if any(dominated(part.values()) for part in parts) else None


def pooled_segments_in(con: Connection, period: Any, prof: pl.DataFrame, *, time_figures: bool = True) -> set[str]:
    """The segments a user kept to aggregates sees only pooled in ``period`` (``prof``: its profitability rows):
    ``totals.pooled_segments`` (fewer than ``MIN_GROUP_CLIENTS`` clients), (h113) a segment whose total one client
    dominates (``totals.dominated_measure``: the p% rule), and with ``time_figures`` (h102, h97 U1) a segment whose
    hours (h126: or their billable or non-billable part) come from fewer than ``MIN_GROUP_TECHNICIANS`` technicians or
    (h113) are dominated by one technician's (``time_small``); the
    pooled row widened with the next smallest segments until it passes the same rules itself (a segment one
    technician serves gives that technician's hours, labour cost and so gross profit)."""
    pooled = pooled_segments(prof)
    counts = segment_counts(prof)
    few = {g for g in counts if dominated_measure(_in_segments(prof, {g})) is not None}
    if time_figures:
        few |= {g for g in counts if time_small(_segment_parts(con, period, _in_segments(prof, {g}))) is not None}
    if not few:
        return pooled
    pooled |= few
    while _still_small(con, period, prof, pooled, time_figures):
        rest = sorted((n, g) for g, n in counts.items() if g not in pooled)
        if not rest:
            break
        pooled.add(rest[0][1])
    return pooled


def _segment_parts(con: Connection, period: Any, rows: pl.DataFrame) -> tuple[dict[str, float], ...]:
    return technician_parts(con, period, rows["client_key"].to_list()) if rows.height else ()


def _still_small(con: Connection, period: Any, prof: pl.DataFrame, pooled: set[str], time_figures: bool) -> bool:
    """Whether the pooled row of ``pooled`` segments is itself too small or dominated (``pooled_segments_in``)."""
    rows = _in_segments(prof, pooled)
    if too_few_clients(rows) or dominated_measure(rows) is not None:
        return True
    if not time_figures:
        return False
    parts = _segment_parts(con, period, rows)
    return not parts or not parts[0] or time_small(parts) is not None


def _in_segments(prof: pl.DataFrame, segments: set[str]) -> pl.DataFrame:
    return prof.filter(pl.col("segment").fill_null(NO_SEGMENT).is_in(list(segments)))


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


def _active(con: Connection, part: Any) -> bool:
    """Whether anything a profitability row counts may fall in ``part`` (one cheap query; a licence month is taken
    from the first of the month, so this errs towards computing)."""
    row = con.execute(
        "SELECT EXISTS (SELECT 1 FROM cur_invoices WHERE date BETWEEN $1 AND $2)"
        " OR EXISTS (SELECT 1 FROM cur_time_entries WHERE date BETWEEN $1 AND $2)"
        " OR EXISTS (SELECT 1 FROM cur_costs WHERE date BETWEEN $1 AND $2)"
        " OR EXISTS (SELECT 1 FROM cur_licenses WHERE (month IS NOT NULL AND month BETWEEN date_trunc('month', $1::DATE)"
        "  AND $2) OR (month IS NULL AND start_date <= $2 AND (end_date IS NULL OR end_date >= date_trunc('month', $1::DATE))))",
        [part.start, part.end]).fetchall()[0]
    return bool(row[0])


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
