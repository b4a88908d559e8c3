"""h122: which readings one money figure can be divided by another for (``moat.ai.money_ratio``): the company's figure,
or one named client's or segment's, over one period; apart from the catalogue (which validates with it) so neither
imports the other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

REFUSAL = ("I can give one money figure as a share of another for the whole company, or one client or segment, over "
           "one period (e.g. \"labour cost as a share of revenue last quarter\"); for a ranking, two periods or a "
           "threshold, ask for each figure on its own.")


def one_money_figure(intent: Any, kind_of: Callable[[str], str | None]) -> bool:
    """Whether ``intent`` (its ``of_metric`` aside) is one money figure a second can divide."""
    single = intent.grouping == "company" or replace(intent, of_metric=None).shape == "single"
    return (kind_of(intent.metric) == "money" and intent.metric not in ("ehr", "overhead") and single
            and not (intent.compared or intent.change or intent.threshold or intent.limit or intent.order
                     or intent.share or intent.count or intent.each or intent.passing_total or intent.excluded))


def ratio_problems(intent: Any, kind_of: Callable[[str], str | None]) -> list[str]:
    """Why an intent with ``of_metric`` cannot be answered (empty when it can)."""
    if kind_of(intent.of_metric) != "money" or intent.of_metric in ("ehr", "overhead"):
        return ["a money figure is divided by another money figure"]
    return [] if one_money_figure(intent, kind_of) else [REFUSAL]
