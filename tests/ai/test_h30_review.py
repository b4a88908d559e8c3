"""Issue 15 (h30): the h26 reviewer's confidently wrong classes, on the reviewer's own demo (seed 359, data
2024-03-01..2025-03-31, asked as of 2025-04-10). Each figure is checked against SQL written here from DESIGN.md's
glossary and against the reviewer's published right answer (/tmp/h26/findings.md), or as a refusal that says what to
ask instead. Phrasings are the reviewer's (bench/eval_families/dev/h30_*.yaml hold h30's own)."""

from __future__ import annotations

from datetime import date

import pytest

from moat import db
from tests.ai.asking import AskDemo, ask_as

AS_OF = date(2025, 4, 10)
Q1 = ["2025-01-01", "2025-03-31"]
Q4 = ["2024-10-01", "2024-12-31"]
MARCH = ["2025-03-01", "2025-03-31"]


DEMO = AskDemo(seed=359, end=date(2025, 3, 31), as_of=AS_OF)


def _ask(con, cfg, question: str):
    return ask_as(con, cfg, question, AS_OF)


def _confident(con, cfg, question: str):
    a = _ask(con, cfg, question)
    assert not a.refused, (question, a.narrative)
    # h50: provisional only for the data-quality score `moat metrics` also gives (h43 F8) is still a confident reading
    assert not a.provisional or a.narrative.startswith("Provisional: the data behind"), (question, a.interpretation, a.reasons)
    assert a.confidence_parts["parse"] >= 0.7 and not a.ignored, (question, a.interpretation, a.reasons)
    return a


def _one(con, sql: str, params: list | None = None) -> float:
    return float(db.rows(con, sql, params or [])[0][0])


def _revenue(con, period: list[str], where: str = "TRUE", params: list | None = None) -> float:
    return _one(con, "SELECT sum(i.amount) FROM cur_invoices i JOIN cur_clients c USING (client_key) WHERE i.date BETWEEN ? "
                     f"AND ? AND coalesce(lower(trim(i.status)), '') NOT IN ('draft', 'void') AND {where}",
                [*period, *(params or [])])


def _hours(con, period: list[str], where: str = "TRUE", params: list | None = None) -> float:
    return _one(con, "SELECT sum(te.hours) FROM cur_time_entries te JOIN cur_clients c USING (client_key) WHERE te.date "
                     f"BETWEEN ? AND ? AND {where}", [*period, *(params or [])])


def _value(a) -> float:
    assert len(a.rows) == 1, (a.interpretation, a.rows)
    return float(a.rows[0][-1])


# ------------------------------------------------------------------ A. written-out days are one range
@pytest.mark.parametrize(("question", "period", "metric", "published"), [
    ("revenue from 1 Oct 2024 to 31 Dec 2024", Q4, "revenue", 656178.93),
    ("revenue from December 1, 2024 through January 31, 2025", ["2024-12-01", "2025-01-31"], "revenue", 435585.45),
    ("revenue from Jan 1st 2025 to Feb 28th 2025", ["2025-01-01", "2025-02-28"], "revenue", 435295.01),
    ("hours from Jan 1 2025 to Feb 28 2025", ["2025-01-01", "2025-02-28"], "hours", 4646.5),
    ("hours from 15 Jan 2025 until 15 Feb 2025", ["2025-01-15", "2025-02-15"], "hours", 2494.5),
])
def test_a_range_of_written_days_is_one_period(con, cfg, question, period, metric, published) -> None:
    a = _confident(con, cfg, question)
    want = _revenue(con, period) if metric == "revenue" else _hours(con, period)
    assert want == pytest.approx(published, abs=0.01)
    assert _value(a) == pytest.approx(want, abs=0.01), (a.interpretation, a.rows)
    assert "against" not in a.interpretation, a.interpretation  # never two one-day periods compared


def test_a_written_day_range_for_one_technician(con, cfg) -> None:
    a = _confident(con, cfg, "Priya hours from 3 March 2025 to 7 March 2025")
    want = _one(con, "SELECT sum(hours) FROM cur_time_entries WHERE technician_name = 'Priya Shah' AND date BETWEEN "
                     "'2025-03-03' AND '2025-03-07'")
    assert want == pytest.approx(38.0)
    assert _value(a) == pytest.approx(want)


