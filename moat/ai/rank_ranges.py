"""h138 (issue 15, h133's class L): "clients 6-10 by revenue", "ranks 11 to 20 by hours", "top 25% techs by billable
hours": a range of RANKS, or a limit written as a part of the rows, is refused naming the list that holds it.

Why: the numbers were read as a range of the measure's VALUES ("revenue between 6 and 10": an empty list at 1.00) or
the percent as a count ("the top 25 technicians": all 15 of them, a share of 100%), confidently. The answers hold no
offset into a ranking and no cut at a part of the rows; the top N list holds ranks a..N in order, so it is named.
"""
from __future__ import annotations

from moat.ai.rank_range_words import NOUN_AFTER, PERCENT_LIMIT, RANK_RANGE
from moat.ai.reading import Parse, Reading


def rank_range_refusal(r: Reading) -> Parse | None:
    """Refuse a rank range or a percent-of-rows limit, naming the top-N question that holds it (module docstring)."""
    said = r.raw.lower()
    if (cut := PERCENT_LIMIT.search(said)) is not None:
        noun = _plural(cut["noun"])
        part = f"{cut['pct']}%" if cut["pct"] else f"a {cut['part']}"
        return r.refuse(f"I can't cut a list at {part} of the {noun}: answers are cut at a number of rows. Ask how many "
                        f"{noun} there are (e.g. \"how many {noun} had activity last month\"), then for the top N "
                        f"{noun} by the measure you mean.", [f"how many {noun} had activity last month"])
    rng = RANK_RANGE.search(said)
    if rng is None:
        return None
    low, high = (int(rng[k] or 0) for k in (("a", "b") if rng["a"] else ("a2", "b2") if rng["a2"] else ("a3", "b3")))
    if not 1 <= low < high <= 500:
        return None
    noun = _plural(rng["noun"] or _noun_after(said, rng.end()))
    return r.refuse(f"I can't list ranks {low} to {high} on their own: a ranking starts at the top. Ask for the top "
                    f"{high} {noun} by the measure you mean; ranks {low} to {high} are its last {high - low + 1} rows.",
                    [f"top {high} {noun} by revenue last quarter"])


def _noun_after(said: str, at: int) -> str:
    """The entity noun written after a range with no noun before it ("ranks 6-10 clients by revenue"), else rows."""
    found = NOUN_AFTER.search(said, at)
    return found["noun"] if found else "rows"


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") or noun == "staff" else noun + "s"
