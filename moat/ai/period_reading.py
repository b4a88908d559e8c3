"""h66 (issue 15): what the parser does with the periods of ``period_spans`` once found.

- "time logged against Westgate, April to June": "against" after a verb of booking time or money ("logged / booked /
  billed / charged against") names what the time was booked to, never a second period to compare with; so "more /
  less than" compares two measures, never two periods.
- "gross profit by quarter for the last 12 months", "quarterly GP, trailing twelve months", "hours each quarter
  from Q2 2026 to Q4 2026", "split ... into quarters": one row per whole quarter of the period (``over: quarter``), never one total.
- "compare hours for the second and third quarters of 2026", "the 3rd vs 4th quarter of last year": two quarters
  of one year named by ordinals, the earlier against the later (both values and the change); without a comparison
  word they are still each shown with the change, flagged (their sum is another question).
- "June revenue this year against June last year": a year word one or two words after a month is that month's year
  (alone "this year" would be the year to date, the month a word left over): the words are put side by side
  ("June this year revenue", the same length, so nothing read moves) before the period is read.
- "margin decliners from Q2 to Q3", "the biggest revenue growers vs last quarter": a noun made of a change verb names
  the entities whose figure moved that way between the two periods (a ranking of them), never the company's change.
- Two numeric dates that read as dates either way ("2/1 to 4/3": 1 Feb .. 3 Apr, or 2 Jan .. 4 Mar) are read month
  first and flagged, naming the other reading (never sure: the two readings give different totals).
"""

from __future__ import annotations

import re
from datetime import date

from moat.ai import lexicon as lx
from moat.ai.period_spans import LISTED, MONTHS, UNSURE_ORDER
from moat.ai.reading import Reading
from moat.metrics.periods import Period, add_months, month_end


def flag_unsure_order(r: Reading) -> None:
    """Flag a numeric range whose day and month could be either way round, naming the other reading; and a total over
    listed months where no word asks for each month's figure (month over month, already read, does)."""
    if f" ({LISTED})" in r.period_label:
        r.period_label = r.period_label.replace(f" ({LISTED})", "")
        if not r.mom:
            r.confidence *= 0.6
            r.reasons.append(f"months listed ({r.period_label}): their total shown; ask 'each month' for one row each")
    if UNSURE_ORDER not in r.period_label:
        return
    label, other = r.period_label.split(f" ({UNSURE_ORDER} ")
    r.period_label = label
    r.confidence *= 0.6
    r.reasons.append(f"numeric dates read month first ({label}); day first they would be {other.rstrip(')')}: "
                     "write the month's name to be sure")


_PERIOD_NEXT = re.compile(r"\s*(?:the\s+)?(?:(?:last|previous|prior|this|same)\s+(?:month|quarter|year|week|period)|"
                          r"(?:q[1-4]|h[12]|ytd|(?:19|20)\d\d|" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b)")
_BOOKED_AGAINST = re.compile(r"\b(?:logg?(?:ed|ing)?|book(?:ed|ing)?|bill(?:ed|ing)?|charg(?:ed|ing)|record(?:ed|ing)|"
                             r"track(?:ed|ing)|enter(?:ed|ing)|post(?:ed|ing)|put|spent|work(?:ed|ing)?|allocat(?:ed|ing)|"
                             r"cod(?:ed|ing)|time|hours?|hrs|costs?|spend)\s+against\b")


def only_booked_against(r: Reading) -> bool:
    """Whether every comparison word of the unread text is "against" after a booking verb ("logged against X") or
    "more / less than" (two measures compared: "cost us more than they paid us between July and September" is one
    period; "more in Q2 than in Q1" still splits at "than"); the booking words are then read."""
    cues = list(lx.COMPARE_CUE.finditer(r.text))
    booked = {m.end() for m in _BOOKED_AGAINST.finditer(r.text)
              if not _PERIOD_NEXT.match(r.text[m.end():])}  # "logged against last month": a second period
    than = {m.start() for m in re.finditer(r"\b(?:more|less)\s+than\b", r.text)}
    if not cues or not all(c.group(0) == "against" and c.end() in booked or c.start() in than for c in cues):
        return False
    for b in _BOOKED_AGAINST.finditer(r.text):
        r.use(b.span())
    return True


