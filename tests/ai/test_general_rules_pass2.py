"""Issue 15, second pass of general rules: ranking direction, units of a person's billability, month over month,
abbreviations as a vocabulary, segments by their synonyms, "as a percent", and the causes of the confident wrong
answers found on a held-out set. Every phrasing here is written for this file (none is an eval family's); the
parser runs on a small hand-made vocabulary, the engine on the development demo."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.catalogue import METRICS, Threshold
from moat.ai.parser import Parser, Vocabulary
from tests.ai.test_parser import AS_OF, DEFAULT, VOCAB

VOCAB2 = Vocabulary(
    clients=VOCAB.clients + ("Westgate Law Partners", "Westgate Accounting"),
    technicians=VOCAB.technicians,
    products=VOCAB.products + (("SentinelOne Complete", "SentinelOne"),),
    segments=VOCAB.segments + ("nonprofit",),
)
LAST_MONTH = (date(2026, 10, 1), date(2026, 10, 31))
MONTH_BEFORE = (date(2026, 9, 1), date(2026, 9, 30))
Q3 = (date(2026, 7, 1), date(2026, 9, 30))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB2, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)


def _intent(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    return parsed.intent


def _complete(parser: Parser, question: str):
    """The reading of a question the parser must understand fully (no word ignored, not provisional)."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert not parsed.ignored and parsed.confidence >= 0.7, (question, parsed.ignored, parsed.confidence, parsed.reasons)
    return parsed.intent


# ------------------------------------------------------------------ 1. ranking direction
@pytest.mark.parametrize(("question", "metric", "order", "limit"), [
    ("who cost us the most in Q3? three worst clients by profit", "gross_profit", "asc", 3),
    ("which accounts made the most losses in Q3, the 4 least profitable", "gross_profit", "asc", 4),
    ("highest revenue is not what I want: bottom 2 clients by revenue in Q3", "revenue", "asc", 2),
    ("three worst clients by profit in Q3", "gross_profit", "asc", 3),
    ("lowest 4 clients by GM in Q3", "gross_margin", "asc", 4),
    ("worst 3 clients for licence waste in Q3", "license_waste", "desc", 3),
    ("best 3 clients for licence waste in Q3", "license_waste", "asc", 3),
    ("worst 2 clients by labour cost in Q3", "labour_cost", "desc", 2),
    ("the 3 least utilised techs last month", "billable_utilization", "asc", 3),
])
def test_the_superlative_bound_to_the_number_decides_the_direction(parser: Parser, question: str, metric: str,
                                                                     order: str, limit: int) -> None:
    i = _intent(parser, question)
    assert (i.metric, i.order, i.limit) == (metric, order, limit)


@pytest.mark.parametrize(("question", "metric", "order", "limit", "grouping"), [
    ("top 3 by GM% last quarter", "gross_margin", "desc", 3, "client"),
    ("bottom 3 techs by util last month", "billable_utilization", "asc", 3, "technician"),
    ("top 2 custs by rev last qtr", "revenue", "desc", 2, "client"),
])
def test_rankings_written_with_abbreviations(parser: Parser, question: str, metric: str, order: str, limit: int,
                                             grouping: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.order, i.limit, i.grouping) == (metric, order, limit, grouping)


# ------------------------------------------------------------------ 2. units: a person's billability is a ratio
@pytest.mark.parametrize("question", [
    "how billable has each of our techs been since jan 1 2026?",
    "how billable was each engineer last month",
    "each tech's util last month",
    "billable pct per tech last month",
    "how utilised was every technician last month",
])
def test_how_billable_a_technician_is_is_utilisation_not_hours(parser: Parser, question: str) -> None:
    i = _intent(parser, question)
    assert i.metric == "billable_utilization" and i.grouping == "technician" and METRICS[i.metric].kind == "percent"


@pytest.mark.parametrize("question", [
    "how many hours could we bill Harbor Logistics in Q3",
    "hours we billed to Harbor Logistics in Q3",
    "how many hrs did we bill Harbor Logistics in Q3",
])
def test_hours_with_a_bill_verb_are_billable_hours(parser: Parser, question: str) -> None:
    i = _intent(parser, question)
    assert i.metric == "billable_hours" and i.filter("client") == ("Harbor Logistics",)


