"""h102 (h97 U1): one technician's hours given as the company's to a Viewer kept to aggregates.

The small-group rule counted clients only. On an on-call Saturday one technician (Priya Shah) logged time for three
clients: three contributing clients, so the company's hours, billable hours, utilisation (and the labour cost and
gross profit made of them) for that day passed the rule, and they were Priya's own. Now a figure made of
technicians' time also needs at least 3 technicians logging time in the slice (the same k as for clients), on every
path: the facade's summary, the CLI, Ask, the Utilisation page, the report and approved stored results. Figures
made of no one's time (revenue, licences) keep the clients rule only.
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
from moat.views import utilization
from tests.governance.gov_util import make_users, run_cli, token_for
from tests.hardening.small_periods import restrict_viewers

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
AS_OF = date(2026, 11, 15)
SATURDAY = Period(date(2026, 10, 24), date(2026, 10, 24))
WHY = "fewer than 3 technicians"
PRIYA_HOURS = Decimal("7")  # 3 + 1 + 3 h, 4 of them billable
ENTRIES = ("Entry ID,Date,Technician,Client,Hours,Billable\n"
           "SAT-1,2026-10-24,Priya Shah,Harbor Logistics,3,Yes\n"
           "SAT-2,2026-10-24,Priya Shah,Summit Dental,1,Yes\n"
           "SAT-3,2026-10-24,Priya Shah,Bluebird Bakery,3,No\n")


@pytest.fixture
def on_call(demo_path: Path, tmp_path: Path) -> Path:
    """The demo (no time entries on weekends) plus one technician's Saturday for three clients, viewers restricted."""
    entries = tmp_path / "saturday.csv"
    entries.write_text(ENTRIES, encoding="utf-8")
    with moat.open(demo_path) as admin:
        assert admin.ingest(entries)["rows_loaded"] == 3
    con = connect(demo_path)
    try:  # the premise: three clients, one technician that day
        assert con.execute("SELECT count(DISTINCT client_key), count(DISTINCT technician_key) FROM cur_time_entries "
                           "WHERE date = DATE '2026-10-24'").fetchall() == [(3, 1)]
    finally:
        con.close()
    return restrict_viewers(demo_path)


def _value(summary, metric: str) -> Decimal:
    return Decimal(summary.filter(summary["metric"] == metric)["value"][0])


def test_facade_summary_refuses_one_technicians_day(on_call: Path) -> None:
    with moat.open(on_call, user=ANALYST) as analyst:  # the premise: Priya's hours and her cost (7 h at her rate)
        day = analyst.summary("2026-10-24", "2026-10-24")
        assert _value(day, "hours") == PRIYA_HOURS and _value(day, "labour_cost") == Decimal("406")
    with moat.open(on_call, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=WHY):
            viewer.summary("2026-10-24", "2026-10-24")
        with pytest.raises(TooFewClients, match=WHY):  # the segment table of the day: one pooled row, Priya's
            viewer.profitability("2026-10-24", "2026-10-24", by="segment")
        month = viewer.summary("2026-10-01", "2026-10-31")  # a month of many technicians still answers
        assert _value(month, "hours") > 2000


def test_cli_summary_refuses_one_technicians_day(on_call: Path, app_env) -> None:
    app_env(on_call)
    con = connect(on_call)
    try:
        make_users(con, ("vic", "viewer"), ("ana", "analyst"))
        viewer, analyst = token_for(con, "vic"), token_for(con, "ana")
    finally:
        con.close()
    args = ("--db", str(on_call), "metrics", "summary", "--from", "2026-10-24", "--to", "2026-10-24", "--format", "csv")
    shown = run_cli(*args, token=analyst)
    assert shown.returncode == 0 and "7.0" in shown.stdout, shown.stdout + shown.stderr
    refused = run_cli(*args, token=viewer)
    assert refused.returncode != 0 and WHY in refused.stderr and "7.0" not in refused.stdout, refused.stdout + refused.stderr


@pytest.mark.parametrize("question, value", [("hours worked on 24 Oct 2026", PRIYA_HOURS),
                                             ("billable hours on 24 Oct 2026", Decimal("4"))])
