"""h123 (issue 15): months or quarters ranked with no measure named ("worst month for Harbor", "which quarter did
Harbor lose the most", "our best month") are ranked by gross profit.

Why: the metric step refused them ("I can't answer that") although "which month was Harbor least profitable" was
answered. A loss ("lose / lost the most") is of gross profit: the periods with a loss (gross profit under 0), the
biggest first (one for "which month"; none when no period lost money, never the least profitable one as a loss). "Best"
/ "worst" alone has two fair readings for a month (the profit made, or the money taken in): gross profit is answered,
flagged under the review line, with revenue offered (as "the best clients" is read by revenue with the others offered).
A kind of entity named beside the period noun ("which client ... this month") is the ranking step's, not this.
"""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.catalogue import Threshold
from moat.ai.mentions import fold
from moat.ai.reading import Reading

_LOSS = re.compile(r"\b(?:lose|loses|lost|losing)\b(?:\s+(?:us\s+)?(?:the\s+)?most\b)?")
_LOSS_MOST = re.compile(r"\b(?:lose|loses|lost|losing)\b(?:\s+\w+){0,5}?\s+(?:the\s+)?(?:most|biggest|largest)\b|"
                        r"\b(?:most|biggest|largest)\s+(?:money\s+)?(?:lost|losing)\b")
_KIND = re.compile(r"\b(?:clients?|customers?|accounts?|technicians?|techs?|engineers?|products?|vendors?|segments?|"
                   r"who|whom)\b")


def periods_ranked(r: Reading) -> None:
    """Read gross profit for a ranking of months or quarters that names no measure (module docstring)."""
    if r.order is None or r.count or r.months_counted or r.before is not None or _KIND.search(r.text):
        return
    if not (lx.MONTH_NOUN.search(r.text) or lx.QUARTER_NOUN.search(r.text)):
        return
    if r.metric is not None:
        _loss_read_elsewhere(r)
        return
    if (loss := _LOSS.search(r.text)) is not None:
        r.use(loss.span())
        r.metric = "gross_profit"
        _biggest_loss(r)
        r.reasons.append(f"'{loss.group(0).strip()}': the periods that lost money (gross profit under 0), the biggest "
                         "loss first")
        return
    if r.superlative not in ("best", "worst"):
        return
    r.metric, r.candidates = "gross_profit", ["gross_profit", "revenue"]
    r.order = "desc" if r.superlative == "best" else "asc"
    r.confidence *= 0.6  # two fair readings: the profit made, or the revenue taken in
    r.reasons.append(f"'{r.superlative}' with no measure named: ranked by gross profit (revenue offered)")


def _biggest_loss(r: Reading) -> None:
    """The periods with a loss, the biggest first; one for a singular ask ("which month")."""
    r.order, r.threshold = "asc", Threshold("<", 0.0)  # a loss, never the least profitable period as one
    if not (lx.MONTHS_PLURAL.search(r.text) or lx.QUARTERS_PLURAL.search(r.text)):
        r.limit = 1  # "which month": the one that lost the most


def _loss_read_elsewhere(r: Reading) -> None:
    """"What month did X lose us the most": an earlier rule read the loss as gross profit (an amount lost, or "lost
    money"), but ranked the highest profit first or listed every losing month: the biggest loss is asked."""
    said = fold(r.raw).lower()
    if r.metric != "gross_profit" or not _LOSS_MOST.search(said) or r.threshold not in (None, Threshold("<", 0.0)):
        return
    _biggest_loss(r)
    r.reasons.append("a loss ranked: the periods that lost money (gross profit under 0), the biggest loss first")
