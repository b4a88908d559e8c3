"""h95 (issue 15): period phrasings written in the forms the period rules (``moat.ai.periods``) read.

Each was read as one month or as the default 3 months, flagged, before:
- an open period whose end is written after an arrow or a dash ("nov -> now", "since jun => today": folding writes
  the arrow "vs") is the period from that start to the as-of date, as "nov to now" is;
- h116: "trailing 6m", "past 9m": N months after a word of the latest months;
- "rolling N months" / "a rolling year" is the trailing N whole months (as "trailing 12 months", "TTM");
  "on a rolling 12-month basis" is the same stretch;
- "the month of <month>" is that month (the words add no dates);
- h128: "the most recent full quarter" / "latest complete month" is the last whole one ("last quarter");
- h128: "since <month> up to <month>" is the span between them, as "from <month> to <month>" is;
- h136: an aside written between the two ends ("since September (running sum), through February", whose brackets
  and comma folding drops) is moved after the end: the span between them, never "since September" against "through
  February" (refused as two periods compared);
- h136: "New Year's Day [<year>]" is 1 January (of that year), "since the new year" / "since the turn of the year" is
  since the start of the year: the words were taken for a name and refused, or dropped for the default 3 months;
- "compare <figure> <period> with the quarter before" is that period against the one before it, as "against the
  quarter before" is ("with" alone is no comparison word: only after "compare");
- a trend of N months ("a 6-month revenue trend", "revenue trend over 6 months", "GP trend, 6 months") is each of the
  last N whole months: a bare count of months in a question about a trend, with no start, end or "first" / "final"
  beside it, is the last N months (never the default 3).
"""

from __future__ import annotations

import re

from moat.ai.month_each_year import month_of_each_year
from moat.ai.period_in_progress import period_in_progress
from moat.ai.periods import MONTHS, NUMBER_WORDS
from moat.ai.quarters_of_year import quarters_of_year

_COUNT = r"(?:\d{1,2}|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True)) + r")"
_MONTH_NAME = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
_UNITS = r"(?:months?|mos?|mths?|quarters?|weeks?|years?)"

_TO_NOW = re.compile(r"(?<=\w)\s+vs\s+(?=(?:now|today|the present|present|date)\b)")
_PRESENT = re.compile(r"\bto present\b")
_ROLLING_BASIS = re.compile(r"\b(?:on|over)\s+a\s+rolling\s+(?P<n>" + _COUNT + r")\s+(?:months?|mos?|mths?)\s+basis\b")
_ROLLING = re.compile(r"\brolling\b(?=\s+(?:" + _COUNT + r"\s+" + _UNITS + r"|year)\b)")
# h128: "since November 2029 up to April 2030": a start and an end, as "from November 2029 to April 2030" (read as two
# periods compared before)
_SINCE_UP_TO = re.compile(r"\bsince\s+(?P<start>" + _MONTH_NAME + r"(?:\s+\d{4})?)\s+(?:up\s+)?(?:to|until|till|thru|"
                          r"through)\s+(?=" + _MONTH_NAME + r")")
# h136: up to four words between the start and its "through <month>" end (no word that joins or compares two periods)
_ASIDE_WORD = r"(?:(?!(?:to|until|till|thru|through|up|vs|versus|against|compared|and|or|then|from|since|in|on)\b)[a-z']+|-+)"
_SINCE_ASIDE_TO = re.compile(r"\bsince\s+(?P<start>" + _MONTH_NAME + r"(?:\s+\d{4})?)\s+(?P<aside>(?:" + _ASIDE_WORD
                             + r"\s+){1,4})(?:up\s+)?(?:to|until|till|thru|through)\s+(?P<end>" + _MONTH_NAME
                             + r"(?:\s+\d{4})?)")
