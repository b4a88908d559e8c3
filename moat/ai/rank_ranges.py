"""h138 (issue 15, h133's class L): "clients 6-10 by revenue", "techs ranked 3 to 6 by hours", "the 6th to 10th
biggest clients" are RANKS 6..10 of the ranking; "top 25% techs by billable hours" (a limit written as a part of the
rows) is refused naming the count and the top N.

Why: the numbers were read as a range of the measure's VALUES ("revenue between 6 and 10": an empty list at 1.00) or
the percent as a count ("the top 25 technicians": all 15 of them, a share of 100%), confidently. Here the range's
words are read in the step before the ranking (the limit is its upper rank, highest first unless a low word is said),
and once the intent is made the ranks before it are left out (``skip``; the engine drops them after the cut). A
range with anything else asked (a count, a share, a threshold, a set chosen by another measure) is refused, naming
the top-N list that holds it.
"""
from __future__ import annotations

import re
from dataclasses import replace

from moat.ai.catalogue import Intent
from moat.ai.rank_range_words import LOW_SIDE, NOUN_AFTER, PERCENT_LIMIT, RANK_RANGE
from moat.ai.reading import Parse, Reading


def rank_range_refusal(r: Reading) -> Parse | None:
    """Read a rank range's upper rank as the limit (its words blanked), or refuse a percent-of-rows limit (module
    docstring); None otherwise."""
    said = r.raw.lower()
    if (cut := PERCENT_LIMIT.search(said)) is not None:
        noun = _plural(cut["noun"])
        part = f"{cut['pct']}%" if cut["pct"] else f"a {cut['part']}"
        return r.refuse(f"I can't cut a list at {part} of the {noun}: answers are cut at a number of rows. Ask how many "
                        f"{noun} there are (e.g. \"how many {noun} had activity last month\"), then for the top N "
                        f"{noun} by the measure you mean.", [f"how many {noun} had activity last month"])
    ranks = _ranks(said)
    if ranks is None:
        return None
    low, high, rng = ranks
    written = RANK_RANGE.search(r.text)
    if written is None or r.count or r.share:
        noun = _plural(rng["noun"] or _noun_after(said, rng.end()))
        return r.refuse(f"I can't list ranks {low} to {high} here: ask for the top {high} {noun} by the measure you "
                        f"mean; ranks {low} to {high} are its last {high - low + 1} rows.",
                        [f"top {high} {noun} by revenue last quarter"])
    start = written.end("noun") if written["noun"] else written.start()
    r.use((start, written.end()), blank=True)
    r.limit, r.order = high, "asc" if LOW_SIDE.search(said) else "desc"
    r.reasons.append(f"ranks {low} to {high} asked: the top {high}, the first {low - 1} left out")
    return None


def ranks_kept(r: Reading, intent: Intent) -> Intent:
    """The intent with the ranks before the range left out (``skip``) when a rank range was read; a range the ranking
    cannot hold (a set chosen by another measure, a threshold) is flagged, the top N given."""
    ranks = _ranks(r.raw.lower())
    if ranks is None or intent.limit != ranks[1] or intent.order is None:
        return intent
    if intent.chosen_by or intent.threshold is not None or intent.count or intent.share or intent.compared \
            or intent.each or intent.picked:
        r.confidence = min(r.confidence, 0.6)
        r.reasons.append(f"ranks {ranks[0]} to {ranks[1]} asked: the top {ranks[1]} are shown; read ranks {ranks[0]} "
                         f"to {ranks[1]} from them")
        return intent
    return replace(intent, skip=ranks[0] - 1)


def _ranks(said: str) -> tuple[int, int, re.Match[str]] | None:
    rng = RANK_RANGE.search(said)
    if rng is None:
        return None
    low, high = (int(rng[k] or 0) for k in (("a", "b") if rng["a"] else ("a2", "b2") if rng["a2"] else ("a3", "b3")))
    return (low, high, rng) if 1 <= low < high <= 500 else None


def _noun_after(said: str, at: int) -> str:
    """The entity noun written after a range with no noun before it ("ranks 6-10 clients by revenue"), else rows."""
    found = NOUN_AFTER.search(said, at)
    return found["noun"] if found else "rows"


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") or noun == "staff" else noun + "s"
