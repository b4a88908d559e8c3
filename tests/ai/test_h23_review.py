"""Issue 15 (h23): the h19 reviewer's confidently wrong classes, on the reviewer's own demo (seed 211, data to
2023-06-30, asked as of 2023-07-12), each checked against SQL written here from DESIGN.md's glossary and against the
reviewer's published figures, or as a refusal that says what to ask instead. Phrasings are the reviewer's (the dev
families of bench/eval_families/dev/h23_review.yaml hold h23's own)."""

from __future__ import annotations

from datetime import date

import pytest

from moat import db
from moat.ai.engine import ask
from moat.governance.permissions import User
from tests.ai.asking import AskDemo, ask_as, confident

AS_OF = date(2023, 7, 12)
Q2 = ["2023-04-01", "2023-06-30"]
JUNE = ["2023-06-01", "2023-06-30"]


DEMO = AskDemo(seed=211, end=date(2023, 6, 30), as_of=AS_OF)


def _ask(con, cfg, question: str, as_of: date = AS_OF):
    return ask_as(con, cfg, question, as_of)


def _confident(con, cfg, question: str, as_of: date = AS_OF):
    return confident(_ask(con, cfg, question, as_of), question)


def _refused_with_help(con, cfg, question: str, as_of: date = AS_OF):
    a = _ask(con, cfg, question, as_of)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert "ask" in a.narrative.lower() and a.suggestions, (question, a.narrative, a.suggestions)
    return a


def _hours(con, where: str, params: list) -> tuple[float, float]:
    """(hours worked, billable hours) of the time entries matching ``where``."""
    h, b = db.rows(con, f"SELECT sum(hours), coalesce(sum(hours) FILTER (WHERE billable), 0) FROM cur_time_entries "
                        f"WHERE {where}", params)[0]
    return float(h), float(b)


# ------------------------------------------------------------------ 1. "not billed" is the complement
@pytest.mark.parametrize(("question", "period", "tech", "published"), [
    ("hours we did not bill last month", JUNE, None, 426.5),
    ("how many hours were not billed in Q2", Q2, None, 1213.5),
    ("how many hours did Tom not bill in June", JUNE, "Tom Becker", 37),
])
def test_hours_not_billed_are_hours_worked_minus_billable(con, cfg, question, period, tech, published) -> None:
    where, params = "date BETWEEN ? AND ?", list(period)
    if tech:
        where, params = where + " AND technician_name = ?", params + [tech]
    worked, billable = _hours(con, where, params)
    a = _confident(con, cfg, question)
    assert float(a.rows[0][0]) == pytest.approx(worked - billable) == pytest.approx(published)


def test_a_clients_hours_not_billed(con, cfg) -> None:
    worked, billable = _hours(con, "date BETWEEN ? AND ? AND client_name = 'Harbor Logistics'", Q2)
    a = _confident(con, cfg, "Harbor Logistics hours not billed last quarter")
    assert float(a.rows[0][0]) == pytest.approx(worked - billable) == pytest.approx(113.5)


@pytest.mark.parametrize(("question", "tech", "published"), [
    ("what % of hours were not billable in Q2", None, 0.177),
    ("what % of Tom's time was not billable last quarter", "Tom Becker", 0.529),
    ("what % of hours didn't we bill last quarter", None, 0.177),
])
def test_the_share_not_billed_is_the_complement_of_the_billable_share(con, cfg, question, tech, published) -> None:
    where, params = "date BETWEEN ? AND ?", list(Q2)
    if tech:
        where, params = where + " AND technician_name = ?", params + [tech]
    worked, billable = _hours(con, where, params)
    a = _confident(con, cfg, question)
    assert a.rows[0][0] == pytest.approx((worked - billable) / worked) and a.rows[0][0] == pytest.approx(published, abs=5e-4)


# ------------------------------------------------------------------ 2. counting technicians / segments / vendors
@pytest.mark.parametrize(("question", "sql", "published"), [
    ("how many technicians do we have", "SELECT count(DISTINCT technician_key) FROM cur_technicians", 15),
    ("how many techs do we have", "SELECT count(DISTINCT technician_key) FROM cur_technicians", 15),
    ("number of technicians", "SELECT count(DISTINCT technician_key) FROM cur_technicians", 15),
    ("headcount", "SELECT count(DISTINCT technician_key) FROM cur_technicians", 15),
    ("how many segments do we have", "SELECT count(DISTINCT segment) FROM cur_clients", 6),
    ("how many vendors do we have", "SELECT count(DISTINCT vendor) FROM cur_licenses WHERE month BETWEEN '2023-04-01' "
                                    "AND '2023-06-30'", None),
])
def test_a_count_of_a_kind_counts_that_kind_never_clients(con, cfg, question, sql, published) -> None:
    want = db.scalar(con, sql)
    a = _confident(con, cfg, question)
    assert a.rows == [[want]], (question, a.interpretation)
    assert published is None or want == published
    assert "clients" not in (a.interpretation or "")


