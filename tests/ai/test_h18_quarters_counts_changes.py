"""Issue 15 (h18): question classes Ask refused or misread, answered by general rules and checked against hand-written
SQL on the development demo (data 2025-10-14 .. 2026-10-28, asked as of 2026-11-25): quarters ranked, months counted
past a threshold, the change of every month, a share across two periods asked back, and a misspelt month close to a
name asked back. Every phrasing is written for this file (none is an eval family's)."""

from __future__ import annotations

from datetime import date

import pytest

from moat import db
from moat.ai import period_typos
from moat.ai.parser import Parser, Vocabulary
from tests.ai.test_months_shares_vendors import _answered, _ask  # the same analyst, as-of date, no cache or model

AS_OF = date(2026, 11, 25)
BILLED = "coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')"


def _revenue(con, start: str, end: str) -> float:
    return float(db.scalar(con, f"SELECT coalesce(sum(amount), 0) FROM cur_invoices WHERE {BILLED} "
                                "AND date BETWEEN ? AND ?", [start, end]))


def _monthly_revenue(con, year: int) -> dict[str, float]:
    rows = db.rows(con, f"SELECT strftime(date, '%Y-%m'), sum(amount) FROM cur_invoices WHERE {BILLED} "
                        "AND year(date) = ? GROUP BY 1", [year])
    return {m: float(v) for m, v in rows}


QUARTERS_2026 = {"Q1 2026": ("2026-01-01", "2026-03-31"), "Q2 2026": ("2026-04-01", "2026-06-30"),
                 "Q3 2026": ("2026-07-01", "2026-09-30")}  # Q4 2026 holds data to October only: not a whole quarter


# ------------------------------------------------------------------ a) quarters ranked
@pytest.mark.parametrize("question", ["which quarter had the most revenue in 2026", "our best quarter for revenue in 2026",
                                      "top quarter of 2026 by revenue"])
def test_the_best_quarter_is_a_whole_quarter_computed_as_its_own_period(demo_con, ask_config, question: str) -> None:
    a = _answered(demo_con, ask_config, question)
    want = {q: _revenue(demo_con, *span) for q, span in QUARTERS_2026.items()}
    best = max(want, key=want.__getitem__)
    assert len(a.rows) == 1 and a.rows[0][0] == best, (question, a.interpretation, a.rows)
    assert float(a.rows[0][1]) == pytest.approx(want[best], abs=0.01)
    assert not a.provisional and a.confidence >= 0.7


def test_quarters_ranked_worst_first_leave_out_the_quarter_data_covers_in_part(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "rank the quarters of 2026 by revenue, lowest first")
    want = sorted(((_revenue(demo_con, *span), q) for q, span in QUARTERS_2026.items()))
    assert [r[0] for r in a.rows] == [q for _, q in want], a.rows
    assert [float(r[1]) for r in a.rows] == pytest.approx([v for v, _ in want], abs=0.01)
    assert any("Q4 2026" in reason and "left out" in reason for reason in a.reasons), a.reasons


# ------------------------------------------------------------------ b) months counted past a threshold
@pytest.mark.parametrize("question", ["in how many months of 2026 did revenue exceed {x}k",
                                      "how many months in 2026 had revenue over {x}k",
                                      "number of months in 2026 with revenue above {x}k"])
def test_months_past_a_threshold_are_counted(demo_con, ask_config, question: str) -> None:
    monthly = _monthly_revenue(demo_con, 2026)
    x = 210  # thousands: some months of 2026 above, some below (checked below, so the count can fail)
    want = sum(v > x * 1000 for v in monthly.values())
    assert 0 < want < len(monthly)
    a = _answered(demo_con, ask_config, question.format(x=x))
    assert a.rows == [[want]], (question, a.interpretation, a.rows)
    assert not a.provisional


