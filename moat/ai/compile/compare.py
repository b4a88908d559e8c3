"""Two periods side by side ("Q2 vs Q3", "which clients' margin dropped"), and month-over-month changes.

Each period is computed by the same ``run`` as a one-period question (so each value is the number the pages
show for that period); only the pairing, the change (after minus before) and the direction filter happen here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from moat.ai.catalogue import Intent
from moat.ai.company_change import checked_row, company_change_checked
from moat.ai.compile.chosen_change import chosen_names, chosen_note, chosen_rows
from moat.ai.compile.result import Result
from moat.ai.compile.two_counts import counted_apart, two_counts
from moat.ai.safety import SafeConnection
from moat.formatting import money

COMPARE_COLUMNS = ["before", "after", "change"]


def change(before: Any, after: Any) -> Any:
    """after - before, exact for money and hours (Decimals), None when either side is undefined."""
    if before is None or after is None:
        return None
    if isinstance(before, float) or isinstance(after, float):
        return round(float(after) - float(before), 6)
    return Decimal(str(after)) - Decimal(str(before))


def relative_change(before: Any, after: Any) -> float | None:
    """(after - before) / |before| (None when either side is undefined or before is 0)."""
    if before is None or after is None or float(before) == 0:
        return None
    return round((float(after) - float(before)) / abs(float(before)), 6)


def _plain(intent: Intent, start: Any, end: Any) -> Intent:
    return replace(intent, start=start, end=end, compare_start=None, compare_end=None, change=None, order=None,
                   limit=None, threshold=None, count=False, relative=False)


def _keep(intent: Intent, delta: Any) -> bool:
    if intent.change == "down":
        return delta is not None and delta < 0
    if intent.change == "up":
        return delta is not None and delta > 0
    return True


def _thresholded(intent: Intent, row: list[Any]) -> Any:
    """The value a threshold applies to: with a direction ("dropped more than 5k", "grew by over 10 points") the size
    of the change; else the later period's value (the parser marks that reading provisional)."""
    delta = row[4] if intent.relative else row[3]
    if intent.change == "down":
        return None if delta is None else -delta
    if intent.change == "up":
        return delta
    return row[2]


def _month_before(con: SafeConnection, intent: Intent, run: Callable[[SafeConnection, Intent], Any]) -> Any:
    """h18: the value of the whole month before the period's first month (the base of the first month's change), or
    None when that month holds no data (the first change is then left empty, never a change from a made-up 0)."""
    from moat.ai.compile.result import coverage
    from moat.metrics.periods import Period, add_months, month_end

    start = add_months(intent.start.replace(day=1), -1)
    before = Period(start, month_end(start))
    if coverage(con, before) <= 0:
        return None
    rows = run(con, replace(intent, change=None, start=before.start, end=before.end)).rows
    return rows[0][1] if rows else None


def run_compare(con: SafeConnection, intent: Intent, run: Callable[[SafeConnection, Intent], Any]) -> Any:
    """The answer table of a two-period or month-over-month intent (``run`` computes one period). h29: each period's
    money is computed exact and the change from the exact values; values and change are rounded to cents only here,
    for display (two values ending in half a cent gave a change one cent off when it was taken from rounded values)."""
    from moat.ai.catalogue import METRICS
    from moat.ai.compile.result import EXACT_MONEY

    token = EXACT_MONEY.set(True)
    try:
        result = _run_compare(con, intent, run)
    finally:
        EXACT_MONEY.reset(token)
    if METRICS[intent.metric].kind == "money" and result.columns != ["count"]:
        result.rows = [[money(v) if isinstance(v, Decimal) else v for v in row] for row in result.rows]
    return result


