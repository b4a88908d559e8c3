"""h113 (h102's open item): three contributors passed the small-group rule even when one made 95% of the figure.

A Viewer kept to aggregates got November 2026's revenue of 10,000.00 when Harbor Logistics invoiced 9,500.00 of it
(three invoicing clients, so the count rule passed): Harbor's revenue within 5%. Likewise the hours of a Sunday on
which three technicians logged time, Priya Shah 19 of the 20 h. The rule now applied (``totals.dominated``) is the
p% rule of statistical disclosure control (p = 10): a total is refused when what the contributors other than the two
largest make is less than 10% of the largest (so any total one contributor makes more than 90.9% of). It runs
wherever the count rule runs (``small_slices.small_part``): the facade, the CLI, Ask, the pages, the report,
approved results, ``moat serve``, Benchmarks' own figures; segment tables pool a segment one client dominates.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import moat
from moat.analytics import run as analytics
from moat.db import connect
from moat.errors import TooFewClients
from moat.export import report
from moat.governance import approvals
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import approvals as approvals_view
from moat.views import profitability, utilization
from tests.governance.gov_util import make_users, run_cli, token_for
from tests.hardening.small_periods import restrict_viewers

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
AS_OF = date(2026, 12, 15)
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
SUNDAY = Period(date(2026, 10, 25), date(2026, 10, 25))
WHY = "makes almost all"
FILES = {  # November: Harbor invoices 95% of the revenue; three technicians log 2 h each, one per client
    "nov_invoices.csv": "Invoice Number,Customer,Invoice Date,Amount\n"
                        "N-1,Harbor Logistics,2026-11-27,9500.00\n"
                        "N-2,Summit Dental,2026-11-27,300.00\n"
                        "N-3,Summit Realty,2026-11-27,200.00\n",
    "nov_time.csv": "Entry ID,Date,Technician,Client,Hours,Billable\n"
                    "N-T1,2026-11-02,Priya Shah,Harbor Logistics,2,Yes\n"
                    "N-T2,2026-11-02,Zoe Mensah,Summit Dental,2,Yes\n"
                    "N-T3,2026-11-02,Olga Moreau,Summit Realty,2,Yes\n"
                    # Sunday 25 Oct: three technicians, Priya 19 of the 20 h, spread over three clients
                    "S-1,2026-10-25,Priya Shah,Harbor Logistics,7,Yes\n"
                    "S-2,2026-10-25,Priya Shah,Summit Dental,6,Yes\n"
                    "S-3,2026-10-25,Priya Shah,Summit Realty,6,Yes\n"
                    "S-4,2026-10-25,Zoe Mensah,Summit Dental,0.5,Yes\n"
                    "S-5,2026-10-25,Olga Moreau,Summit Realty,0.5,Yes\n",
}


@pytest.fixture
def dominated_db(demo_path: Path, tmp_path: Path) -> Path:
    with moat.open(demo_path) as admin:
        for name, text in FILES.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
            assert admin.ingest(tmp_path / name)["rows_loaded"] == text.count("\n") - 1
    con = connect(demo_path)
    try:  # the premise: three clients in each slice, three technicians, so the count rules pass
        assert con.execute("SELECT count(DISTINCT client_key) FROM cur_invoices WHERE date >= DATE '2026-11-01'"
                           ).fetchall() == [(3,)]
        assert con.execute("SELECT count(DISTINCT client_key), count(DISTINCT technician_key) FROM cur_time_entries "
                           "WHERE date = DATE '2026-10-25'").fetchall() == [(3, 3)]
    finally:
        con.close()
    return restrict_viewers(demo_path)


def _value(summary, metric: str) -> Decimal:
    return Decimal(summary.filter(summary["metric"] == metric)["value"][0])


def test_the_rule() -> None:
    from moat.metrics.totals import dominated

    assert dominated([9500, 300, 200]) and dominated([19, 0.5, 0.5]) and dominated([50, 46, 4])
    assert not dominated([40, 35, 25]) and not dominated([9500, 300, 200, 1000, 500])
    assert not dominated([100, 1]) and not dominated([])  # fewer than 3: the count rule's refusal, not this one
    assert dominated([-9500, 300, 200])  # a credit note is a contribution by its size


def test_facade_summary_refuses_a_dominated_total(dominated_db: Path) -> None:
    with moat.open(dominated_db, user=ANALYST) as analyst:  # the premise: the figures the Viewer got
        assert _value(analyst.summary("2026-11-01", "2026-11-30"), "revenue") == Decimal("10000")
        assert _value(analyst.summary("2026-10-25", "2026-10-25"), "hours") == Decimal("20")
    with moat.open(dominated_db, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=f"one client {WHY}"):
            viewer.summary("2026-11-01", "2026-11-30")
        with pytest.raises(TooFewClients, match=f"one technician {WHY}"):
            viewer.summary("2026-10-25", "2026-10-25")
        assert _value(viewer.summary("2026-10-01", "2026-10-31"), "revenue") > 200000  # an ordinary month answers


def test_cli_summary_refuses_a_dominated_total(dominated_db: Path, app_env) -> None:
    app_env(dominated_db)
    con = connect(dominated_db)
    try:
        make_users(con, ("vic", "viewer"), ("ana", "analyst"))
        viewer, analyst = token_for(con, "vic"), token_for(con, "ana")
    finally:
        con.close()
    args = ("--db", str(dominated_db), "metrics", "summary", "--from", "2026-11-01", "--to", "2026-11-30",
            "--format", "csv")
    shown = run_cli(*args, token=analyst)
    assert shown.returncode == 0 and "10000" in shown.stdout, shown.stdout + shown.stderr
    refused = run_cli(*args, token=viewer)
    assert refused.returncode != 0 and WHY in refused.stderr and "10000" not in refused.stdout, refused.stdout + refused.stderr


@pytest.mark.parametrize("question, value", [("revenue in November 2026", Decimal("10000")),
                                             ("hours worked on 25 Oct 2026", Decimal("20"))])
def test_ask_refuses_a_dominated_total(dominated_db: Path, question: str, value: Decimal) -> None:
    with moat.open(dominated_db, user=ANALYST) as analyst:
        shown = analyst.ask(question, as_of=AS_OF)
        assert not shown.refused and [[Decimal(str(v)) for v in r] for r in shown.rows] == [[value]], shown.narrative
    with moat.open(dominated_db, user=VIEWER) as viewer:
        refused = viewer.ask(question, as_of=AS_OF)
        assert refused.refused and refused.rows == [], refused.rows
        assert WHY in refused.narrative, refused.narrative


def test_pages_refuse_a_dominated_total(dominated_db: Path) -> None:
    with moat.open(dominated_db, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=WHY):
            profitability.profitability_view(viewer.con, viewer.user, NOVEMBER)
        with pytest.raises(TooFewClients, match=WHY):
            utilization.utilisation_view(viewer.con, SUNDAY, 0.7, 0.85, viewer.user)
        with pytest.raises(TooFewClients, match=WHY):
            report.build(viewer.con, viewer.user, NOVEMBER, with_charts=False)


def test_approved_revenue_of_a_dominated_month_is_hidden(dominated_db: Path) -> None:
    with moat.open(dominated_db) as admin:
        analytics.run(admin.con, admin.user, NOVEMBER)
        stored = approvals.visible_results(admin.con, admin.user)
    revenue = stored.filter((stored["entity_type"] == "company") & (stored["metric"] == "revenue")
                            & (stored["period_start"] == NOVEMBER.start))
    assert revenue["value"].to_list() == [10000.0]
    if revenue["status"][0] != "approved":
        with moat.open(dominated_db) as session:
            approval_id = session.con.execute("SELECT approval_id FROM approvals WHERE result_id = ?",
                                              [int(revenue["result_id"][0])]).fetchone()
            if approval_id is None:
                approval_id = (approvals.request(session.con, ANALYST, int(revenue["result_id"][0]), "november"),)
            approvals.decide(session.con, User("boss", "admin"), int(approval_id[0]), "approve", "ok")
    with moat.open(dominated_db, user=ANALYST) as analyst:
        seen = approvals_view.approved(analyst.con, analyst.user).results
        assert 10000.0 in seen.filter(seen["metric"] == "revenue")["value"].to_list()
    with moat.open(dominated_db, user=VIEWER) as viewer:
        seen = approvals_view.approved(viewer.con, viewer.user).results
        assert 10000.0 not in seen.filter(seen["metric"] == "revenue")["value"].to_list()


def test_moat_serve_refuses_a_dominated_total(dominated_db: Path, app_env) -> None:
    from moat.service.identity import Credentials
    from moat.service.runner import run_facade

    app_env(dominated_db)
    con = connect(dominated_db)
    try:
        make_users(con, ("vic", "viewer"))
        creds = Credentials(token=token_for(con, "vic"))
        with pytest.raises(TooFewClients, match=WHY):
            run_facade("summary", ["2026-11-01", "2026-11-30"], {}, creds=creds, read_only=True,
                       target=str(dominated_db), con=con)
    finally:
        con.close()


@pytest.fixture
def big_finance(demo_path: Path, tmp_path: Path) -> Path:
    """The demo plus one very large October invoice of a finance client: the finance segment is Summit Capital's."""
    invoice = tmp_path / "big.csv"
    invoice.write_text("Invoice Number,Customer,Invoice Date,Amount\nBIG-1,Summit Capital,2026-10-28,900000.00\n",
                       encoding="utf-8")
    with moat.open(demo_path) as admin:
        assert admin.ingest(invoice)["rows_loaded"] == 1
    return restrict_viewers(demo_path)


