"""h104 (issue 15, heldout16 class b): a count whose threshold is written between "number of" and the thing counted
("# of under-36% margin months", "the number of sub-20% margin clients", "how many below-150k revenue months") counts
those things, never lists them.

Why: the count words look for the noun at most two words after "number of" / "how many" ("how many government
clients"); a threshold written as an adjective ("sub-20%" is "under 20 percent") put four words between, so no count
was read and the months passing the threshold were listed, lowest first, at full confidence. Once the threshold is
read its words are blanked (``Parser._thresholds``); the count is then looked for again with the blanks skipped. "#
of" is "number of" already (``lexicon.FOLD``)."""

from __future__ import annotations

from moat.ai import lexicon as lx
from moat.ai.reading import Reading

COUNT_PAST = lx.compile_words(r"\b(?P<how>how many|number of|count of|count the)\b\s+"
                              r"(?:(?!(?:by|per|each|every|seats|licenses|hours|subscriptions)\b)\w+\s+){0,2}?"
                              r"(?P<noun>months|" + lx.ENTITY_NOUN + r"|vendors?|suppliers?)\b")


def count_past_threshold(r: Reading) -> None:
    """Read the count once the threshold between it and its noun is blanked (module docstring); a ranking step run
    after the thresholds."""
    if r.count or r.threshold_raw is None:
        return
    count = COUNT_PAST.search(r.text)
    if count is None:
        return
    r.count = True
    r.months_counted = count["noun"] == "months"
    r.use(count.span("how"))
    r.use(count.span("noun"))
    r.reasons.append(f"a threshold written between '{count['how']}' and '{count['noun']}': those {count['noun']} counted")