def _run_compare(con: SafeConnection, intent: Intent, run: Callable[[SafeConnection, Intent], Any]) -> Any:
    """``run_compare`` with exact money values."""
    if intent.change == "mom":
        trend = run(con, replace(intent, change=None))
        first = _month_before(con, intent, run)
        rows = [[m, v, change(trend.rows[i - 1][1] if i else first, v)] for i, (m, v) in enumerate(trend.rows)]
        notes = [] if first is not None or not rows else [
            f"{rows[0][0]:%b %Y} has no change: the month before it holds no data"]
        return Result(["month", intent.metric, "change"], rows, "trend", "line", list(con.executed), trend.nulls,
                      trend.coverage, notes)
    before = run(con, _plain(intent, intent.compare_start, intent.compare_end))
    after = run(con, _plain(intent, intent.start, intent.end))
    coverage = min(before.coverage, after.coverage)
    doubt, notes = _earlier_part_covered(intent, before.coverage)
    nulls = before.nulls + after.nulls
    if len(before.columns) == 1:  # one number per period
        b = before.rows[0][0] if before.rows else None
        a = after.rows[0][0] if after.rows else None
        row = [b, a, change(b, a)] + ([relative_change(b, a)] if intent.relative else [])
        if company_change_checked(intent):  # h127: "did revenue rise by more than 5%": the company's change checked
            return Result([*_columns(intent), "passes"], [checked_row(intent, row, _thresholded(intent, [None, *row]))],
                          "single", None, list(con.executed), nulls, coverage, notes, doubt)
        return Result(_columns(intent), [row], "single", None, list(con.executed), nulls, coverage, notes, doubt)
    if counted_apart(intent):  # h127: "how many techs worked on Ironclad in Q1 vs Q2": each period's count
        return Result(COMPARE_COLUMNS, [two_counts(before.rows, after.rows)], "single", None, list(con.executed), 0,
                      coverage, notes, doubt)
    first = dict((r[0], r[1]) for r in before.rows)
    second = dict((r[0], r[1]) for r in after.rows)
    names = list(dict.fromkeys([*second, *first]))
    table = [[n, first.get(n), second.get(n), change(first.get(n), second.get(n))] for n in names]
    if intent.relative:
        table = [[*r, relative_change(r[1], r[2])] for r in table]
    if intent.chosen_by is not None:  # h131: "is revenue for our 3 biggest clients up on Q1": chosen by size
        rows = chosen_rows(table, chosen_names(con, intent, run))
        return Result([before.columns[0], *_columns(intent)], rows, "ranking", None, list(con.executed), nulls,
                      coverage, [*notes, chosen_note(intent)], doubt)
    table = [r for r in table if _keep(intent, r[3])]
    if intent.threshold is not None:
        table = [r for r in table if intent.threshold.passes(_thresholded(intent, r))]
    if intent.count:
        return Result(["count"], [[len(table)]], "count", None, list(con.executed), 0, coverage, notes, doubt)
    ascending = intent.change == "down" or intent.order == "asc"
    at = 4 if intent.relative else 3  # "% change": ranked by the change in percent
    defined = sorted((r for r in table if r[at] is not None),
                     key=lambda r: (float(r[at]), str(r[0])) if ascending else (-float(r[at]), str(r[0])))
    rest = [r for r in table if r[at] is None]
    rows = (defined + rest)[:intent.limit] if intent.limit else defined + rest
    return Result([before.columns[0], *_columns(intent)], rows, "ranking", None, list(con.executed), nulls, coverage,
                  notes, doubt)


def _earlier_part_covered(intent: Intent, before: float) -> tuple[float, list[str]]:
    """h57 (h51 D2): an earlier period the data covers only in part ("revenue 2024 vs 2025 so far" with data from March
    2024) is not comparable (DESIGN's glossary): its value counts fewer months, so the change mostly measures the gap.
    The figures are shown, never as sure: the data confidence drops (x0.6, with the coverage already counted) below the
    review line and the reply says why. A stretch the data misses by a day or so (the first record on the 2nd of the
    first month: 97% of it) stays comparable: under 95% is "in part"."""
    if not 0 < before < 0.95:
        return 1.0, []
    start, end = intent.compare_start, intent.compare_end
    return 0.6, [
        f"not comparable: the data covers only {before:.0%} of the earlier period ({start}..{end}), so the change "
        "compares a part of it with the later period; ask for periods the data covers fully"]


def _columns(intent: Intent) -> list[str]:
    return COMPARE_COLUMNS + (["change_pct"] if intent.relative else [])
