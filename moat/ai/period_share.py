"""h122 (issue 15): one period's share of a longer one holding it ("what share of the first quarter's revenue came in March", "what
percentage of 2026's hours were worked in the fourth quarter") was refused as "measured in money, not percent". The
question is read without its "came in <period>" words ("the first quarter's revenue"); when that reading is one summed figure (money
or hours, the company's or one named client's or segment's) and the named period lies inside its period, the answer is
the figure in the named period over the figure in the whole (``Intent.of_period``, ``moat.ai.compile.money_ratio``),
both shown beside the fraction. A month named without a year is taken in the whole period's year; a whole with no
period named is not read so (the other rules decide: "what percentage of revenue did we bring in last month").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from moat.ai.catalogue import METRICS
from moat.ai.lexicon import METRIC_PATTERNS
from moat.ai.mentions import fold
from moat.ai.money_ratio_rules import one_money_figure
from moat.ai.numbers import normalise
from moat.ai.periods import find_period
from moat.ai.reading import Parse
from moat.metrics.periods import Period

_SHARE = r"(?:share|%|percent(?:age)?|fraction|proportion|part|portion)"
_CAME = (r"(?:came|come|comes|was|were|is|are|fell|falls|happened|landed|occurred|arrived|went|got\s+\w+|"
         r"(?:did|do)\s+we\s+\w+(?:\s+in)?|we\s+\w+|(?:was|were|is|are)\s+\w+)")
_PERIOD_SHARE = re.compile(r"^\s*(?:so\s+)?(?:(?:what|which)\s+|(?:the\s+)?(?=" + _SHARE + r"\s+of\b))" + _SHARE
                           + r"\s+of\s+(?P<whole>.+?)\s+" + _CAME
                           + r"\s+(?:in|during|over|from)\s+(?P<part>[^?]+?)\s*\??\s*$", re.IGNORECASE)
# h135: the verb a bare participle ("percentage of H2 revenue invoiced in December"): the last one before the part
_PERIOD_SHARE_BARE = re.compile(r"^\s*(?:so\s+)?(?:(?:what|which)\s+|(?:the\s+)?(?=" + _SHARE + r"\s+of\b))" + _SHARE
                                + r"\s+of\s+(?P<whole>.+)\s+[a-z]+ed\s+(?:in|during|over|from)\s+(?P<part>[^?]+?)\s*\??\s*$",
                                re.IGNORECASE)
# h135: the part said first ("December as a % of second-half revenue", "Dec 27 revenue share of the back half of the
# year", "March's share of Q1 hours"): the part's period, its other words read with the whole
_PART_FIRST = re.compile(r"^\s*(?:(?:what|how\s+much)\s+(?:is|was|were|are)\s+)?(?P<part>.+?)(?:'s)?\s+(?:as\s+)?"
                         r"(?:an?\s+|the\s+)?" + _SHARE + r"\s+of\s+(?:the\s+)?(?P<whole>[^?]+?)\s*\??\s*$", re.IGNORECASE)
_MEASURE_WORDS = [re.compile(p) for p, _ in METRIC_PATTERNS]
_PART_FILLER = re.compile(r"[\s,.'s]*|(?:\s*\b(?:the|our|total|of|in|for|s|month|months)\b[\s,.']*)*")
_TWO_DIGIT_YEAR = re.compile(r"\s*'?(?P<yy>\d\d)\b(?!\s*(?:%|k\b|percent))")


def _kind(metric: str) -> str | None:
    return METRICS[metric].kind if metric in METRICS else None


@dataclass(frozen=True)
class PeriodShare:
    """A question asking one period's share of a longer one: the question without the part's words, and them."""

    kept: str
    part: str
    as_of: date

    def read(self, parsed: Parse, raw: str) -> Parse | None:
        """The whole's reading with the part's period and the whole kept as ``of_period``; None when it is no one
        summed figure or the part is not inside the whole (the other rules then read the question)."""
        intent = parsed.intent
        if intent is None or intent.compared or not one_money_figure(replace(intent, of_period=(intent.start, intent.end)), _kind):
            return None
        if find_period(normalise(fold(self.kept)), self.as_of) is None:
            return None  # "what percentage of revenue did we bring in last month": no whole period said
        whole = intent.period
        part = self._part_inside(whole)
        if part is None:
            return None
        shared = replace(intent, start=part.start, end=part.end, period_label=f"{part.start}..{part.end}",
                         of_period=(whole.start, whole.end))
        reasons = [f"'{self.part}' as a share of the whole {whole.start}..{whole.end}", *parsed.reasons]
        return replace(parsed, question=raw, intent=shared, candidates=[shared], reasons=reasons)

    def _part_inside(self, whole: Period) -> Period | None:
        said = normalise(fold(self.part))
        pm = find_period(said, self.as_of)
        if pm is None or not re.fullmatch(r"[\s,.]*(?:the\s+)?(?:month\s+of\s+)?[\s,.]*",
                                          said[:pm.span[0]] + " " + said[pm.span[1]:]):
            return None  # "came from Harbor in March": a part of the rows too, which this does not read
        part = pm.period
        if not re.search(r"(?:19|20)\d\d|'\d\d", self.part) and not (whole.start <= part.start and part.end <= whole.end):
            for year in {whole.start.year, whole.end.year}:  # "March" of Q1 2025's year, not the latest March
                try:
                    moved = Period(part.start.replace(year=year), part.end.replace(year=year + part.end.year - part.start.year))
                except ValueError:
                    continue
                if whole.start <= moved.start and moved.end <= whole.end:
                    part = moved
        if not (whole.start <= part.start and part.end <= whole.end) or part == whole:
            return None
        return part


def period_share(raw: str, as_of: date) -> PeriodShare | None:
    """The period share a question asks ("what share of <figure over a period> came in <period>"), or None."""
    m = _PERIOD_SHARE.match(raw) or _PERIOD_SHARE_BARE.match(raw)
    if m is not None:
        return PeriodShare(m["whole"].strip(), m["part"].strip(), as_of)
    return _part_first(raw, as_of)


def _part_first(raw: str, as_of: date) -> PeriodShare | None:
    """The period share with the part said first ("December as a % of H2 revenue"): both sides name a period, the
    part's other words (its measure: "Dec revenue") read with the whole; None otherwise."""
    m = _PART_FIRST.match(raw)
    if m is None or find_period(normalise(fold(m["whole"])), as_of) is None:
        return None
    said = normalise(fold(m["part"]))
    pm = find_period(said, as_of)
    if pm is None:
        return None
    part, rest = said[pm.span[0]:pm.span[1]], said[pm.span[1]:]
    if (yy := _TWO_DIGIT_YEAR.match(rest)) is not None and not re.search(r"\d", part):  # "Dec 27": December 2027
        part, rest = f"{part} 20{yy['yy']}", rest[yy.end():]
    others = f"{said[:pm.span[0]]} {rest}"
    for measure in _MEASURE_WORDS:
        others = measure.sub(" ", others)
    if not _PART_FILLER.fullmatch(others):
        return None  # "Q4 healthcare revenue as a share of 2027 revenue": a part of the rows too (whose whole?)
    kept = re.sub(r"\s{2,}", " ", f"{said[:pm.span[0]]} {rest} {m['whole']}").strip()
    return PeriodShare(kept, part, as_of)
