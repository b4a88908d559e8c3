"""h122: which readings one money figure can be divided by another for (``moat.ai.money_ratio``), or a summed figure by
itself over a longer period (``moat.ai.period_share``): the company's figure, or one named client's or segment's, over
one period; apart from the catalogue (which validates with it) so neither imports the other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

REFUSAL = ("I can give one money figure as a share of another for the whole company, or one client or segment, over "
           "one period (e.g. \"labour cost as a share of revenue last quarter\"); for a ranking, two periods or a "
           "threshold, ask for each figure on its own.")


def one_money_figure(intent: Any, kind_of: Callable[[str], str | None]) -> bool:
    """Whether ``intent`` (its ``of_metric`` aside) is one money figure a second can divide."""
    single = intent.grouping == "company" or replace(intent, of_metric=None, of_period=None).shape == "single"
    kinds = ("money",) if intent.of_metric else ("money", "hours")  # a period's share: of a summed figure
    return (kind_of(intent.metric) in kinds and intent.metric not in ("ehr", "overhead") and single
            and not (intent.compared or intent.change or intent.threshold or intent.limit or intent.order
                     or intent.share or intent.count or intent.each or intent.passing_total or intent.excluded))


def ratio_problems(intent: Any, kind_of: Callable[[str], str | None]) -> list[str]:
    """Why an intent with ``of_metric`` or ``of_period`` cannot be answered (empty when it can)."""
    if intent.of_metric is not None and intent.of_period is not None:
        return ["a figure is divided by another figure or by itself over a longer period, not both"]
    if intent.of_metric is not None and (kind_of(intent.of_metric) != "money" or intent.of_metric in ("ehr", "overhead")):
        return ["a money figure is divided by another money figure"]
    if intent.of_period is not None and not (intent.of_period[0] <= intent.start and intent.end <= intent.of_period[1]
                                             and (intent.start, intent.end) != tuple(intent.of_period)):
        return ["a period's share is of a longer period holding it"]
    return [] if one_money_figure(intent, kind_of) else [REFUSAL]
