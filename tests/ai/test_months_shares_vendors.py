"""Issue 15: months ranked, licence figures per vendor, shares of a total and "% of seats in use", each checked against
hand-written SQL on the development demo (data to 2026-10, asked as of 2026-11-25). Every phrasing is written for this
file (none is an eval family's). A share is a percentage of an amount, never the amount; a share it cannot place is
refused, never answered in money."""

from __future__ import annotations

from datetime import date

import pytest

from moat import db
from moat.ai.comparison import year_words
from moat.governance.permissions import User

AS_OF = date(2026, 11, 25)
Q3 = ("2026-07-01", "2026-09-30")
SEP = ("2026-09-01", "2026-09-30")
BILLED = "coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')"


def _ask(con, config, question: str):
    from moat.ai.engine import ask

    return ask(con, User("ana", "analyst"), question, AS_OF, use_cache=False, config=config, model=None)


def _answered(con, config, question: str):
    a = _ask(con, config, question)
    assert not a.refused, (question, a.narrative)
    return a


def _monthly_revenue(con) -> list[tuple[date, float]]:
    return [(m, float(v)) for m, v in db.rows(con, f"""
        SELECT date_trunc('month', date)::DATE AS m, sum(amount) FROM cur_invoices
        WHERE date BETWEEN DATE '2026-01-01' AND DATE '2026-12-31' AND {BILLED} GROUP BY 1""")]


# ------------------------------------------------------------------ months ranked
@pytest.mark.parametrize("question", ["which month of 2026 brought in the most revenue",
                                      "our highest-revenue month this year",
                                      "best month for sales in 2026?"])
def test_the_best_month_is_the_month_with_the_highest_value(demo_con, ask_config, question: str) -> None:
    a = _answered(demo_con, ask_config, question)
    best = max(_monthly_revenue(demo_con), key=lambda mv: mv[1])
    assert a.intent == "revenue.month.ranking" and a.columns == ["month", "revenue"], (question, a.interpretation)
    assert len(a.rows) == 1 and a.rows[0][0] == best[0] and float(a.rows[0][1]) == pytest.approx(best[1], abs=0.005)
    assert not a.provisional and "month" in (a.interpretation or "")


def test_the_n_busiest_months_rank_hours_and_a_plain_monthly_question_stays_a_trend(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "the 3 busiest months of 2026 by hours worked")
    want = db.rows(demo_con, """SELECT date_trunc('month', date)::DATE, sum(hours) FROM cur_time_entries
                                WHERE year(date) = 2026 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3""")
    assert [(r[0], float(r[1])) for r in a.rows] == [(m, float(h)) for m, h in want]
    trend = _answered(demo_con, ask_config, "revenue per month in 2026")
    assert trend.intent == "revenue.month.trend"
    assert [r[0] for r in trend.rows] == sorted(m for m, _ in _monthly_revenue(demo_con))


def test_the_worst_month_is_the_lowest_one_with_data(demo_con, ask_config) -> None:
    """Months after the data ends are not a 0: "worst month this year" is a month holding invoices."""
    a = _answered(demo_con, ask_config, "worst month for revenue this year")
    worst = min(_monthly_revenue(demo_con), key=lambda mv: mv[1])
    assert a.rows[0][0] == worst[0] and float(a.rows[0][1]) == pytest.approx(worst[1], abs=0.005)


# ------------------------------------------------------------------ per vendor
def test_licence_cost_and_unused_seats_per_vendor_are_the_vendor_sums(demo_con, ask_config) -> None:
    cost = _answered(demo_con, ask_config, "licence spend by vendor in Q3 2026")
    want = dict(db.rows(demo_con, "SELECT vendor, sum(seats_purchased * unit_cost) FROM cur_licenses "
                                  "WHERE month BETWEEN ? AND ? GROUP BY vendor", list(Q3)))
    assert cost.columns[:2] == ["vendor", "license_cost"] and not cost.provisional
    assert {r[0]: float(r[1]) for r in cost.rows} == pytest.approx({k: float(v) for k, v in want.items()}, abs=0.005)
    unused = _answered(demo_con, ask_config, "how many unused seats does each vendor have in Q3 2026")
    want = dict(db.rows(demo_con, "SELECT vendor, sum(seats_purchased - coalesce(seats_active, seats_assigned)) "
                                  "FROM cur_licenses WHERE month BETWEEN ? AND ? GROUP BY vendor", list(SEP)))
    assert unused.columns[:2] == ["vendor", "seats_unused"]  # h58: a count of seats is the quarter's last month
    assert {r[0]: r[1] for r in unused.rows} == {k: int(v) for k, v in want.items()}