def test_segment_one_client_dominates_is_pooled(big_finance: Path) -> None:
    october = Period(date(2026, 10, 1), date(2026, 10, 31))
    with moat.open(big_finance, user=ANALYST) as analyst:  # the premise: finance is a row of its own, >900k
        table = analyst.profitability("2026-10-01", "2026-10-31", by="segment")
        assert table.filter(table["segment"] == "finance")["revenue"][0] > 900000
    with moat.open(big_finance, user=VIEWER) as viewer:
        table = viewer.profitability("2026-10-01", "2026-10-31", by="segment")
        assert "finance" not in table["segment"].to_list() and "healthcare" in table["segment"].to_list()
        with pytest.raises(TooFewClients, match=WHY):
            viewer.profitability("2026-10-01", "2026-10-31", by="segment", segment="finance")
        page = profitability.profitability_view(viewer.con, viewer.user, october).by_segment()
        assert "finance" not in page["segment"].to_list()
        assert "finance" not in profitability.segments(viewer.con, october, viewer.user)
        answer = viewer.ask("revenue by segment in October 2026", as_of=AS_OF)
        assert not answer.refused and "finance" not in [r[0] for r in answer.rows], answer.rows
        # the company's month is not dominated (the other clients make far more than 10% of Summit Capital's)
        assert _value(viewer.summary("2026-10-01", "2026-10-31"), "revenue") > 1000000


def test_benchmarks_own_figures_of_a_dominated_segment_are_withheld(big_finance: Path) -> None:
    from moat.views import benchmarks

    october = Period(date(2026, 10, 1), date(2026, 10, 31))

    def revenue(kpis, segment: str):
        return kpis.filter((kpis["metric"] == "total_revenue") & (kpis["segment"] == segment))["value"].to_list()

    with moat.open(big_finance, user=ANALYST) as analyst:  # the premise: finance's own revenue, Summit Capital's
        assert revenue(benchmarks.own_kpis(analyst.con, analyst.user, october), "finance")[0] > 900000
    with moat.open(big_finance, user=VIEWER) as viewer:
        kpis = benchmarks.own_kpis(viewer.con, viewer.user, october)
        assert revenue(kpis, "finance") == [None]
        assert revenue(kpis, "healthcare")[0] > 0  # the other segments are still shown