QUARTERLY = re.compile(
    r"\b(?:by|per|each|every|for\s+each|for\s+every)\s+(?:calendar\s+)?(?:quarter|qtr|q)\b(?!\s*[1-4]\b)"
    r"|\bquarter(?:ly)?\s+(?:by|to|on|over|after)\s+quarter\b|\bquarterly\b|\bqtrly\b"
    r"|\b(?:broken|break(?:ing)?|split(?:ting)?|divided|grouped|group|bucketed|bucket)\s+(?:\w+\s+){0,5}?(?:down\s+|out\s+|up\s+)?"
    r"(?:by|into|per|in)\s+(?:quarters?|qtrs?)\b|\bin\s+quarters\b|\b(?:quarter|qtr)\s+(?:breakdown|split)\b")


def quarter_breakdown(r: Reading, data_span: Period | None = None) -> None:
    """"Revenue by quarter / quarterly / each quarter" over a period: one row per quarter (no grouping chosen yet,
    one period, not a change per month). With no period named, every whole quarter with data (the default last three
    months would hold one quarter: a breakdown of one row)."""
    if r.grouping is not None or r.before is not None or r.mom or r.period is None or r.threshold is not None or r.count:
        return  # a condition in each quarter is ``each_period``'s
    cue = QUARTERLY.search(r.text)
    if cue is None:
        return
    r.grouping = "quarter"
    r.use(cue.span())
    r.reasons.append("by quarter: one row per whole quarter of the period")
    if not r.named_period and data_span is not None:
        r.period, r.period_label = data_span, "every quarter with data"
        r.reasons = [x for x in r.reasons if "used the default period" not in x]
        r.reasons.append("no period named: every whole quarter with data")


# "how much did revenue go up or down each month", "monthly ups and downs in GP", "did hours rise or fall month by
# month": the change of every month (as "the change each month"), never two periods
UP_OR_DOWN = lx.compile_words(
    r"\b(?P<chg>(?:(?:go|goes|went|gone|going|move[ds]?|moving|swing|swung|trend(?:ed)?)\s+)?up\s*(?:or|and|/|&)\s*down|"
    r"ups\s+and\s+downs|ris(?:e|en|ing)\s+or\s+f[ae]ll(?:en|ing)?|gr[oe]wn?\s+or\s+shr[iau]nk|increased?\s+or\s+decreased?|"
    r"gain(?:ed)?\s+or\s+los[te]|climb(?:ed)?\s+or\s+dropp?(?:ed)?)\b(?: \w+){0,5}? (?P<per>(?:each|every|per|by|a) month|"
    r"month (?:by|to|over|on) month|monthly)\b|"
    r"\b(?P<per2>(?:each|every|per|by) month|month (?:by|to|over|on) month|monthly)\b(?: \w+){0,4}? (?P<chg2>"
    r"(?:(?:go|goes|went|gone|going|move[ds]?)\s+)?up\s*(?:or|and|/|&)\s*down|ups\s+and\s+downs|ris(?:e|en|ing)\s+or\s+f[ae]ll)\b")


def up_or_down_each_month(r: Reading) -> re.Match[str] | None:
    """The words asking how much a figure went up or down each month, or None (a second period said keeps the
    two-period rules)."""
    if lx.AGAINST.search(r.text):
        return None
    return UP_OR_DOWN.search(r.text)


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4, "final": 4}
_O = r"(?:first|1st|second|2nd|third|3rd|fourth|4th|last|final)"
ORDINAL_PAIR = lx.compile_words(
    r"\b(?:(?:between|from|for|in|of)\s+)?(?:the\s+)?(?P<a>" + _O + r")(?:\s+quarter)?\s+(?P<sep>and|&|vs\.?|versus|to|into|against|"
    r"compared (?:with|to)|with)\s+(?:the\s+)?(?P<b>" + _O + r")\s+(?:quarters?|qtrs?)\b"
    r"(?:\s+(?:of\s+|in\s+)?(?:(?P<y>(?:19|20)\d\d)\b|(?:the\s+)?(?P<rel>this|last|previous|prior|current)\s+year\b))?")


