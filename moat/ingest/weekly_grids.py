"""A weekly time card (one row per person and task, a column of hours per day) is read as one time entry per day
worked, each on its own date (h74 D4, h87).

ServiceNow's ``time_card`` list (Week starts on, User, Task, Monday..Sunday, Total, State) and hand-kept weekly
timesheets (a column per weekday or per date) hold the hours across the row. No column is a date or an amount of
hours, so the header synonyms read such a file as whatever dataset its other columns complete: the ServiceNow card
read as invoices (`Company` -> client, `Total` -> amount) and the refusal offered ``--dataset invoices``, which
loaded 18.50 hours as 18.50 of revenue with exit 0; read as one record per row, a week's hours land on one date
(April's hours in March).

So a grid is recognised by its day headings before any dataset is tried and unpivoted: each non-empty day cell
becomes a time entry dated that day (the week's start plus the weekday, or the date the heading names), so a week
that crosses a month end splits between the months. The week's ``Total`` is not read (it must equal the sum of the
days, else the file is refused naming the row: a day column is missing or the total counts something else). A grid
of weekday headings without the week's date is refused naming that shape and the fix (add the week's start date, or
export one row per day); a grid loaded as another dataset (``--dataset invoices``, a mapping for costs) is refused:
its cells are hours, never money. A mapping that maps a day column itself is a person saying what it is, and is left
to the mapping; a mapping for time entries adds its columns (the person, a constant billable) to the grid's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.headings import exact_col, series
from moat.ingest.mapping import Profile, header_key
from moat.ingest.table import ROW, Table

# weekday headings (mapping.header_key form)
WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3, "thu": 3,
            "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6}
# a heading that is a date (2026-03-30, 30/03/2026, 3/30/26, 30.03.2026)
_DATE_HEADING = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$")
MIN_DAYS = 5  # a working week: fewer day-like headings are something else (a `Due Date` and a `Mon` column)
# the column holding the week's first (or last) day, for weekday headings
WEEK_START = ("week starts on", "week start", "week starting", "week start date", "week commencing", "week beginning",
              "week of", "start of week", "week", "week from", "period start", "period start date")
WEEK_END = ("week ending", "week end", "week ends on", "week ending date", "week end date", "end of week",
            "period end", "period ending", "period end date")
# the week's total beside the days (never read: the days are the entries)
TOTALS = ("total", "total hours", "week total", "weekly total", "total hrs", "hours total", "total time", "sum", "row total")
# the person on a timesheet row when no technician heading names it (ServiceNow's time card says `User`)
PERSON = ("user", "name", "person", "full name", "user name", "username", "employee full name")
DATE_COL, HOURS_COL = "Date (day of the week)", "Hours (that day)"
RULE = "weekly_grid_days"


def _one_week_order(headings: list[str]) -> str | None:
    """The strptime order under which date headings are days of one week (a pivot by month is no time card)."""
    cells = [re.sub(r"[/.]", "-", h.strip()) for h in headings]
    for order in ("%Y-%m-%d", "%d-%m-%Y", "%m-%d-%Y", "%d-%m-%y", "%m-%d-%y"):
        try:
            days = sorted(datetime.strptime(c, order).date() for c in cells)
        except ValueError:
            continue
        if (days[-1] - days[0]).days <= 6:
            return order
    return None


def day_columns(header: list[str]) -> list[str]:
    """The headings of ``header`` that name a weekday, or dates of one week, when there are a week's worth of them."""
    weekdays = [h for h in header if header_key(h) in WEEKDAYS]
    if len({WEEKDAYS[header_key(h)] for h in weekdays}) >= MIN_DAYS:
        return weekdays
    dated = [str(h) for h in header if _DATE_HEADING.match(str(h))]
    return dated if len(set(dated)) >= MIN_DAYS and _one_week_order(dated) else []


def _shown(days: list[str]) -> str:
    return ", ".join(f"`{d}`" for d in days[:7])


def _day_of(heading: str, order: str | None) -> object:
    """Which day a day heading names: its weekday, or (dated headings, read in ``order``) its date."""
    if order is None:
        return WEEKDAYS[header_key(heading)]
    return datetime.strptime(re.sub(r"[/.]", "-", heading.strip()), order).date()