def test_a_share_of_available_hours_is_utilisation_counted_per_technician(parser: Parser) -> None:
    i = _intent(parser, "how many of our technicians billed less than 70% of their available hours in H2 last year")
    assert (i.metric, i.grouping, i.count) == ("billable_utilization", "technician", True)
    assert i.threshold == Threshold("<", 0.70) and (i.start, i.end) == (date(2025, 7, 1), date(2025, 12, 31))


@pytest.mark.parametrize("question", [  # h122: "labour cost as a percent of revenue" is now that ratio (test_h122_classes)
    "revenue in hours for Harbor Logistics last quarter",
    "labour cost as a percent last quarter",
])
def test_a_stated_unit_no_measure_has_is_never_answered_confidently(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or parsed.confidence < 0.7 or parsed.partial


# ------------------------------------------------------------------ 3. month over month
@pytest.mark.parametrize("question", [
    "licence waste month over month, September to October 2026",
    "licence waste MoM Sep to Oct 2026",
    "revenue MoM",
    "revenue month on month",
    "hours vs prior month",
    "revenue last month vs prev month",
    "revenue last month compared with the previous month",
])
def test_month_over_month_of_two_months_is_both_values_and_the_change(parser: Parser, question: str) -> None:
    i = _intent(parser, question)
    assert (i.compare_start, i.compare_end) == MONTH_BEFORE and (i.start, i.end) == LAST_MONTH
    assert i.grouping == "company"


def test_month_over_month_per_entity_is_grouped(parser: Parser) -> None:
    i = _intent(parser, "revenue MoM by client")
    assert i.grouping == "client" and (i.compare_start, i.compare_end) == MONTH_BEFORE and (i.start, i.end) == LAST_MONTH
    t = _intent(parser, "month on month change in hours per tech")
    assert t.grouping == "technician" and t.compare_start == MONTH_BEFORE[0]


def test_month_over_month_over_a_longer_period_is_a_monthly_trend_with_changes(parser: Parser) -> None:
    i = _intent(parser, "revenue MoM in Q3")
    assert i.grouping == "month" and i.change == "mom" and (i.start, i.end) == Q3


@pytest.mark.parametrize("question", [
    "are we wasting more or less on idle seats in October than in September 2026",
    "did we waste more on idle seats in Oct than in Sep 2026",
])
def test_a_period_without_a_year_takes_the_year_nearest_the_other(parser: Parser, question: str) -> None:
    i = _intent(parser, question)
    assert (i.compare_start, i.compare_end) == MONTH_BEFORE and (i.start, i.end) == LAST_MONTH


def test_quarter_to_quarter_across_a_year_still_goes_back(parser: Parser) -> None:
    i = _intent(parser, "revenue Q4 to Q1 2026")
    assert i.compare_start == date(2025, 10, 1) and i.start == date(2026, 1, 1)


def test_month_over_month_answer_layout(demo_con, ask_config) -> None:
    from moat.ai.engine import ask
    from moat.governance.permissions import User

    def one(q: str):
        return ask(demo_con, User("ana", "analyst"), q, date(2026, 11, 25), use_cache=False, config=ask_config,
                   model=None)

    total = one("revenue MoM")
    sep = one("revenue in September 2026").rows[0][0]
    oct_ = one("revenue in October 2026").rows[0][0]
    assert total.columns == ["before", "after", "change"] and total.rows == [[sep, oct_, oct_ - sep]]
    per = one("revenue month over month by client")
    assert per.columns == ["client_name", "before", "after", "change"] and len(per.rows) > 5
    harbor = [r for r in per.rows if r[0] == "Harbor Logistics"]
    assert harbor and harbor[0][1:3] == [one("revenue of Harbor Logistics in September 2026").rows[0][0],
                                         one("revenue of Harbor Logistics in October 2026").rows[0][0]]


# ------------------------------------------------------------------ 4. abbreviations
@pytest.mark.parametrize(("question", "metric"), [
    ("rev last qtr", "revenue"), ("GP last qtr", "gross_profit"), ("GM last qtr", "gross_margin"),
    ("GM% last qtr", "gross_margin"), ("GP% last qtr", "gross_margin"), ("tech util last month", "billable_utilization"),
    ("total hrs last month", "hours"), ("lic cost last qtr", "license_cost"), ("lic waste last qtr", "license_waste"),
("unused lic seats last qtr", "seats_unused"), ("gross profit pct last qtr", "gross_margin"),
])
def test_abbreviated_metrics(parser: Parser, question: str, metric: str) -> None:
    assert _complete(parser, question).metric == metric


@pytest.mark.parametrize("question", ["unused lics last qtr", "unused licences last quarter"])
def test_unused_licences_with_no_unit_are_counted_flagged(parser: Parser, question: str) -> None:
    """No money word and no count: the unused seat count, flagged with their cost offered (this test once asked the
    cost; h29, h67 and a sealed set's author counted them: readers split, so neither reading is sure)."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None and parsed.intent.metric == "seats_unused", (question, parsed.refusal)
    offered = {c.metric for c in parsed.candidates or []}
    assert parsed.confidence < 0.7 and "license_waste" in offered, (parsed.confidence, parsed.reasons, offered)


def test_an_fy_label_is_refused_naming_the_calendar_year(parser: Parser) -> None:
    """h66: "FY25" names no dates while no fiscal year is set up (it often starts in another month): refused, the
    calendar year offered (it was read as calendar 2025, flagged)."""
    parsed = parser.parse("revenue FY25", AS_OF)
    assert parsed.intent is None and "'2025'" in parsed.refusal and "fiscal" in parsed.refusal, parsed


@pytest.mark.parametrize(("question", "start", "end"), [
    ("revenue by segment last quarter, highest one first", date(2026, 7, 1), date(2026, 9, 30)),
])
def test_one_first_orders_the_whole_list(parser: Parser, question: str, start: date, end: date) -> None:
    i = _complete(parser, question)
    assert (i.start, i.end) == (start, end) and i.limit is None and i.grouping == "segment", i


def test_ex_before_a_name_leaves_it_out_never_it_alone(parser: Parser) -> None:
    parsed = parser.parse("revenue last month ex-Harbor Logistics", AS_OF)  # h65: left out, flagged ("former"?)
    assert parsed.intent is not None and parsed.intent.excluded == (("client", ("Harbor Logistics",)),)
    assert not parsed.intent.filters and parsed.confidence < 0.7, parsed


@pytest.mark.parametrize(("question", "start", "end"), [
    ("GP for q3 '26", date(2026, 7, 1), date(2026, 9, 30)),
    ("revenue Q3'26", date(2026, 7, 1), date(2026, 9, 30)),
    ("revenue QTD", date(2026, 10, 1), AS_OF),
    ("revenue MTD", date(2026, 11, 1), AS_OF),
    ("revenue YTD", date(2026, 1, 1), AS_OF),
    ("revenue last Q", date(2026, 7, 1), date(2026, 9, 30)),
    ("revenue H2 last year", date(2025, 7, 1), date(2025, 12, 31)),
    ("revenue Q2 of last year", date(2025, 4, 1), date(2025, 6, 30)),
    ("revenue for March last year", date(2025, 3, 1), date(2025, 3, 31)),
    ("revenue last 2 qtrs", date(2026, 4, 1), date(2026, 9, 30)),
    ("rev jul-dec 2025 in $", date(2025, 7, 1), date(2025, 12, 31)),
])
def test_abbreviated_periods(parser: Parser, question: str, start: date, end: date) -> None:
    i = _complete(parser, question)
    assert (i.start, i.end) == (start, end) and i.compare_start is None


def test_last_year_after_the_second_of_two_periods_applies_to_both(parser: Parser) -> None:
    i = _complete(parser, "GP q2 vs q3 last year")
    assert (i.compare_start, i.start) == (date(2025, 4, 1), date(2025, 7, 1)) and i.metric == "gross_profit"


@pytest.mark.parametrize(("question", "vendor"), [
    ("wasted spend on MS licenses this yr", "Microsoft"),
    ("S1 seats purchased per client in Q3", "SentinelOne"),
])
def test_vendor_abbreviations(parser: Parser, question: str, vendor: str) -> None:
    i = _complete(parser, question)
    products = {p for p, v in VOCAB2.products if v == vendor}
    assert set(i.filter("product")) == products


def test_s1_beside_a_year_is_ambiguous_and_asks(parser: Parser) -> None:
    parsed = parser.parse("revenue S1 2026", AS_OF)
    assert parsed.intent is None and parsed.refusal and "H1" in parsed.refusal and "SentinelOne" in parsed.refusal


@pytest.mark.parametrize(("question", "threshold"), [
    ("# of techs over 80% util last month", Threshold(">", 0.80)),
    ("how many custs had rev over 25k last qtr", Threshold(">", 25_000.0)),
])
def test_counts_written_with_abbreviations(parser: Parser, question: str, threshold: Threshold) -> None:
    i = _complete(parser, question)
    assert i.count and i.threshold == threshold


def test_m365_business_premium_assigned_vs_purchased_as_a_percent(parser: Parser) -> None:
    i = _complete(parser, "m365 biz premium assigned vs purchased, as a percent, last quarter")
    assert i.metric == "license_utilization" and i.filter("product") == ("Microsoft 365 Business Premium",)
    assert i.compare_start is None


# ------------------------------------------------------------------ 5. segments by synonyms
@pytest.mark.parametrize("question", [
    "what did medical / healthcare clients bring in last qtr ($)",
    "revenue from medical clients last quarter",
    "revenue from our health care practices last quarter",
    "revenue of the clinics last quarter",
])
def test_segment_synonyms(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert i.filter("segment") == ("healthcare",) and i.metric == "revenue"


def _dental(parser: Parser) -> set[str]:
    return {c for c in parser.vocab.clients if "dental" in c.casefold().split()}


def test_a_narrower_word_for_a_segment_is_the_clients_it_names(parser: Parser) -> None:
    """h50 (h43 F7): a word several client names share, before a plural group noun, is that set of clients (never
    one of them, nor the whole healthcare segment), and the reading names them."""
    parsed = parser.parse("revenue from dental clients last quarter", AS_OF)
    assert parsed.intent is not None and set(parsed.intent.filter("client")) == _dental(parser) and len(_dental(parser)) > 1
    assert parsed.intent.filter("segment") == ()
    assert all(name in " ".join(parsed.reasons) for name in _dental(parser))


@pytest.mark.parametrize("question", [
    "revenue from the education sector last quarter",
    "gross profit in the hospitality vertical last quarter",
])
def test_an_unknown_segment_word_is_never_ignored_silently(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or (parsed.partial and parsed.confidence < 0.7)


# ------------------------------------------------------------------ 6. as a percent
@pytest.mark.parametrize(("question", "metric"), [
    ("gross profit as a percentage of revenue last quarter", "gross_margin"),
    ("profit as a % last quarter", "gross_margin"),
    ("billable hours as a percent of available hours per tech last month", "billable_utilization"),
    ("assigned seats as a percentage of purchased seats last quarter", "license_utilization"),
])
def test_as_a_percent_is_the_ratio(parser: Parser, question: str, metric: str) -> None:
    assert _complete(parser, question).metric == metric


# ------------------------------------------------------------------ 7. causes of confident wrong answers
def test_a_name_shared_by_two_clients_is_settled_by_the_next_word(parser: Parser) -> None:
    i = _complete(parser, "show me Westgate Law's billing month by month for the past six months")
    assert i.filter("client") == ("Westgate Law Partners",) and i.grouping == "month" and i.metric == "revenue"


@pytest.mark.parametrize("question", [
    "what's driving Harbor Logistics into the red",
    "what is causing the low margin at Harbor Logistics",
    "what drove Summit Dental's margin down in Q3",
])
def test_what_is_driving_asks_for_the_explanation(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.route == "explain"


def test_the_previous_period_is_never_the_same_period(parser: Parser) -> None:
    i = _intent(parser, "revenue in Q3 vs the prior quarter")
    assert (i.compare_start, i.start) == (date(2026, 4, 1), date(2026, 7, 1))


# ------------------------------------------------------------------ neighbours of the classes above
@pytest.mark.parametrize(("question", "order", "limit"), [
    ("highest to lowest revenue by client last quarter", "desc", None),
    ("clients by margin, lowest to highest, Q3", "asc", None),
    ("revenue by client in descending order last quarter", "desc", None),
    ("top 3 least profitable clients YTD", "asc", 3),
    ("top worst clients by margin in Q3", "asc", 5),
])
def test_sort_words_and_positional_top(parser: Parser, question: str, order: str, limit: int | None) -> None:
    i = _complete(parser, question)
    assert (i.order, i.limit, i.grouping) == (order, limit, "client")


def test_opposite_superlatives_with_nothing_to_settle_them_are_provisional(parser: Parser) -> None:
    parsed = parser.parse("who cost us the most? worst clients by profit in Q3", AS_OF)
    assert parsed.intent is None or parsed.confidence < 0.7


def test_a_dash_between_quarters_is_one_span(parser: Parser) -> None:
    i = _complete(parser, "Q1-Q3 2026 revenue")
    assert (i.start, i.end, i.compare_start) == (date(2026, 1, 1), date(2026, 9, 30), None)


@pytest.mark.parametrize("question", ["utilisation in hours per tech last month", "billable utilisation in hours last month"])
def test_a_ratio_asked_in_hours_is_provisional_hours(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or (METRICS[parsed.intent.metric].kind == "hours" and parsed.confidence < 0.7)


def test_monthly_with_month_over_month_lists_the_months(parser: Parser) -> None:
    i = _intent(parser, "monthly revenue MoM in Q3")
    assert i.grouping == "month" and i.change == "mom" and (i.start, i.end) == Q3


@pytest.mark.parametrize(("question", "grouping"), [
    ("per-client rev last mo", "client"), ("custs w/ GM under 20% last qtr", "client"),
    ("the least wasteful clients last quarter", "client"), ("rev QoQ by client", "client"),
])
def test_more_shorthand(parser: Parser, question: str, grouping: str) -> None:
    assert _complete(parser, question).grouping == grouping


@pytest.mark.parametrize(("question", "metric"), [
    ("of the Datto licences we purchased in Q3, what share got assigned to users", "license_utilization"),
    ("what percentage of the Datto licences we bought in Q3 were assigned", "license_utilization"),
    ("of our assigned Datto seats, what share was active in Q3", "license_activity"),
])
def test_a_share_of_seats_written_in_any_order_is_the_seat_ratio(parser: Parser, question: str, metric: str) -> None:
    i = _complete(parser, question)
    assert i.metric == metric and i.filter("product") == ("Datto SaaS Protection",)


@pytest.mark.parametrize("question", [
    "revenue Q3 vs Q2, which clients dropped more than 5k",
    "which clients' revenue fell by more than 5000 from Q2 to Q3",
])
def test_more_than_after_a_direction_is_the_size_of_the_change(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert i.change == "down" and i.threshold == Threshold(">", 5000.0) and i.grouping == "client"


def test_a_threshold_with_two_periods_and_no_direction_is_provisional(parser: Parser) -> None:
    parsed = parser.parse("clients with revenue over 50k in Q3 vs Q2", AS_OF)
    assert parsed.intent is None or parsed.confidence < 0.7


def test_a_drop_of_more_than_an_amount_filters_on_the_change(demo_con, ask_config) -> None:
    from moat.ai.engine import ask
    from moat.governance.permissions import User

    def one(q: str):
        return ask(demo_con, User("ana", "analyst"), q, date(2026, 11, 25), use_cache=False, config=ask_config,
                   model=None)

    every = one("revenue by client Q2 2026 vs Q3 2026")
    want = {r[0] for r in every.rows if r[3] is not None and r[3] < -1000}
    dropped = one("which clients' revenue fell by more than 1000 from Q2 2026 to Q3 2026")
    assert want and {r[0] for r in dropped.rows} == want and all(r[3] < -1000 for r in dropped.rows)


def test_a_percent_change_is_given_relative_to_the_earlier_period(parser: Parser) -> None:
    i = _complete(parser, "revenue % change Q2 vs Q3")
    assert i.relative and i.compare_start == date(2026, 4, 1) and i.start == date(2026, 7, 1)
    g = _complete(parser, "which clients' revenue grew by more than 10% from Q2 to Q3")
    assert g.relative and g.change == "up" and g.threshold == Threshold(">", 0.10)


@pytest.mark.parametrize("question", [
    "percentage of clients that lost money last quarter",
    "what share of our technicians were over 80% utilised last month",
])
def test_a_share_of_entities_is_refused_not_answered_as_a_list(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal and "how many" in parsed.refusal


def test_percent_change_answers(demo_con, ask_config) -> None:
    from moat.ai.engine import ask
    from moat.governance.permissions import User

    def one(q: str):
        return ask(demo_con, User("ana", "analyst"), q, date(2026, 11, 25), use_cache=False, config=ask_config,
                   model=None)

    total = one("revenue % change Q2 2026 vs Q3 2026")
    assert total.columns == ["before", "after", "change", "change_pct"]
    before, after, delta, pct = total.rows[0]
    assert delta == after - before and pct == pytest.approx(float(after - before) / abs(float(before)), abs=1e-6)
    every = one("revenue by client Q2 2026 vs Q3 2026")
    want = {r[0] for r in every.rows if r[1] and r[2] is not None and r[3] > 0 and float(r[3]) / abs(float(r[1])) > 0.10}
    grew = one("which clients' revenue grew by more than 10% from Q2 2026 to Q3 2026")
    assert want and {r[0] for r in grew.rows} == want and all(r[4] > 0.10 for r in grew.rows)


@pytest.mark.parametrize(("question", "metric", "grouping", "limit"), [
    ("which product has the worst utilisation last month", "license_utilization", "product", 1),
    ("lowest licence utilisation by client last quarter", "license_utilization", "client", 5),
    ("highest licence waste by client in Q3", "license_waste", "client", 5),
])
def test_utilisation_of_products_is_licence_utilisation_and_by_entity_is_a_list(parser: Parser, question: str, metric: str,
                                                                                grouping: str, limit: int) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.limit) == (metric, grouping, limit)


@pytest.mark.parametrize("question", ["MoM revenue growth %", "revenue growth percent last month vs the month before"])
def test_growth_percent_is_a_relative_change(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert i.relative and (i.compare_start, i.start) == (MONTH_BEFORE[0], LAST_MONTH[0])


def test_ly_is_last_year(parser: Parser) -> None:
    i = _complete(parser, "rev YTD vs LY")
    assert (i.compare_start, i.compare_end, i.start, i.end) == (date(2025, 1, 1), date(2025, 11, 25), date(2026, 1, 1), AS_OF)


# ------------------------------------------------------------------ negation is never filler
@pytest.mark.parametrize("question", [
    "revenue without Harbor Logistics last quarter",
    "revenue excluding Harbor Logistics last quarter",
    "gross profit except healthcare clients in Q3",
])
def test_leaving_a_name_out_is_asked_back_never_a_filter_on_it(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)  # h65: now every other name (tests/ai/test_h65_exclusion.py), never the name
    assert parsed.intent is not None and parsed.intent.excluded and not parsed.intent.filters, parsed


@pytest.mark.parametrize("question", [
    "which clients don't make us money",
    "which clients didn't make money last quarter",
    "which clients never made a profit this year",
])
def test_not_making_money_is_losing_money(parser: Parser, question: str) -> None:
    i = _intent(parser, question)
    assert i.metric == "gross_profit" and i.threshold == Threshold("<", 0.0) and i.grouping == "client"


def test_an_unconsumed_negation_makes_the_reading_partial(parser: Parser) -> None:
    parsed = parser.parse("revenue by client last quarter, not the usual report", AS_OF)  # h65: "not healthcare" is read
    assert parsed.intent is None or (parsed.partial and parsed.confidence < 0.7)


# ------------------------------------------------------------------ what the reading does not give is never confident
@pytest.mark.parametrize("question", [
    "top clients by revenue and margin last quarter",
    "median margin last quarter",
    "mean hours per tech last month",
])  # h30: "revenue for the top 5 clients combined" is now answered as their sum (tests/ai/test_h30_review.py)
def test_a_second_measure_a_statistic_or_a_sum_of_a_ranking_is_provisional(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or parsed.confidence < 0.7


@pytest.mark.parametrize("word", ["median", "mean", "average", "maximum", "typical", "percentile"])
def test_statistics_words_are_never_names(parser: Parser, word: str) -> None:
    parsed = parser.parse(f"{word} revenue last quarter", AS_OF)
    assert parsed.intent is None or not parsed.intent.filters


def test_a_plural_kind_of_client_asks_for_a_list(parser: Parser) -> None:
    i = _intent(parser, "which clinics had the lowest margin in Q3")
    assert i.filter("segment") == ("healthcare",) and i.limit == 5 and i.order == "asc"
    one = _intent(parser, "which client had the lowest margin in Q3")
    assert one.limit == 1


def test_dental_practices_are_the_dental_clients(parser: Parser) -> None:
    """h50: "our dental practices" is the set of clients whose names say Dental, never the whole segment."""
    parsed = parser.parse("revenue from our dental practices last quarter", AS_OF)
    assert parsed.intent is not None and set(parsed.intent.filter("client")) == _dental(parser)
    assert parsed.intent.filter("segment") == ()


@pytest.mark.parametrize("question", ["hours per tech per month in Q3", "revenue by client by month in Q3"])
def test_two_breakdowns_at_once_are_provisional(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or parsed.confidence < 0.7


def test_growth_by_client_lists_every_change_and_grew_filters(parser: Parser) -> None:
    every = _complete(parser, "revenue growth by client Q2 vs Q3")
    assert every.change == "any" and every.grouping == "client"
    grew = _intent(parser, "clients with revenue growth from Q2 to Q3")
    assert grew.change == "up"


def test_clients_that_grew_with_no_measure_are_revenue_provisional(parser: Parser) -> None:
    parsed = parser.parse("which clients grew from Q2 to Q3", AS_OF)
    assert parsed.intent is not None and parsed.intent.metric == "revenue" and parsed.intent.change == "up"
    assert parsed.confidence < 0.7 and {c.metric for c in parsed.candidates} >= {"revenue", "gross_profit"}


@pytest.mark.parametrize(("question", "metric", "threshold"), [
    ("clients with revenue between 10-20k last quarter", "revenue", Threshold("between", 10_000.0, 20_000.0)),
    ("clients with revenue of 10k-20k last quarter", "revenue", Threshold("between", 10_000.0, 20_000.0)),
    ("clients with 10 to 20k revenue in Q3", "revenue", Threshold("between", 10_000.0, 20_000.0)),
    ("techs with 100-150 hours last month", "hours", Threshold("between", 100.0, 150.0)),
])
def test_a_range_written_with_a_dash_or_to(parser: Parser, question: str, metric: str, threshold: Threshold) -> None:
    i = _complete(parser, question)
    assert i.metric == metric and i.threshold == threshold


def test_two_years_are_never_a_range_of_values(parser: Parser) -> None:
    parsed = parser.parse("top 5 clients by revenue in 2025-2026", AS_OF)
    assert parsed.intent is None or parsed.intent.threshold is None


def test_a_year_range_is_one_span_unless_a_change_is_asked(parser: Parser) -> None:
    i = _complete(parser, "top 5 clients by revenue in 2024-2025")
    assert (i.start, i.end, i.compare_start) == (date(2024, 1, 1), date(2025, 12, 31), None)
    c = _complete(parser, "how did revenue change from 2024 to 2025")
    assert (c.compare_start, c.start) == (date(2024, 1, 1), date(2025, 1, 1))


def test_two_names_side_by_side_list_both(parser: Parser) -> None:
    i = _complete(parser, "Harbor Logistics vs Summit Capital revenue in Q3")
    assert i.filter("client") == ("Harbor Logistics", "Summit Capital") and i.grouping == "client"


def test_per_vendor_is_a_breakdown_of_its_own(parser: Parser) -> None:
    """Once shown per product provisionally; now each vendor's products summed (tests/ai/test_months_shares_vendors.py
    checks the numbers)."""
    i = _complete(parser, "seat count by vendor in September")  # one month: a quarter's seat count is flagged (h58)
    assert (i.metric, i.grouping) == ("seats_purchased", "vendor")


def test_lost_the_most_money_is_the_biggest_losses_first(parser: Parser) -> None:
    i = _complete(parser, "which 3 clients lost the most money in Q3")
    assert (i.metric, i.order, i.limit, i.threshold) == ("gross_profit", "asc", 3, Threshold("<", 0.0))


def test_a_share_of_the_clients_seats_is_not_a_share_of_clients(parser: Parser) -> None:
    i = _intent(parser, "what share of clients' seats were assigned last quarter")
    assert i.metric == "license_utilization"