def ordinal_quarter_pair(r: Reading) -> bool:
    """Two quarters named by ordinals ("the 2nd and 3rd quarters of 2026"): set as two periods (module doc)."""
    m = ORDINAL_PAIR.search(r.text)
    if m is None or m["a"] in ("last", "final"):
        return False
    a, b = _ORD[m["a"]], _ORD[m["b"]]
    if a == b:
        return False
    if m["y"]:
        year = int(m["y"])
    elif m["rel"]:
        year = r.as_of.year - (m["rel"] not in ("this", "current"))
    else:  # no year: the latest year in which the later quarter has ended
        later = max(a, b)
        year = r.as_of.year if month_end(date(r.as_of.year, 3 * later, 1)) <= r.as_of else r.as_of.year - 1
    first, second = (_quarter(year, a), _quarter(year, b))
    before, after = (first, second) if first.start < second.start else (second, first)
    if after.end > r.as_of:
        return False
    cue = r.has(lx.COMPARE_CUE) or m["sep"] not in ("and", "&")
    r.use(m.span(), blank=True)
    r.before, r.period, r.named_period = before, after, True
    r.period_label = f"{before.start}..{before.end} vs {after.start}..{after.end}"
    down, up = r.find(lx.DOWN), r.find(lx.UP)
    r.change = "down" if down and not up else "up" if up and not down else "any"
    for word in lx.COMPARE_CUE.finditer(r.text):
        r.use(word.span())
    if not cue:
        r.confidence *= 0.6
        r.reasons.append(f"two quarters named (Q{a} and Q{b} {year}): each shown with the change; ask for "
                         f"'the total from Q{min(a, b)} to Q{max(a, b)} {year}' for their sum")
    return True


def _quarter(year: int, q: int) -> Period:
    start = date(year, 3 * q - 2, 1)
    return Period(start, month_end(add_months(start, 2)))


_GAP_STOP = {"vs", "versus", "against", "compared", "to", "and", "or", "than", "from", "since", "through", "till",
             "until", "with", "in", "of", "for", "before", "after", "into", "over", "between", "same", "the", "q1", "q2",
             "q3", "q4", "quarter", "month", "year", "week", "h1", "h2", "half", "ytd", "so", "far"}
_MONTH_GAP_YEAR = re.compile(r"\b(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?P<gap>(?:\s+[a-z][a-z-]*){1,2}?)"
                             r"\s+(?P<yr>(?:this|last|previous|prior|current)\s+year)\b(?!\s+(?:'s|s)\b)")


def month_year_together(r: Reading) -> None:
    """Put a year word said a word or two after a month beside it ("june revenue this year" -> "june this year
    revenue"); a parser step that never answers."""
    for m in _MONTH_GAP_YEAR.finditer(r.text):
        if any(w in _GAP_STOP or w in MONTHS for w in m["gap"].split()):
            continue
        moved = m["m"] + " " + m["yr"] + m["gap"]  # the same length: the other matches stay where they were
        r.text = r.text[:m.start()] + moved + r.text[m.end():]


_AGENTS = {"down": r"decliners?|fallers?|droppers?|shrinkers?|slippers?|sliders?|sinkers?",
           "up": r"growers?|gainers?|risers?|climbers?|improvers?|jumpers?", "any": r"movers?|swingers?"}
_AGENT = re.compile(r"\b(?:" + "|".join(_AGENTS.values()) + r")\b")
_VERB = {"down": "fell", "up": "rose", "any": "moved"}  # a change word COMPARE_CUE and DOWN / UP read


_WISE = re.compile(r"(?<=[a-z])(?:-| )wise\b")


def change_agent_verbs(r: Reading) -> None:
    """"decliners" -> "fell", "growers" -> "rose", "movers" -> "moved" (padded to the same length, so nothing read
    moves) before the periods are read: the change word makes "from A to B" two periods; a parser step. "-wise" after
    a word ("revenue-wise") is blanked: it only says the word is the measure."""
    def verb(m: re.Match[str]) -> str:
        way = next(k for k, p in _AGENTS.items() if re.fullmatch(p, m.group(0)))
        return _VERB[way].ljust(len(m.group(0)))
    r.text = _AGENT.sub(verb, r.text)
    r.text = _WISE.sub(lambda m: " " * len(m.group(0)), r.text)  # "revenue-wise", "margin wise": the measure itself


def change_agents(r: Reading) -> None:
    """Two periods and a noun made of a change verb ("decliners", "growers", "movers"): the entities that changed that
    way, listed per client unless a kind is named or the measure is a technician's (the grouping step settles it); a
    parser step that never answers."""
    if r.before is not None and _AGENT.search(r.raw.lower()):
        r.grouping = r.grouping or "client"
