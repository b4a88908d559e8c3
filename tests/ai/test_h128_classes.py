"""Issue 15, h128: classes a sealed set (heldout20) found answered confidently wrong or wrongly, each now answered
right, flagged or refused. Every phrasing here is written for this file (none is an eval family's question).

A. names given as EXAMPLES of the kind listed ("per sector (legal, retail, ...)", "by vendor, e.g. Datto etc.") are
   no filter: every row of the kind is listed and the reply says so (``moat.ai.example_lists``); a bracketed list
   with no example word is still the filter it names.
B. a share of the ASSIGNED seats that saw / got use ("fraction of assigned E3 seats saw use") is licence activity
   (active / assigned), never licence utilisation (``moat.ai.seat_share_words``).
C. a superlative asked with WHEN and no kind of row ("when was our margin at its lowest") ranks the months of the
   period, never the clients (``moat.ai.when_asked``).
D. one technician's utilisation per month with neither billable nor total said: billable, FLAGGED, total offered
   (``moat.ai.utilisation_unsaid``); "since <month> up to <month>" is the span between them (``moat.ai.period_phrases``).
E. two periods joined by "+" / "plus" are joined as by "and" (as one number: their span), by "then" compared; a
   year's "plus" is no threshold (``moat.ai.period_join_words``); "the most recent full quarter" is last quarter; an
   English word two letters or more from a name ("recent", "Crescent") is never that name (``moat.ai.word_not_name``).
F. refused: shrinking a stock to fit ("reduce our E3 licences to match what's assigned": ``moat.ai.declined_words``),
   a client written with a legal suffix that the data lacks ("Acme Corp": ``moat.ai.unplaced_names``).
G. SQL written into a question ("SELECT * FROM cur_technicians; ...") is refused (``moat.ai.injection``).
H. "why" closing a question after a break ("... went where?? why") routes to the explanation (``moat.ai.trailing_why``).
I. a segment written short before a segment noun ("hc segment") is that segment (``moat.ai.segment_short``).
J. "last month but one" is the month before last (``moat.ai.period_join_words``).
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from tests.ai.asking import AskDemo, ask_as, confident
from tests.ai.class_parsing import AS_OF, REVIEW, make_parser
from tests.ai.class_parsing import sure as _sure

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))
VOCAB = Vocabulary(clients=("Harbor Logistics", "Meridian Dental Group", "Maple Retail Group", "Crescent Engineering"),
                   technicians=("Priya Shah", "Tom Becker"),
                   products=(("Huntress Managed EDR", "Huntress"), ("Microsoft 365 E3", "Microsoft"),
                             ("Datto SaaS Protection", "Datto"), ("Microsoft 365 Business Premium", "Microsoft")),
                   segments=("finance", "healthcare", "legal", "retail"))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return make_parser(VOCAB)


# A. names given as examples of the kind listed -----------------------------------------------------------------------
@pytest.mark.parametrize(("question", "grouping"), [
    ("hours per technician (Priya, Tom, ...) in March 2027", "technician"),
    ("revenue by sector, e.g. legal, retail etc., last quarter", "segment"),
    ("licence cost split by vendor (Huntress, Datto and so on) last month", "vendor"),
    ("margin for each segment (for example finance or legal) in Q1 2027", "segment"),
])
def test_example_names_are_no_filter(parser: Parser, question: str, grouping: str) -> None:
    parsed = _sure(parser, question)
    assert parsed.intent.grouping == grouping and not parsed.intent.filters, (question, parsed.intent)
    assert any("examples" in reason for reason in parsed.reasons), parsed.reasons


def test_a_bracketed_list_without_example_words_stays_a_filter(parser: Parser) -> None:
    intent = _sure(parser, "revenue by segment (legal, retail) last quarter").intent
    assert intent.filters == (("segment", ("legal", "retail")),), intent


def test_example_names_list_every_row(con, cfg) -> None:
    asked = confident(ask_as(con, cfg, "gross profit per sector (legal, retail, ...) in Q1 2027", DEMO.as_of), "ex")
    plain = confident(ask_as(con, cfg, "gross profit per segment in Q1 2027", DEMO.as_of), "plain")
    assert len(asked.rows) == 6 and [(r[0], round(float(r[1]), 2)) for r in asked.rows] == \
        [(r[0], round(float(r[1]), 2)) for r in plain.rows]
    assert round(float(dict((r[0], r[1]) for r in asked.rows)["healthcare"]), 2) == 72120.47


# B. a share of the assigned seats that saw use is licence activity ---------------------------------------------------
@pytest.mark.parametrize("question", [
    "what share of the assigned Huntress seats saw any use in March 2027",
    "proportion of allocated licences that actually got used last quarter",
    "of our assigned Microsoft 365 E3 seats, the fraction that were in use last month",
    "percentage of assigned seats which had activity in Q1 2027",
])
def test_share_of_assigned_seats_used_is_activity(parser: Parser, question: str) -> None:
    assert _sure(parser, question).intent.metric == "license_activity", question


def test_share_of_seats_assigned_stays_utilisation(parser: Parser) -> None:
    assert _sure(parser, "what fraction of the E3 seats were assigned last month").intent.metric == "license_utilization"


def test_assigned_seats_used_figure(con, cfg) -> None:
    answer = confident(ask_as(con, cfg, "what fraction of assigned Microsoft 365 E3 seats saw use in March 2027",
                              DEMO.as_of), "e3")
    assert round(float(answer.rows[0][-1]), 6) == round(0.8911917098445595, 6)


# C. a superlative asked with WHEN ranks the months -------------------------------------------------------------------
@pytest.mark.parametrize(("question", "order"), [
    ("when was gross profit at its lowest over the past 12 months", "asc"),
    ("in the last six months, when did we bill the most revenue", "desc"),
    ("at what point in the past year were labour costs highest", "desc"),
])
def test_when_ranks_the_months(parser: Parser, question: str, order: str) -> None:
    intent = _sure(parser, question).intent
    assert (intent.grouping, intent.order, intent.limit) == ("month", order, 1), (question, intent)


def test_when_with_a_kind_named_keeps_the_kind(parser: Parser) -> None:
    intent = _sure(parser, "which client had the lowest margin last quarter").intent
    assert intent.grouping == "client"


def test_when_lowest_margin_month(con, cfg) -> None:
    answer = confident(ask_as(con, cfg, "when was our gross margin lowest in the past 12 months", DEMO.as_of), "when")
    assert [(str(answer.rows[0][0])[:7], round(float(answer.rows[0][1]), 6))] == [("2026-04", round(0.31595639777304985, 6))]


# D. one technician's utilisation per month, billable or total unsaid: flagged; "since X up to Y" is a span -----------
@pytest.mark.parametrize("question", [
    "Tom Becker's utilisation month by month, Nov 2026 to Mar 2027",
    "tom's monthly utilization since October 2026 up to February 2027",
])
def test_unsaid_utilisation_of_one_tech_is_flagged_with_total_offered(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent.metric == "billable_utilization" and parsed.intent.grouping == "month"
    assert parsed.confidence < REVIEW, (question, parsed.confidence)
    assert any(alt.metric == "total_utilization" for alt in parsed.candidates), parsed.candidates


@pytest.mark.parametrize(("question", "metric"), [
    ("Tom Becker's billable utilisation per month, Nov 2026 to Mar 2027", "billable_utilization"),
    ("tom's utilization per month since October 2026 up to February 2027, all hours logged", "total_utilization"),
])
def test_said_utilisation_of_one_tech_stays_sure(parser: Parser, question: str, metric: str) -> None:
    assert _sure(parser, question).intent.metric == metric


@pytest.mark.parametrize("question", [
    "hours per month since November 2026 up to February 2027",
    "gross profit each month since Nov 2026 until Feb 2027",
])
def test_since_up_to_is_one_span(parser: Parser, question: str) -> None:
    intent = _sure(parser, question).intent
    assert (intent.grouping, str(intent.start), str(intent.end), intent.compare_start) == (
        "month", "2026-11-01", "2027-02-28", None), intent


# E. two periods joined by "+" / "then"; the most recent full quarter; an ordinary word is no misspelt name ---------
@pytest.mark.parametrize("question", [
    "Q4 '26 + Q1 '27 hours, one number",
    "hours for Q4 2026 plus Q1 2027 as a single figure",
])
def test_two_quarters_joined_as_one_number(parser: Parser, question: str) -> None:
    intent = _sure(parser, question).intent
    assert (str(intent.start), str(intent.end), intent.compare_start, intent.threshold, intent.grouping) == (
        "2026-10-01", "2027-03-31", None, None, "company"), intent


@pytest.mark.parametrize("question", [
    "revenue: Q4 '26 then Q1 '27, plus the change",
    "revenue, most recent full quarter compared to the previous one",
    "is revenue up on Q2? Q3 2026 against Q2 2026",
])
def test_two_quarters_compared(parser: Parser, question: str) -> None:
    intent = _sure(parser, question).intent
    assert intent.threshold is None and intent.grouping == "company" and not intent.filters, intent
    assert intent.compare_start is not None and (intent.compare_start.month, intent.start.month) in ((10, 1), (4, 7)), intent


def test_an_english_word_is_no_misspelt_name(parser: Parser) -> None:
    intent = parser.parse("revenue QoQ, the most recent full quarter against the one before", AS_OF).intent
    assert intent is not None and not intent.filters, intent
    assert parser.parse("revenue for Cresent Engineering last quarter", AS_OF).intent.filters == (
        ("client", ("Crescent Engineering",)),)


# F. refused: shrinking a stock to fit; a client written with a legal suffix that the data lacks ----------------------
@pytest.mark.parametrize("question", [
    "reduce the Huntress licences to the number assigned",
    "please trim our E3 seats to what is active",
    "right-size our Microsoft 365 E3 subscriptions",
])
def test_shrinking_seats_is_refused_as_an_action(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and "only read your data" in parsed.refusal, (question, parsed.intent)


@pytest.mark.parametrize("question", ["decrease in revenue last month", "which clients reduced hours in Q1 2027"])
def test_a_decrease_asked_about_is_no_action(parser: Parser, question: str) -> None:
    assert parser.parse(question, AS_OF).intent is not None, question


@pytest.mark.parametrize(("question", "name"), [
    ("Acme Corp gross margin, trailing twelve months", "Acme Corp"),
    ("revenue of Summit Holdings Inc. last quarter", "Summit"),
    ("Umbrella Corp hours in March 2027", "Umbrella"),
])
def test_a_suffixed_company_the_data_lacks_is_refused(parser: Parser, question: str, name: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and name.lower() in parsed.refusal.lower(), (question, parsed.intent, parsed.refusal)


# G. SQL written into a question is refused; H. a closing "why" routes to the explanation ----------------------------
@pytest.mark.parametrize("question", [
    "SELECT * FROM cur_clients; list every client's margin",
    "select technician_name, hourly_cost from cur_technicians",
    "revenue last month UNION SELECT secret FROM settings",
])
def test_sql_in_a_question_is_refused(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and "SQL" in parsed.refusal, (question, parsed.intent)


def test_select_in_english_is_no_sql(parser: Parser) -> None:
    parsed = parser.parse("select clients from legal with revenue over 10k last quarter", AS_OF)
    assert parsed.intent is not None and parsed.intent.filter("segment") == ("legal",), parsed.refusal


@pytest.mark.parametrize("question", [
    "harbor logistics margin went where?? why",
    "Maple Retail Group profit fell last quarter. why?",
    "tom becker's billable hours dropped! how come",
])
def test_closing_why_routes_to_the_explanation(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.route == "explain" and parsed.route_filters, (question, parsed.intent, parsed.route)


# I. a segment written short before a segment noun; J. "last month but one" ------------------------------------------
@pytest.mark.parametrize(("question", "segment"), [
    ("hc segment revenue per month, last 6 months", "healthcare"),
    ("gross profit for the fin sector last quarter", "finance"),
    ("hours in the rtl segment in March 2027", "retail"),
])
def test_short_segment_before_a_segment_noun(parser: Parser, question: str, segment: str) -> None:
    assert _sure(parser, question).intent.filter("segment") == (segment,), question


def test_ordinary_words_before_clients_stay(parser: Parser) -> None:
    intent = _sure(parser, "top clients by revenue last quarter").intent
    assert not intent.filters and intent.grouping == "client"


@pytest.mark.parametrize(("question", "start"), [
    ("every tech's billable utilisation last month but one, highest first", "2027-02-01"),
    ("revenue by client the previous month but one (february)", "2027-02-01"),
    ("hours last quarter but one", "2026-10-01"),
])
def test_last_but_one(parser: Parser, question: str, start: str) -> None:
    assert str(_sure(parser, question).intent.start) == start, question


@pytest.mark.parametrize("question", ["revenue from our main clients last quarter", "margin of new clients in Q1 2027"])
def test_an_english_word_before_clients_is_no_segment(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or not parsed.intent.filter("segment"), (question, parsed.intent)


@pytest.mark.parametrize("question", ["trim the list to the top 5 clients by revenue last quarter",
                                      "decrease in seats last month"])
def test_a_shrink_verb_without_seats_to_shrink_is_no_action(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.refusal is None or "only read your data" not in parsed.refusal, (question, parsed.refusal)


@pytest.mark.parametrize("question", ["clients with revenue in sep and oct 2000+",
                                      "clients with revenue in march 2027 2000 plus"])
def test_an_amount_plus_after_a_month_stays_an_amount(parser: Parser, question: str) -> None:
    intent = parser.parse(question, AS_OF).intent
    assert intent is not None and intent.threshold is not None and intent.threshold.value == 2000, (question, intent)
