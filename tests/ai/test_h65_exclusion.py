"""Issue 15 (h65): negation and exclusion. A name left out of a figure ("revenue without Harbor", "non-healthcare",
"everyone but Tom") is every other name, never the name alone and never refused; measures named by what they leave
out ("unbillable hours", "direct costs besides labour and licences") are the complement measures. Every phrasing is
written for this file; the parser runs on the small hand-made vocabulary, the engine on the development demo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from moat.ai.engine import ask
from moat.ai.parser import Parser
from moat.governance import policies
from moat.governance.permissions import User, local_operator
from tests.ai.test_general_rules_pass2 import VOCAB2
from tests.ai.test_parser import AS_OF, DEFAULT

ANALYST = User("ana", "analyst")
ASKED = date(2026, 11, 25)  # the development demo's as-of date (data to October 2026)


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB2, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)


def _sure(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert parsed.confidence >= 0.7 and not parsed.ignored, (question, parsed.confidence, parsed.reasons)
    return parsed.intent


@pytest.mark.parametrize("question", [
    "revenue in October without Harbor Logistics",
    "October revenue, Harbor Logistics aside",
    "how much revenue did everyone but Harbor Logistics bring in last month",
    "total revenue last month for all clients bar Harbor Logistics",
    "last month revenue excluding harbor logistics",
    "revenue last month from clients that aren't Harbor Logistics",
    "revenue last month, leave Harbor Logistics out",
    "revenue last month sans Harbor Logistics",
    "last month's revenue ignoring Harbor Logistics",
])
def test_a_client_left_out_is_every_other_client(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert intent.excluded == (("client", ("Harbor Logistics",)),) and intent.filters == (), intent
    assert intent.metric == "revenue" and intent.grouping == "company"
    assert "every client except Harbor Logistics" in intent.interpretation()


@pytest.mark.parametrize("question", [
    "non-healthcare gross profit in Q3",
    "gross profit Q3 outside the healthcare segment",
    "gross profit of clients not in healthcare in Q3",
    "GP Q3 for every segment except healthcare, combined",
    "Q3 gross profit, all clients other than the healthcare ones",
    "nonhealthcare gross profit in Q3",
    "gross profit in Q3 taking the healthcare clients out",
])
def test_a_segment_left_out_is_never_the_segment_itself(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert intent.excluded == (("segment", ("healthcare",)),) and intent.filter("segment") == (), intent
    assert intent.metric == "gross_profit" and intent.grouping == "company"


def test_several_names_and_a_technician_left_out(parser: Parser) -> None:
    both = _sure(parser, "revenue last month except Harbor Logistics and Summit Capital")
    assert both.excluded == (("client", ("Harbor Logistics", "Summit Capital")),)
    tech = _sure(parser, "hours last month by everyone but Tom Becker")
    assert tech.excluded == (("technician", ("Tom Becker",)),) and tech.metric == "hours" and tech.grouping == "company"
    listed = _sure(parser, "clients other than Harbor Logistics by revenue last month")
    assert listed.grouping == "client" and listed.excluded == (("client", ("Harbor Logistics",)),)


@pytest.mark.parametrize("question", [
    "unbillable hrs per technician in Q3",
    "nonbillable hours by tech, Q3",
    "technicians ranked by hours not billable in Q3",
])
def test_unbillable_hours_are_never_billable_hours(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert intent.metric == "non_billable_hours" and intent.grouping == "technician", intent


def test_ex_without_a_hyphen_is_flagged_too(parser: Parser) -> None:
    parsed = parser.parse("Q3 rev ex Harbor Logistics", AS_OF)
    assert parsed.intent is not None and parsed.intent.excluded == (("client", ("Harbor Logistics",)),)
    assert parsed.confidence < 0.7 and any("former" in r for r in parsed.reasons), parsed


def test_a_segment_word_inside_a_name_is_not_left_out(parser: Parser) -> None:
    """ "non-profit" / "nonprofits" is the nonprofit segment, never every segment but "profit"."""
    intent = _sure(parser, "revenue from nonprofits in Q3")
    assert intent.filter("segment") == ("nonprofit",) and not intent.excluded


def test_non_billable_work_of_one_technician_is_no_unknown_product(parser: Parser) -> None:
    intent = _sure(parser, "hours Tom spent on non-billable work in Q3")
    assert intent.metric == "non_billable_hours" and intent.filter("technician") == ("Tom Becker",)


@pytest.mark.parametrize("question", [
    "direct costs besides labour and licences in Q3",
    "what did we spend in Q3 apart from staff and software",
    "Q3 expenses that aren't payroll or licensing",
    "besides labour and licences, what did we spend in Q3",
])
def test_costs_other_than_labour_and_licences_are_other_direct_cost(parser: Parser, question: str) -> None:
    assert _sure(parser, question).metric == "other_cost"


@pytest.mark.parametrize("question", ["costs excluding labour in Q3", "Q3 direct costs without the licences"])
def test_costs_without_one_kind_are_asked_by_their_parts(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and "separately" in (parsed.refusal or ""), parsed


def _ask(con, cfg, question: str, user: User = ANALYST):
    return ask(con, user, question, ASKED, use_cache=False, config=cfg, model=None)


def test_the_rest_is_the_total_less_the_name(demo_con, ask_config) -> None:
    total = _ask(demo_con, ask_config, "revenue in Q3 2026").rows[0][0]
    harbor = _ask(demo_con, ask_config, "Harbor Logistics revenue in Q3 2026").rows[0][0]
    rest = _ask(demo_con, ask_config, "revenue in Q3 2026 without Harbor Logistics")
    assert not rest.refused and not rest.provisional and rest.rows == [[total - harbor]], rest
    assert "every client except Harbor Logistics" in (rest.interpretation or "")
    gp = _ask(demo_con, ask_config, "gross profit in Q3 2026").rows[0][0]
    health = _ask(demo_con, ask_config, "healthcare gross profit in Q3 2026").rows[0][0]
    assert _ask(demo_con, ask_config, "non-healthcare gross profit in Q3 2026").rows == [[gp - health]]
    hours = _ask(demo_con, ask_config, "hours worked in Q3 2026").rows[0][0]
    tom = _ask(demo_con, ask_config, "Tom Becker's hours in Q3 2026").rows[0][0]
    assert Decimal(str(_ask(demo_con, ask_config, "hours in Q3 2026 by everyone but Tom Becker").rows[0][0])) == \
        Decimal(str(hours)) - Decimal(str(tom))
    licences = _ask(demo_con, ask_config, "licence cost in Q3 2026").rows[0][0]
    microsoft = _ask(demo_con, ask_config, "Microsoft licence cost in Q3 2026").rows[0][0]
    assert _ask(demo_con, ask_config, "non-Microsoft licence cost in Q3 2026").rows == [[licences - microsoft]]


def test_a_list_lists_the_rest(demo_con, ask_config) -> None:
    every = _ask(demo_con, ask_config, "clients by revenue in Q3 2026").rows
    rest = _ask(demo_con, ask_config, "clients other than Harbor Logistics by revenue in Q3 2026").rows
    assert rest == [r for r in every if r[0] != "Harbor Logistics"] and len(rest) == len(every) - 1


def test_unbillable_hours_per_technician_are_worked_less_billable(demo_con, ask_config) -> None:
    worked = dict(map(tuple, _ask(demo_con, ask_config, "hours worked per technician in Q3 2026").rows))
    billable = dict(map(tuple, _ask(demo_con, ask_config, "billable hours per technician in Q3 2026").rows))
    unbillable = _ask(demo_con, ask_config, "unbillable hrs per technician in Q3 2026, highest first")
    assert unbillable.rows and all(Decimal(str(v)) == Decimal(str(worked[n])) - Decimal(str(billable[n]))
                                   for n, v in unbillable.rows), unbillable.rows


def test_a_viewer_kept_to_company_figures_cannot_subtract_a_client(demo_con, ask_config) -> None:
    """The total without one client, beside the total, is that client's figure: refused like a per-client answer."""
    policies.update(demo_con, local_operator(), {"viewers_see_client_rows": False}, ask_config)
    answer = _ask(demo_con, ask_config, "revenue in Q3 2026 without Harbor Logistics", User("vic", "viewer"))
    assert answer.refused and "company-level" in answer.narrative
