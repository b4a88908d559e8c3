"""Issue 15, h127: classes a second outside hunter (h121) found answered CONFIDENTLY WRONG, each now answered right,
flagged with the reason, or refused. Every phrasing here is written for this file (none is the hunter's, an eval
family's or a held-out question).

J. A period the data holds only part of (``moat.ai.compile.held_span``): two compared periods whose spans of data
   differ ("this quarter" holding one month against the whole quarter before) are not comparable: flagged, with why;
   a utilisation whose period runs past the data's end counts capacity with no time logged: flagged, the covered span
   named. Whole periods stay confident.
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.metrics.periods import Period
from moat.metrics.summary import kpis
from tests.ai.asking import AskDemo, ask_as, confident, flagged_or_refused

# data to 28 Feb 2027 asked on 10 March: "this quarter" is 1 Jan..10 Mar with two months of data
DEMO = AskDemo(seed=23, end=date(2027, 2, 28), as_of=date(2027, 3, 10))


# J. spans the data holds too little of ----------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "revenue for the current quarter compared with last quarter",
    "gross profit quarter-to-date versus last quarter",
    "hours so far this quarter against last quarter",
    "licence spend this quarter against last quarter",
    "revenue in January 2027 vs Q4 2026",
])
def test_unequal_spans_compared_are_flagged_not_comparable(con, cfg, question: str) -> None:
    answer = flagged_or_refused(ask_as(con, cfg, question, DEMO.as_of), question)
    if not answer.refused:
        assert "not comparable" in answer.narrative, (question, answer.narrative)


@pytest.mark.parametrize("question", [
    "revenue in Q4 2026 against Q3 2026",
    "gross profit January 2027 compared with December 2026",
    "hours logged in February 2027 vs January 2027",
])
def test_periods_the_data_covers_alike_stay_confident(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert "not comparable" not in answer.narrative, (question, answer.narrative)


@pytest.mark.parametrize("question", [
    "team billable utilisation for the quarter so far",
    "each technician's utilization since the start of January",
    "which engineers are running above 80% billable this quarter",
    "how busy has Priya been this quarter, utilisation",
])
def test_utilisation_past_the_data_end_counts_capacity_to_it(con, cfg, question: str) -> None:
    """The metric itself now stops capacity at the last day the data covers (lead, ff97126, after h127 had flagged
    these): each value is the one over 1 Jan - 28 Feb 2027, never diluted by 1-10 March's weekdays."""
    from moat import clock
    from moat.metrics import utilization

    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert not answer.refused and answer.rows, (question, answer.narrative)
    with clock.asked_on(DEMO.as_of):
        frame = utilization(con, Period(date(2027, 1, 1), date(2027, 2, 28)))
    each = {row["technician_name"]: row["billable_utilization"] for row in frame.iter_rows(named=True)}
    team = float(frame["billable_hours"].sum()) / float(frame["available_hours"].sum())
    for row in answer.rows:
        if len(row) == 1:
            want = each["Priya Shah"] if "Priya" in question else team
            assert float(row[0]) == pytest.approx(want), (question, answer.rows)
        else:
            assert float(row[1]) == pytest.approx(each[row[0]]), (question, row)


@pytest.mark.parametrize("question", [
    "team billable utilisation in February 2027",
    "each technician's utilization in Q4 2026",
])
def test_utilisation_of_covered_periods_stays_confident(con, cfg, question: str) -> None:
    confident(ask_as(con, cfg, question, DEMO.as_of), question)