def _refuse_two_columns_for_a_day(table: Table, days: list[str]) -> None:
    """h97 F2: a grid holds one column per day. Two headings naming one day (`Mon` and `Mon.`, `2026-03-30` and
    `2026/03/30`) were both unpivoted onto that day, counting its hours twice; and each extra column copies every
    other cell of the row once more (a 3 MB file of 200 such columns took 3.9 GB while loading), so it is refused."""
    order = None if any(header_key(d) in WEEKDAYS for d in days) else _one_week_order(days)
    seen: dict[object, str] = {}
    for d in days:
        day = _day_of(d, order)
        if day in seen:
            raise FileRejected(
                table.file_name, f"it is a weekly time grid with two columns for one day (`{seen[day]}` and `{d}`), so "
                "that day's hours would count twice; nothing was loaded",
                "keep one column per day (rename or remove the other) and load the file again")
        seen[day] = d


def _refuse_other_dataset(table: Table, days: list[str], dataset: str) -> None:
    raise FileRejected(
        table.file_name, f"it is a weekly time grid: the hours sit across the row in a column per day "
        f"({_shown(days)}), so its cells are hours worked, never {dataset}; nothing was loaded",
        "load it as time entries: without --dataset (each day's hours become a time entry on its own date), or with "
        "a mapping whose dataset is time_entries; never as invoices or costs")


def _find(header: list[str], keys: tuple[str, ...], skip: set[str]) -> str | None:
    for k in keys:
        hit = next((h for h in header if h not in skip and header_key(h) == k), None)
        if hit is not None:
            return hit
    return None


def _day_dates(table: Table, days: list[str], options: Any, warnings: list[str]) -> tuple[dict[str, Any], str | None]:
    """Per day column, an expression for its date (ISO text), and the week column read (None for dated headings)."""
    order = _one_week_order([d for d in days if _DATE_HEADING.match(d)]) if not any(
        header_key(d) in WEEKDAYS for d in days) else None
    if order is not None:
        return {d: pl.lit(datetime.strptime(re.sub(r"[/.]", "-", d.strip()), order).date().isoformat()) for d in days}, None
    taken = set(days)
    start = _find(table.header, WEEK_START, taken)
    end = None if start else _find(table.header, WEEK_END, taken)
    week = start or end
    if week is None:
        raise FileRejected(
            table.file_name, f"it is a weekly time grid (a column of hours per weekday: {_shown(days)}) with no column "
            "for the week's date, so no day's hours can be dated; nothing was loaded",
            "add the week's start date as a column headed `Week Starting` (or name each day column by its date, "
            "e.g. `2026-03-30`) and load it again, or export one row per day worked (a date and an hours column)")
    from moat.ingest import date_orders

    ordered = date_orders.date_order(table.rows, [week], options, table.file_name, warnings)
    parsed = values.date(series(table.rows, week), ordered)
    table.rows = table.rows.with_columns(parsed.alias("__week"))
    out = {}
    for d in days:
        wd = WEEKDAYS[header_key(d)]
        if start:  # the day of [start, start + 6] that is this weekday (weeks may start on any day)
            shift = (wd - pl.col("__week").dt.weekday() + 8) % 7
        else:  # the day of [end - 6, end] that is this weekday
            shift = -((pl.col("__week").dt.weekday() + 6 - wd) % 7)
        # a week cell that is no date stays as written: the entry is held naming it, never dated by a guess
        out[d] = pl.coalesce((pl.col("__week") + pl.duration(days=shift)).dt.strftime("%Y-%m-%d"), values.text(exact_col(week)))
    return out, week


