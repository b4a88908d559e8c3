"""The executive report: KPI values in the PDF text, self-contained HTML, approved results only, roles, audit."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from moat import db
from moat.cli import main
from moat.errors import NotEnoughData, PermissionDenied
from moat.export import report, report_render
from moat.formatting import money_text, percent_text
from moat.governance.permissions import User
from moat.metrics.periods import Period

ADMIN, VIEWER = User("ada", "admin"), User("vic", "viewer")
Q3 = Period(date(2026, 8, 1), date(2026, 10, 31))
PREV = Period(date(2026, 5, 1), date(2026, 7, 31))


def expected_kpis(con: db.Connection, p: Period) -> dict[str, str]:
    """KPI texts computed here from the raw current rows (not through moat.metrics)."""
    revenue = db.scalar(con, "SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN ? AND ? "
                             "AND coalesce(lower(status), '') NOT IN ('draft', 'void')", [p.start, p.end])
    labour, hours = db.one(con, "SELECT sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)), sum(te.hours) "
                                "FROM cur_time_entries te JOIN cur_technicians t USING (technician_key) "
                                "WHERE te.date BETWEEN ? AND ?", [p.start, p.end])
    months = [date(p.start.year, m, 1) for m in range(p.start.month, p.end.month + 1)]
    lic_cost, waste = db.one(con, "SELECT sum(seats_purchased * unit_cost), "
                                  "sum((seats_purchased - coalesce(seats_active, seats_assigned)) * unit_cost) "
                                  "FROM cur_licenses WHERE month IN (SELECT unnest(?::DATE[]))", [months])
    other = db.scalar(con, "SELECT sum(amount) FROM cur_costs WHERE client_key IS NOT NULL AND date BETWEEN ? AND ?",
                      [p.start, p.end])
    overhead = db.scalar(con, "SELECT sum(amount) FROM cur_costs WHERE client_key IS NULL AND date BETWEEN ? AND ?",
                         [p.start, p.end])
    gross = revenue - labour - lic_cost - other
    return {
        "Revenue": money_text(revenue), "Gross profit": money_text(gross),
        "Gross margin": percent_text(gross / revenue), "Labour cost": money_text(labour),
        "Licence cost": money_text(lic_cost), "Licence waste": money_text(waste), "Overhead": money_text(overhead),
        "Effective hourly rate": money_text(revenue / hours), "Hours worked": f"{float(hours):,.1f} h",
    }


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_pdf_holds_the_kpi_values(demo_con, tmp_path: Path) -> None:
    path = report_render.write(demo_con, ADMIN, Q3, tmp_path / "report.pdf")
    text = pdf_text(path.read_bytes())
    assert "Executive report: 2026-08-01 to 2026-10-31" in text
    now, before = expected_kpis(demo_con, Q3), expected_kpis(demo_con, PREV)
    for label, value in now.items():
        line = next(line for line in text.splitlines() if line.startswith(label))
        assert value in line, (label, value, line)
        assert before[label] in line, (label, before[label], line)
    # the relative change of revenue, as shown
    rev_now = Decimal(now["Revenue"].strip("$").replace(",", ""))
    rev_before = Decimal(before["Revenue"].strip("$").replace(",", ""))
    assert f"{float((rev_now - rev_before) / rev_before) * 100:+.1f}%" in next(
        line for line in text.splitlines() if line.startswith("Revenue"))
    # the largest approved recommendation names its client, for a user allowed client-level exports
    assert "Below the target margin: Meridian Dental Group" in text
    assert "Trends" in text and len(pypdf.PdfReader(path).pages) >= 1
    row = db.one(demo_con, "SELECT user_name, action, object, CAST(details AS VARCHAR) FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert row[:3] == ("ada", "report", "report:2026-08-01..2026-10-31")
    assert json.loads(row[3])["format"] == "pdf"


def test_html_is_self_contained_and_escapes_names(demo_con, tmp_path: Path) -> None:
    demo_con.execute("UPDATE clients SET client_name = '<script>alert(1)</script>' WHERE client_name = 'Meridian Dental Group'")
    demo_con.execute("UPDATE invoices SET client_name = '<script>alert(1)</script>' WHERE client_name = 'Meridian Dental Group'")
    html = report_render.write(demo_con, ADMIN, Q3, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=['"]?(https?:)?//""", html)  # nothing loaded from anywhere
    assert len(re.findall(r"src='data:image/png;base64,", html)) == 2  # trend + licence waste charts inline
    for label, value in expected_kpis(demo_con, Q3).items():
        if label != "Overhead":
            assert f">{value}<" in html, (label, value)


