"""Which way round a file's numeric dates are: day-first (31/10/2026) or month-first (10/31/2026).

A date whose first number is above 12 only reads day-first, one whose second number is above 12 only month-first;
03/04/2026 reads either way. One export writes all its dates one way, so the dates that settle the order settle it
for the whole file, and the report says which date did (h69 D34). The file's other date columns count too: a
distributor's billing line `03/01/2026 .. 03/31/2026` is a month's charge whose end date is only read to measure
the charge, yet 03/31 proves month-first for its start date as well. Only when no date of the file settles the order
is a person asked (never guessed); dates that prove both orders in one file are refused naming one of each.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.headings import series
from moat.ingest.table import ROW

_WORD = {"dmy": "day", "mdy": "month"}


class DateOrderAmbiguous(FileRejected):
    """No date of the file settles day-first or month-first: a person has to say which (never guessed)."""

    def __init__(self, file: str, columns: list[str], example: str | None, row: int | None = None) -> None:
        self.columns = columns
        self.example = example
        eg = f" (e.g. {example}{f' at row {row}' if row is not None else ''})" if example else ""
        where = f"`{columns[0]}`" if len(columns) == 1 else "any of " + ", ".join(f"`{c}`" for c in columns)
        super().__init__(
            file,
            f"cannot tell the date order: no date in {where} has a day above 12{eg}, so every one reads both "
            "day-first and month-first; nothing was loaded",
            "run again with --dayfirst (31/10 = 31 October) or --monthfirst (10/31 = October 31)",
        )


def given_order(order: str, work: pl.DataFrame, cols: list[str], file_name: str, given: str) -> str:
    """The date order the user gave, unless the file's own dates prove the other one and none proves it (h41 D27:
    `--dayfirst` for a batch of files moved a US file's 03/04 to 3 April and quarantined its 03/13). Dates that prove
    both orders are what the flag settles; dates that prove only the other order refuse the file, naming one."""
    if not cols:
        return order
    other = "month" if order == "dmy" else "day"
    day, month, _ = _evidence(work, cols)
    mine, theirs = (day, month) if order == "dmy" else (month, day)
    if mine or not theirs:
        return order
    proof = values.proof_of_order(work, cols, ROW, other)
    shown = f"{proof[1]} (row {proof[0]}) reads only {other}-first" if proof else f"{theirs} dates read only {other}-first"
    raise FileRejected(
        file_name, f"its dates prove {other}-first order, contradicting {given}: {shown}, and no date in the file reads "
        f"only {_WORD[order]}-first; read that way its dates would move to other days and months; nothing was loaded",
        f"load this file on its own without {given.split(':')[0]} (its dates settle the order), or with "
        f"{'--monthfirst' if other == 'month' else '--dayfirst'}")


def date_order(work: pl.DataFrame, cols: list[str], options: Any, file_name: str, warnings: list[str]) -> str | None:
    """'dmy', 'mdy' or None (no numeric dates) for the date columns ``cols`` of ``work``. A given order (the flag,
    the mapping) on a file with no day/month date at all (ISO dates, Excel date cells) is None too: h103/h112 found
    `--dayfirst` on ISO dates reported "dates day-first", which is not what was read."""
    if options.dayfirst is not None:
        order = given_order("dmy" if options.dayfirst else "mdy", work, cols, file_name,
                            "--dayfirst" if options.dayfirst else "--monthfirst")
        return order if _has_numeric_dates(work, cols) else None
    if options.profile and options.profile.dayfirst is not None:
        order = given_order("dmy" if options.profile.dayfirst else "mdy", work, cols, file_name,
                            f"the mapping's dayfirst: {'true' if options.profile.dayfirst else 'false'}")
        return order if _has_numeric_dates(work, cols) else None
    if not cols:
        return None
    day, month, either = _evidence(work, cols)
    read = cols
    if either and not (day or month):  # the loaded dates cannot tell: the file's other date columns may (h69 D34)
        others = _other_date_columns(work, cols)
        day, month, _ = _evidence(work, others) if others else (0, 0, 0)
        read = [*cols, *others]
    if day and month and either and (clash := values.contradicting_orders(work, read, ROW)):  # h28 D9: never guessed
        raise FileRejected(file_name, clash, "correct the dates written the other way round, or run again with "
                           "--dayfirst or --monthfirst (the dates that do not fit it are then quarantined)")
    if day and month:
        order = "dmy" if day >= month else "mdy"
        warnings.append(f"dates disagree: {day} rows only make sense day-first, {month} only month-first; "
                        f"read as {_WORD[order]}-first, the others are quarantined")
        return order
    if day or month:
        order = "dmy" if day else "mdy"
        if either:
            warnings.append(_settled(work, cols, read, order, either))
        return order
    if either:
        row, example = _first_either(work, read) or (None, None)
        raise DateOrderAmbiguous(file_name, read, example, row)
    return None


def _has_numeric_dates(work: pl.DataFrame, cols: list[str]) -> bool:
    """Whether any date of the file (its date columns and its other a/b/y columns) is written day/month."""
    read = [*cols, *_other_date_columns(work, cols)]
    return bool(read) and any(_evidence(work, read))


def _evidence(work: pl.DataFrame, cols: list[str]) -> tuple[int, int, int]:
    """(day-first rows, month-first rows, either-way rows) over the columns ``cols``."""
    ev = [values.date_order_evidence(series(work, c)) for c in cols]
    return sum(e[0] for e in ev), sum(e[1] for e in ev), sum(e[2] for e in ev)


def _other_date_columns(work: pl.DataFrame, cols: list[str]) -> list[str]:
    """The file's columns besides ``cols`` whose every filled cell is an a/b/y date (a period's end, an invoice date)."""
    out = []
    for c in work.columns:
        if c in cols or c.startswith("__"):
            continue
        text = values.text(series(work, c).cast(pl.Utf8))
        filled = text.drop_nulls()
        if filled.len() and bool(values.is_numeric_date(filled).all()):
            out.append(c)
    return out


def _first_either(work: pl.DataFrame, cols: list[str]) -> tuple[int, str] | None:
    """(row, text) of the first date of ``cols`` that reads either way."""
    return values.proof_of_order(work, cols, ROW, "either")


def _settled(work: pl.DataFrame, cols: list[str], read: list[str], order: str, either: int) -> str:
    """The warning that says which date settled the order of the dates that read either way."""
    kind = _WORD[order]
    proof = values.proof_of_order(work, read, ROW, kind)
    where = next((c for c in read if values.proof_of_order(work, [c], ROW, kind) == proof), read[0]) if proof else ""
    first = _first_either(work, cols)
    shown = f" (e.g. {first[1]} at row {first[0]})" if first else ""
    by = f"{proof[1]} (`{where}`, row {proof[0]})" if proof else "the file's other dates"
    return (f"{either} date(s) read either way{shown}; {by} reads only {kind}-first and no date reads only "
            f"{'month' if kind == 'day' else 'day'}-first, so all were read {kind}-first")
