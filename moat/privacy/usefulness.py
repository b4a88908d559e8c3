"""Whether a release is precise enough to be worth its privacy budget, and what would make it so.

The noise of a release does not depend on how many clients a segment holds, so a small MSP split into segments
can release numbers that are mostly noise (issue 17: ±9.4 clients of accuracy per segment for a 40-client MSP).
The rule, judged on the counts every mean and ratio divides by: a release is **too coarse** when, for the
smallest group it covers, the accuracy of a count is more than ``MAX_RELATIVE`` (25 %) of the number of clients
in that group; then every mean or ratio built on the count is dominated by noise. The warning names what helps:
the epsilon that would bring the accuracy under the limit (accuracy scales with 1 / epsilon), releasing all
clients together instead of per segment, or waiting for more clients with data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_RELATIVE = 0.25
MAX_EPSILON = 10.0  # the largest epsilon one release may spend (the Share page's limit)
COUNT_AGGREGATES = ("clients", "margin_clients")


@dataclass(frozen=True)
class Usefulness:
    coarse: bool
    worst_relative: float | None  # accuracy / clients of the smallest group, for the least precise count
    smallest_group: int | None
    message: str | None
    suggestions: list[str] = field(default_factory=list)


def assess(aggregates: list[dict[str, Any]], epsilon: float, grouping: str, group_sizes: dict[str, int],
           alpha: float = 0.05) -> Usefulness:
    """Judge a release preview (``releases.preview(...)["aggregates"]``).

    ``group_sizes``: clients with data per group the release covers (segment -> n, or {"all": n}).
    """
    counts = [a for a in aggregates if a.get("aggregate") in COUNT_AGGREGATES and a.get("accuracy") is not None]
    sizes = [n for n in group_sizes.values() if n > 0]
    if not counts or not sizes:
        return Usefulness(False, None, None, None)
    accuracy = max(float(a["accuracy"]) for a in counts)
    smallest = min(sizes)
    relative = accuracy / smallest
    if relative <= MAX_RELATIVE:
        return Usefulness(False, relative, smallest, None)
    confidence = f"{1 - alpha:.0%}"
    swamped = sorted(g for g, n in group_sizes.items() if n > 0 and accuracy / n > MAX_RELATIVE)
    if grouping == "segment":
        where = (f"the clients of {len(swamped)} of {len(sizes)} segments (the smallest, "
                 f"{min(group_sizes, key=lambda g: group_sizes[g] or 1e12)}, has {smallest:,})")
    else:
        where = f"the {smallest:,} clients released together"
    message = (f"Too coarse to be useful: with {confidence} confidence a count is only known to ±{accuracy:,.1f} clients, "
               f"more than {MAX_RELATIVE:.0%} of {where}, so the noise swamps the values.")
    needed = epsilon * relative / MAX_RELATIVE
    suggestions = [f"raise epsilon to about {needed:,.1f} (accuracy shrinks as epsilon grows; it spends more budget)"
                   if needed <= MAX_EPSILON else f"no epsilon up to {MAX_EPSILON:g} makes the smallest group precise enough"]
    total = sum(sizes)
    if grouping == "segment" and len(sizes) > 1:
        together = accuracy / total
        suggestions.append(f"release all clients together instead of per segment (±{accuracy:,.1f} against {total:,} "
                           f"clients{': precise enough' if together <= MAX_RELATIVE else ''})")
    suggestions.append(f"wait until more clients have data (at this epsilon a group needs about "
                       f"{accuracy / MAX_RELATIVE:,.0f} clients)")
    return Usefulness(True, relative, smallest, message, suggestions)


def group_sizes(con: Any, period: Any, grouping: str) -> dict[str, int]:  # Connection, Period
    """Clients with activity in ``period`` per group the release covers (segment, or all clients together)."""
    from moat.metrics.profitability import profitability

    prof = profitability(con, period)
    if grouping != "segment":
        return {"all": prof.height}
    found: dict[str, int] = {}
    for segment in prof["segment"].to_list():
        key = (segment or "other").lower()
        found[key] = found.get(key, 0) + 1
    return found
