"""h68 (issue 15, heldout10 / heldout11 classes): how owners write amounts, marks and short names, rewritten once on
the folded, normalised question into the forms the parser's threshold, count and name rules already read.

Each rewrite is a rule about how a quantity, a mark or a name is written, never one phrasing:
- a count glued to a ranking word ("top5", "bottom3", "worst10"; h135: "top-5") is the word and the count ("top 5");
- a currency word between an amount and "or more / or less" ("10 thousand dollars or more", "$500 bucks or less")
  is the amount in money ("$10 thousand or more");
- a mark named by a noun ("above the 80 percent billable line", "under our 70 percent utilization floor", "cleared
  the 75 percent bar", "beneath the 60 percent mark") is the threshold itself ("over 80 percent billable"): the
  article and the noun (line, floor, bar, mark, threshold, cut-off, level, ceiling, limit, hurdle) name no measure;
  a verb of passing (cleared, beat, crossed, passed, topped, past, beyond) is "over", "beneath" is "under";
- "how often" / "how many times" / "number of times" a figure passed an amount, with no other thing counted
  (clients, techs, ...), counts the period's months ("in how many months"): the data holds months, so a "time" is
  a month; "a month" / "in a month" / "in any month" after the amount says the same and is read with it; "top"
  after an auxiliary ("did margin top 45 percent") is the verb, "over", never a top-N ranking;
- time "logged / booked / charged against" a client (or "hours against Harbor") is time for that client: the
  booking preposition, never a comparison, unless a period, a target or capacity follows "against";
- "cost us more than they paid / brought in / billed" is a gross loss (said before the period rules, whose change
  words would read "more" as a change between two periods);
- burnout said in any form ("burnt out", "burned-out", "burnout", "close to burnout") is "burning out", which the
  utilisation band reads;
- a first name followed by one initial ("Tom B", "Tom B.", "Maria W") is the one technician or client whose name
  is that first word and whose next word starts with that letter (a shared first name is settled by the initial).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from moat.names import normalize

_GLUED_COUNT = re.compile(r"\b(top|bottom|best|worst|highest|lowest|biggest|largest|smallest)-?(\d{1,3})\b")
_CURRENCY_BEFORE_OR = re.compile(
    r"(?<![\w.])(?P<cur>\$\s*)?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>(?:thousand|million|grand|k|m)(?![a-z]))?\s*"
    r"(?:dollars?|bucks|usd)\s+(?P<op>or (?:more|above|over|higher|less|fewer|under|below|lower)|and (?:up|above|over))\b")
_MARK_NOUN = r"(?:line|floor|bar|mark|threshold|cut-?off|level|ceiling|limit|hurdle|benchmark)"
_PASSING = {"not reaching": "under", "not hitting": "under", "not making": "under", "failing to reach": "under",
            "failing to hit": "under", "short of": "under", "shy of": "under", "missing": "under", "missed": "under",
            "cleared": "over", "clear": "over", "clears": "over", "beat": "over", "beats": "over", "crossed": "over",
            "cross": "over", "passed": "over", "pass": "over", "past": "over", "beyond": "over", "topped": "over",
            "exceeded": "over", "exceed": "over", "beneath": "under", "hit": "at least", "reached": "at least",
            "made": "at least"}
_MARK = re.compile(
    r"\b(?P<op>over|above|under|below|beneath|past|beyond|cleared|clear|clears|beat|beats|crossed|cross|passed|pass|"
    r"topped|exceeded|exceed|hit|reached|made|more than|less than|at least|at most|not reaching|not hitting|not making|"
    r"failing to reach|failing to hit|short of|shy of|missing|missed)\s+"
    r"(?:the|an?|our|their|its|his|her|my|your)\s+(?P<amount>\$?\s*\d[\d,]*(?:\.\d+)?\s*(?:percent|k|thousand|m|million)?)"
    r"\s+(?P<what>(?:(?!" + _MARK_NOUN + r"\b)[a-z]+\s+){0,2}?)" + _MARK_NOUN + r"\b")
_ENTITY_COUNTED = re.compile(r"\b(?:clients?|customers?|accounts?|technicians?|engineers?|staff|people|products?|"
                             r"vendors?|segments?|seats?|licenses?)\b|"
                             r"\b(?:a|per|each|in a|any|every) (?:quarter|week|day|year)\b")  # "how often in a quarter": not months
_AMOUNT_AHEAD = re.compile(r"\b(?:over|above|under|below|more than|less than|at least|at most|exceed\w*|top(?:ped)?|beat|"
                           r"cleared|crossed|passed|fell short of|dipped below|dropped below)\s+\$?\s*\d|\d\s*(?:percent|k|"
                           r"thousand|million)?\s*(?:or more|or less|\+)")
_HOW_OFTEN = re.compile(r"\b(?:how often|how many times|number of times|count of times|how many occasions)\b")
_A_MONTH = re.compile(r"(?<=\d)(\s*(?:percent|k|thousand|million|dollars|bucks)?)\s+(?:in (?:a|any|one|each) month|a month|"
                      r"per month)\b")
# "did gross margin top 45 percent": "top" after an auxiliary before a percentage is the verb (over); amounts of money
# are read by ``moat.ai.numbers``; "did our top 5 clients", "top 10 percent of clients" keep the ranking
_TOP_VERB = re.compile(r"\b(?P<aux>did|does|do|ever|never|to)\s+(?P<between>(?:(?!top\b)[a-z]+\s+){0,3}?)top\s+(?=\d[\d.]*\s*percent\b(?!\s+of\b))")
# "hours logged against Harbor", "time booked against them": the booking preposition, never a comparison ("hours
# against last year", "worked hours against capacity", "billable against total hours" keep "against")
_MONTH_WORDS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|" \
               r"september|october|november|december"
_BOOKED_AGAINST = re.compile(
    r"\b(?P<lead>(?:hours|time|logged|booked|charged|billed|posted|put|recorded|tracked|entered|spent|worked|clocked)"
    r"(?:\s+(?:we|they|he|she|i|you|were|was|have|had|has|been|total|all|the|our|technicians?|engineers?|staff|team|"
    r"logged|booked|charged|posted|recorded|tracked|spent|worked|put|billable|non-billable)){0,3}?)\s+against\s+(?!(?:the\s+|a\s+|their\s+|our\s+)?(?:last|this|next|previous|prior|same|preceding|"
    r"q[1-4]|h[12]|" + _MONTH_WORDS + r"|\d|year|month|quarter|week|budget|target|plan|goal|capacity|available|total|all|"
    r"billable|non-?billable|hours|time|revenue|utilization)\b)")
# "time charged / booked / posted", "hours we booked": the booking verb of time is the verb the hours measure reads
_BOOKING_VERB = re.compile(r"\b(?P<what>hours|time)\s+(?:(?:we|they|he|she|you)\s+)?(?:had\s+|have\s+)?"
                           r"(?:booked|charged|posted|recorded|tracked|entered|clocked|put in)\b")
# "cost us more than they paid us": a loss said as a comparison of two amounts, rewritten before the period rules
# read its "more" as a change between two periods ("... between July and September" is one span)
_COST_MORE_THAN_PAID = re.compile(
    r"\bcost(?:s|ing)?\s+(?:us\s+|me\s+)?more\s+than\s+(?:they|it|he|she|the client|the account)\s+"
    r"(?:(?:have|had|did|do|does)\s+)?(?:pa(?:y|ys|id)|brought in|brings? in|bring in|bill(?:ed)?|made|make|makes|"
    r"generated?|earned|returned)(?:\s+(?:us|me))?(?:\s+in)?\b")
_BURNOUT = re.compile(r"\b(?:(?:close to|near|nearing|on the verge of|heading for|headed for|at risk of)\s+)?"
                      r"(?:burn(?:t|ed|ing)?[- ]?out|burnout)\b")


def owner_forms(text: str, names: Iterable[str] = ()) -> tuple[str, list[str]]:
    """The question with the rewrites of the module docstring applied, and a note per rule that fired."""
    notes: list[str] = []
    out = _GLUED_COUNT.sub(r"\1 \2", text)
    if out != text:
        notes.append("a count written against its ranking word ('top5') read as 'top 5'")
    text = out
    out = _CURRENCY_BEFORE_OR.sub(lambda m: f"${m['num']}{' ' + m['mult'] if m['mult'] else ''} {m['op']}", text)
    if out != text:
        notes.append("an amount in dollars with 'or more / or less' read as a threshold in money")
    text = out
    out = _MARK.sub(_mark, text)
    if out != text:
        notes.append("a mark named as a line / floor / bar read as the threshold it states")
    text = out
    text = _TOP_VERB.sub(lambda m: f"{m['aux']} {m['between']}over ", text)
    if _HOW_OFTEN.search(text) and _AMOUNT_AHEAD.search(text) and not _ENTITY_COUNTED.search(text):
        text = _HOW_OFTEN.sub("in how many months", text, count=1)
        text = _A_MONTH.sub(r"\1", text)
        notes.append("'how often' / 'how many times' a monthly figure passed an amount: the months counted")
    text = _BOOKING_VERB.sub(lambda m: f"{m['what']} logged", text)
    out = _BOOKED_AGAINST.sub(lambda m: f"{m['lead']} for ", text)
    if out != text:
        notes.append("time logged 'against' a client read as logged for it (not a comparison)")
    text = out
    out = _COST_MORE_THAN_PAID.sub("had a gross loss", text)
    if out != text:
        notes.append("costing more than they paid read as a gross loss")
    text = out
    out = _BURNOUT.sub("burning out", text)
    text = out
    out = _initials(text, names)
    if out != text:
        notes.append("a first name with an initial read as the one name it fits")
    return re.sub(r"\s+", " ", out).strip(), notes


def _mark(m: re.Match[str]) -> str:
    op = _PASSING.get(m["op"], m["op"])
    return f"{op} {m['amount'].strip()} {m['what'].strip()}".rstrip() + " "


def _initials(text: str, names: Iterable[str]) -> str:
    """"tom b" -> "tom becker" when exactly one name starts "Tom B..." (the folded text is lower case)."""
    first_words: dict[tuple[str, str], list[str]] = {}
    for name in names:
        words = normalize(name).split()
        if len(words) >= 2 and len(words[0]) >= 2:
            first_words.setdefault((words[0], words[1][0]), []).append(" ".join(words[:2]))

    def full(m: re.Match[str]) -> str:
        if m["initial"] in ("a", "i"):  # "did Tom a favour": an article or a pronoun, never an initial
            return m.group(0)
        found = first_words.get((m["first"], m["initial"]), [])
        return found[0] if len(set(found)) == 1 else m.group(0)

    if not first_words:
        return text
    firsts = "|".join(sorted({re.escape(f) for f, _ in first_words}, key=len, reverse=True))
    return re.sub(r"\b(?P<first>" + firsts + r")\s+(?P<initial>[a-z])\b\.?(?!['\w])", full, text)
