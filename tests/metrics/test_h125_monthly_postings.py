"""Figures of rows booked once a month over a custom period (h112's leftover): the demo dates its invoices on the
28th and its overhead (rent, tools, insurance) on the 5th of each month. A period that is not whole months and the
period of equal length before it can hold a different number of those days; the change is then about the calendar
("Overhead $9,250.00, -50.0%" on 10 Jul-20 Aug 2026), so it is withheld with the reason, as licence figures are
over a different number of licence months. Every door reads ``summary.change_notes``: the summary (``moat metrics
summary``), the Overview, the Profitability page's tiles and the report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from moat import db
from moat.export.report_kpis import kpi_lines
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.metrics.summary import summary
from moat.views.profitability import profitability_view
from tests.helpers import run_page
from tests.pages.checks import texts, tiles

JUL_AUG = Period(date(2026, 7, 10), date(2026, 8, 20))  # one overhead posting (05 Aug); before: 05 Jun, 05 Jul
LATE_JUL_AUG = Period(date(2026, 7, 20), date(2026, 8, 31))  # two invoice days (28 Jul, 28 Aug); before: 28 Jun


def _rows(con: db.Connection, period: Period) -> dict[str, dict]:
    return {r["metric"]: r for r in summary(con, period).iter_rows(named=True)}


def test_the_demo_books_invoices_and_overhead_on_one_day_and_client_costs_over_the_month(demo_con) -> None:
    from moat.metrics.postings import posting_day

    assert (posting_day(demo_con, "invoices"), posting_day(demo_con, "overhead")) == (28, 5)
    assert posting_day(demo_con, "other_cost") is None  # hardware, travel: any weekday


def test_overhead_over_a_custom_period_with_fewer_postings_is_not_compared(demo_con) -> None:
    rows = _rows(demo_con, JUL_AUG)
    overhead = rows["overhead"]
    assert (float(overhead["value"]), float(overhead["previous"])) == (9250.0, 18500.0)
    assert overhead["change"] is None  # was -0.5
    assert overhead["note"] == (
        "No change shown for overhead: most overhead costs are dated the 5th of the month, and this period holds 1 "
        "(05 Aug 2026), the previous one 2 (05 Jun 2026, 05 Jul 2026). Pick whole months to compare them.")
    # one invoice day in each (28 Jul; 28 Jun), and time spread over the days: compared
    assert rows["revenue"]["change"] is not None and rows["revenue"]["note"] is None
    assert rows["labour_cost"]["change"] is not None and rows["hours"]["change"] is not None
    assert rows["other_cost"]["change"] is not None  # client costs are not booked on one day


def test_revenue_over_a_custom_period_with_more_invoice_days_is_not_compared(demo_con) -> None:
    rows = _rows(demo_con, LATE_JUL_AUG)
    assert LATE_JUL_AUG.month_starts == LATE_JUL_AUG.previous().month_starts == 1  # the licence rule withholds nothing
    for name in ("revenue", "ehr", "gross_profit", "gross_margin"):
        assert rows[name]["change"] is None, name
        assert rows[name]["note"].startswith("No change shown for revenue, gross profit, gross margin and the "
                                             "effective hourly rate: most invoices are dated the 28th"), name
        assert "holds 2 (28 Jul 2026, 28 Aug 2026), the previous one 1 (28 Jun 2026)" in rows[name]["note"]
    assert rows["license_cost"]["change"] is not None and rows["hours"]["change"] is not None


def test_whole_months_are_compared_month_for_month(demo_con) -> None:
    rows = _rows(demo_con, Period(date(2026, 7, 1), date(2026, 8, 31)))
    assert rows["overhead"]["change"] == 0.0 and rows["revenue"]["change"] is not None
    assert all(r["note"] is None for r in rows.values())


def test_the_profitability_tiles_and_the_report_follow_the_same_rule(demo_con) -> None:
    view = profitability_view(demo_con, User("ana", "analyst"), LATE_JUL_AUG)
    changes = {t["label"]: t.get("change") for t in view.tiles}
    assert changes["Revenue"] is None and changes["Gross profit"] is None and changes["Gross margin"] is None
    assert changes["Hours worked"] is not None
    lines = {k.metric: k for k in kpi_lines(demo_con, JUL_AUG)}
    assert lines["overhead"].change == "n/a" and lines["revenue"].change != "n/a"


def test_the_overview_shows_no_overhead_change_and_says_why(app_env, demo_path: Path) -> None:
    app_env(demo_path)
    at = run_page("overview.py", "analyst")
    at.selectbox(key="overview_period").set_value("Custom").run()
    at.date_input[0].set_value((JUL_AUG.start, JUL_AUG.end)).run()
    assert not at.exception
    shown = tiles(at)
    assert shown["Overhead"][0] == "$9,250.00" and not shown["Overhead"][1]  # was "-50.0%"
    assert shown["Revenue"][1]  # one invoice day in each: compared
    assert "most overhead costs are dated the 5th of the month" in texts(at)
    assert "this period holds 1 licence month, the previous one 2" in texts(at)  # both reasons, once each


def test_each_page_says_only_why_its_own_changes_are_withheld(app_env, demo_path: Path) -> None:
    """The Utilisation page on 10 Jul-20 Aug said "No change shown for licence figures" over tiles that all showed a
    change; with the overhead rule it would have said that too."""
    app_env(demo_path)
    said = {}
    for page, key in (("licenses.py", "licenses"), ("utilization.py", "utilization")):
        at = run_page(page, "analyst")
        at.selectbox(key=f"{key}_period").set_value("Custom").run()
        at.date_input[0].set_value((JUL_AUG.start, JUL_AUG.end)).run()
        assert not at.exception
        said[page] = [c.value for c in at.caption if "No change shown" in c.value]
    assert len(said["licenses.py"]) == 1 and "1 licence month, the previous one 2" in said["licenses.py"][0]
    assert said["utilization.py"] == []


def test_a_segment_invoiced_on_its_own_day_is_judged_by_that_day(demo_path: Path, tmp_path: Path) -> None:
    """h125's leftover: the Profitability page filtered to one segment used the company's posting day. A segment
    invoiced on the 15th over 10 Jul-20 Aug holds two invoice days (15 Jul, 15 Aug) against one before (15 Jun): its
    revenue change is about the calendar and is withheld, while the company's (28th: one against one) is shown."""
    import shutil

    from moat.metrics.postings import posting_day

    copy = tmp_path / "segment.duckdb"
    shutil.copy(demo_path, copy)
    con = db.connect(copy)
    try:
        segment = db.scalar(con, "SELECT segment FROM cur_clients GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        con.execute("UPDATE invoices SET date = make_date(year(date), month(date), 15) WHERE client_key IN "
                    "(SELECT client_key FROM cur_clients WHERE segment = ?)", [segment])
        assert posting_day(con, "invoices", segment) == 15 and posting_day(con, "invoices") == 28
        analyst = User("ana", "analyst")
        whole = {t["label"]: t.get("change") for t in profitability_view(con, analyst, JUL_AUG).tiles}
        assert whole["Revenue"] is not None  # the company: 28 Jul against 28 Jun
        one = {t["label"]: t.get("change") for t in profitability_view(con, analyst, JUL_AUG, segment).tiles}
        assert one["Revenue"] is None and one["Gross margin"] is None and one["Hours worked"] is not None
    finally:
        con.close()