def test_the_vendor_we_spent_most_on(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "which vendor was our most expensive for licences in Q3 2026")
    top = db.rows(demo_con, "SELECT vendor, sum(seats_purchased * unit_cost) FROM cur_licenses WHERE month BETWEEN ? AND ? "
                            "GROUP BY vendor ORDER BY 2 DESC LIMIT 1", list(Q3))[0]
    assert len(a.rows) == 1 and a.rows[0][0] == top[0] and float(a.rows[0][1]) == pytest.approx(float(top[1]), abs=0.005)


def test_a_count_of_seat_nouns_by_client_lists_seats_not_a_number_of_clients(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "number of Microsoft licences by client in Q3 2026")
    want = dict(db.rows(demo_con, "SELECT c.client_name, sum(l.seats_purchased) FROM cur_licenses l JOIN "
                                  "(SELECT client_key, any_value(client_name) AS client_name FROM cur_clients GROUP BY 1) c "
                                  "USING (client_key) WHERE l.vendor = 'Microsoft' AND l.month BETWEEN ? AND ? GROUP BY 1",
                        list(Q3)))
    assert a.columns[:2] == ["client_name", "seats_purchased"], a.interpretation
    assert {r[0]: r[1] for r in a.rows} == {k: int(v) for k, v in want.items()}


# ------------------------------------------------------------------ shares of a total
def _revenue(con, where: str = "TRUE") -> float:
    return float(db.scalar(con, f"""SELECT sum(i.amount) FROM cur_invoices i JOIN (SELECT client_key, any_value(client_name)
                                    AS client_name FROM cur_clients GROUP BY 1) c USING (client_key)
                                    WHERE i.date BETWEEN ? AND ? AND {BILLED} AND {where}""", list(Q3)))


@pytest.mark.parametrize("question", ["what share of our Q3 2026 revenue came from Harbor Logistics",
                                      "Harbor Logistics as a % of total revenue in Q3 2026",
                                      "harbor logistics' share of revenue, q3 2026"])
def test_a_clients_share_of_revenue_is_a_fraction_of_the_total(demo_con, ask_config, question: str) -> None:
    a = _answered(demo_con, ask_config, question)
    part, whole = _revenue(demo_con, "c.client_name = 'Harbor Logistics'"), _revenue(demo_con)
    assert a.intent == "revenue.company.share" and a.columns[0] == "share", (question, a.interpretation)
    assert a.rows[0][0] == pytest.approx(part / whole, abs=1e-9)
    assert float(a.rows[0][1]) == pytest.approx(part, abs=0.005) and float(a.rows[0][2]) == pytest.approx(whole, abs=0.005)
    assert "%" in a.narrative and not a.provisional and a.slots["share"] is True


def test_the_top_five_clients_share_and_a_vendors_share_of_licence_spend(demo_con, ask_config) -> None:
    top5 = _answered(demo_con, ask_config, "what percentage of revenue did our top 5 clients bring in during Q3 2026")
    per_client = db.rows(demo_con, f"""SELECT client_key, sum(amount) AS r FROM cur_invoices WHERE date BETWEEN ? AND ?
                                       AND {BILLED} GROUP BY 1 ORDER BY r DESC LIMIT 5""", list(Q3))
    assert top5.rows[0][0] == pytest.approx(sum(float(r) for _, r in per_client) / _revenue(demo_con), abs=1e-9)
    vendor = _answered(demo_con, ask_config, "what % of our licence spend went to Microsoft in Q3 2026")
    ms, every = db.rows(demo_con, "SELECT sum(seats_purchased * unit_cost) FILTER (WHERE vendor = 'Microsoft'), "
                                  "sum(seats_purchased * unit_cost) FROM cur_licenses WHERE month BETWEEN ? AND ?", list(Q3))[0]
    assert vendor.rows[0][0] == pytest.approx(float(ms) / float(every), abs=1e-9)
    assert 0 < vendor.rows[0][0] < 1