# ------------------------------------------------------------------ 3. "worst" / "cost us the most" win over "by profit"
@pytest.mark.parametrize("question", ["who cost us the most? three worst clients by profit",
                                      "who cost us the most? three worst clients by profit in Q2",
                                      "who cost us the most? 3 worst clients by profit, Q2"])
def test_worst_clients_by_profit_are_the_bottom_three(con, cfg, question) -> None:
    a = _confident(con, cfg, question)
    assert [r[0] for r in a.rows] == ["Meridian Dental Group", "Westgate Family Clinic", "Granite Law Partners"]
    assert [float(r[1]) for r in a.rows] == pytest.approx([-16084.57, -854.73, -380.38], abs=0.005)


# ------------------------------------------------------------------ 4. a technician's per-client rows
def _tech_clients(con, tech: str, period: list[str], billable: bool = False) -> list[tuple[str, float]]:
    col = "CASE WHEN billable THEN hours ELSE 0 END" if billable else "hours"
    rows = db.rows(con, f"SELECT client_name, sum({col}) AS h FROM cur_time_entries WHERE technician_name = ? AND date "
                        f"BETWEEN ? AND ? GROUP BY client_name ORDER BY h DESC, client_name", [tech, *period])
    return [(n, float(h)) for n, h in rows]


def test_a_technicians_top_clients_by_hours_are_clients_never_the_technician(con, cfg) -> None:
    a = _confident(con, cfg, "Priya's top 3 clients by hours in Q2")
    assert [(r[0], float(r[1])) for r in a.rows] == _tech_clients(con, "Priya Shah", Q2)[:3] == [
        ("Meridian Dental Group", 149.5), ("Harbor Logistics", 26.0), ("Lakeside Logistics", 21.0)]


@pytest.mark.parametrize(("question", "tech", "period", "billable"), [
    ("hours per client for Tom Becker last quarter", "Tom Becker", Q2, False),
    ("billable hours per client for Priya in June", "Priya Shah", JUNE, True),
    ("billable hours by client for Zoe Hughes last month", "Zoe Hughes", JUNE, True),
])
def test_per_client_hours_of_one_technician_list_every_client(con, cfg, question, tech, period, billable) -> None:
    a = _confident(con, cfg, question)
    assert sorted((r[0], float(r[1])) for r in a.rows) == sorted(_tech_clients(con, tech, period, billable))
    assert tech not in [r[0] for r in a.rows] and len(a.rows) > 1


def test_labour_cost_per_technician_adds_up_to_the_company_labour_cost(con, cfg) -> None:
    each = _confident(con, cfg, "labour cost by technician last quarter")
    total = _confident(con, cfg, "labour cost last quarter")
    assert sum(float(r[1]) for r in each.rows) == pytest.approx(float(total.rows[0][0]), abs=0.05)
    priya = db.scalar(con, "SELECT sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) FROM cur_time_entries te "
                           "JOIN cur_technicians t USING (technician_key) WHERE te.technician_name = 'Priya Shah' "
                           "AND te.client_key IS NOT NULL AND te.date BETWEEN ? AND ?", JUNE)
    assert float(_confident(con, cfg, "labour cost for Priya Shah in June").rows[0][0]) == pytest.approx(float(priya), abs=0.005)


# ------------------------------------------------------------------ 5. "today" / "yesterday": the day, or refused
def test_today_is_the_as_of_day(con, cfg) -> None:
    day = date(2023, 6, 30)
    all_hours, _ = _hours(con, "date = ?", [day])
    priya, _ = _hours(con, "date = ? AND technician_name = 'Priya Shah'", [day])
    assert float(_confident(con, cfg, "hours today", day).rows[0][0]) == pytest.approx(all_hours) == pytest.approx(113.5)
    assert float(_confident(con, cfg, "how many hours did Priya log today", day).rows[0][0]) == pytest.approx(priya) == 9


@pytest.mark.parametrize(("question", "as_of"), [("hours today", AS_OF), ("revenue today", date(2023, 6, 30)),
                                                 ("margin today", date(2023, 6, 30)), ("revenue yesterday", AS_OF),
                                                 ("hours this morning", date(2023, 6, 30))])
