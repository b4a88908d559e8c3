"""Issue 15 (h50, h43's F7): a word several clients' names share, before a plural group noun ("dental clients", "the
Ironclad accounts") or as an adjective over them, names that set of clients: one total over all of them (or one row
each when asked per client), and the reply names them; with a singular noun ("the dental client") it is asked back.
Never one of them silently (h43 saw "revenue of dental clients" answered for Meridian Dental Group alone, 85%), never
the whole segment. Checked against the sum of the named clients' own answers, on the eval demo (seed 23, as of
2027-04-09: Falcon / Keystone / Zenith Dental and Meridian Dental Group; five "Logistics"; three "Ironclad")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.ai.asking import AskDemo, ask_as

AS_OF = date(2027, 4, 9)
DENTAL = ("Falcon Dental", "Keystone Dental", "Meridian Dental Group", "Zenith Dental")
LOGISTICS = ("Falcon Logistics", "Harbor Logistics", "Oakridge Logistics", "Trident Logistics", "Zenith Logistics")
IRONCLAD = ("Ironclad Accounting", "Ironclad Architects", "Ironclad Law Partners")


DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=AS_OF)


def _ask(con, cfg, question: str):
    return ask_as(con, cfg, question, AS_OF)


def _each(con, cfg, names: tuple[str, ...], metric: str, period: str) -> dict[str, Decimal]:
    """Each client's own figure, asked by its full name (a reading the parser already had)."""
    out = {}
    for name in names:
        a = _ask(con, cfg, f"{metric} for {name} {period}")
        assert not a.refused and len(a.rows) == 1, (name, a.narrative)
        out[name] = Decimal(str(a.rows[0][0]))
    return out


@pytest.mark.parametrize("question, names, metric, period", [
    ("revenue of dental clients last month", DENTAL, "revenue", "last month"),
    ("how much did our dental customers bring in last month", DENTAL, "revenue", "last month"),
    ("total billed to dental practices in March 2027", DENTAL, "revenue", "last month"),
    ("hours on logistics clients last quarter", LOGISTICS, "hours", "last quarter"),
    ("time logged for our logistics accounts in Q1 2027", LOGISTICS, "hours", "last quarter"),
    ("revenue of the Ironclad accounts last quarter", IRONCLAD, "revenue", "last quarter"),
])
def test_a_shared_word_before_a_plural_noun_is_the_set_summed(con, cfg, question, names, metric, period):
    a = _ask(con, cfg, question)
    assert not a.refused and len(a.rows) == 1, (question, a.narrative)
    each = _each(con, cfg, names, metric, period)
    assert abs(Decimal(str(a.rows[0][0])) - sum(each.values())) < Decimal("0.01"), (question, a.interpretation)
    assert all(name in a.interpretation for name in names), a.interpretation  # the reply says which were counted
    assert "segment" not in a.interpretation


@pytest.mark.parametrize("question", [
    "revenue by client for the ironclad accounts last quarter",
    "what did each Ironclad customer bring in last quarter",
    "last quarter revenue for every ironclad client",
])
def test_the_set_per_client_when_asked_per_client(con, cfg, question):
    a = _ask(con, cfg, question)
    assert not a.refused, (question, a.narrative)
    each = _each(con, cfg, IRONCLAD, "revenue", "last quarter")
    got = {row[0]: Decimal(str(row[-1])) for row in a.rows}
    assert set(got) == set(IRONCLAD), (question, a.rows)
    assert all(abs(got[n] - each[n]) < Decimal("0.01") for n in IRONCLAD)


@pytest.mark.parametrize("question, names", [
    ("revenue of the dental client last month", DENTAL),
    ("hours for the logistics client last quarter", LOGISTICS),
    ("what did the Ironclad account bring in last quarter", IRONCLAD),  # "account" is not a typo of "Accounting"
])
def test_a_shared_word_before_a_singular_noun_is_asked_back(con, cfg, question, names):
    a = _ask(con, cfg, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert a.narrative.startswith("Which one did you mean")
    assert all(name in a.narrative for name in names), a.narrative


@pytest.mark.parametrize("question, expected", [
    ("hours on manufacturing clients last quarter", "segment manufacturing"),  # a segment's own word: the segment
    ("revenue for Falcon Dental clients last month", "client Falcon Dental,"),  # a full name before the noun: that one
    ("revenue for Meridian Dental Group last month", "client Meridian Dental Group,"),
])
def test_segment_words_and_full_names_keep_their_reading(con, cfg, question, expected):
    a = _ask(con, cfg, question)
    assert not a.refused and expected in a.interpretation, (question, a.interpretation)
