"""h122 (issue 15): one money figure as a share of another ("labour cost as a % of revenue", "licence cost as a share
of total costs", "other costs as a fraction of direct costs") was refused as "measured in money, not percent", though
each figure is answered on its own. The question is read without its "as a share of <money figure>" words; when that
reading is one money figure (the company's, or one named client's or segment's, over one period), the answer is that
figure over the named one, for the same rows and period (``Intent.of_metric``, ``moat.ai.compile.money_ratio``), both
amounts shown beside the fraction. Anything else (a ranking, two periods, a threshold) is refused, naming the figures
to ask for one at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from moat.ai.catalogue import METRICS
from moat.ai.money_ratio_rules import REFUSAL, one_money_figure
from moat.ai.period_share import PeriodShare, period_share
from moat.ai.reading import Parse
from moat.ai.revenue_eaten import revenue_eaten

# the figure divided by, as written after "of" ("total costs", "our revenue"), and the metric it is
_DENOMINATORS = (
    (r"(?:gross\s+)?profits?|gp", "gross_profit"),
    (r"labou?r(?:\s+costs?)?", "labour_cost"),
    (r"licen[cs](?:es?|ing)(?:\s+(?:costs?|spend))?", "license_cost"),
    (r"other(?:\s+direct)?\s+costs?", "other_cost"),
    (r"(?:revenue|revs?|sales|billings?|income|turnover)", "revenue"),  # h135: "rev"
    (r"(?:(?:total|all|direct|our)\s+)*(?:direct\s+)?(?:costs?|expenses|spend)", "direct_cost"),
)
_SHARE = r"(?:%|percent(?:age)?|share|fraction|proportion|portion|part|ratio)"
_OF = r"\s+of\s+(?:the\s+|our\s+|its\s+|their\s+|total\s+|all\s+)*"
_AS_SHARE = re.compile(r"(?P<lead>\s*,?\s+|\s*)(?:as\s+|in\s+)?(?:an?\s+|the\s+)?" + _SHARE + _OF + r"(?P<den>"
                       + "|".join(f"(?:{p})" for p, _ in _DENOMINATORS) + r")\b", re.IGNORECASE)
_TO_RATIO = re.compile(r"\s+(?:to|vs\.?|versus|over|/)\s*(?:the\s+|our\s+|total\s+|all\s+)*(?P<den>"
                       + "|".join(f"(?:{p})" for p, _ in _DENOMINATORS) + r")\s+ratio\b", re.IGNORECASE)
_NUMERATOR_BEFORE = re.compile(r"\b(?:costs?|spend|revenue|sales|profits?|gp|labou?r|licen[cs]\w*|expenses)\b",
                               re.IGNORECASE)


# ratios the glossary holds as metrics of their own: read by the parser's ratio rules ("gross profit as a % of revenue"
# is gross margin, per client too)
_GLOSSARY_RATIOS = {("gross_profit", "revenue")}


@dataclass(frozen=True)
class MoneyRatio:
    """A question asking one money figure over another: the question without the denominator's words, and its
    metric."""

    kept: str
    of_metric: str
    said: str
    bare_costs: bool = False  # "as a share of costs": which costs is not said (all direct costs read, flagged)

    def read(self, parsed: Parse, raw: str) -> Parse | None:
        """The reduced question's reading, divided by ``of_metric``; a refusal when it is no one money figure; None
        when the reduced question is unread or asks the same figure ("healthcare revenue as a share of revenue" is a
        part of the whole: the share rules read it)."""
        intent = parsed.intent
        if intent is None or intent.metric == self.of_metric or _kind(intent.metric) != "money" \
                or (intent.metric, self.of_metric) in _GLOSSARY_RATIOS:
            return None  # "Microsoft licences as a share of all licence cost": seats read, the share rules decide
        if not one_money_figure(intent, _kind):
            return Parse(raw, None, 0.0, refusal=REFUSAL, suggestions=["labour cost as a share of revenue last quarter"],
                         reasons=[f"'{self.said}' asks one money figure over another"])
        ratio = replace(intent, of_metric=self.of_metric)
        reasons = [f"'{self.said}': {METRICS[intent.metric].label} over {METRICS[self.of_metric].label}, as a fraction",
                   *parsed.reasons]
        confidence = parsed.confidence
        if self.bare_costs:
            confidence = min(confidence, 0.65)
            reasons.append("'costs' read as all direct costs (labour + licence + other direct); name one for it alone")
        if intent.filters and re.search(r"\b(?:total|all|our|company)\b", self.said, re.IGNORECASE):
            confidence = min(confidence, 0.65)  # "Harbor's labour cost as a share of total revenue": whose total?
            reasons.append(f"'{self.said}' read as the same rows' {METRICS[self.of_metric].label} (not the company's)")
        return replace(parsed, question=raw, intent=ratio, candidates=[ratio], reasons=reasons, confidence=confidence)


def _kind(metric: str) -> str | None:
    return METRICS[metric].kind if metric in METRICS else None


def money_ratio(raw: str, as_of: date) -> MoneyRatio | PeriodShare | None:
    """The money ratio a question asks ("<money figure> as a share of <money figure>"), or the period share
    (``moat.ai.period_share``: "what share of the first quarter's revenue came in March"), or None."""
    raw = revenue_eaten(raw)  # h135: "what share of Q4 revenue went on labour": labour cost as a share of revenue
    if (within := period_share(raw, as_of)) is not None:
        return within
    m = _AS_SHARE.search(raw) or _TO_RATIO.search(raw)
    if m is None or not _NUMERATOR_BEFORE.search(raw[:m.start()]):
        return None
    den = next(metric for pattern, metric in _DENOMINATORS if re.fullmatch(pattern, m["den"], re.IGNORECASE))
    kept = re.sub(r"\s{2,}", " ", raw[:m.start()] + " " + raw[m.end():]).strip()
    bare = den == "direct_cost" and not re.search(r"\b(?:total|all|direct)\b", m.group(0), re.IGNORECASE)
    return MoneyRatio(kept, den, m.group(0).strip(" ,"), bare)

