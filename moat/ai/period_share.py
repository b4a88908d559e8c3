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
from moat.ai.mentions import fold
from moat.ai.money_ratio_rules import one_money_figure
from moat.ai.numbers import normalise
from moat.ai.periods import find_period
from moat.ai.reading import Parse
from moat.metrics.periods import Period

_SHARE = r"(?:share|%|percent(?:age)?|fraction|proportion|part|portion)"
_CAME = (r"(?:came|come|comes|was|were|is|are|fell|falls|happened|landed|occurred|arrived|went|got\s+\w+|"
         r"(?:did|do)\s+we\s+\w+(?:\s+in)?|we\s+\w+|(?:was|were|is|are)\s+\w+)")
_PERIOD_SHARE = re.compile(r"^\s*(?:so\s+)?(?:what|which)\s+" + _SHARE + r"\s+of\s+(?P<whole>.+?)\s+" + _CAME
                           + r"\s+(?:in|during|over|from)\s+(?P<part>[^?]+?)\s*\??\s*$", re.IGNORECASE)


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
    m = _PERIOD_SHARE.match(raw)
    if m is None:
        return None
    return PeriodShare(m["whole"].strip(), m["part"].strip(), as_of)