# ------------------------------------------------------------------ B. a segment word inside client names
@pytest.mark.parametrize(("question", "period", "metric", "published"), [
    ("how many hours did we spend on manufacturing clients in 2024", ["2024-01-01", "2024-12-31"], "hours", 3182.5),
    ("hours spent on the manufacturing segment in 2024", ["2024-01-01", "2024-12-31"], "hours", 3182.5),
    ("time spent on manufacturing clients last month", MARCH, "hours", 344.5),
    ("revenue for the manufacturing sector in Q4", Q4, "revenue", 121433.66),
])
def test_a_segment_word_is_the_segment_not_one_client(con, cfg, question, period, metric, published) -> None:
    a = _ask(con, cfg, question)
    # h50: provisional only for the data-quality score `moat metrics` also gives (h43 F8)
    assert not a.refused and (not a.provisional or a.narrative.startswith("Provisional: the data behind")), a.narrative
    where, params = "c.segment = ?", ["manufacturing"]
    want = _revenue(con, period, where, params) if metric == "revenue" else _hours(con, period, where, params)
    assert want == pytest.approx(published, abs=0.01)
    assert _value(a) == pytest.approx(want, abs=0.01), (a.interpretation, a.rows)
    assert "Manufacturing" not in a.interpretation, a.interpretation


