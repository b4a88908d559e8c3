"""The narrative check: a model text may only state numbers that are in the result."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from moat.ai.catalogue import Intent
from moat.ai.narrative import states_a_result_number, template, unsupported_numbers

INTENT = Intent("gross_margin", "client", date(2026, 7, 1), date(2026, 9, 30), "Q3 2026", order="asc", limit=2)
ROWS = [["Meridian Dental Group", -0.4673043862975603], ["Summit Credit Union", -0.2824579831932773]]
MONEY = Intent("revenue", "company", date(2026, 1, 1), date(2026, 3, 31), "Q1 2026")


def test_numbers_from_the_result_pass() -> None:
    text = "Meridian Dental Group had the lowest margin at -46.7%, then Summit Credit Union at -28.2% (2 clients, 2026)."
    assert unsupported_numbers(text, INTENT, ROWS) == []
    assert unsupported_numbers("Revenue was $636,574.03 in Q1 2026, about 636.6 thousand.", MONEY,
                               [[Decimal("636574.03")]]) == []


def test_invented_numbers_are_caught() -> None:
    assert unsupported_numbers("Meridian's margin was -52.1%.", INTENT, ROWS) == ["-52.1%"]
    assert unsupported_numbers("Revenue was $700,000.", MONEY, [[Decimal("636574.03")]]) == ["$700,000"]


def test_template_states_only_result_numbers() -> None:
    for intent, rows in ((INTENT, ROWS), (MONEY, [[Decimal("636574.03")]])):
        text = template(intent, ["client_name", "gross_margin"] if intent is INTENT else ["revenue"], rows)
        assert unsupported_numbers(text, intent, rows) == []
    assert "-46.7%" in template(INTENT, ["client_name", "gross_margin"], ROWS)


def test_a_narrative_must_state_a_result_number() -> None:
    assert states_a_result_number("Meridian Dental Group is lowest at -46.7%.", INTENT, ROWS)
    assert not states_a_result_number("the best clients went then more", INTENT, ROWS)  # random-model gibberish
