"""The reading and the sentence say a label once (h125: "Total total utilisation" in the reading and the narrative)."""

from __future__ import annotations

from tests.ai.test_months_shares_vendors import _answered  # the same analyst, as-of date, no cache or model


def test_total_utilisation_is_not_said_total_twice(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "our total utilisation in September 2026")
    assert "total total" not in a.interpretation.lower() and "total total" not in a.narrative.lower()
    assert a.interpretation.startswith("total utilisation"), a.interpretation
    assert a.narrative.startswith("Total utilisation in "), a.narrative


def test_a_company_total_still_says_total(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "revenue in September 2026")
    assert a.interpretation.startswith("total revenue") and a.narrative.startswith("Total revenue in "), a.narrative