# ------------------------------------------------------------------ c) the change of every month
@pytest.mark.parametrize("question", ["revenue change each month in Q3 2026", "month by month change in revenue, Q3 2026",
                                      "how did revenue change each month of Q3 2026"])
def test_the_change_per_month_starts_from_the_month_before_the_period(demo_con, ask_config, question: str) -> None:
    a = _answered(demo_con, ask_config, question)
    months = _monthly_revenue(demo_con, 2026)
    want = [(m, months[m], months[m] - months[p]) for p, m in (("2026-06", "2026-07"), ("2026-07", "2026-08"),
                                                                  ("2026-08", "2026-09"))]
    got = [(f"{r[0]:%Y-%m}", float(r[1]), float(r[2])) for r in a.rows]
    assert [g[0] for g in got] == [w[0] for w in want], (question, a.interpretation, a.rows)
    for g, w in zip(got, want, strict=True):
        assert g[1:] == pytest.approx(w[1:], abs=0.01)


def test_the_first_month_of_data_has_no_change(demo_con, ask_config) -> None:
    a = _answered(demo_con, ask_config, "monthly change in revenue in Q4 2025")
    assert [f"{r[0]:%Y-%m}" for r in a.rows] == ["2025-10", "2025-11", "2025-12"]
    assert a.rows[0][2] is None  # September 2025 holds no data: no change made up from a 0
    assert float(a.rows[1][2]) == pytest.approx(_revenue(demo_con, "2025-11-01", "2025-11-30")
                                                - _revenue(demo_con, "2025-10-01", "2025-10-31"), abs=0.01)
    assert any("no change" in reason for reason in a.reasons), a.reasons


# ------------------------------------------------------------------ d) a share across two periods: asked back
@pytest.mark.parametrize("question", ["what share of revenue came from healthcare in Q2 2026 vs Q3 2026",
                                      "did healthcare's share of revenue grow from Q2 2026 to Q3 2026"])
def test_a_share_across_two_periods_names_the_two_questions_to_ask(demo_con, ask_config, question: str) -> None:
    a = _ask(demo_con, ask_config, question)
    assert a.refused and not a.rows
    asks = ["What share of revenue came from healthcare clients in Q2 2026?",
            "What share of revenue came from healthcare clients in Q3 2026?"]
    assert all(q in a.narrative for q in asks), a.narrative
    assert list(a.suggestions) == asks
    for q, (start, end) in zip(asks, (QUARTERS_2026["Q2 2026"], QUARTERS_2026["Q3 2026"]), strict=True):
        one = _answered(demo_con, ask_config, q)  # each named question is answered, with the share of that period
        part = float(db.scalar(demo_con, f"SELECT coalesce(sum(i.amount), 0) FROM cur_invoices i JOIN (SELECT client_key, "
                                         "any_value(segment) AS segment FROM cur_clients GROUP BY 1) c USING (client_key) "
                                         f"WHERE {BILLED} AND c.segment = 'healthcare' AND i.date BETWEEN ? AND ?",
                               [start, end]))
        assert float(one.rows[0][0]) == pytest.approx(part / _revenue(demo_con, start, end), abs=1e-6)


# ------------------------------------------------------------------ e) month typos: one measure, a name asked back
def test_period_typos_measure_closeness_one_way() -> None:
    assert not hasattr(period_typos, "get_close_matches")  # one measure: ``closeness`` everywhere in the module
    assert period_typos.month_typo("Setpember") == "september"
    assert period_typos.month_typo("Ocotber") == "october"
    assert period_typos.closest("lst", ["last", "this"], 0.7) == "last"
    assert period_typos.closest("xyz", ["last", "this"], 0.7) is None


@pytest.fixture(scope="module")
def julie() -> Parser:
    return Parser(Vocabulary(clients=("Harbor Logistics", "Augusta Dental"), technicians=("Julie Moss", "Tom Becker"),
                             products=(), segments=("healthcare",)))