# C. a yes/no about the company's change against a mark ------------------------------------------------------------
@pytest.mark.parametrize(("question", "metric"), [
    ("did our revenue grow by over 1% in February 2027", "revenue"),
    ("has gross profit dropped by more than 500 from January 2027 to February 2027", "gross_profit"),
    ("did revenue decrease by at least 3 percent in Feb 2027 compared to Jan 2027", "revenue"),
    ("did total hours go up by more than 100 in February 2027", "hours"),
])
def test_company_change_against_a_mark_is_one_row(con, cfg, question: str, metric: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    jan, feb = (kpis(con, Period(date(2027, m, 1), date(2027, m, d)))[metric] for m, d in ((1, 31), (2, 28)))
    assert len(answer.rows) == 1 and answer.columns[-1] == "passes", (question, answer.columns, answer.rows)
    before, after, delta = (float(v) for v in answer.rows[0][:3])
    assert (round(before, 2), round(after, 2)) == (round(float(jan), 2), round(float(feb), 2)), (question, answer.rows)
    assert round(delta, 2) == round(float(feb) - float(jan), 2)
    said = answer.narrative.rsplit(":", 1)[-1].strip(" .")
    assert said == ("yes" if answer.rows[0][-1] else "no"), answer.narrative


def test_which_clients_changed_past_a_mark_stays_a_list(con, cfg) -> None:
    question = "which clients' revenue rose by more than 1% in February 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.columns[0] == "client_name" and len(answer.rows) > 1, (answer.columns, answer.rows)


# H. non-billable time: one entity's part of everyone's, each entity's split, "X's non-billable %" -----------------
def _non_billable(con, technician: str | None) -> float:
    """Non-billable hours of February 2027 (of one technician, or everyone's), straight from the time entries."""
    where = "" if technician is None else "AND technician_name = ?"
    row = con.execute("SELECT sum(hours) FROM cur_time_entries WHERE NOT billable AND date BETWEEN DATE '2027-02-01' "
                      f"AND DATE '2027-02-28' {where}", [] if technician is None else [technician]).fetchone()
    return float(row[0])


@pytest.mark.parametrize("question", [
    "what part of the unbilled time in February 2027 was Tom Becker's",
    "Tom Becker's fraction of the non-chargeable hours, February 2027",
    "of all unbilled hours in Feb 2027, what percentage did Tom Becker log",
])
def test_one_technicians_part_of_unbilled_time(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    want = _non_billable(con, "Tom Becker") / _non_billable(con, None)
    assert abs(float(answer.rows[0][0]) - want) < 1e-6, (question, answer.rows, want)


@pytest.mark.parametrize("question", [
    "each engineer's portion of the unbilled time, February 2027",
    "non-billable hours share per client for February 2027",
    "which client accounts for the biggest share of the non-chargeable hours in February 2027",
    "who has the largest slice of unbilled hours in Feb 2027",
    "which segment takes the biggest share of billable hours, February 2027",
])
def test_each_entitys_part_of_the_time_is_refused(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused and "share of the team's total" in answer.narrative, (question, answer.interpretation,
                                                                              answer.rows)


@pytest.mark.parametrize("question", [
    "Tom Becker non-billable % in February 2027",
    "Tom Becker's unbillable %, February 2027",
])
def test_own_non_billable_percent_is_the_own_share(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    row = con.execute("SELECT sum(hours) FILTER (WHERE NOT billable) / sum(hours) FROM cur_time_entries "
                      "WHERE technician_name = 'Tom Becker' AND date BETWEEN "
                      "DATE '2027-02-01' AND DATE '2027-02-28'").fetchone()
    assert abs(float(answer.rows[0][-1]) - float(row[0])) < 1e-6, (question, answer.rows, row)


def test_non_billable_share_by_technician_stays_each_ones_own(con, cfg) -> None:
    question = "non-billable share by engineer, February 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert len(answer.rows) > 1 and all(0 <= float(r[1]) <= 1 for r in answer.rows), answer.rows


# G. a count of related entities with a billing word counts those with such hours ---------------------------------
def _related(con, count: str, named: str, name: str, billing: str) -> int:
    """Distinct ``count`` (client_key / technician_key) with ``billing`` time entries on the ``named`` one in Feb 2027."""
    row = con.execute(f"SELECT count(DISTINCT {count}) FROM cur_time_entries WHERE {named} = ? AND {billing} AND date "
                      "BETWEEN DATE '2027-02-01' AND DATE '2027-02-28' AND client_key IS NOT NULL", [name]).fetchone()
    return int(row[0])


@pytest.mark.parametrize(("question", "count", "named", "name", "billing"), [
    ("how many customers did Tom Becker put unbilled hours into in February 2027", "client_key", "technician_name",
     "Tom Becker", "NOT billable"),
    ("number of clients Priya Shah logged non-billable time for, Feb 2027", "client_key", "technician_name",
     "Priya Shah", "NOT billable"),
    ("how many engineers recorded non-chargeable time against Harbor Logistics in February 2027", "technician_key",
     "client_name", "Harbor Logistics", "NOT billable"),
])
def test_count_of_related_with_billing_word(con, cfg, question: str, count: str, named: str, name: str,
                                            billing: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    want = _related(con, count, named, name, billing)
    every = _related(con, count, named, name, "TRUE")
    assert want < every, (question, want, every)  # the demo tells the two readings apart
    assert answer.rows == [[want]], (question, answer.interpretation, answer.rows, want)


# E. "total" / "across" with two periods joined by "and": one total over both ------------------------------------
@pytest.mark.parametrize(("question", "metric", "start", "end"), [
    ("total revenue in Q3 2026 and Q4 2026", "revenue", date(2026, 7, 1), date(2026, 12, 31)),
    ("labour cost across Q3 2026 and Q4 2026", "labour_cost", date(2026, 7, 1), date(2026, 12, 31)),
    ("what were total hours for Q3 2026 and Q4 2026", "hours", date(2026, 7, 1), date(2026, 12, 31)),
])
def test_total_over_two_periods_is_one_sum(con, cfg, question: str, metric: str, start: date, end: date) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    want = kpis(con, Period(start, end))[metric]
    assert len(answer.rows) == 1 and len(answer.rows[0]) == 1, (question, answer.interpretation, answer.rows)
    assert round(float(answer.rows[0][0]), 2) == round(float(want), 2), (question, answer.rows, want)


@pytest.mark.parametrize("question", [
    "total revenue January 2027 vs February 2027",
    "how did total revenue change from January 2027 to February 2027",
])
def test_total_with_a_comparison_word_stays_compared(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.columns[:3] == ["before", "after", "change"], (question, answer.columns)


# F. "in any of the last N months": the condition in at least one of them, each on its own -------------------------
@pytest.mark.parametrize("question", [
    "how many customers were in the red in any of the past 2 months",
    "count the clients with negative gross profit in any one of the last two months",
])
def test_any_of_the_last_months_is_each_month_on_its_own(con, cfg, question: str) -> None:
    from moat.metrics.profitability import profitability

    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    losers = set()
    for start, end in ((date(2027, 1, 1), date(2027, 1, 31)), (date(2027, 2, 1), date(2027, 2, 28))):
        df = profitability(con, Period(start, end), None)
        losers |= {r["client_key"] for r in df.iter_rows(named=True) if (r["gross_profit"] or 0) < 0}
    merged = profitability(con, Period(date(2027, 1, 1), date(2027, 2, 28)), None)
    together = sum(1 for r in merged.iter_rows(named=True) if (r["gross_profit"] or 0) < 0)
    assert len(losers) != together, (len(losers), together)  # the demo tells the two readings apart
    assert answer.rows == [[len(losers)]], (question, answer.interpretation, answer.rows, len(losers))


@pytest.mark.parametrize("question", [
    "highest-revenue customer in each of Q3 2026 and Q4 2026",
    "which engineers were among the top 3 for hours in both Q3 2026 and Q4 2026",
    "clients whose gross profit went up in each of the last two months",
])
def test_ranking_or_change_in_each_period_is_refused(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused and "in each of several periods" in answer.narrative, (question, answer.interpretation,
                                                                                  answer.rows)


def test_condition_in_each_period_still_answered(con, cfg) -> None:
    question = "which clients lost money in each of the last two months"
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert not answer.refused and "every one of" in answer.interpretation, (answer.interpretation, answer.narrative)


# I. the size measure written after the entities, or a quiet word: rows chosen by it ------------------------------
@pytest.mark.parametrize(("question", "size", "order"), [
    ("effective hourly rate of our 3 largest customers by hours in February 2027", "hours", "desc"),
    ("gross margin for the 3 biggest accounts by gross profit, February 2027", "gross_profit", "desc"),
    ("EHR for the 3 clients with the most hours in Feb 2027", "hours", "desc"),
])
def test_rows_chosen_by_the_size_measure_named(con, cfg, question: str, size: str, order: str) -> None:
    from moat.metrics.profitability import profitability

    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    df = profitability(con, Period(date(2027, 2, 1), date(2027, 2, 28)), None)
    ranked = sorted(((float(r[size]), r["client_name"]) for r in df.iter_rows(named=True) if r[size] is not None),
                    key=lambda t: (t[0] if order == "asc" else -t[0], t[1]))
    assert [r[0] for r in answer.rows] == [name for _, name in ranked[:3]], (question, answer.interpretation,
                                                                             answer.rows)


def test_quietest_technicians_are_those_with_fewest_hours(con, cfg) -> None:
    question = "billable hours of our 3 quietest engineers in February 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    fewest = con.execute("SELECT technician_name FROM cur_time_entries WHERE date BETWEEN DATE '2027-02-01' AND "
                         "DATE '2027-02-28' GROUP BY technician_name ORDER BY sum(hours), technician_name LIMIT 3").fetchall()
    assert [r[0] for r in answer.rows] == [r[0] for r in fewest], (answer.interpretation, answer.rows, fewest)


# B. "top N by A, sorted by B": the rows are the top N by A -------------------------------------------------------
@pytest.mark.parametrize(("question", "size", "order"), [
    ("top 4 customers by gross profit, sorted by margin, February 2027", "gross_profit", "desc"),
    ("bottom 4 accounts by profit then ranked by gross margin, Feb 2027", "gross_profit", "asc"),
    ("top 4 clients by hours, ordered by effective hourly rate, February 2027", "hours", "desc"),
])
def test_limit_measure_chooses_the_rows(con, cfg, question: str, size: str, order: str) -> None:
    from moat.metrics.profitability import profitability

    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    df = profitability(con, Period(date(2027, 2, 1), date(2027, 2, 28)), None)
    ranked = sorted(((float(r[size]), r["client_name"]) for r in df.iter_rows(named=True) if r[size] is not None),
                    key=lambda t: (t[0] if order == "asc" else -t[0], t[1]))
    assert {r[0] for r in answer.rows} == {name for _, name in ranked[:4]}, (question, answer.interpretation,
                                                                             answer.rows)


# K. "I" / "me" joined to a technician's name: refused as "my hours" is -------------------------------------------
@pytest.mark.parametrize("question", [
    "how many hours did Tom Becker and I log in February 2027",
    "billable hours for me and Priya Shah, February 2027",
    "hours that myself and Tom Becker recorded in Feb 2027",
])
def test_me_and_a_technician_is_refused(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused and "which technician" in answer.narrative, (question, answer.interpretation, answer.rows)


def test_two_named_technicians_still_answered(con, cfg) -> None:
    question = "show me and compare hours for Tom Becker and Priya Shah in February 2027"
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert not answer.refused, (question, answer.narrative)


# A. "everyone's <technician measure>": the technicians listed; "everyone's margin" flagged ------------------------
@pytest.mark.parametrize("question", [
    "everybody's billable hours in February 2027",
    "how is everyone doing on billable utilisation, February 2027",
    "hours worked for everybody in Feb 2027",
])
def test_everyones_figure_lists_the_technicians(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    techs = con.execute("SELECT count(DISTINCT technician_key) FROM cur_technicians").fetchone()[0]
    assert answer.columns[0] == "technician_name" and len(answer.rows) == techs, (question, answer.columns,
                                                                                  len(answer.rows), techs)


def test_everyones_margin_is_flagged(con, cfg) -> None:
    question = "everybody's gross margin in February 2027"
    flagged_or_refused(ask_as(con, cfg, question, DEMO.as_of), question)


def test_total_for_everyone_stays_one_figure(con, cfg) -> None:
    question = "total hours for everyone in February 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert len(answer.rows) == 1 and len(answer.rows[0]) == 1, answer.rows


# M. what clients pay for a product "in total / altogether": refused (revenue per product is not held) -------------
@pytest.mark.parametrize("question", [
    "what do customers pay altogether for Microsoft licences in February 2027",
    "how much do our clients pay in total for Huntress, February 2027",
    "total that clients pay for Microsoft in Feb 2027",
])
def test_what_clients_pay_for_a_product_is_refused(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused and "revenue is not recorded per product" in answer.narrative, (
        question, answer.interpretation, answer.rows)


def test_what_we_pay_for_a_product_stays_licence_cost(con, cfg) -> None:
    question = "what do we pay in total for Microsoft licences in February 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert "licence cost" in answer.interpretation, answer.interpretation


# D. "running" with the measure inside or beside the months: the running total --------------------------------------
@pytest.mark.parametrize(("question", "metric"), [
    ("running revenue total by month, Q4 2026", "revenue"),
    ("gross profit per month, running, Q4 2026", "gross_profit"),
    ("Q4 2026 running hours sum per month", "hours"),
])
def test_running_word_order(con, cfg, question: str, metric: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    months = ((date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 30)),
              (date(2026, 12, 1), date(2026, 12, 31)))
    total, want = 0.0, []
    for start, end in months:
        total += float(kpis(con, Period(start, end))[metric])
        want.append(round(total, 2))
    assert [round(float(r[1]), 2) for r in answer.rows] == want, (question, answer.rows, want)


def test_running_costs_is_no_running_total(con, cfg) -> None:
    answer = ask_as(con, cfg, "running costs by month, Q4 2026", DEMO.as_of)
    assert "running total" not in (answer.interpretation or ""), answer.interpretation


# G2. a count "in A vs B": each period's count and the change ------------------------------------------------------
@pytest.mark.parametrize(("question", "count", "named", "name"), [
    ("how many engineers worked on Harbor Logistics in January 2027 vs February 2027", "technician_key", "client_name",
     "Harbor Logistics"),
    ("how many clients did Tom Becker work for, January 2027 versus February 2027", "client_key", "technician_name",
     "Tom Becker"),
])
def test_count_in_two_periods_is_each_count(con, cfg, question: str, count: str, named: str, name: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    want = [con.execute(f"SELECT count(DISTINCT {count}) FROM cur_time_entries WHERE {named} = ? AND client_key IS NOT "
                        "NULL AND date BETWEEN ? AND ?", [name, s, e]).fetchone()[0]
            for s, e in ((date(2027, 1, 1), date(2027, 1, 31)), (date(2027, 2, 1), date(2027, 2, 28)))]
    assert answer.rows == [[want[0], want[1], want[1] - want[0]]], (question, answer.rows, want)
    assert answer.narrative.startswith("Number of "), answer.narrative


# G. a mark on a number of other entities ("clients more than 3 techs worked on"): refused, never hours --------------
@pytest.mark.parametrize("question", [
    "how many customers did more than 4 engineers work on in February 2027",
    "number of accounts with unbilled hours from more than 2 techs, Feb 2027",
])
def test_mark_on_a_number_of_other_entities_is_refused(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused and "count the different" in answer.narrative, (question, answer.interpretation,
                                                                                    answer.rows)


def test_mark_on_hours_still_answered(con, cfg) -> None:
    question = "how many engineers worked more than 100 hours in February 2027"
    confident(ask_as(con, cfg, question, DEMO.as_of), question)