def test_a_day_without_data_or_a_money_figure_for_a_day_is_refused(con, cfg, question, as_of) -> None:
    _refused_with_help(con, cfg, question, as_of)


# ------------------------------------------------------------------ 6, 9, 13, 15: refused naming what to ask
@pytest.mark.parametrize("question", [
    "rent in 2023", "insurance in H1", "mileage last quarter",  # h115: overhead itself is answered (test_h115_classes)
    "net profit last quarter", "company profit after all costs Q2", "net profit by client", "EBITDA last quarter",
    "number of invoices in May",
    "what % of seats are in use last month",
])
def test_figures_not_held_are_refused_saying_what_to_ask(con, cfg, question) -> None:
    _refused_with_help(con, cfg, question)


@pytest.mark.parametrize(("question", "category", "period", "published"), [
    ("what did we pay subcontractors in Q2", "subcontractor", Q2, 8257.03),
    ("what did we spend on travel last quarter", "travel", Q2, 11150.56),
    ("hardware costs this year", "hardware", ["2023-01-01", "2023-07-12"], 9500.52),
])
def test_a_cost_category_is_other_direct_cost_of_that_category(con, cfg, question, category, period, published) -> None:
    want = db.scalar(con, "SELECT sum(amount) FROM cur_costs WHERE client_key IS NOT NULL AND lower(category) = ? AND "
                          "date BETWEEN ? AND ?", [category, *period])
    a = _confident(con, cfg, question)
    assert float(a.rows[0][0]) == pytest.approx(float(want), abs=0.005) == pytest.approx(published, abs=0.005)
    assert a.slots["filters"] == {"category": [category]}


def test_a_cost_category_by_client_lists_the_clients_with_those_costs(con, cfg) -> None:
    want = db.rows(con, "SELECT client_name, sum(amount) AS v FROM cur_costs WHERE client_key IS NOT NULL AND "
                        "lower(category) = 'subcontractor' AND date BETWEEN ? AND ? GROUP BY 1 ORDER BY v DESC", Q2)
    a = _confident(con, cfg, "subcontractor costs by client Q2")
    assert [(r[0], float(r[1])) for r in a.rows] == [(n, pytest.approx(float(v), abs=0.005)) for n, v in want]
    assert len(a.rows) == 3


def test_a_bare_refusal_names_what_can_be_asked_with_periods_that_hold_data(con, cfg) -> None:
    a = _refused_with_help(con, cfg, "cash collected in H1")
    assert "revenue" in a.narrative and "2026" not in " ".join(a.suggestions)
    assert any("2023" in s for s in a.suggestions), a.suggestions


# ------------------------------------------------------------------ 7. "by client" with a segment named
def _segment_clients(con, segment: str, period: list[str]) -> set[str]:
    return {r[0] for r in db.rows(con, "SELECT DISTINCT c.client_name FROM cur_clients c JOIN cur_invoices i USING "
                                       "(client_key) WHERE c.segment = ? AND i.date BETWEEN ? AND ?", [segment, *period])}


@pytest.mark.parametrize(("question", "segment", "period"), [
    ("retail segment gross profit by client last quarter", "retail", Q2),
    ("revenue by client for the finance segment last month", "finance", JUNE),
    ("gross profit by client, retail segment, H1", "retail", ["2023-01-01", "2023-06-30"]),
])
def test_by_client_with_a_segment_lists_that_segments_clients(con, cfg, question, segment, period) -> None:
    a = _confident(con, cfg, question)
    assert len(a.rows) > 1 and {r[0] for r in a.rows} <= _segment_clients(con, segment, period) | {
        r[0] for r in db.rows(con, "SELECT client_name FROM cur_clients WHERE segment = ?", [segment])}


def test_top_clients_in_a_segment_are_clients(con, cfg) -> None:
    a = _confident(con, cfg, "top 5 clients by revenue in the healthcare segment last quarter")
    want = db.rows(con, "SELECT c.client_name, sum(i.amount) AS r FROM cur_invoices i JOIN (SELECT client_key, any_value("
                        "client_name) AS client_name, any_value(segment) AS segment FROM cur_clients GROUP BY 1) c USING "
                        "(client_key) WHERE c.segment = 'healthcare' AND i.date BETWEEN ? AND ? AND coalesce(lower(trim("
                        "i.status)), '') NOT IN ('draft', 'void') GROUP BY 1 ORDER BY r DESC, 1 LIMIT 5", Q2)
    assert [(r[0], float(r[1])) for r in a.rows] == [(n, pytest.approx(float(v), abs=0.005)) for n, v in want]


