"""Parser steps that run once the names are read and before the ranking words (h78, issue 15), in order: the clients
holding none of a product (``moat.ai.lacking``), total utilisation when every hour counts (``moat.ai.all_hours``), one
amount over "all clients together" (``moat.ai.all_together``); first (h86), thresholds on two measures joined in one
question are refused naming the two questions (``moat.ai.two_thresholds``). Each fixes what the ranking and metric steps would
otherwise read another way ("don't have Huntress" as Huntress's holders, "non-billable time too" as non-billable hours,
"every client" as one row each). They are listed here so the parser's step list names them once."""

from __future__ import annotations

from moat.ai.all_hours import all_hours_utilisation
from moat.ai.all_together import all_together
from moat.ai.lacking import lacking_product
from moat.ai.most_quantifier import most_as_quantifier
from moat.ai.rank_ranges import rank_range_refusal
from moat.ai.reading import Step
from moat.ai.tech_time import tech_time_measures
from moat.ai.two_thresholds import two_measure_thresholds


def before_ranking_steps() -> list[Step]:
    """The steps, in the order they run."""
    return [two_measure_thresholds, lacking_product, all_hours_utilisation, tech_time_measures, all_together,
            rank_range_refusal, most_as_quantifier]  # h138: "clients 6-10 by revenue"; "are most clients profitable"
