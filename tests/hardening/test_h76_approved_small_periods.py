"""h76 F2: approved results are a way around the small-group rule for a Viewer kept to aggregates.

h48 refuses a company total of a period in which fewer than 3 clients invoiced or logged time, everywhere the
figure is computed. A stored result is not computed again: an analytics run over such a period (an analyst's, for
one day) stores the company's revenue for it, approved at once (high confidence), and the Viewer read it in
``moat approvals list --results`` and on the Approvals page (one client's invoice, exactly). An approved Ask answer
that leaves a client out ("revenue in October except Harbor Logistics") named that client and, beside the
approved total, gave its revenue; the rule that hides approved answers naming people read only groupings and
filters. Now both are hidden from users kept to aggregates; analysts still see them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat.analytics import run as analytics
from moat.db import connect
from moat.governance import approvals, policies
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import approvals as approvals_view
from tests.governance.gov_util import make_users, run_cli, token_for

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")


def _one_client_day(path: Path) -> tuple[date, float]:
    con = connect(path)
    try:
        day, amount = con.execute(
            "SELECT date, sum(amount) FROM cur_invoices WHERE is_current GROUP BY date "
            "HAVING count(DISTINCT client_key) = 1 ORDER BY date LIMIT 1").fetchone()
    finally:
        con.close()
    return day, float(amount)


@pytest.fixture
def stored(demo_path: Path) -> tuple[Path, date, float]:
    """A restricted database with an analytics run over a day on which one client invoiced."""
    day, amount = _one_client_day(demo_path)
    with moat.open(demo_path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "false")
        analytics.run(admin.con, admin.user, Period(date(2026, 8, 1), date(2026, 10, 31)))  # an ordinary quarter
        analytics.run(admin.con, admin.user, Period(day, day))
    return demo_path, day, amount


def _company_revenue(results) -> list[float]:
    rows = results.filter((results["entity_type"] == "company") & (results["metric"] == "revenue"))
    return [float(v) for v in rows["value"].to_list()]


def test_viewer_gets_no_approved_company_figure_of_a_one_client_day(stored) -> None:
    path, day, amount = stored
    with moat.open(path) as admin:  # the premise: the run stored the one invoice as the company's revenue, approved
        everything = approvals.visible_results(admin.con, admin.user)
        assert pytest.approx(amount) in _company_revenue(everything)
        result_id = everything.filter((everything["entity_type"] == "company") & (everything["metric"] == "revenue")
                                      & (everything["status"] == "approved"))["result_id"][0]
    with moat.open(path, user=VIEWER) as viewer:
        seen = approvals_view.approved(viewer.con, viewer.user)
        assert pytest.approx(amount) not in _company_revenue(seen.results)
        assert len(_company_revenue(seen.results)) == 1  # the ordinary quarter's revenue is still there
        assert result_id not in seen.labels
        assert approvals_view.read(viewer.con, viewer.user, int(result_id)) is None
    with moat.open(path, user=ANALYST) as analyst:
        assert pytest.approx(amount) in _company_revenue(approvals_view.approved(analyst.con, analyst.user).results)


def test_cli_results_list_hides_it_from_the_viewer(stored, app_env) -> None:
    path, day, amount = stored
    app_env(path)
    con = connect(path)
    try:
        make_users(con, ("vic", "viewer"))
        token = token_for(con, "vic")
    finally:
        con.close()
    shown = run_cli("--db", str(path), "approvals", "list", "--results", "--format", "csv", token=token)
    assert shown.returncode == 0, shown.stderr
    assert str(day) not in shown.stdout and f"{amount:g}" not in shown.stdout
    assert "company" in shown.stdout  # the approved company results of ordinary periods are still listed


def test_approved_answer_leaving_a_client_out_is_hidden(demo_path: Path) -> None:
    with moat.open(demo_path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "false")
        name = admin.con.execute("SELECT client_name FROM cur_clients ORDER BY client_name LIMIT 1").fetchone()[0]
    question = f"total revenue in October 2026 except {name}"
    with moat.open(demo_path, user=ANALYST) as analyst:
        answer = analyst.ask(question, as_of=date(2026, 11, 15))
        assert not answer.refused and (answer.slots or {}).get("excluded"), answer.narrative  # the premise
        from moat.ai import engine

        result_id = engine.send_for_approval(analyst.con, analyst.user, answer)
    with moat.open(demo_path) as session:  # a second person (an admin account) decides
        approval_id = session.con.execute("SELECT approval_id FROM approvals WHERE result_id = ?", [result_id]).fetchone()[0]
        approvals.decide(session.con, User("boss", "admin"), int(approval_id), "approve", "ok")
    with moat.open(demo_path, user=VIEWER) as viewer:
        seen = approvals_view.approved(viewer.con, viewer.user)
        assert result_id not in seen.labels
        assert approvals_view.read(viewer.con, viewer.user, result_id) is None
    with moat.open(demo_path, user=ANALYST) as analyst:
        assert result_id in approvals_view.approved(analyst.con, analyst.user).labels
