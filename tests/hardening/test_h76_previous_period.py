"""h76 F1: a Viewer kept to aggregates read one client's invoice from the COMPARISON period of a summary.

h48 refuses a total of a period in which fewer than 3 clients invoiced or logged time. The company summary
(``moat metrics summary``, ``Session.summary``, the Overview tiles' change, the executive report) also shows the
*previous* period (``Period.previous``) next to it, and that period was never checked: asking for 23-31 Oct
printed 14-22 Oct's revenue, one client's single invoice, in the ``previous`` column (and the report wrote it
out as "previous"). Now the comparison period falls under the same rule.
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
from moat.metrics.small_slices import small_slice
from moat.views import overview
from tests.hardening.small_periods import restrict_viewers, summary_cli

VIEWER = User("v", "viewer")


def _period_after_a_small_one(path: Path) -> tuple[Period, float]:
    """A period that passes the small-group rule whose previous period does not, and that previous period's
    revenue (one or two clients' invoices)."""
    con = connect(path)
    try:
        for days in range(3, 20):
            for end_day in range(31, days, -1):
                period = Period(date(2026, 10, end_day) - timedelta(days=days - 1), date(2026, 10, end_day))
                before = period.previous()
                if small_slice(con, period) is None and small_slice(con, before) is not None:
                    revenue = con.execute("SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN ? AND ?",
                                          [before.start, before.end]).fetchone()[0]
                    if revenue:
                        return period, float(revenue)
    finally:
        con.close()
    raise AssertionError("the demo has no period after a few-client period")


@pytest.fixture
def restricted(demo_path: Path) -> tuple[Path, Period, float]:
    return (restrict_viewers(demo_path), *_period_after_a_small_one(demo_path))


def test_facade_summary_refuses_when_the_previous_period_is_a_clients_figures(restricted) -> None:
    path, period, amount = restricted
    with moat.open(path) as admin:  # the premise: the previous column is that client's revenue
        shown = admin.summary(period)
        assert float(shown.filter(shown["metric"] == "revenue")["previous"][0]) == pytest.approx(amount)
    with moat.open(path, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=str(period.previous().start)):
            viewer.summary(period)
        assert viewer.summary("2026-08-01", "2026-10-31").height > 0  # ordinary periods still answer


def test_cli_summary_does_not_print_the_previous_period(restricted, app_env) -> None:
    path, period, amount = restricted
    app_env(path)
    refused, shown = summary_cli(path, period.start, period.end)
    assert refused.returncode != 0 and "fewer than 3 clients" in refused.stderr, (refused.stdout, refused.stderr)
    assert f"{amount:.2f}" not in refused.stdout
    assert shown.returncode == 0 and f"{amount:.2f}" in shown.stdout, shown.stderr


def test_overview_and_report_refuse_the_comparison(restricted) -> None:
    path, period, amount = restricted
    with moat.open(path, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match="fewer than 3 clients"):
            overview.overview(viewer.con, period, client_rows=False, user=viewer.user)
        with pytest.raises(TooFewClients, match="fewer than 3 clients"):
            report.build(viewer.con, viewer.user, period, with_charts=False)
    with moat.open(path, user=User("a", "analyst")) as analyst:
        built = report.build(analyst.con, analyst.user, period, with_charts=False)
        assert any(k.metric == "revenue" and k.previous.replace(",", "").endswith(f"{amount:.2f}") for k in built.kpis)
