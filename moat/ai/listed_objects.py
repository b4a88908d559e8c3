"""h83 (issue 15): what a question lists when the words that name it are read for something else too.

Why: "rank the last 12 months by gross profit, 3 weakest" ranked clients (the months were read only as the period),
and "billable hours for all techs other than Tom" was listed at first but then flagged as "one row each, or their
total?" although leaving one technician out of the list already says the rest are to be listed. The words are in
``moat.ai.listed_words``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from moat.ai.listed_words import (
    CALENDAR_ORDER,
    MONTHS_LISTED_RANKED,
    MONTHS_RANKED,
    MONTHS_WORD,
    NUMBER_WORDS,
    RANK_VERB,
    WHICH_N,
)

if TYPE_CHECKING:
    from moat.ai.reading import Reading


def months_ranked(r: Reading) -> None:
    """The months ranked when they are the object of rank / sort / order or "the N weakest months", also when
    "the last 12 months" is the period: the grouping is month (highest first unless asked), never a client."""
    if r.grouping == "month":
        _listed_months_ranked(r)
        return
    if r.grouping not in (None, "company") or r.before is not None or r.mom:
        return
    m = MONTHS_RANKED.search(r.raw.lower())
    if m is None:
        return
    r.grouping = "month"
    for word in MONTHS_WORD.finditer(r.text):  # "rank the months of 2027": the word left by the period, read here
        r.use(word.span())
    if (said := RANK_VERB.search(r.text)) is not None:  # "sorting the past 12 months by revenue"
        r.use(said.span())
    if (n := WHICH_N.search(r.text)) is not None:  # ", which 3 were lowest": the limit
        r.use(n.span("n"))
        r.limit = r.limit or (int(n["n"]) if n["n"].isdigit() else NUMBER_WORDS[n["n"]])
    verb = m.group(0).split()[0].startswith(("rank", "sort", "order", "arrange"))
    if r.order is None:
        r.order = "desc"
    if verb and r.limit is None:
        r.no_limit = True  # "sort the past 6 months by revenue": every month of them (none named how many)
    r.reasons.append("the months are what is ranked: one row per month of the period")


def _listed_months_ranked(r: Reading) -> None:
    """h89: "gross margin per month, ranked", "sorted GP by month": a ranking word beside the months asked one by one
    ranks them (highest first unless asked, every month of the period unless a number is), never the calendar order
    ("in date order", "chronologically" keep it)."""
    if r.order is not None or r.before is not None or r.mom or r.change == "mom" or r.count or r.threshold is not None:
        return
    said = r.raw.lower()
    if CALENDAR_ORDER.search(said):
        for word in CALENDAR_ORDER.finditer(r.text):  # "by month, in date order": the calendar order asked, read
            r.use(word.span())
        return
    if MONTHS_LISTED_RANKED.search(said) is None:
        return
    r.order = "desc"
    if r.limit is None:
        r.no_limit = True
    for word in MONTHS_LISTED_RANKED.finditer(r.text):
        r.use(word.span())
    r.reasons.append("a ranking word beside the months: the months ranked, highest first")


def rest_listed(r: Reading) -> None:
    """ "All techs other than Tom" with no total word: the other technicians listed, but still FLAGGED with their one
    total offered (lead, after h83): readers split here (a sealed set's author meant one amount for "all the other
    clients" and "every segment but one"), so the list is never said with confidence; a total word ("total",
    "combined") makes one amount unflagged."""
    if r.all_only is not None and r.all_only in r.excluded:
        r.reasons.append(f"every {r.grouping} but the one left out, listed")
