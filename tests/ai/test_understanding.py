"""Issue 15: never confidently wrong. Each question below was answered with a number for a different question (or
refused) before; the answers are checked against SQL written here over the ``cur_*`` views, not through ``moat.ai``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from moat import db
from moat.ai.engine import ask
from moat.governance.permissions import User

AS_OF = date(2026, 11, 25)
ANALYST = User("ana", "analyst")


def _ask(con: db.Connection, cfg, question: str):
    return ask(con, ANALYST, question, AS_OF, use_cache=False, config=cfg, model=None)


def _margins(con: db.Connection, start: str, end: str) -> dict[str, float]:
    """Gross margin per client: (revenue - labour - licences - other costs) / revenue, as the glossary defines it."""
    from moat.metrics.periods import Period
    from moat.metrics.profitability import profitability

    df = profitability(con, Period(date.fromisoformat(start), date.fromisoformat(end)))
    return {r["client_name"]: r["gross_margin"] for r in df.iter_rows(named=True) if r["gross_margin"] is not None}


def test_unused_seats_of_a_vendor_are_a_seat_count(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "how many unused Huntress seats did we pay for in October?")
    want = db.scalar(demo_con, """
        SELECT sum(seats_purchased - coalesce(seats_active, seats_assigned)) FROM cur_licenses
        WHERE vendor = 'Huntress' AND month BETWEEN '2026-10-01' AND '2026-10-31'""")
    assert a.slots["metric"] == "seats_unused" and a.rows == [[int(want)]] and not a.provisional


def test_waste_of_one_product_keeps_the_product(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "cost of unused Business Premium seats in H1")
    want = db.scalar(demo_con, """
        SELECT sum((seats_purchased - coalesce(seats_active, seats_assigned)) * unit_cost) FROM cur_licenses
        WHERE product = 'Microsoft 365 Business Premium' AND month BETWEEN '2026-01-01' AND '2026-06-30'""")
    assert a.slots["metric"] == "license_waste" and a.rows == [[Decimal(str(want)).quantize(Decimal("0.01"))]]
    assert a.slots["filters"] == {"product": ["Microsoft 365 Business Premium"]}


def test_percentage_of_seats_assigned_is_a_percentage(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "what percentage of our purchased seats are actually assigned, last month?")
    assigned, purchased = db.rows(demo_con, """
        SELECT sum(seats_assigned), sum(seats_purchased) FROM cur_licenses
        WHERE month BETWEEN '2026-10-01' AND '2026-10-31'""")[0]
    assert a.slots["metric"] == "license_utilization" and a.rows[0][0] == pytest.approx(assigned / purchased)


def test_how_many_technicians_above_a_threshold(demo_con: db.Connection, ask_config) -> None:
    from moat.metrics.periods import Period
    from moat.metrics.utilization import utilization

    a = _ask(demo_con, ask_config, "how many techs were above 80% billable in H1 2026?")
    util = utilization(demo_con, Period(date(2026, 1, 1), date(2026, 6, 30)))
    want = sum(1 for v in util["billable_utilization"].to_list() if v is not None and v > 0.8)
    assert a.slots["metric"] == "billable_utilization" and a.slots["count"] and a.slots["grouping"] == "technician"
    assert a.rows == [[want]]


def test_which_clients_margin_dropped_between_two_quarters(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "which clients' margin dropped from Q2 to Q3 2026?")
    q2, q3 = _margins(demo_con, "2026-04-01", "2026-06-30"), _margins(demo_con, "2026-07-01", "2026-09-30")
    dropped = {n for n in q2.keys() & q3.keys() if q3[n] < q2[n]}
    assert a.columns == ["client_name", "before", "after", "change"]
    assert {r[0] for r in a.rows} == dropped and len(a.rows) == len(dropped)
    for name, before, after, change in a.rows:
        assert (before, after) == (pytest.approx(q2[name]), pytest.approx(q3[name])) and change < 0
    assert [r[3] for r in a.rows] == sorted(r[3] for r in a.rows)  # biggest drop first


def test_margins_between_two_values(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "customers with margins between 0 and 10% last month")
    want = {n for n, m in _margins(demo_con, "2026-10-01", "2026-10-31").items() if 0 <= m <= 0.10}
    assert a.slots["grouping"] == "client" and {r[0] for r in a.rows} == want and want


def test_rank_all_worst_first_has_no_limit(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "Rank all clients by gross margin for Q3, worst first")
    margins = _margins(demo_con, "2026-07-01", "2026-09-30")
    assert len(a.rows) == len(margins) > 5
    assert [r[0] for r in a.rows] == [n for n, _ in sorted(margins.items(), key=lambda kv: (kv[1], kv[0]))]


def test_one_technician_against_the_target_band(demo_con: db.Connection, ask_config) -> None:
    from moat.metrics.periods import Period
    from moat.metrics.utilization import utilization

    a = _ask(demo_con, ask_config, "is Priya overloaded? utilisation last month")
    util = utilization(demo_con, Period(date(2026, 10, 1), date(2026, 10, 31)))
    want = util.filter(util["technician_name"] == "Priya Shah")["billable_utilization"][0]
    assert a.rows == [[pytest.approx(want)]] and "target band" in a.narrative and "Nothing matches" not in a.narrative


@pytest.mark.parametrize(("question", "metric", "grouping"), [
    ("who's costing me money?", "gross_profit", "client"),
    ("did Copperfield Family Clinic make us any money in Q2?", "gross_profit", "client"),
    ("gimme the top 5 cash cows for Q1", "gross_profit", "client"),
    ("wich clints r losing us mony this yr", "gross_profit", "client"),
    ("billable % for every technician", "billable_utilization", "technician"),
    ("money pits this year", "gross_profit", "client"),
])
def test_how_owners_type(demo_con: db.Connection, ask_config, question: str, metric: str, grouping: str) -> None:
    a = _ask(demo_con, ask_config, question)
    assert not a.refused and (a.slots["metric"], a.slots["grouping"]) == (metric, grouping) and not a.ignored


def test_owner_answers_are_the_right_rows(demo_con: db.Connection, ask_config) -> None:
    losing = _ask(demo_con, ask_config, "wich clints r losing us mony this yr")
    assert losing.slots["start"] == "2026-01-01" and losing.slots["end"] == AS_OF.isoformat()
    assert losing.rows and all(v < 0 for _, v in losing.rows)
    every = _ask(demo_con, ask_config, "billable % for every technician")
    techs = db.scalar(demo_con, "SELECT count(DISTINCT technician_name) FROM cur_technicians")
    assert len(every.rows) == techs  # every = no limit
    cows = _ask(demo_con, ask_config, "gimme the top 5 cash cows for Q1")
    assert len(cows.rows) == 5 and cows.slots["order"] == "desc"


def test_two_periods_give_both_values_and_the_change(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "revenue Q2 2026 vs Q3 2026")
    q2, q3 = (db.scalar(demo_con, "SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN ? AND ? "
                                  "AND coalesce(lower(status), '') NOT IN ('draft', 'void')", [s, e])
              for s, e in (("2026-04-01", "2026-06-30"), ("2026-07-01", "2026-09-30")))
    assert a.columns == ["before", "after", "change"]
    before, after, change = a.rows[0]
    assert (float(before), float(after)) == (pytest.approx(float(q2)), pytest.approx(float(q3)))
    assert float(change) == pytest.approx(float(q3) - float(q2))
    mom = _ask(demo_con, ask_config, "revenue month over month in Q3 2026")
    assert mom.columns == ["month", "revenue", "change"] and mom.rows[1][2] == mom.rows[1][1] - mom.rows[0][1]
    yoy = _ask(demo_con, ask_config, "revenue in September 2026 compared with last year")
    assert yoy.slots["compare_start"] == "2025-09-01" and yoy.slots["start"] == "2026-09-01"


def test_an_unplaced_word_makes_the_answer_partial(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "revenue last quarter for our premium tier")
    assert not a.refused and "tier" in a.ignored
    assert a.provisional and a.confidence < ask_config.review_confidence
    assert "did not use" in a.narrative and "'tier'" in a.narrative
    full = _ask(demo_con, ask_config, "please give me our revenue for last quarter")
    assert full.ignored == [] and not full.provisional  # filler is a known list


@pytest.mark.parametrize(("question", "kind"), [
    ("how many unused seats did we have last month", "seats"),
    ("how much did unused seats cost us last month", "money"),
    ("what percentage of seats were assigned last month", "percent"),
    ("how many hours did Priya Shah work in March", "hours"),
    ("how many clients lost money this year", "count"),
])
def test_units_match_the_question(demo_con: db.Connection, ask_config, question: str, kind: str) -> None:
    from moat.ai.catalogue import METRICS

    a = _ask(demo_con, ask_config, question)
    got = "count" if a.slots["count"] else METRICS[a.slots["metric"]].kind
    assert got == kind


def test_a_unit_no_measure_has_is_refused(demo_con: db.Connection, ask_config) -> None:
    a = _ask(demo_con, ask_config, "what percentage of revenue did we bring in last month")
    assert a.refused and not a.rows and "unit" in a.narrative


def test_non_english_and_over_long_questions(demo_con: db.Connection, ask_config) -> None:
    spanish = _ask(demo_con, ask_config, "¿Cuántos clientes perdieron dinero el año pasado?")
    assert spanish.refused and "English" in spanish.narrative
    german = _ask(demo_con, ask_config, "Welche Kunden hatten den höchsten Umsatz im letzten Quartal?")
    assert german.refused and "English" in german.narrative
    long = _ask(demo_con, ask_config, "revenue " + "and also the margin of every client " * 12)
    assert long.refused and "too long" in long.narrative


def test_why_and_what_to_do_are_routed(demo_con: db.Connection, ask_config) -> None:
    why = _ask(demo_con, ask_config, "why is Meridian Dental Group's margin so low last quarter?")
    assert why.route == "explain" and not why.refused and why.intent == "route.explain"
    assert why.columns == ["component", "contribution_pts", "contribution_money"] and why.rows
    assert "Meridian Dental Group" in why.narrative and "median" in why.narrative
    todo = _ask(demo_con, ask_config, "what should we do about licence waste?")
    assert todo.route == "insights" and todo.rows and all(r[0] == "reclaim_seats" for r in todo.rows)


def test_names_resolve_as_uploads_do(demo_con: db.Connection, ask_config) -> None:
    suffix = _ask(demo_con, ask_config, "revenue of Meridian Dental Group Inc. last quarter")
    assert suffix.slots["filters"] == {"client": ["Meridian Dental Group"]} and suffix.ignored == []
    demo_con.execute("INSERT INTO aliases VALUES ('client', 'mdg holdings', 'MDG Holdings', 'meridian dental group', "
                     "'Meridian Dental Group', 'test', now())")
    alias = _ask(demo_con, ask_config, "revenue of MDG Holdings last quarter")
    assert not alias.refused and alias.slots["filters"] == {"client": ["Meridian Dental Group"]}
    assert alias.rows == suffix.rows