def test_viewer_report_has_no_client_names(demo_con) -> None:
    report.build(demo_con, ADMIN, Q3, with_charts=False)  # an analytics run is stored (by an admin's report)
    text = pdf_text(report_render.report_bytes(demo_con, VIEWER, Q3, "pdf"))
    names = [r[0] for r in db.rows(demo_con, "SELECT client_name FROM cur_clients")]
    assert not [n for n in names if n in text]
    reprice = db.one(demo_con, "SELECT count(*), sum(value) FROM results WHERE metric = 'insight_reprice' AND status = 'approved'")
    assert f"Below the target margin: {reprice[0]} case(s)" in text
    assert f"Together {money_text(reprice[1])} a month at stake." in text
    assert expected_kpis(demo_con, Q3)["Revenue"] in text


def test_only_approved_results_are_reported(demo_con) -> None:
    first = report.build(demo_con, ADMIN, Q3, with_charts=False)  # an admin's report stores an analytics run
    run_id = first.run_id
    assert run_id is not None and db.scalar(demo_con, "SELECT count(*) FROM analytics_runs") == 1
    assert first.risks[0].title == "Below the target margin: Meridian Dental Group"
    assert first.risks[0].action.startswith("Reprice Meridian Dental Group: a monthly fee of")
    meridian_effect = db.scalar(demo_con, "SELECT value FROM results WHERE run_id = ? AND metric = 'insight_reprice' "
                                          "AND entity = 'Meridian Dental Group'", [run_id])
    assert first.risks[0].detail.startswith(f"{money_text(meridian_effect)} a month at stake")
    margin, confidence = db.one(demo_con, "SELECT value, confidence FROM results WHERE run_id = ? "
                                          "AND metric = 'gross_margin' AND entity_type = 'company'", [run_id])
    assert {"metric": "Gross margin", "entity": "company", "value": percent_text(margin),
            "confidence": percent_text(confidence, 0)} in first.approved
    # an admin sends Meridian's recommendation and the company margin back to review: both leave the report
    demo_con.execute("UPDATE results SET status = 'pending_review' WHERE run_id = ? AND ((metric = 'insight_reprice' "
                     "AND entity = 'Meridian Dental Group') OR (metric = 'gross_margin' AND entity_type = 'company'))",
                     [run_id])
    pending = db.scalar(demo_con, "SELECT count(*) FROM results WHERE run_id = ? AND status = 'pending_review'", [run_id])
    again = report.build(demo_con, ADMIN, Q3, with_charts=False)
    assert again.run_id == run_id  # the stored run is reused while the data is unchanged
    assert all("Meridian Dental Group" not in r.title for r in again.risks)
    assert all(r["metric"] != "Gross margin" for r in again.approved)
    assert again.pending_left_out == pending >= 2
    html = report_render.render(again, "html").decode("utf-8")
    assert f"{pending} result(s) awaiting review are not included" in html
    assert "Meridian Dental Group" not in html


def test_viewer_without_stored_run_gets_no_unreviewed_recommendations(demo_con) -> None:
    built = report.build(demo_con, VIEWER, Q3, with_charts=False)
    assert built.run_id is None and built.risks == [] and built.approved == []
    assert any("No analytics run is stored" in n for n in built.notes)
    # h112: the report is downloaded from the Overview page too: it names the page's button, not only the command
    assert any("Insights page, \"Run and store the analysis of this period\"" in n for n in built.notes)
    assert db.scalar(demo_con, "SELECT count(*) FROM analytics_runs") == 0  # a viewer's report stores nothing


def test_empty_period_and_missing_permission(demo_con, empty_con, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(NotEnoughData):
        report.build(demo_con, ADMIN, Period(date(2030, 1, 1), date(2030, 3, 31)))
    with pytest.raises(NotEnoughData):
        report.parse_period(None, None, empty_con)
    # every role may export today; take it away from viewers to prove the report checks it
    from moat.governance import permissions

    monkeypatch.setitem(permissions.PERMISSIONS, "export", frozenset({"analyst", "admin"}))
    with pytest.raises(PermissionDenied):
        report.build(demo_con, VIEWER, Q3)


def test_cli_report_and_exit_codes(demo_path: Path, app_env, tmp_path: Path, capsys) -> None:
    app_env(demo_path)
    out = tmp_path / "report.html"
    assert main(["report", "--from", "2026-08-01", "--to", "2026-10-31", "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["file"] == str(out) and result["format"] == "html" and result["bytes"] == out.stat().st_size
    assert main(["report", "--out", str(tmp_path / "r.pdf")]) == 0  # default period: last 3 months with data
    assert pdf_text((tmp_path / "r.pdf").read_bytes()).count("2026-08-01 to 2026-10-31") >= 1
    assert main(["report", "--out", str(tmp_path / "r.txt")]) == 2
    assert "report.pdf or report.html" in capsys.readouterr().err
    assert main(["report", "--from", "2030-01-01", "--to", "2030-01-31", "--out", str(tmp_path / "x.pdf")]) == 1
    assert not (tmp_path / "x.pdf").exists()