@pytest.mark.parametrize("question", ["hours in Junie 2026", "hours logged in Junie 2026", "revenue since Junie"])
def test_a_misspelt_month_close_to_a_name_is_asked_back(julie: Parser, question: str) -> None:
    parsed = julie.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal, (question, parsed.intent)
    assert "Did you mean the month June or Julie Moss" in parsed.refusal
    assert any("June" in s for s in parsed.suggestions)


@pytest.mark.parametrize(("question", "start"), [("hours in Setpember 2026", date(2026, 9, 1)),
                                                 ("hours logged by Julie Moss in Ocotber 2025", date(2025, 10, 1))])
def test_a_misspelt_month_far_from_every_name_is_still_read(julie: Parser, question: str, start: date) -> None:
    parsed = julie.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert parsed.intent.start == start


# ------------------------------------------------------------------ "since Q2 2026": open-ended, never the quarter alone
@pytest.mark.parametrize(("question", "start"), [("hours since Q2 2026", "2026-04-01"), ("hours logged since Q3", "2026-07-01"),
                                                 ("which quarter had the most hours since Q1 2026", None)])
def test_since_a_quarter_runs_to_the_as_of_date(demo_con, ask_config, question: str, start: str | None) -> None:
    a = _answered(demo_con, ask_config, question)
    if start is None:  # quarters ranked from Q1 2026 on: Q1-Q3 whole, Q4 (data to October) left out
        want = {q: float(db.scalar(demo_con, "SELECT sum(hours) FROM cur_time_entries WHERE date BETWEEN ? AND ?",
                                   list(span))) for q, span in QUARTERS_2026.items()}
        assert a.rows[0][0] == max(want, key=want.__getitem__), a.rows
        return
    hours = float(db.scalar(demo_con, "SELECT sum(hours) FROM cur_time_entries WHERE date BETWEEN ? AND ?",
                            [start, AS_OF.isoformat()]))
    assert float(a.rows[0][0]) == pytest.approx(hours), (question, a.interpretation)


# ------------------------------------------------------------------ the eval's scorer: quarters and changes per month
def test_the_scorer_reads_quarter_names_and_tells_a_wrong_change_per_month() -> None:
    from decimal import Decimal

    from bench.eval_families.families import Family
    from bench.eval_families.score import matches

    quarters = Family("q", "dev", "t", "list", ("x",) * 5, metric="revenue", over="quarter", order="desc")
    want = [(date(2026, 7, 1), Decimal("10.00")), (date(2026, 4, 1), Decimal("5.00"))]
    assert matches(quarters, [["Q3 2026", 10.0], ["2026-Q2", 5.0]], want)
    assert not matches(quarters, [["Q2 2026", 10.0], ["Q3 2026", 5.0]], want)
    mom = Family("m", "dev", "t", "mom", ("x",) * 5, metric="revenue")
    want = [(date(2026, 3, 1), Decimal("10.00"), None), (date(2026, 4, 1), Decimal("12.00"), Decimal("2.00"))]
    assert matches(mom, [[date(2026, 3, 1), 10.0, None], [date(2026, 4, 1), 12.0, 2.0]], want)
    assert not matches(mom, [[date(2026, 3, 1), 10.0, 10.0], [date(2026, 4, 1), 12.0, 2.0]], want)  # a change from 0
    assert not matches(mom, [[date(2026, 3, 1), 10.0], [date(2026, 4, 1), 12.0]], want)  # the trend without changes


def test_quarters_in_calendar_order_are_not_called_highest(demo_con, ask_config) -> None:
    """heldout20 (lead): a breakdown in calendar order said "Highest revenue in ...: Q2, Q3, Q4" (no ranking asked)."""
    a = _answered(demo_con, ask_config, "split our 2026 revenue into quarters")
    assert [r[0] for r in a.rows] == list(QUARTERS_2026), (a.interpretation, a.rows)
    assert a.narrative.startswith("Revenue by quarter in "), a.narrative