# ------------------------------------------------------------------ 8. A vs B products / vendors: one row each
def _licence_cost(con, where: str, params: list) -> float:
    return float(db.scalar(con, f"SELECT sum(seats_purchased * unit_cost) FROM cur_licenses WHERE {where}", params))


def test_two_products_compared_are_two_rows(con, cfg) -> None:
    a = _confident(con, cfg, "Huntress vs SentinelOne spend last quarter")
    got = {r[0].split()[0]: float(r[1]) for r in a.rows}  # each vendor's only product: named either way
    assert got == {"Huntress": pytest.approx(2037.0), "SentinelOne": pytest.approx(6056.25)}
    assert got["Huntress"] == pytest.approx(_licence_cost(con, "product = 'Huntress Managed EDR' AND month BETWEEN ? AND ?",
                                                          Q2))


def test_two_vendors_compared_are_two_rows(con, cfg) -> None:
    a = _confident(con, cfg, "Microsoft vs Datto licence cost last month")
    got = {r[0]: float(r[1]) for r in a.rows}
    assert set(got) == {"Microsoft", "Datto"}
    for vendor, value in got.items():
        assert value == pytest.approx(_licence_cost(con, "vendor = ? AND month BETWEEN ? AND ?", [vendor, *JUNE]))


# ------------------------------------------------------------------ 10. explicit total utilisation wins
@pytest.mark.parametrize(("question", "tech", "period", "published"), [
    ("is Priya Shah burning out? total utilisation last quarter", "Priya Shah", Q2, 0.894),
    ("is Tom underutilised? total utilisation in June", "Tom Becker", JUNE, 0.455),
    ("is Zoe overworked? worked hours vs capacity last quarter", "Zoe Hughes", Q2, 1.077),
])
def test_total_utilisation_said_outright_is_total(con, cfg, question, tech, period, published) -> None:
    worked, _ = _hours(con, "date BETWEEN ? AND ? AND technician_name = ?", [*period, tech])
    capacity = float(db.scalar(con, "SELECT any_value(weekly_capacity_hours) FROM cur_technicians WHERE technician_name = ?",
                               [tech]))
    weekdays = db.scalar(con, "SELECT count(*) FROM generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY) g(d) "
                              "WHERE isodow(d) <= 5", period)
    a = _confident(con, cfg, question)
    assert a.rows[0][0] == pytest.approx(worked / (capacity * weekdays / 5)) and a.rows[0][0] == pytest.approx(published, abs=5e-4)


# ------------------------------------------------------------------ 11. trends stop at the last month with data
@pytest.mark.parametrize("question", ["Tom Becker utilisation trend since January", "Priya's billable hours per month this year",
                                      "monthly hours for Olga Garcia since March", "available hours for Priya this year by month"])
def test_a_technicians_trend_has_no_month_after_the_data(con, cfg, question) -> None:
    a = _ask(con, cfg, question)
    assert not a.refused and a.rows, (question, a.narrative)
    months = [r[0] for r in a.rows]
    assert max(months) <= date(2023, 6, 1) and "Jul 2023" not in a.narrative, (question, months)


# ------------------------------------------------------------------ 12, 16. money makers / top performers are lists
@pytest.mark.parametrize(("question", "metric"), [("show me the money makers for q2", "gross_profit"),
                                                  ("money makers last quarter", "gross_profit"),
                                                  ("show me the top performers by margin for q2", "gross_margin")])
def test_plural_ranked_nouns_list_five_clients(con, cfg, question, metric) -> None:
    a = _confident(con, cfg, question)
    assert a.slots["metric"] == metric and a.slots["grouping"] == "client" and len(a.rows) == 5
    assert [r[1] for r in a.rows] == sorted((r[1] for r in a.rows), reverse=True)


# ------------------------------------------------------------------ 14. assigned but inactive = assigned - active
def test_assigned_but_inactive_seats_are_assigned_minus_active(con, cfg) -> None:
    want = db.scalar(con, "SELECT sum(seats_assigned) - sum(coalesce(seats_active, seats_assigned)) FROM cur_licenses "
                          "WHERE month BETWEEN ? AND ?", JUNE)
    a = _confident(con, cfg, "how many seats are assigned but inactive, last month")
    assert a.rows == [[want]] and want == 308


