"""h138 (issue 15, h133's class N): "most" as a QUANTIFIER ("are most clients profitable", "did most clients make
money", "is most of our GP from healthcare", "how many clients make up most of our GP") is answered with the share
that says it (a part of a whole) or refused naming the two counts that answer it, never read as a superlative.

Why: "most" was read as "the most" (a ranking): "are most clients profitable" listed the top 5 clients by gross
profit, "is most of our revenue from the top 10" listed the top 10, and "how many clients make up most of our GP"
counted every client (40), all confidently: answers to other questions. "More than half" needs a count against the
number of rows, or a share against a half, which the answers do not put together; the reply names the questions that
give each (the count passing and the count with activity), in the user's own words where they fit; "most of" a
whole is that part's share (the parser asks it as "what share of ... came from ...").
"""
from __future__ import annotations

import re
from dataclasses import replace

from moat.ai.most_quantifier_words import MOST_MADE_UP, MOST_OF_ROWS, MOST_OF_WHOLE
from moat.ai.reading import Parse, Reading


def share_asked(raw: str) -> str | None:
    """"is most of our GP from healthcare" asked as the share that answers it ("what share of GP came from
    healthcare"): over 50% is most. None when "most of" is not said of a whole's part."""
    whole = MOST_OF_WHOLE.search(raw.lower().strip())
    return None if whole is None else _with_lead(f"what share of {whole['what']} came from {whole['rest']}", whole)


def share_read(answered: Parse, raw: str, asked: str) -> Parse | None:
    """The share's reading for the "most of" question, its reason said first; None when the share was not read (the
    step ``most_as_quantifier`` then refuses naming it)."""
    if answered.intent is None or not answered.intent.share or answered.refusal is not None:
        return None
    answered.reasons.insert(0, f"'most of' asks whether the part is over half of the whole: answered as \"{asked}\" "
                               "(over 50% is most)")
    return replace(answered, question=raw)


def most_as_quantifier(r: Reading) -> Parse | None:
    """Refuse "most" used as a quantifier, naming the questions that answer it (module docstring); else None."""
    said = r.raw.lower().strip()
    if (whole := MOST_OF_WHOLE.search(said)) is not None:
        ask = _with_lead(f"what share of {whole['what']} came from {whole['rest']}", whole)
        return r.refuse(f"'Most of' asks whether a part is over half of the whole. Ask \"{ask}\": the share says it "
                        "(over 50% is most).", [ask])
    if (rows := MOST_OF_ROWS.search(said)) is not None:
        noun = rows["noun"] if rows["noun"].endswith("s") or rows["noun"] in ("staff", "people") else rows["noun"] + "s"
        ask = _with_lead(f"how many {noun} {rows['aux']} {rows['rest']}", rows)
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


def _with_lead(question: str, said: re.Match[str]) -> str:
    """The question with the period said first kept ("in Q1 2027, is most of ..." -> "... in Q1 2027")."""
    return f"{question.strip()} {said['lead'].strip()}".strip() if said["lead"] else question.strip()
