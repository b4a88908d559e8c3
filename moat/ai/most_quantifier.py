"""h138 (issue 15, h133's class N): "most" as a QUANTIFIER ("are most clients profitable", "did most clients make
money", "is most of our GP from healthcare", "how many clients make up most of our GP") is refused naming the two
figures that answer it, never read as a superlative.

Why: "most" was read as "the most" (a ranking): "are most clients profitable" listed the top 5 clients by gross
profit, "is most of our revenue from the top 10" listed the top 10, and "how many clients make up most of our GP"
counted every client (40), all confidently: answers to other questions. "More than half" needs a count against the
number of rows, or a share against a half, which the answers do not put together; the reply names the questions that
give each (the count passing and the count with activity; the share), in the user's own words where they fit.
"""
from __future__ import annotations

from moat.ai.most_quantifier_words import MOST_MADE_UP, MOST_OF_ROWS, MOST_OF_WHOLE
from moat.ai.reading import Parse, Reading


def most_as_quantifier(r: Reading) -> Parse | None:
    """Refuse "most" used as a quantifier, naming the questions that answer it (module docstring); else None."""
    said = r.raw.lower().strip()
    if (whole := MOST_OF_WHOLE.search(said)) is not None:
        ask = f"what share of {whole['what']} came from {whole['rest']}".strip()
        return r.refuse(f"'Most of' asks whether a part is over half of the whole. Ask \"{ask}\": the share says it "
                        "(over 50% is most).", [ask])
    if (rows := MOST_OF_ROWS.search(said)) is not None:
        noun = rows["noun"] if rows["noun"].endswith("s") or rows["noun"] in ("staff", "people") else rows["noun"] + "s"
        ask = f"how many {noun} {rows['aux']} {rows['rest']}".strip()
        return r.refuse(f"'Most {noun}' asks whether more than half of them pass. Ask \"{ask}\" and how many {noun} "
                        "had activity in that period, then compare the two counts.",
                        [ask, f"how many {noun} had activity last quarter"])
    if (made := MOST_MADE_UP.search(r.text.strip()) or MOST_MADE_UP.search(said)) is not None:  # the period blanked
        what = made["what"].strip()
        return r.refuse(f"'How many {made['noun']} make up most of {what}' is the fewest of them past half of it; I "
                        f"don't count that directly. Ask for {what} by {made['noun'].rstrip('s')}, highest first, and "
                        f"for the share of {what} from the top N (e.g. \"what share of {what} came from the top 10 "
                        f"{made['noun']}\").", [f"{what} by {made['noun'].rstrip('s')}, highest first",
                                                f"what share of {what} came from the top 10 {made['noun']}"])
    return None
