"""One computed answer table and the statements that produced it (shared by the single- and two-period compilers)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from moat.ai.safety import Executed, SafeConnection
from moat.errors import MoatError
from moat.metrics.periods import Period, covered_through, data_range, first_covered

# h29: while set, money is left unrounded so that a change, share or ratio is computed from exact values (a change of
# two values ending in half a cent was one cent off); the caller rounds the result for display (DESIGN glossary)
EXACT_MONEY: ContextVar[bool] = ContextVar("exact_money", default=False)


@dataclass
class Result:
    columns: list[str]
    rows: list[list[Any]]
    shape: str  # single | ranking | trend | count
    chart: str | None  # bar | line | None
    executed: list[Executed] = field(default_factory=list)
    nulls: int = 0  # values the data left undefined (margin without revenue, unknown labour cost)
    coverage: float = 1.0  # share of the period's days inside the data's date range
    notes: list[str] = field(default_factory=list)  # what the table leaves out and why (for the answer's reasons)
    doubt: float = 1.0  # h57: below 1 for a figure shown but not sure (an earlier period only partly covered)

    @property
    def sql(self) -> str:
        return ";\n".join(_inline_params(e.sql, e.params) for e in self.executed)


def _inline_params(sql: str, params: list[Any]) -> str:
    """Display form only ("how this was computed"): the SQL that ran with its parameters listed after it."""
    compact = " ".join(sql.split())
    return compact + (f"  -- params: {', '.join(repr(p) if not isinstance(p, date) else p.isoformat() for p in params)}"
                      if params else "")


def coverage(con: SafeConnection, period: Period) -> float:
    """The share of ``period``'s days that lie within the data (here, a leaf, so compare and sql both use it).

    Data whose first row falls on its month's first weekday covers the month from the 1st: data from Monday 2 April
    (1 April a Sunday) covers April. Counting from the first row's day left a quarter breakdown's first quarter out as
    "not a whole quarter of data" at confidence 0.997 (heldout20) while the one-quarter question answered it. Data
    from 14 October still covers October only from the 14th.
    """
    bounds = data_range(con)
    if bounds is None:
        return 0.0
    start, end = max(period.start, first_covered(bounds[0])), min(period.end, covered_through(bounds[1]))
    if end < start:
        return 0.0
    return ((end - start).days + 1) / period.days


class CannotFilter(MoatError):
    """A named part of the question (a client, a segment, a technician, a product) that the rows holding this figure
    cannot be limited to: the answer is refused, never the figure over everyone under the part's name."""
