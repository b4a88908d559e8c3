"""Each entity's share of the gross profit is refused, never answered with each one's margin (h121's H items the
round left: "each segment's share of gross profit q2" listed each segment's gross margin at confidence 0.9+).
Phrasings written for this file; checked on the development demo."""

from __future__ import annotations

import pytest

from tests.ai.test_months_shares_vendors import _answered, _ask  # the same analyst, as-of date, no cache or model


@pytest.mark.parametrize("question", ["each client's slice of our gross profit in September 2026",
                                      "for every segment, what percentage of the profit did it bring in Q3 2026",
                                      "share of total GP by segment for Q3 2026"])
def test_each_entitys_share_of_profit_is_refused_naming_what_is_held(demo_con, ask_config, question: str) -> None:
    a = _ask(demo_con, ask_config, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert "share of the total gross profit" in a.narrative and "gross margin by" in a.narrative


@pytest.mark.parametrize("question", ["gross margin by segment for Q3 2026",
                                      "gross profit as a share of revenue for each client in Q3 2026"])
def test_margins_per_entity_are_still_answered(demo_con, ask_config, question: str) -> None:
    a = _answered(demo_con, ask_config, question)
    assert a.rows and a.slots["metric"] == "gross_margin", (question, a.interpretation)
