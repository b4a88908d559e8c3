"""h48 / h42 F1: a Viewer kept to aggregates read one client's figures by narrowing the PERIOD.

With ``viewers_see_client_rows`` off, the pooling rule covered segments and products only: a company (or segment)
total over a day on which one client invoiced is that client's invoice. `moat metrics summary --from D --to D`,
``Session.summary``/``monthly``, Ask, the Overview and Profitability pages' custom range and the Benchmarks page's
own figures answered it exactly. Now every one of them refuses a total to which fewer than 3 clients contribute
(``moat.access.small_slice``), naming why; analysts, and Viewers whom the policy shows client rows, still get it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

import moat
from moat.db import connect
from moat.errors import TooFewClients
from moat.export import report
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import benchmarks, overview, profitability, trends
from tests.hardening.small_periods import restrict_viewers, summary_cli

VIEWER = User("v", "viewer")
WHY = "fewer than 3 clients in this period"


def _one_client_day(path: Path) -> tuple[date, str, float]:
    """A day of the demo on which exactly one client invoiced (and its segment, and that invoice's amount)."""
    con = connect(path)
    try:
        day, amount = con.execute(
            "SELECT date, sum(amount) FROM cur_invoices WHERE is_current GROUP BY date "
            "HAVING count(DISTINCT client_key) = 1 ORDER BY date LIMIT 1").fetchone()
        segment = con.execute(
            "SELECT c.segment FROM cur_invoices i JOIN cur_clients c ON c.client_key = i.client_key AND c.is_current "
            "WHERE i.is_current AND i.date = ? LIMIT 1", [day]).fetchone()[0]
    finally:
        con.close()
    return day, segment, float(amount)


@pytest.fixture
def restricted(demo_path: Path) -> tuple[Path, date, str, float]:
    return (restrict_viewers(demo_path), *_one_client_day(demo_path))


def test_facade_summary_and_monthly_refuse_a_one_client_day(restricted) -> None:
    path, day, segment, amount = restricted
    with moat.open(path) as admin:  # the premise: that day's company revenue is the one invoice
        summary = admin.summary(day, day)
        revenue = summary.filter(summary["metric"] == "revenue")["value"][0]
    with moat.open(path, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=WHY):
            viewer.summary(day, day)
        with pytest.raises(TooFewClients, match="widen the period"):
            viewer.monthly(day, day)
        with pytest.raises(TooFewClients, match=WHY):
            viewer.profitability(day, day, by="segment")
        quarter = viewer.summary("2026-08-01", "2026-10-31")  # ordinary periods still answer
        assert quarter.height > 0
        assert viewer.monthly("2026-08-01", "2026-10-31").height == 3
    assert float(revenue) == pytest.approx(amount)


def test_cli_summary_refuses_the_viewer_not_the_analyst(restricted, app_env) -> None:
    path, day, _segment, amount = restricted
    app_env(path)  # the accounts and the CLI read one users file (h55: by default the one beside the database)
    refused, shown = summary_cli(path, day, day)
    assert refused.returncode != 0 and WHY in refused.stderr, (refused.stdout, refused.stderr)
    assert f"{amount:.2f}" not in refused.stdout
    assert shown.returncode == 0 and f"{amount:.2f}" in shown.stdout, shown.stderr


def test_pages_views_and_benchmarks_refuse_the_day(restricted) -> None:
    path, day, segment, amount = restricted
    period = Period(day, day)
    with moat.open(path, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=WHY):
            overview.overview(viewer.con, period, client_rows=False, user=viewer.user)
        with pytest.raises(TooFewClients, match=WHY):
            profitability.profitability_view(viewer.con, viewer.user, period)
        with pytest.raises(TooFewClients, match=WHY):
            trends.trend(viewer.con, viewer.user, period, trends.COMPANY, "revenue")
        with pytest.raises(TooFewClients, match=WHY):
            report.build(viewer.con, viewer.user, period, with_charts=False)
        own = benchmarks.own_kpis(viewer.con, viewer.user, period)
        revenue = own.filter((own["metric"] == "total_revenue") & (own["segment"] == segment))["value"].to_list()
        assert revenue == [None], revenue  # the segment's revenue that day is the one client's invoice
        assert all(v is None or v != pytest.approx(amount) for v in own["value"].to_list())
        assert overview.overview(viewer.con, Period(date(2026, 8, 1), date(2026, 10, 31)), client_rows=False,
                                 user=viewer.user).tiles
    with moat.open(path) as admin:
        own = benchmarks.own_kpis(admin.con, admin.user, period)
        revenue = own.filter((own["metric"] == "total_revenue") & (own["segment"] == segment))["value"].to_list()
        assert revenue == [pytest.approx(amount)]


def _few_client_days(path: Path) -> tuple[date, date, float]:
    """Two days in a row on which fewer than 3 clients invoiced, and their revenue (Ask refuses money for ONE day to
    everyone since h57/h59, so the small-slice rule is reached through the shortest span Ask answers)."""
    con = connect(path)
    try:
        start, amount = con.execute(
            "SELECT d.date, (SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN d.date AND d.date + 1) "
            "FROM (SELECT DISTINCT date FROM cur_invoices) d "
            "WHERE (SELECT count(DISTINCT client_key) FROM cur_invoices WHERE date BETWEEN d.date AND d.date + 1) < 3 "
            "AND (SELECT count(DISTINCT client_key) FROM cur_invoices WHERE date BETWEEN d.date AND d.date + 1) > 0 "
            "ORDER BY d.date LIMIT 1").fetchone()
    finally:
        con.close()
    return start, start + timedelta(days=1), float(amount)


def test_ask_refuses_a_few_client_stretch(restricted) -> None:
    path = restricted[0]
    start, end, amount = _few_client_days(path)
    text = f"revenue from {start.isoformat()} to {end.isoformat()}"
    with moat.open(path, user=VIEWER) as viewer:
        answer = viewer.ask(text, as_of=date(2026, 11, 25))
    assert answer.refused, (answer.narrative, answer.rows)
    assert "fewer than 3 clients" in answer.narrative
    with moat.open(path, user=User("a", "analyst")) as analyst:
        answer = analyst.ask(text, as_of=date(2026, 11, 25))
    assert not answer.refused, answer.narrative
    assert float(answer.rows[0][-1]) == pytest.approx(amount, abs=0.01)


@pytest.mark.parametrize("question", ["revenue on {day}", "revenue in {segment} on {day}"])
def test_ask_never_gives_one_days_money(restricted, question: str) -> None:
    path, day, segment, amount = restricted
    text = question.format(day=day.isoformat(), segment=segment)
    for user in (VIEWER, User("a", "analyst")):
        with moat.open(path, user=user) as session:
            answer = session.ask(text, as_of=date(2026, 11, 25))
        assert answer.refused and f"{amount:.2f}" not in answer.narrative, (answer.narrative, answer.rows)