def _check_totals(table: Table, days: list[str], totals: list[str], decimal_comma: bool) -> None:
    """The week's Total must be the sum of its days: else a day is missing or the total counts something else."""
    summed = None
    for d in days:
        h = values.hours(series(table.rows, d), decimal_comma).cast(pl.Float64).fill_null(0)
        summed = h if summed is None else summed + h
    for t in totals:
        written = values.hours(series(table.rows, t), decimal_comma).cast(pl.Float64)
        off = (written - summed).abs() > 0.005
        bad = table.rows.filter(off.fill_null(False))
        if bad.height:
            row = bad[ROW][0]
            i = int(off.fill_null(False).arg_true()[0])
            raise FileRejected(
                table.file_name, f"it is a weekly time grid whose `{t}` ({series(table.rows, t)[i]}) is not the sum of its "
                f"day columns ({Decimal(str(round(float(summed[i]), 4))).normalize():f}) at row {row}: a day column is "
                f"missing or the total counts something else, so the days cannot be trusted; nothing was loaded",
                "export the grid with every day column, or one row per day worked, and load it again")


def _profile(table: Table, header: list[str], options: Any) -> Profile:
    """The mapping the unpivoted grid is read with: the day's date and hours, the person when no technician heading
    names it, and whatever a mapping for time entries says."""
    from moat.ingest import mapping

    given = options.profile
    columns = {DATE_COL: "date", HOURS_COL: "hours"}
    if given is not None:
        columns.update({h: t for h, t in given.columns.items() if h in header})
    probe = mapping.map_columns("time_entries", header, Profile("time_entries", columns))
    if "technician_name" not in probe.columns.values():
        person = _find(header, PERSON, set(columns))
        if person is not None:
            columns[person] = "technician_name"
    if given is not None:
        return replace(given, dataset="time_entries", columns=columns)
    return Profile("time_entries", columns)


def unpivot(table: Table, options: Any) -> tuple[Table, Profile, dict[str, Any]] | None:
    """The grid as one row per day worked, the mapping to read it with, and what was done (for the report); None
    when ``table`` is no weekly grid or a mapping maps its day columns itself."""
    days = day_columns(table.header)
    if not days:
        return None
    profile = options.profile
    if profile is not None and any(h in profile.columns for h in days):
        return None
    wanted = options.dataset or (profile.dataset if profile else None)
    if wanted not in (None, "time_entries"):
        _refuse_other_dataset(table, days, wanted)
    _refuse_two_columns_for_a_day(table, days)
    warnings: list[str] = []
    dated, week = _day_dates(table, days, options, warnings)
    taken = set(days) | ({week} if week else set())
    totals = [h for h in table.header if h not in taken and header_key(h) in TOTALS]
    comma = values.uses_decimal_comma([series(table.rows, d) for d in days], table.delimiter == ";")
    _check_totals(table, days, totals, comma)
    keep = [h for h in table.header if h not in taken and h not in totals]
    parts = []
    for d in days:
        cell = values.text(exact_col(d))
        hours = values.hours(series(table.rows, d), comma)
        part = table.rows.with_columns(hours.alias("__h")).filter(cell.is_not_null() & (pl.col("__h").is_null() | (pl.col("__h") != 0)))
        parts.append(part.select(*[exact_col(k) for k in keep], dated[d].alias(DATE_COL), cell.alias(HOURS_COL), ROW,
                                 pl.lit(days.index(d)).alias("__day")))
    rows = pl.concat(parts, how="vertical").sort([ROW, "__day"]).drop("__day") if parts else table.rows.head(0)
    empty = sorted(set(table.rows[ROW].to_list()) - set(rows[ROW].to_list()))
    header = [*keep, DATE_COL, HOURS_COL]
    out = Table(table.file_name, table.kind, header, rows.select(*[exact_col(h) for h in header], ROW), table.encoding, table.delimiter,
                table.sheet, table.sheets, table.header_row, table.title)
    skipped = [{"row": r, "kind": "week with no hours"} for r in empty]
    said = [f"a weekly time grid: {rows.height} day entr{'y' if rows.height == 1 else 'ies'} from {table.rows.height - len(empty)} "
            f"row(s) of day columns ({_shown(days)}), each dated by its day"
            + (f" (from `{week}`)" if week else "") + (f"; `{'`, `'.join(totals)}` not read (the days are the entries)"
                                                       if totals else ""), *warnings]
    return out, _profile(table, header, options), {"skipped": skipped, "warnings": said, "rows_read": table.rows.height,
                                                   "days": days, "week": week}
