"""h127 (h121 G2): a count asked "in A vs B" ("how many techs worked on Ironclad in Q1 vs Q2", "how many clients did Tom
work on in June vs July") is each period's count and the change, as the reading says ("both values and the change").
It was ONE count: the entities with a row in either period (13 where Q1 had 10 and Q2 9), at confidence 1.0. A count
of the entities whose value moved ("how many clients' revenue rose") keeps its direction filter (``compare``)."""

from __future__ import annotations

from typing import Any

from moat.ai.catalogue import Intent


def counted_apart(intent: Intent) -> bool:
    """Whether ``intent`` counts the entities of each of two periods (no direction, no mark)."""
    return intent.count and intent.change in (None, "any") and intent.threshold is None


def two_counts(before: list[list[Any]], after: list[list[Any]]) -> list[Any]:
    """[count in the earlier period, count in the later one, change]: the entities with a value other than 0."""
    b, a = (sum(1 for r in rows if r[-1] is not None and float(r[-1]) != 0) for r in (before, after) for rows in [r])
    return [b, a, a - b]