# h136: New Year's Day (folding drops the "'s"), the new year after "since" / "from"
_NEW_YEARS_DAY = re.compile(r"\bnew\s*years?\s+day\b")
_NEW_YEAR = re.compile(r"\b(?P<w>since|from|starting|as\s+of)\s+(?:the\s+)?(?:new\s*year|turn\s+of\s+the\s+year)\b(?!\s+(?:19|20)\d\d)")
# h128: "the most recent full quarter", "latest complete month": the last whole one ("last quarter")
_LATEST_WHOLE = re.compile(r"\b(?:the\s+)?(?:most\s+recent|latest|last)\s+(?:full|complete|completed|whole|finished|"
                           r"closed)\s+(?P<unit>quarter|month|year)\b")
_MONTH_OF = re.compile(r"\b(?:the\s+)?month\s+of\s+(?=" + _MONTH_NAME + r")")
_COMPARE_WITH = re.compile(r"\bcompare\b(?P<between>.{1,80}?)\bwith(?=\s+(?:the\s+)?(?:(?:month|quarter|year|period|one)\s+"
                           r"(?:just\s+)?before|(?:previous|prior|preceding)\s+(?:month|quarter|year|period|one))\b)")
# h135: "the trailing twelve", "trailing-twelve revenue", "over the trailing 12" with no unit: the trailing 12 months (TTM)
_TRAILING_BARE = re.compile(r"\btrailing[\s-]+(?P<n>twelve|12)\b(?![\s-]*(?:months?|mos?|mths?|weeks?|days?|quarters?|years?)\b)")
_TREND = re.compile(r"\btrend(?:s|ing|line)?\b")
# h116: "trailing 6m", "past 9m", "last 3 m": months after a word of the latest months (alone, "3m" is 3 million)
_M_MONTHS = re.compile(r"\b(?P<w>trailing|last|past|previous|prior|rolling)\s+(?P<n>\d{1,2})\s*m\b(?![.,]?\d)")
_BARE_MONTHS = re.compile(r"(?<!\blast )(?<!\bpast )(?<!\bprevious )(?<!\btrailing )(?<!\bfirst )(?<!\bfinal )"
                          r"(?<!\bnext )(?<!\bopening )(?<!\bclosing )(?<!\brolling )"
                          r"\b(?P<n>" + _COUNT + r")\s+(?:months?|mos?|mths?)\b"
                          r"(?!\s+(?:to|ending|ended|through|thru|until|till|up to|before|after|ago|of|from|since|"
                          r"in a row|running|straight)\b)")


def period_phrases(text: str) -> str:
    """The folded question with the phrasings of the module doc written as the period rules read them."""
    text = month_of_each_year(text)  # h136: "June GP, 2026 vs 2027": June of each year
    text = period_in_progress(text)  # h104: "the month in progress", "Q2 gross profit so far": the running period
    text = quarters_of_year(text)  # h135: "the middle two quarters of 2026": Q2 through Q3 2026
    text = _TO_NOW.sub(" to ", text)
    text = _PRESENT.sub("to the present", text)
    text = _M_MONTHS.sub(lambda m: f"{m['w']} {m['n']} months", text)
    text = _ROLLING_BASIS.sub(lambda m: f"over the trailing {m['n']} months", text)
    text = _ROLLING.sub("trailing", text)
    text = _TRAILING_BARE.sub("trailing 12 months", text)
    text = _MONTH_OF.sub("", text)
    text = _LATEST_WHOLE.sub(lambda m: f"last {m['unit']}", text)
    text = _NEW_YEARS_DAY.sub("1 january", text)
    text = _NEW_YEAR.sub(lambda m: f"{m['w']} the start of the year", text)
    text = _SINCE_ASIDE_TO.sub(lambda m: f"since {m['start']} to {m['end']} {m['aside'].strip()}", text)
    text = _SINCE_UP_TO.sub(lambda m: f"from {m['start']} to ", text)
    text = _COMPARE_WITH.sub(lambda m: f"compare{m['between']}against", text)
    if _TREND.search(text):
        text = _BARE_MONTHS.sub(lambda m: f"last {m['n']} months", text)
    return text