# ------------------------------------------------------------------ C. nested groupings
@pytest.mark.parametrize("question", [
    "for each segment, how many clients lost money last quarter",
    "clients in each segment with negative margin last quarter",
    "top 3 clients by revenue in each segment last quarter",
    "how many clients in each segment had margin below 20% last quarter",
    "busiest tech in each segment last quarter",
    "for each tech, which client took the most hours last quarter",
])
def test_nested_groupings_are_refused_naming_the_questions_to_ask(con, cfg, question) -> None:
    a = _ask(con, cfg, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert "ask for" in a.narrative.lower() and len(a.suggestions) >= 2, (a.narrative, a.suggestions)


# ------------------------------------------------------------------ D. accountants' words
@pytest.mark.parametrize(("question", "period", "published"), [
    ("cost of sales in Q4", Q4, 434846.45),
    ("direct costs last quarter", Q1, 444979.90),
    ("COGS last quarter", Q1, 444979.90),
])
def test_cost_of_sales_is_revenue_minus_gross_profit(con, cfg, question, period, published) -> None:
    a = _confident(con, cfg, question)
    other = _one(con, "SELECT sum(amount) FROM cur_costs WHERE date BETWEEN ? AND ?", period)
    assert _value(a) == pytest.approx(published, abs=0.02), (a.interpretation, a.rows)
    assert other < _value(a) < _revenue(con, period)  # labour + licence + other: never revenue, never other cost alone


def test_largest_invoice_is_never_a_clients_total(con, cfg) -> None:
    a = _ask(con, cfg, "largest invoice last quarter")
    assert a.refused and not a.rows and a.suggestions, (a.interpretation, a.rows)


# ------------------------------------------------------------------ E. seat counts are a point in time
@pytest.mark.parametrize(("question", "where", "params", "published"), [
    ("how many seats does Harbor Logistics have", "c.client_name = ?", ["Harbor Logistics"], 224),
    ("seat count for Harbor Logistics", "c.client_name = ?", ["Harbor Logistics"], 224),
    ("how many seats are we paying for", "TRUE", [], 2277),
])
def test_a_seat_count_is_the_latest_month_not_seat_months(con, cfg, question, where, params, published) -> None:
    a = _confident(con, cfg, question)
    want = _one(con, "SELECT sum(l.seats_purchased) FROM cur_licenses l JOIN cur_clients c USING (client_key) WHERE "
                     f"date_trunc('month', l.month) = DATE '2025-03-01' AND {where}", params)
    assert want == published
    assert _value(a) == want, (a.interpretation, a.rows)


# ------------------------------------------------------------------ F. which month / quarter over all the data
@pytest.mark.parametrize(("question", "name", "published"), [
    ("which quarter had the lowest revenue", "Q4 2024", 656178.93),
    ("our worst quarter for gross profit", "Q3 2024", 212438.14),
    ("which month had the fewest hours", "2024-06", 1947.5),
])
def test_which_month_or_quarter_ranks_every_one_with_data(con, cfg, question, name, published) -> None:
    a = _confident(con, cfg, question)
    assert len(a.rows) == 1 and str(a.rows[0][0]).startswith(name), (a.interpretation, a.rows)
    assert float(a.rows[0][1]) == pytest.approx(published, abs=0.01)


def test_the_fewest_hours_month_is_the_minimum_over_the_data(con, cfg) -> None:
    lowest = db.rows(con, "SELECT date_trunc('month', date) AS m, sum(hours) AS h FROM cur_time_entries GROUP BY m "
                          "ORDER BY h LIMIT 1")[0]
    a = _confident(con, cfg, "which month had the fewest hours")
    assert float(a.rows[0][1]) == pytest.approx(float(lowest[1]))


# ------------------------------------------------------------------ G. a client-name family is those clients
def test_medical_center_is_the_medical_center_clients_not_the_segment(con, cfg) -> None:
    a = _ask(con, cfg, "medical center revenue last month")
    want = _revenue(con, MARCH, "c.client_name LIKE '%Medical Center'")
    assert want == pytest.approx(27903.66, abs=0.01)
    assert not a.refused and _value(a) == pytest.approx(want, abs=0.01), (a.interpretation, a.rows)
    assert any("Medical Center" in r for r in a.reasons), a.reasons


# ------------------------------------------------------------------ H. a singular question gets one row
@pytest.mark.parametrize(("question", "name", "published"), [
    ("which client lost the most money last quarter", "Meridian Dental Group", -5185.72),
    ("who lost us the most money last quarter", "Meridian Dental Group", -5185.72),
    ("which of our clients is the least profitable last quarter", "Meridian Dental Group", -5185.72),
    ("which client lost us the most in Q4", "Meridian Dental Group", -12703.26),  # h68: "biggest money pit" is flagged
    ("which of the retail clients brought in the most revenue last quarter", "Riverbend Retail Group", 19320.00),
])
def test_a_singular_question_gets_one_row(con, cfg, question, name, published) -> None:
    a = _confident(con, cfg, question)
    assert len(a.rows) == 1 and a.rows[0][0] == name, (a.interpretation, a.rows)
    assert float(a.rows[0][-1]) == pytest.approx(published, abs=0.01)


def test_plural_loss_makers_are_still_listed(con, cfg) -> None:
    a = _confident(con, cfg, "which clients lost money last quarter")
    assert len(a.rows) == 7, a.rows


# ------------------------------------------------------------------ I / J. combined, and the sum of a ranking
@pytest.mark.parametrize(("question", "published"), [
    ("combined revenue of Harbor Logistics and Meridian Dental Group last quarter", 62190.00),
    ("revenue for healthcare and legal combined in Q1", 198104.28),
])
def test_combined_named_entities_are_one_total(con, cfg, question, published) -> None:
    a = _ask(con, cfg, question)
    # h50: provisional only for the data-quality score `moat metrics` also gives (h43 F8)
    assert not a.refused and (not a.provisional or a.narrative.startswith("Provisional: the data behind")), a.narrative
    assert _value(a) == pytest.approx(published, abs=0.01), (a.interpretation, a.rows)


def test_combined_technicians_hours_are_one_total(con, cfg) -> None:
    a = _ask(con, cfg, "total hours for Priya and Tom combined last month")
    want = _one(con, "SELECT sum(hours) FROM cur_time_entries WHERE technician_name IN ('Priya Shah', 'Tom Becker') AND "
                     "date BETWEEN '2025-03-01' AND '2025-03-31'")
    assert want == 247 and _value(a) == want, (a.interpretation, a.rows)


@pytest.mark.parametrize(("question", "period", "n", "published"), [
    ("how much of our revenue came from the top 5 clients last quarter", Q1, 5, 200535.00),
    ("total revenue of our top 10 clients in Q4", Q4, 10, 302657.23),
])
def test_the_sum_of_the_top_n_is_given(con, cfg, question, period, n, published) -> None:
    a = _confident(con, cfg, question)
    top = db.rows(con, "SELECT sum(amount) AS r FROM cur_invoices WHERE date BETWEEN ? AND ? AND coalesce(lower(trim("
                       "status)), '') NOT IN ('draft', 'void') GROUP BY client_key ORDER BY r DESC LIMIT ?", [*period, n])
    want = sum(float(r[0]) for r in top)
    assert want == pytest.approx(published, abs=0.01)
    assert len(a.rows) == 1 and float(a.rows[0][1]) == pytest.approx(want, abs=0.01), (a.interpretation, a.rows)


# ------------------------------------------------------------------ K. each named period its own value
def test_each_of_two_months_is_two_values(con, cfg) -> None:
    a = _confident(con, cfg, "hours in January and February each")
    assert [float(r[1]) for r in a.rows] == [2597.5, 2049.0], a.rows


def test_each_of_the_last_two_quarters_is_two_values(con, cfg) -> None:
    a = _confident(con, cfg, "revenue for each of the last two quarters")
    assert [round(float(r[1]), 2) for r in a.rows] == [656178.93, 672871.17], a.rows


# ------------------------------------------------------------------ wrongly refused
@pytest.mark.parametrize("question", [
    "did hours drop from February to March",
    "update me on Harbor revenue last month",
    "create a list of clients by revenue last month",
    "send me revenue for last month",
])
def test_ordinary_verbs_are_not_write_requests(con, cfg, question) -> None:
    a = _confident(con, cfg, question)
    assert a.rows, (question, a.interpretation)


@pytest.mark.parametrize("question", ["delete all clients", "drop table invoices", "update Harbor's rate to 150"])
def test_write_requests_are_still_refused(con, cfg, question) -> None:
    a = _ask(con, cfg, question)
    assert a.refused and "ask" in a.narrative.lower(), a.narrative


@pytest.mark.parametrize(("question", "tech", "where", "params", "period", "published"), [
    ("Priya's hours on Harbor Logistics last quarter", "Priya Shah", "c.client_name = ?", ["Harbor Logistics"], Q1, None),
    ("Tom Becker's hours at Oakridge Capital in Q1", "Tom Becker", "c.client_name = ?", ["Oakridge Capital"], Q1, 30),
    ("how many hours has Zoe Tanaka spent on healthcare clients in Q1", "Zoe Tanaka", "c.segment = ?", ["healthcare"], Q1,
     None),
])
def test_one_technicians_hours_on_one_client_or_segment(con, cfg, question, tech, where, params, period, published) -> None:
    a = _confident(con, cfg, question)
    want = _hours(con, period, f"te.technician_name = ? AND {where}", [tech, *params])
    if published is not None:
        assert want == published
    assert _value(a) == pytest.approx(want), (a.interpretation, a.rows)


@pytest.mark.parametrize(("question", "client", "metric"), [
    ("Acme CU revenue last month", "Acme Credit Union", "revenue"),
    ("Zenith clinic hours last month", "Zenith Family Clinic", "hours"),
])
def test_a_shared_name_word_settled_by_the_word_after_it(con, cfg, question, client, metric) -> None:
    a = _confident(con, cfg, question)
    where, params = "c.client_name = ?", [client]
    want = _revenue(con, MARCH, where, params) if metric == "revenue" else _hours(con, MARCH, where, params)
    assert _value(a) == pytest.approx(want, abs=0.01), (a.interpretation, a.rows)


@pytest.mark.parametrize("question", ["how many hours did we NOT bill last quarter", "revenue in Q4-2024",
                                      "how many healthcare clients have SentinelOne"])
def test_words_and_periods_are_not_unknown_names(con, cfg, question) -> None:
    a = _confident(con, cfg, question)
    assert a.rows, (question, a.interpretation)


def test_client_churn_is_refused_naming_the_risk_list(con, cfg) -> None:
    a = _ask(con, cfg, "client churn last quarter")
    assert a.refused and not a.rows and "risk" in a.narrative.lower(), a.narrative


@pytest.mark.parametrize("question", ["gross profit and margin for Meridian in Q1", "hours and billable hours by technician in March",
                                      "margin for 12 clients last quarter"])
def test_a_dropped_measure_or_count_is_flagged(con, cfg, question) -> None:
    a = _ask(con, cfg, question)
    assert a.refused or a.provisional or a.confidence < 0.7, (question, a.interpretation, a.confidence)


def test_owner_words_for_a_loss_and_the_blended_rate(con, cfg) -> None:
    a = _ask(con, cfg, "who's the worst cash drain last quarter")  # h68: by the loss or the margin? flagged
    assert a.provisional and any("gross margin" in alt for alt in a.alternatives), (a.reasons, a.alternatives)
    assert len(a.rows) == 1 and a.rows[0][0] == "Meridian Dental Group", a.rows
    assert float(a.rows[0][1]) == pytest.approx(-5185.72, abs=0.01)
    a = _confident(con, cfg, "clients below break-even in Q4")
    assert {r[0] for r in a.rows} == {"Meridian Dental Group", "Lakeside Accounting"}, a.rows
    a = _confident(con, cfg, "whats our blended rate")
    want = _revenue(con, Q1) / _hours(con, Q1)
    assert _value(a) == pytest.approx(want, abs=0.01), (a.interpretation, a.rows)


def test_a_product_word_starting_with_pre_is_no_undated_period(con, cfg) -> None:
    a = _confident(con, cfg, "how many unused Business Premium seats does Harbor have")
    want = _one(con, "SELECT sum(seats_purchased - seats_active) FROM cur_licenses l JOIN cur_clients c USING (client_key) "
                     "WHERE c.client_name = 'Harbor Logistics' AND l.product = 'Microsoft 365 Business Premium' AND "
                     "date_trunc('month', l.month) = DATE '2025-03-01'")
    assert want == 52 and _value(a) == want, (a.interpretation, a.rows)
