"""A weekly time card (one row per person and task, a column of hours per day) is refused naming what to export (h74 D4).

ServiceNow's ``time_card`` list (Week starts on, User, Task, Monday..Sunday, Total, State) and hand-kept weekly
timesheets (a column per weekday or per date) hold the hours across the row. No column is a date or an amount of
hours, so the header synonyms read such a file as whatever dataset its other columns complete: the ServiceNow card
read as invoices (`Company` -> client, `Total` -> amount) and the refusal offered ``--dataset invoices``, which
loaded 18.50 hours as 18.50 of revenue with exit 0. Any reading of one row as one record puts a week's hours on one
date (April's hours in March) or turns them into money, so a grid is refused before any dataset is tried, naming the
day columns and the export that loads (one row per day worked). A mapping that maps a day column itself is a person
saying what it is, and is left to the mapping.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from moat.errors import FileRejected
from moat.ingest.mapping import header_key

# weekday headings (mapping.header_key form)
WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3, "thu": 3,
            "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6}
# a heading that is a date (2026-03-30, 30/03/2026, 3/30/26, 30.03.2026)
_DATE_HEADING = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$")
MIN_DAYS = 5  # a working week: fewer day-like headings are something else (a `Due Date` and a `Mon` column)


def _one_week(headings: list[str]) -> bool:
    """Whether date headings are days of one week (in either day/month order): a pivot by month is no time card."""
    cells = [re.sub(r"[/.]", "-", h.strip()) for h in headings]
    for order in ("%Y-%m-%d", "%d-%m-%Y", "%m-%d-%Y", "%d-%m-%y", "%m-%d-%y"):
        try:
            days = sorted(datetime.strptime(c, order).date() for c in cells)
        except ValueError:
            continue
        if (days[-1] - days[0]).days <= 6:
            return True
    return False


def day_columns(header: list[str]) -> list[str]:
    """The headings of ``header`` that name a weekday, or dates of one week, when there are a week's worth of them."""
    weekdays = [h for h in header if header_key(h) in WEEKDAYS]
    if len({WEEKDAYS[header_key(h)] for h in weekdays}) >= MIN_DAYS:
        return weekdays
    dated = [str(h) for h in header if _DATE_HEADING.match(str(h))]
    return dated if len(set(dated)) >= MIN_DAYS and _one_week(dated) else []


def refuse(table: Any, profile: Any) -> None:
    """Raise ``FileRejected`` for a weekly grid (see the module); a mapping that maps a day column is left alone."""
    days = day_columns(table.header)
    if not days:
        return
    if profile is not None and any(h in profile.columns for h in days):
        return
    shown = ", ".join(f"`{d}`" for d in days[:7])
    raise FileRejected(
        table.file_name, f"it is a weekly time grid: the hours sit across the row in a column per day ({shown}), so no "
        "column is the date or the hours of an entry, and reading a row as one record would put the week's hours on "
        "one date or count them as money; nothing was loaded",
        "export one row per day worked (the tool's time entry / time worked list, or its timesheet detail report, with "
        "a date column and an hours column: ServiceNow's `task_time_worked` list, not `time_card`), then load that "
        "file; never load this grid as invoices or costs")
