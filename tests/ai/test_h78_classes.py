"""Issue 15, h78: five held-out classes, each taught as a general rule. Every phrasing here is written for this file
(none is a held-out set's or an eval family's).

1. seats per client of a product written short beside its name ("S1 ... (SentinelOne)"), seat states written loosely
   or glossed ("handed to a user", "(assigned)") -- ``moat.ai.seat_glosses``;
2. other direct costs as "non-labour, non-licence", "misc", "sundry", and over "all clients together" as one total --
   ``moat.ai.exclusion.other_costs``, ``moat.ai.all_together``;
3. total utilisation when every hour counts; "overall" flagged for the company -- ``moat.ai.all_hours``;
4. the clients holding none of a product -- ``moat.ai.lacking``, ``moat.ai.compile.lacking``;
5. a top-N cut through a tie says so -- ``moat.ai.compile.ties``.

Parse checks run on a small vocabulary; number checks ask the eval's development demo (seed 23, data to 2027-03-31,
asked 2027-04-09), which holds ties in its seat counts, and compare with the plain question or with SQL of their own.
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from moat.metrics.periods import Period
from tests.ai.asking import AskDemo, ask_as

AS_OF = date(2027, 4, 9)
DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=AS_OF)
DEFAULT = Period(date(2027, 1, 1), date(2027, 3, 31))
PRODUCTS = (("Datto SaaS Protection", "Datto"), ("Defender for Business", "Microsoft"),
            ("Exchange Online Plan 1", "Microsoft"), ("Huntress Managed EDR", "Huntress"),
            ("Microsoft 365 Business Premium", "Microsoft"), ("Microsoft 365 E3", "Microsoft"),
            ("SentinelOne Complete", "SentinelOne"))
VOCAB = Vocabulary(clients=("Harbor Logistics", "Meridian Dental Group", "Acme Architects", "Westgate Accounting"),
                   technicians=("Priya Shah", "Tom Becker"), products=PRODUCTS,
                   segments=("healthcare", "legal", "manufacturing"))
FEB = (date(2027, 2, 1), date(2027, 2, 28))
Q4 = (date(2026, 10, 1), date(2026, 12, 31))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2026, 3, 1), date(2027, 3, 31)))


def _parsed(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    return parsed


def _ask(con, cfg, question: str):
    return ask_as(con, cfg, question, AS_OF)


# ------------------------------------------------------------------ 1. a short product name glossed, loose seat states
@pytest.mark.parametrize("question", [
    "S1 (SentinelOne) seats by client for Feb 2027",
    "S1 seat totals per customer, february 2027 (that is SentinelOne)",
    "per-account S1 seats - SentinelOne - for Feb 2027",
])
def test_a_short_name_beside_its_long_name_is_one_product_listed_per_client(parser: Parser, question: str) -> None:
    parsed = _parsed(parser, question)
    intent = parsed.intent
    assert intent.metric == "seats_purchased" and intent.grouping == "client", (question, intent, parsed.reasons)
    assert intent.filter("product") == ("SentinelOne Complete",) and (intent.start, intent.end) == FEB
    assert parsed.confidence >= 0.7 and not parsed.ignored, (parsed.confidence, parsed.reasons, parsed.ignored)


@pytest.mark.parametrize(("question", "metric"), [
    ("acme e3 seats in use by somebody (assigned), feb 2027", "seats_assigned"),  # the gloss decides over "in use"
    ("Acme Architects E3 licences handed out to staff in February 2027", "seats_assigned"),
    ("acme e3 seats that have a user attached, feb 2027", "seats_assigned"),
    ("E3 seats at Acme Architects people really sign in to, Feb 2027", "seats_active"),
    ("Acme Architects E3 licences getting actual usage in feb 2027", "seats_active"),
    ("acme: E3 seats allocated to users, i.e. active ones, february 2027", "seats_active"),  # glossed again
    ("how many of the E3 seats at Acme Architects were occupied in Feb 2027", "seats_assigned"),
])
def test_a_seat_state_written_loosely_or_glossed_is_that_states_count(parser: Parser, question: str, metric: str) -> None:
    parsed = _parsed(parser, question)
    intent = parsed.intent
    assert intent.metric == metric, (question, intent, parsed.reasons)
    assert intent.filter("client") == ("Acme Architects",) and intent.filter("product") == ("Microsoft 365 E3",)
    assert (intent.start, intent.end) == FEB and not parsed.ignored, (parsed.ignored, parsed.reasons)


def test_in_use_by_someone_with_no_gloss_is_flagged_with_the_assigned_count_offered(parser: Parser) -> None:
    parsed = _parsed(parser, "acme e3 seats in use by somebody, feb 2027")
    assert parsed.intent.metric == "seats_active" and parsed.confidence < 0.7, parsed.reasons
    assert "seats_assigned" in {c.metric for c in parsed.candidates}


def test_the_glossed_state_gives_the_plain_questions_number(con, cfg) -> None:
    asked = _ask(con, cfg, "brightpath e3 licences in use by a person (assigned), march 2027")
    plain = _ask(con, cfg, "assigned Microsoft 365 E3 seats for Brightpath Manufacturing in March 2027")
    assert asked.slots["metric"] == "seats_assigned" and asked.rows == plain.rows == [[20]], asked.interpretation


# ------------------------------------------------------------------ 2. other direct costs
@pytest.mark.parametrize("question", [
    "what went on non-labour, non-licence expenses in Q4 2026",
    "Q4 2026 costs that were neither payroll nor software",
    "sundry expenses for Q4 2026",
    "misc direct costs in Q4 2026",
    "what did incidental client costs add up to in Q4 2026",
    "other client expenses, Q4 2026",
])
def test_costs_besides_labour_and_licences_are_other_direct_cost(parser: Parser, question: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == "other_cost" and parsed.intent.grouping == "company", (question, parsed.intent)
    assert (parsed.intent.start, parsed.intent.end) == Q4 and parsed.confidence >= 0.7 and not parsed.ignored


@pytest.mark.parametrize("question", [
    "other direct cost in 2026, with all of the clients pooled together",
    "what did every client's other costs come to in 2026, added up",
    "2026 other direct costs for our entire client base",
])
def test_all_clients_together_is_one_total(con, cfg, question: str) -> None:
    asked = _ask(con, cfg, question)
    plain = _ask(con, cfg, "total other direct cost in 2026")
    assert asked.slots["metric"] == "other_cost" and asked.slots["grouping"] == "company", asked.interpretation
    assert asked.rows == plain.rows and len(asked.rows) == 1 and not asked.ignored, (asked.rows, asked.ignored)
    assert str(asked.rows[0][0]) == "41893.61"


def test_a_ranking_over_all_clients_together_is_still_a_list(parser: Parser) -> None:
    parsed = _parsed(parser, "rank all clients together by other direct cost in Q4 2026")
    assert parsed.intent.grouping == "client", parsed.intent


# ------------------------------------------------------------------ 3. total utilisation, "overall"
@pytest.mark.parametrize("question", [
    "top 3 technicians by utilisation in Q4 2026, non-billable hours included",
    "the 3 most utilised techs in Q4 2026 counting everything they logged, billable or not",
    "Q4 2026: the three engineers with the highest utilization over all the hours they worked",
    "top 3 techs by utilisation in Q4 2026 including internal time",
    "best 3 technicians by utilization based on hours worked, Q4 2026",
])
def test_utilisation_with_every_hour_counted_is_total_utilisation(parser: Parser, question: str) -> None:
    parsed = _parsed(parser, question)
    intent = parsed.intent
    assert intent.metric == "total_utilization" and intent.grouping == "technician", (question, intent, parsed.reasons)
    assert intent.limit == 3 and intent.order == "desc" and (intent.start, intent.end) == Q4
    assert parsed.confidence >= 0.7 and not parsed.ignored, (parsed.reasons, parsed.ignored)


def test_overall_utilisation_of_a_technician_is_total_utilisation(parser: Parser) -> None:
    parsed = _parsed(parser, "Priya Shah's overall utilisation in Q4 2026")
    assert parsed.intent.metric == "total_utilization" and parsed.confidence >= 0.7, parsed.reasons


def test_the_companys_overall_utilisation_is_flagged_with_total_offered(parser: Parser) -> None:
    parsed = _parsed(parser, "overall utilisation in Q4 2026")  # h115: billable (the glossary's), total offered
    assert parsed.intent.metric == "billable_utilization" and parsed.intent.grouping == "company"
    assert parsed.confidence < 0.7 and "total_utilization" in {c.metric for c in parsed.candidates}


def test_every_hour_counted_gives_the_total_utilisation_ranking(con, cfg) -> None:
    asked = _ask(con, cfg, "three most utilized engineers of Q4 2026, every hour counted")
    plain = _ask(con, cfg, "top 3 technicians by total utilisation in Q4 2026")
    billable = _ask(con, cfg, "top 3 technicians by billable utilisation in Q4 2026")
    assert asked.rows == plain.rows and len(asked.rows) == 3, (asked.interpretation, plain.interpretation)
    assert asked.rows != billable.rows  # the two utilisations rank these technicians with other values


# ------------------------------------------------------------------ 4. the clients holding none of a product
def _lacking_sql(con, product_like: str, start: date, end: date) -> list[str]:
    """The clients with activity in [start, end] holding no seat of the products named like ``product_like``."""
    from moat.db import rows

    active = f"""
        SELECT client_key FROM cur_invoices WHERE date BETWEEN DATE '{start}' AND DATE '{end}'
        UNION SELECT client_key FROM cur_time_entries WHERE date BETWEEN DATE '{start}' AND DATE '{end}'
        UNION SELECT client_key FROM cur_licenses WHERE month BETWEEN DATE '{start}' AND DATE '{end}'
        UNION SELECT client_key FROM cur_costs WHERE client_key IS NOT NULL AND date BETWEEN DATE '{start}' AND DATE '{end}'"""
    held = f"""SELECT client_key FROM cur_licenses WHERE month BETWEEN DATE '{start}' AND DATE '{end}'
               AND (product LIKE '{product_like}' OR vendor LIKE '{product_like}') AND seats_purchased > 0"""
    return [r[0] for r in rows(con, f"SELECT DISTINCT any_value(client_name) FROM cur_clients WHERE client_key IN "
                                    f"({active}) AND client_key NOT IN ({held}) GROUP BY client_key ORDER BY 1")]


@pytest.mark.parametrize("question", ["which of our clients have no Huntress in March 2027",
                                      "which customers were still yet to adopt Huntress in March 2027",
                                      "accounts that aren't running Huntress, march 2027",
                                      "clients without Huntress Managed EDR in March 2027"])
def test_the_clients_without_a_product_are_listed_never_its_holders(con, cfg, question: str) -> None:
    asked = _ask(con, cfg, question)
    want = _lacking_sql(con, "Huntress%", date(2027, 3, 1), date(2027, 3, 31))
    assert not asked.refused, asked.narrative
    assert [r[0] for r in asked.rows] == want and all(r[1] == 0 for r in asked.rows), (asked.interpretation, asked.rows)
    holders = {r[0] for r in _ask(con, cfg, "which clients have Huntress in March 2027").rows}
    assert len(want) >= 20 and holders and not holders & set(want)
    assert asked.provisional and asked.confidence < 0.7  # who counts as a client of the month is said and flagged


def test_the_clients_without_a_vendor_are_counted(con, cfg) -> None:
    asked = _ask(con, cfg, "number of clients that are not on SentinelOne in March 2027")
    assert asked.rows == [[len(_lacking_sql(con, "SentinelOne%", date(2027, 3, 1), date(2027, 3, 31)))]] == [[30]]


def test_no_period_and_a_present_tense_is_the_latest_month(parser: Parser) -> None:
    parsed = _parsed(parser, "which customers don't use E3")
    assert parsed.intent.lacking and (parsed.intent.start, parsed.intent.end) == (date(2027, 3, 1), date(2027, 3, 31))


def test_another_figure_over_the_clients_without_a_product_is_refused_naming_the_list(parser: Parser) -> None:
    parsed = parser.parse("gross profit of clients that don't have Huntress in Q4 2026", AS_OF)
    assert parsed.intent is None and "which clients don't have Huntress" in parsed.refusal.replace(" Managed EDR", "")


def test_holding_one_product_and_lacking_another_is_refused_never_read_as_lacking_both(parser: Parser) -> None:
    parsed = parser.parse("which accounts run Datto but have no Huntress in Q4 2026", AS_OF)
    assert parsed.intent is None and "both conditions" in parsed.refusal, parsed


def test_a_product_left_out_of_a_figure_is_still_left_out(parser: Parser) -> None:
    parsed = _parsed(parser, "licence cost by client without Microsoft in Q4 2026")
    assert not parsed.intent.lacking and parsed.intent.metric == "license_cost", parsed.intent
    assert dict(parsed.intent.excluded).get("product"), parsed.intent


# ------------------------------------------------------------------ 5. ties at the cut
def test_a_cut_inside_a_tie_is_noted_and_one_outside_is_not() -> None:
    from moat.ai.compile.ties import cut

    rows = [["a", 9], ["b", 7], ["c", 7], ["d", 7], ["e", 5]]
    kept, notes = cut(rows, 2)
    assert kept == rows[:2] and len(notes) == 1 and "c, d have the same value (7) as b" in notes[0], notes
    assert "ask for 4 rows" in notes[0]
    assert cut(rows, 4) == (rows[:4], []) and cut(rows, 1) == (rows[:1], []) and cut(rows, 9) == (rows, [])


def test_a_top_n_through_a_tie_says_so_and_keeps_n_rows(con, cfg) -> None:
    asked = _ask(con, cfg, "the five clients with the most Defender for Business seats in March 2027")
    assert [r[0] for r in asked.rows] == ["Harbor Logistics", "Westgate Accounting", "Ironclad Architects",
                                          "Pioneer Realty", "Beacon Medical Center"], asked.rows
    note = next((x for x in asked.reasons if x.startswith("a tie at the cut")), "")
    assert "Granite Capital" in note and "(21)" in note, asked.reasons
    assert asked.provisional and "tie" in asked.narrative


def test_a_bottom_n_through_a_tie_says_so(con, cfg) -> None:
    asked = _ask(con, cfg, "bottom three customers by Exchange Online Plan 1 seat count in March 2027")
    assert [r[1] for r in asked.rows] == [7, 8, 9]
    assert any("Zenith Medical Center" in x for x in asked.reasons if x.startswith("a tie at the cut")), asked.reasons


def test_the_best_month_through_a_tie_names_the_other_months(con, cfg) -> None:
    asked = _ask(con, cfg, "in which month of Q1 2027 did we have the most E3 seats")
    assert len(asked.rows) == 1 and asked.rows[0][1] == 212
    assert any("Feb 2027" in x and "Mar 2027" in x for x in asked.reasons if x.startswith("a tie at the cut"))


def test_a_ranking_with_no_tie_at_the_cut_has_no_note(con, cfg) -> None:
    asked = _ask(con, cfg, "the five clients with the most Defender for Business seats in March 2027, top 4 only")
    assert len(asked.rows) == 4 and not any(x.startswith("a tie at the cut") for x in asked.reasons), asked.reasons


# ------------------------------------------------------------------ found on the way: "last quarter's 3"
def test_last_quarters_three_is_the_top_three_of_last_quarter(parser: Parser) -> None:
    parsed = _parsed(parser, "last quarter's 3 highest revenue clients")
    assert (parsed.intent.start, parsed.intent.end) == (date(2027, 1, 1), date(2027, 3, 31)) and parsed.intent.limit == 3