# ------------------------------------------------------------------ viewers, "why" and the client rows policy
def test_a_viewer_gets_a_clients_why_while_the_policy_shows_client_rows(ask_demo_path, tmp_path, cfg) -> None:
    import shutil

    from moat.governance import policies
    from moat.governance.permissions import local_operator

    copy = tmp_path / "policy.duckdb"
    shutil.copy(ask_demo_path, copy)
    c = db.connect(copy)
    try:
        viewer = User("vic", "viewer")
        question = "why is Meridian Dental Group's margin so low?"
        allowed = ask(c, viewer, question, AS_OF, use_cache=False, config=cfg, model=None)
        assert not allowed.refused and allowed.rows and allowed.route == "explain", allowed.narrative
        analyst = ask(c, User("ana", "analyst"), question, AS_OF, use_cache=False, config=cfg, model=None)
        assert allowed.rows == analyst.rows  # the same explanation the Explain page gives an analyst
        policies.update(c, local_operator(), {"viewers_see_client_rows": False}, cfg)
        refused = ask(c, viewer, question, AS_OF, use_cache=False, config=cfg, model=None)
        assert refused.refused and not refused.rows and "viewers_see_client_rows" in refused.narrative
    finally:
        c.close()


# ------------------------------------------------------------------ wrongly refused before (false reasons, names)
def test_an_ordinary_word_heading_one_clients_name_names_it_and_one_heading_several_is_asked_back(con, cfg) -> None:
    want = db.scalar(con, "SELECT sum(amount) FROM cur_invoices WHERE client_name = 'Harbor Logistics' AND date BETWEEN "
                          "? AND ? AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')", Q2)
    a = _confident(con, cfg, "Harbor revenue last quarter")
    assert a.slots["filters"] == {"client": ["Harbor Logistics"]} and float(a.rows[0][0]) == pytest.approx(float(want))
    summit = _ask(con, cfg, "what's Summit's margin in H1")
    assert summit.refused and "Which one" in summit.narrative and len(summit.suggestions) == 3


@pytest.mark.parametrize(("question", "product", "published"), [("how many clients use Huntress", "Huntress Managed EDR", 11),
                                                                ("how many clients have Microsoft 365 E3", "Microsoft 365 E3", 10)])
def test_clients_using_a_product_are_counted(con, cfg, question, product, published) -> None:
    want = db.scalar(con, "SELECT count(DISTINCT client_key) FROM cur_licenses WHERE product = ? AND seats_purchased > 0 "
                          "AND month BETWEEN ? AND ?", [product, *Q2])
    assert _confident(con, cfg, question).rows == [[want]] and want == published


def test_which_clients_a_technician_worked_for_are_that_technicians_clients(con, cfg) -> None:
    a = _confident(con, cfg, "which clients did Priya work for last month")
    assert sorted((r[0], float(r[1])) for r in a.rows) == sorted(_tech_clients(con, "Priya Shah", JUNE))


@pytest.mark.parametrize(("question", "metric"), [("techs billing under 70 pct last q", "billable_utilization"),
                                                  ("which techs are above the target band", "billable_utilization"),
                                                  ("what are we paying for Defender for Business this year", "license_cost"),
                                                  ("what's our SentinelOne bill for H1", "license_cost"),
                                                  ("how much money did we make in H1", "gross_profit")])
def test_wrongly_refused_questions_are_answered_with_the_measure_they_name(con, cfg, question, metric) -> None:
    assert _confident(con, cfg, question).slots["metric"] == metric


def test_a_fiscal_year_written_out_is_refused_naming_the_calendar_year(con, cfg) -> None:
    a = _ask(con, cfg, "margin in FY2022")  # h66: no fiscal year is set up, so "FY2022" names no dates
    assert a.refused and "'2022'" in a.narrative and "fiscal" in a.narrative


@pytest.mark.parametrize("question", ["how many hours did project engineers log in June", "what's Priya Shah's salary"])
def test_roles_and_salaries_are_refused_for_what_they_are(con, cfg, question) -> None:
    a = _refused_with_help(con, cfg, question)
    assert "forecast" not in a.narrative


def test_a_clients_hours_by_technician_are_that_clients_time_entries_per_technician(con, cfg) -> None:
    want = db.rows(con, "SELECT technician_name, sum(hours) FROM cur_time_entries WHERE client_name = 'Harbor Logistics' "
                        "AND date BETWEEN ? AND ? GROUP BY 1", Q2)
    a = _confident(con, cfg, "Harbor Logistics hours by technician last quarter")
    assert sorted((r[0], float(r[1])) for r in a.rows) == sorted((n, float(h)) for n, h in want) and len(a.rows) > 1