def test_a_segments_share_of_hours_is_not_its_utilisation(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "what fraction of our hours went to healthcare clients in Q3 2026")
    part, whole = db.rows(demo_con, """SELECT sum(te.hours) FILTER (WHERE c.segment = 'healthcare'), sum(te.hours)
        FROM cur_time_entries te LEFT JOIN (SELECT client_key, any_value(segment) AS segment FROM cur_clients GROUP BY 1) c
        USING (client_key) WHERE te.date BETWEEN ? AND ?""", list(Q3))[0]
    assert a.intent == "hours.company.share" and a.rows[0][0] == pytest.approx(float(part) / float(whole), abs=1e-9)


@pytest.mark.parametrize("question", ["Harbor Logistics hours as a % of revenue in Q3 2026",  # h122: labour cost over
                                      # revenue is now that ratio (test_h122_classes)
                                      "what percentage of our clients are in healthcare",
                                      "Harbor Logistics revenue in percent for Q3 2026"])
def test_a_percentage_that_is_no_share_of_an_amount_is_refused_never_money(demo_con, ask_config, question: str) -> None:
    a = _ask(demo_con, ask_config, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)


# ------------------------------------------------------------------ "% of seats in use"
@pytest.mark.parametrize("question", ["% of seats in use in Q3 2026", "share of our licences being used in Q3 2026"])
def test_seats_in_use_without_a_denominator_is_refused_naming_the_ratios_there_are(demo_con, ask_config,
                                                                                   question: str) -> None:
    # h23 (issue 15, review class 15): "in use" is active, and active / purchased is no glossary ratio; it was answered
    # as assigned / purchased, another question
    a = _ask(demo_con, ask_config, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert "assigned / purchased" in a.narrative and "active / assigned" in a.narrative


def test_a_vendor_or_segment_typo_resolves_to_the_one_close_name(demo_con, ask_config) -> None:
    vendor = _answered(demo_con, ask_config, "microsft licence cost in Q3 2026")
    ms = db.scalar(demo_con, "SELECT sum(seats_purchased * unit_cost) FROM cur_licenses WHERE vendor = 'Microsoft' "
                             "AND month BETWEEN ? AND ?", list(Q3))
    assert float(vendor.rows[0][-1]) == pytest.approx(float(ms), abs=0.005)
    segment = _answered(demo_con, ask_config, "helthcare revenue in Q3 2026")
    assert segment.slots["filters"] == {"segment": ["healthcare"]}


def test_year_words_say_whether_a_year_is_written_and_whether_the_period_is_relative() -> None:
    assert year_words("q3 2025") == (True, False)
    assert year_words("q3 last year") == (True, True)
    assert year_words("last quarter") == (False, True)
    assert year_words("q4") == (False, False)


def test_the_quietest_month_ranks_ascending(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "our quietest month for revenue in 2026")
    worst = min(_monthly_revenue(demo_con), key=lambda mv: mv[1])
    assert a.rows[0][0] == worst[0]


@pytest.mark.parametrize("question", ["top 5 clients by revenue per month in 2026",
                                      "the most profitable client each month in 2026"])
def test_months_ranked_while_an_entity_is_named_are_provisional(demo_con, ask_config, question: str) -> None:
    """Each month's top client is not an answer given: the months ranked are shown, never with confidence."""
    a = _ask(demo_con, ask_config, question)
    assert a.refused or (a.provisional and a.confidence < 0.7), (question, a.interpretation, a.confidence)


def test_an_inflected_word_is_not_a_segment_typo(demo_con, ask_config) -> None:
    a = _ask(demo_con, ask_config, "revenue and our finances in Q3 2026")
    assert a.refused or "segment" not in (a.slots or {}).get("filters", {}), a.interpretation


def test_a_share_of_a_whole_narrowed_by_a_name_is_provisional(demo_con, ask_config) -> None:
    """ "What % of our Microsoft spend is Business Premium" has a whole of Microsoft only, which the share does not
    compute (its whole is every product): never answered with confidence."""
    a = _ask(demo_con, ask_config, "what % of our Microsoft licence spend is Business Premium in Q3 2026")
    assert a.refused or (a.provisional and a.confidence < 0.7), (a.interpretation, a.confidence)
