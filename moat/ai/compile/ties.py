"""h78 (issue 15, held-out class: ties at a cut): a top-N / bottom-N / "which month" answer whose N-th and N+1-th
values are equal cuts through a tie. Rows are ranked by value and then by name, so which of the tied rows is shown is
an accident of the alphabet: the answer says so (a note naming the rows left out and their value) and is flagged, so
nobody reads "the top 5" as five clients that beat the sixth. The rows stay the N asked for (ties broken by name, as
every ranking here is), and the note says how many rows to ask for to see every tied one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from moat.ai.catalogue import Intent
    from moat.ai.compile.result import Result
    from moat.ai.safety import SafeConnection

TIE_DOUBT = 0.6  # a figure shown but not sure: below the review threshold (policy review_confidence 0.70)


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    x, y = float(a), float(b)
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def cut(ranked: list[list[Any]], limit: int | None, at: int = 1) -> tuple[list[list[Any]], list[str]]:
    """``ranked`` (sorted best first, name at column 0, value at column ``at``) cut to ``limit`` rows, with a note when
    the cut falls inside a tie (else no note)."""
    if limit is None or limit >= len(ranked) or limit < 1:
        return ranked, []
    kept, last = ranked[:limit], ranked[limit - 1]
    left = [row for row in ranked[limit:] if _same(row[at], last[at])]
    if not left:
        return kept, []
    inside = [_label(row[0]) for row in kept if _same(row[at], last[at])]
    names = [_label(row[0]) for row in left]
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    verb = "has" if len(left) == 1 else "have"
    order = "by month" if isinstance(last[0], date) else "by name"
    note = (f"a tie at the cut: {shown} {verb} the same value ({last[at]}) as {', '.join(inside)}, row {limit} of the "
            f"answer; tied rows are ordered {order}, so {'it is' if len(left) == 1 else 'they are'} left out — ask for "
            f"{limit + len(left)} rows to see every tied one")
    return kept, [note]


def _label(name: Any) -> str:
    return f"{name:%b %Y}" if isinstance(name, date) else str(name)


def doubt(notes: list[str]) -> float:
    """The doubt a cut through a tie puts on the answer (1.0 when there is none)."""
    return TIE_DOUBT if any(n.startswith("a tie at the cut") for n in notes) else 1.0


def ranked_run(run: Callable[[SafeConnection, Intent], Result], con: SafeConnection, intent: Intent) -> Result:
    """``run(con, intent)`` for a ranking cut to N rows, computed uncut and cut here, so a cut through a tie is seen and
    said (``cut``); every other answer is ``run``'s as it is."""
    if intent.limit is None or intent.order is None or intent.count or intent.share or intent.passing_total \
            or intent.each or intent.compared and intent.chosen_by:  # h131: chosen by size, cut in ``compare``
        return run(con, intent)
    full = run(con, replace(intent, limit=None))
    if full.shape != "ranking":
        return run(con, intent)
    kept, notes = cut(full.rows, intent.limit, (4 if intent.relative else 3) if intent.compared else 1)
    kept = kept[intent.skip:]  # h138: "clients 6-10 by revenue": the ranks before the range left out
    return replace(full, rows=kept, notes=[*full.notes, *notes], doubt=min(full.doubt, doubt(notes)))