def test_ask_refuses_one_technicians_hours(on_call: Path, question: str, value: Decimal) -> None:
    with moat.open(on_call, user=ANALYST) as analyst:
        shown = analyst.ask(question, as_of=AS_OF)
        assert not shown.refused and shown.rows == [[value]], shown.narrative
    with moat.open(on_call, user=VIEWER) as viewer:
        refused = viewer.ask(question, as_of=AS_OF)
        assert refused.refused and refused.rows == [], refused.rows
        assert WHY in refused.narrative and "2026-10-24" in refused.narrative, refused.narrative
        revenue = viewer.ask("revenue in October 2026", as_of=AS_OF)  # no one's time: the clients rule only
        assert not revenue.refused and revenue.rows, revenue.narrative


def test_utilisation_page_refuses_one_technicians_day(on_call: Path) -> None:
    with moat.open(on_call, user=ANALYST) as analyst:
        tiles = {t["label"]: t for t in utilization.utilisation_view(analyst.con, SATURDAY, 0.7, 0.85, analyst.user).tiles}
        assert tiles["Worked hours"]["value"] == PRIYA_HOURS
    with moat.open(on_call, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=WHY):
            utilization.utilisation_view(viewer.con, SATURDAY, 0.7, 0.85, viewer.user)


def test_report_refuses_one_technicians_day(on_call: Path) -> None:
    with moat.open(on_call, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=WHY):
            report.build(viewer.con, viewer.user, SATURDAY, with_charts=False)


def test_approved_gross_profit_of_one_technicians_day_is_hidden(on_call: Path) -> None:
    with moat.open(on_call) as admin:
        analytics.run(admin.con, admin.user, SATURDAY)
        stored = approvals.visible_results(admin.con, admin.user)
    profit = stored.filter((stored["entity_type"] == "company") & (stored["metric"] == "gross_profit")
                           & (stored["period_start"] == SATURDAY.start))
    assert profit["value"].to_list() == [-406.0]  # the premise: no revenue that day, minus Priya's cost (7 h x 58)
    if profit["status"][0] != "approved":  # under the review line: a second person approves it
        with moat.open(on_call) as session:
            approval_id = session.con.execute("SELECT approval_id FROM approvals WHERE result_id = ?",
                                              [int(profit["result_id"][0])]).fetchone()
            if approval_id is None:
                approval_id = (approvals.request(session.con, ANALYST, int(profit["result_id"][0]), "on-call cost"),)
            approvals.decide(session.con, User("boss", "admin"), int(approval_id[0]), "approve", "ok")
    with moat.open(on_call, user=ANALYST) as analyst:
        seen = approvals_view.approved(analyst.con, analyst.user).results
        assert -406.0 in seen.filter(seen["metric"] == "gross_profit")["value"].to_list()
    with moat.open(on_call, user=VIEWER) as viewer:
        seen = approvals_view.approved(viewer.con, viewer.user).results
        assert -406.0 not in seen.filter(seen["metric"] == "gross_profit")["value"].to_list()


@pytest.mark.parametrize("method", ["summary", "monthly"])
def test_moat_serve_facade_refuses_one_technicians_day(on_call: Path, app_env, method: str) -> None:
    """What `moat serve` runs for a forwarded ``moat.open(...).summary`` / ``.monthly`` (``run_facade``)."""
    from moat.service.identity import Credentials
    from moat.service.runner import run_facade

    app_env(on_call)
    con = connect(on_call)
    try:
        make_users(con, ("vic", "viewer"))
        creds = Credentials(token=token_for(con, "vic"))
        with pytest.raises(TooFewClients, match=WHY):
            run_facade(method, ["2026-10-24", "2026-10-24"], {}, creds=creds, read_only=True, target=str(on_call),
                       con=con)
        assert run_facade(method, ["2026-10-01", "2026-10-31"], {}, creds=creds, read_only=True, target=str(on_call),
                          con=con).height  # an ordinary month still answers
    finally:
        con.close()
