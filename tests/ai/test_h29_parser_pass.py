"""Issue 15 (h29): heldout8's failure classes, given as general descriptions, on the eval demo of
``bench/eval_families/setting.yaml`` (seed 23, data 2026-03..2027-03, asked as of 2027-04-09). Each reading is checked
against the metrics layer (``moat.metrics``, the numbers the pages show) or against an explicit phrasing the parser
already read, and every refusal names what to ask. Phrasings are h29's own, not the held-out set's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from moat.formatting import money
from moat.metrics import profitability
from moat.metrics.periods import Period
from tests.ai.asking import AskDemo, ask_as, confident

AS_OF = date(2027, 4, 9)


DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=AS_OF)


def _ask(con, cfg, question: str):
    return ask_as(con, cfg, question, AS_OF)


def _confident(con, cfg, question: str):
    return confident(_ask(con, cfg, question), question)


def _refused(con, cfg, question: str, says: str):
    a = _ask(con, cfg, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert says in a.narrative.lower(), (question, a.narrative)
    return a


def _gp(con, start: date, end: date, client: str | None = None) -> Decimal:
    df = profitability(con, Period(start, end), None)
    if client is not None:
        df = df.filter(df["client_name"] == client)
    return Decimal(str(df["gross_profit"].sum()))


# Class 1: two periods joined by an arrow are both values and the change, never one summed range.
@pytest.mark.parametrize("question, explicit", [
    ("revenue feb -> mar", "revenue February 2027 vs March 2027"),
    ("revnue febuary -> march?", "revenue February 2027 vs March 2027"),
    ("Harbor Logisitcs revenue feb -> mar", "revenue for Harbor Logistics February 2027 vs March 2027"),
    ("GP mar 2026 -> mar 2027", "gross profit March 2026 vs March 2027"),
])
def test_arrow_between_periods_is_two_periods_and_the_change(con, cfg, question, explicit):
    a, b = _confident(con, cfg, question), _confident(con, cfg, explicit)
    assert len(a.rows) == 1 and len(a.rows[0]) == 3 and a.rows == b.rows, (a.rows, b.rows)
    assert "against" in a.interpretation


def test_arrow_in_a_trend_keeps_the_range(con, cfg):
    a = _confident(con, cfg, "revenue per month jan -> mar 2027")
    assert [r[0] for r in a.rows] == [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]


# Class 2: a change is computed from exact values, rounded for display only.
def test_change_is_computed_from_exact_values(con, cfg):
    a = _confident(con, cfg, "gross profit by client q4 2026 vs q1 2027")
    row = next(r for r in a.rows if r[0] == "Meridian Dental Group")
    before = _gp(con, date(2026, 10, 1), date(2026, 12, 31), "Meridian Dental Group")
    after = _gp(con, date(2027, 1, 1), date(2027, 3, 31), "Meridian Dental Group")
    assert after != money(after)  # the value ends in half a cent: rounding it first loses a cent of the change
    assert row[1:] == [money(before), money(after), money(after - before)]
    assert row[3] != money(after) - money(before)


# Class 3: licences counted are seats, not dollars.
@pytest.mark.parametrize("question", ["unused licences for each product last month - count please",
                                      "how many idle licences per product last month"])
def test_counted_licences_are_seats(con, cfg, question):
    a = _confident(con, cfg, question)
    assert "seat" in a.interpretation and all(isinstance(r[1], int) for r in a.rows), (a.interpretation, a.rows)
    assert "waste" not in a.interpretation


def test_idle_licences_with_no_unit_are_flagged_with_the_count_offered(con, cfg):
    """Lead (fifteenth session): with no count or money word, readers split between the count (this test's first
    author) and the cost (test_general_rules_pass2's): flagged, never a sure figure in either unit."""
    a = _ask(con, cfg, "idle licences per product last month")
    assert not a.refused and (a.provisional or a.confidence < 0.7), (a.interpretation, a.confidence)
    assert "unused seat" in a.interpretation and all(isinstance(r[1], int) for r in a.rows), (a.interpretation, a.rows)
    assert any("waste" in alt for alt in a.alternatives), a.alternatives


def test_licence_waste_stays_money(con, cfg):
    a = _confident(con, cfg, "licence waste per product last month")
    assert "licence waste" in a.interpretation


# Class 4: "earners" is revenue or gross profit: gross profit, provisional, revenue offered.
def test_earners_is_gross_profit_flagged_with_revenue_offered(con, cfg):
    a = _ask(con, cfg, "who are our top 5 earners last quarter")
    assert "gross profit" in a.interpretation and a.provisional and a.confidence < 0.7
    assert any("revenue" in str(alt) for alt in a.alternatives), a.alternatives


# Classes 5 and 6: the change of every month, said in words.
@pytest.mark.parametrize("question, period", [
    ("last 6 months revenue by month, how much did it move each month", "2026-10-01..2027-03-31"),
    ("monthly revenue over the last 6 months, month by month with the change", "2026-10-01..2027-03-31"),
    ("change from the previous month for each month of Q4 2026, revenue", "2026-10-01..2026-12-31"),
    ("revenue Q4 2026, each month vs the prior month", "2026-10-01..2026-12-31"),
])
def test_change_each_month(con, cfg, question, period):
    a = _confident(con, cfg, question)
    assert "with the change from the month before" in a.interpretation and period in a.interpretation
    assert all(len(r) == 3 for r in a.rows)


# Class 7, 8, 10: payments per vendor, money made, who made us over X.
def test_vendor_payments_are_licence_cost_per_vendor(con, cfg):
    a = _confident(con, cfg, "vendor payments last quarter by vendor")
    assert a.interpretation.startswith("vendors by licence cost")


def test_what_we_made_this_year_is_gross_profit_ytd(con, cfg):
    a = _confident(con, cfg, "wat have we made this yr")
    assert a.rows[0][0] == money(_gp(con, date(2027, 1, 1), AS_OF))


def test_who_made_us_over_is_clients_by_gross_profit(con, cfg):
    a = _confident(con, cfg, "who made us over $5k last month")
    df = profitability(con, Period(date(2027, 3, 1), date(2027, 3, 31)), None)
    want = {r["client_name"] for r in df.iter_rows(named=True) if r["gross_profit"] is not None and r["gross_profit"] > 5000}
    assert {r[0] for r in a.rows} == want and want


# Class 9: plain digits joined by a hyphen are a range.
@pytest.mark.parametrize("question", ["clients with revenue between 5000-10000 last month",
                                      "which clients billed 5000 - 10000 last month"])
def test_plain_digit_range(con, cfg, question):
    a = _confident(con, cfg, question)
    assert "between 5,000 and 10,000" in a.interpretation and all(5000 <= r[1] <= 10000 for r in a.rows)


# Class 11: a name's last word abbreviated.
@pytest.mark.parametrize("question, client", [("revenue for Sunrise Eng last quarter", "Sunrise Engineering"),
                                              ("gross profit for Brightpath Mfg last quarter", "Brightpath Manufacturing")])
def test_abbreviated_name_word(con, cfg, question, client):
    assert f"client {client}" in _confident(con, cfg, question).interpretation


def test_abbreviation_two_names_fit_is_asked_back(con, cfg):
    a = _ask(con, cfg, "revenue for Ironclad Acc last quarter")  # Accounting or Architects (a-c-c in order)
    assert a.refused and "Ironclad Accounting" in " ".join(a.suggestions) and "Ironclad Architects" in " ".join(a.suggestions)


# Class 12: a bare quarter for one technician against the band: the latest one with data.
def test_bare_quarter_after_the_data_is_last_years(con, cfg):
    a = _ask(con, cfg, "is Priya underused in Q2?")
    assert "Priya Shah" in a.interpretation and "2026-04-01..2026-06-30" in a.interpretation
    # Q2 2027 has begun (asked 2027-04-09) with no data: two outside reviewers read a bare "Q2" / "Q1" as that one, so
    # last year's is shown flagged, never as sure (h51 D17, h52 D9)
    assert a.provisional and any("name the year" in r for r in a.reasons), a.reasons


def test_bare_quarter_not_yet_begun_is_last_years_unflagged(con, cfg):
    a = _confident(con, cfg, "is Priya underused in Q3?")
    assert "2026-07-01..2026-09-30" in a.interpretation


# Classes 16 to 18: superlatives of size and the hourly rate.
def test_thinnest_margins_are_the_bottom(con, cfg):
    a = _confident(con, cfg, "which 5 clients had the thinnest margins last quarter")
    assert a.interpretation.startswith("bottom 5 clients by gross margin")
    assert [r[1] for r in a.rows] == sorted(r[1] for r in a.rows)


def test_thinnest_margin_month(con, cfg):
    a = _confident(con, cfg, "which month had the thinnest margin in 2026")
    b = _confident(con, cfg, "which month had the lowest margin in 2026")
    assert a.rows == b.rows and len(a.rows) == 1


@pytest.mark.parametrize("question", ["what's our $/hr last quarter", "our hourly take last qtr"])
def test_hourly_slang_is_ehr(con, cfg, question):
    assert "effective hourly rate" in _confident(con, cfg, question).interpretation


# Classes 19 and 20: counts.
@pytest.mark.parametrize("question, n_months", [
    ("how many months was revenue over 220k out of the last twelve", 12),
    ("out of the last 12 months, how many had revenue above 220k", 12),
    ("how many months had revenue over two hundred twenty thousand in the last 6 months", 6),
])
def test_months_counted(con, cfg, question, n_months):
    a = _confident(con, cfg, question)
    assert a.interpretation.startswith("number of months, with revenue > 220,000")
    assert ("2026-04-01" if n_months == 12 else "2026-10-01") in a.interpretation


def test_how_many_of_the_team_is_a_count(con, cfg):
    a = _confident(con, cfg, "how many of the team were below 70% billable utilisation in Q1 2027")
    b = _confident(con, cfg, "which technicians were below 70% billable utilisation in Q1 2027")
    assert a.rows == [[len(b.rows)]]


# Classes 21 to 23: utilisation spelled out.
@pytest.mark.parametrize("question, metric", [
    ("billable and non-billable hours over capacity per tech last quarter", "total utilisation"),
    ("all hours vs available for each technician in Q1 2027", "total utilisation"),
    ("ratio of billable to total hours per technician last quarter", "billable share of hours worked"),
    ("each technician's billable-to-total hours ratio last quarter", "billable share of hours worked"),
])
def test_utilisation_spelled_out(con, cfg, question, metric):
    a = _confident(con, cfg, question)
    assert a.interpretation.startswith(f"technicians by {metric}"), a.interpretation
    assert len(a.rows) > 1


def test_capacity_used_counting_all_hours(con, cfg):
    a = _confident(con, cfg, "how much of Tom Becker's capacity was used in Q1 2027, all hours")
    b = _confident(con, cfg, "total utilisation for Tom Becker in Q1 2027")
    assert a.rows == b.rows and "total utilisation" in a.interpretation


# Class 24: a polite why.
def test_polite_why_routes_to_the_explanation(con, cfg):
    a = _ask(con, cfg, "could you tell me why Meridian Dental Group is losing money?")
    assert not a.refused and a.route == "explain", (a.interpretation, a.route)


# Classes 25 to 28: refused, naming what to ask.
@pytest.mark.parametrize("question, says", [
    ("how many days does it take clients to pay on average", "payment"),
    ("what was our staff turnover last year", "staff turnover"),
    ("how much did quillon group bill us last month", "quillon group"),
    ("revenue for acme dental last quarter", "acme dental"),
    ("Sophos costs last quarter", "sophos"),
    ("how much did we pay veeam last quarter", "veeam"),
    ("gross margin since the merger", "since the merger"),
    ("how many hours did we log during crunch time", "crunch time"),
    ("revenue in the busy period", "busy period"),
    ("hours during onboarding", "during onboarding"),
    ("revenue since we moved offices", "since we moved"),
    ("revenue post-merger", "post-merger"),
    ("how's thistledown accounting doing on margin", "thistledown accounting"),
    ("which clients are slowest to pay", "payment"),
])
def test_refused_naming_what_to_ask(con, cfg, question, says):
    _refused(con, cfg, question, says)


@pytest.mark.parametrize("question", ["turnover last quarter", "clients in the red last quarter",
                                      "revenue since the start of the year", "Harbour Logistics margin last qtr"])
def test_rules_leave_ordinary_questions_alone(con, cfg, question):
    _confident(con, cfg, question)


# Classes 13 and 15 (probed): a quarter numbered after its noun; "how many ..., %" of a seat ratio is the share.
def test_quarter_numbered_after_its_noun(con, cfg):
    a = _confident(con, cfg, "revenue for quarter two of 2026 vs quarter one of 2027")
    assert "2026-04-01..2026-06-30 against 2027-01-01..2027-03-31" in a.interpretation


def test_how_many_as_a_percent_of_assigned_seats_is_activity(con, cfg):
    a = _confident(con, cfg, "of the seats we assigned, how many are actually used, % last month")
    assert "licence activity" in a.interpretation and 0 < a.rows[0][0] <= 1


def test_same_month_two_digit_years_around_an_arrow(con, cfg):
    a = _confident(con, cfg, "revenue march 26 -> march 27")
    assert "2026-03-01..2026-03-31 against 2027-03-01..2027-03-31" in a.interpretation


@pytest.mark.parametrize("question", ["would you mind explaining why Zenith Logistics is losing money",
                                      "i'd like to know why Meridian Dental Group margin is low"])
def test_any_short_polite_lead_before_why_routes(con, cfg, question):
    a = _ask(con, cfg, question)
    assert not a.refused and a.route == "explain", (a.interpretation, a.route)


@pytest.mark.parametrize("question", ["what do we bill per hour last quarter", "our average take per hour q1 2027"])
def test_money_per_hour_words_are_the_ehr(con, cfg, question):
    assert "effective hourly rate" in _confident(con, cfg, question).interpretation


def test_which_clients_made_us_over_is_gross_profit(con, cfg):
    a = _confident(con, cfg, "which clients made us over $10,000 in Q1 2027")
    assert "gross profit > 10,000" in a.interpretation


def test_plus_how_much_it_changed_each_month(con, cfg):
    a = _confident(con, cfg, "monthly revenue this year plus how much it changed month to month")
    assert "with the change from the month before" in a.interpretation
