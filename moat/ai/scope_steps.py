"""h104 (issue 15, heldout16): the parser steps of h104, listed here so ``parser.py`` names them once (as
``moat.ai.before_ranking`` does for h78's):
- ``count_past_threshold`` (a ranking step, after the thresholds): "# of under-36% margin months" counts them;
- ``grouping_scope`` (a grouping step, once the grouping noun is read and before the metric's own entity is the
  fallback): "among the past four quarters, which" ranks the quarters (``moat.ai.which_of_periods``); "labour cost, every
  engineer" is one total, flagged (``moat.ai.every_clause``); "monthly X (last month)" is that month's figure
  (``moat.ai.one_month_series``); "what was staff utilisation across the whole company" is the company's figure
  (``moat.ai.whole_company``); "rank everyone by hours worked" ranks the technicians (``moat.ai.everyone_ranked``, h107)."""

from __future__ import annotations

from moat.ai.count_past_threshold import count_past_threshold
from moat.ai.every_clause import every_clause_total
from moat.ai.everyone_ranked import everyone_ranked
from moat.ai.months_only_noun import months_only_noun
from moat.ai.one_month_series import one_month_figure
from moat.ai.reading import Reading
from moat.ai.which_of_periods import quarters_picked
from moat.ai.whole_company import company_wide_grouping

__all__ = ["count_past_threshold", "grouping_scope"]


def grouping_scope(r: Reading, ranked: bool) -> None:
    """The grouping steps of the module docstring, in order."""
    quarters_picked(r, ranked)
    every_clause_total(r)
    one_month_figure(r)
    company_wide_grouping(r, ranked)
    everyone_ranked(r)  # h107: "rank everyone by hours worked": the technicians, ranked
    months_only_noun(r)  # h107: "last six months, best to worst by revenue": the months ranked, flagged
