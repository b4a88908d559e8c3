"""h66 (issue 15): what the parser does with the periods of ``period_spans`` once found.

- "time logged against Westgate, April to June": "against" after a verb of booking time or money ("logged / booked /
  billed / charged against") names what the time was booked to, never a second period to compare with.
- "revenue by quarter over the last 12 months", "quarterly rev for the past year", "each quarter, jul 2024 to jun
  2025", "break ... down by qtr": one row per whole quarter of the period (``over: quarter``), never one total.
- Two numeric dates that read as dates either way ("2/1 to 4/3": 1 Feb .. 3 Apr, or 2 Jan .. 4 Mar) are read month
  first and flagged, naming the other reading (never sure: the two readings give different totals).
"""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.period_spans import UNSURE_ORDER
from moat.ai.reading import Reading


def flag_unsure_order(r: Reading) -> None:
    """Flag a numeric range whose day and month could be either way round, naming the other reading."""
    if UNSURE_ORDER not in r.period_label:
        return
    label, other = r.period_label.split(f" ({UNSURE_ORDER} ")
    r.period_label = label
    r.confidence *= 0.6
    r.reasons.append(f"numeric dates read month first ({label}); day first they would be {other.rstrip(')')}: "
                     "write the month's name to be sure")


_BOOKED_AGAINST = re.compile(r"\b(?:logg?(?:ed|ing)?|book(?:ed|ing)?|bill(?:ed|ing)?|charg(?:ed|ing)|record(?:ed|ing)|"
                             r"track(?:ed|ing)|enter(?:ed|ing)|post(?:ed|ing)|put|spent|work(?:ed|ing)?|allocat(?:ed|ing)|"
                             r"cod(?:ed|ing)|time|hours?|hrs|costs?|spend)\s+against\b")


def only_booked_against(r: Reading) -> bool:
    """Whether every comparison word of the unread text is "against" after a booking verb ("logged against X"); those
    words are then read (as part of the booking phrase)."""
    cues = list(lx.COMPARE_CUE.finditer(r.text))
    booked = {m.end() for m in _BOOKED_AGAINST.finditer(r.text)}
    if not cues or not all(c.group(0) == "against" and c.end() in booked for c in cues):
        return False
    for b in _BOOKED_AGAINST.finditer(r.text):
        r.use(b.span())
    return True


QUARTERLY = re.compile(
    r"\b(?:by|per|each|every|a|for\s+each|for\s+every)\s+(?:calendar\s+|fiscal\s+)?(?:quarter|qtr|q)\b(?!\s*[1-4]\b)"
    r"|\bquarter(?:ly)?\s+(?:by|to|on|over|after)\s+quarter\b|\bquarterly\b|\bqtrly\b"
    r"|\b(?:broken|break(?:ing)?|split(?:ting)?|divided|grouped|group|bucketed|bucket)\s+(?:\w+\s+){0,5}?(?:down\s+|out\s+|up\s+)?"
    r"(?:by|into|per|in)\s+(?:quarters?|qtrs?)\b|\bin\s+quarters\b|\b(?:quarter|qtr)\s+(?:breakdown|split)\b")


def quarter_breakdown(r: Reading) -> None:
    """"Revenue by quarter / quarterly / each quarter" over a period: one row per quarter (no grouping chosen yet,
    one period, not a change per month)."""
    if r.grouping is not None or r.before is not None or r.mom or r.period is None:
        return
    cue = QUARTERLY.search(r.text)
    if cue is None:
        return
    r.grouping = "quarter"
    r.use(cue.span())
    r.reasons.append("by quarter: one row per whole quarter of the period")


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
