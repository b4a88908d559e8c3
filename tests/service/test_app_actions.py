"""Routine work from the app instead of the CLI: confirm suggested names from the quarantine, run an analysis."""

from __future__ import annotations

from pathlib import Path

from moat import db
from moat.governance.permissions import User
from moat.ingest import Options, alias_suggestions, ingest_path
from tests.helpers import run_page

ANALYST = User("test-analyst", "analyst")


def _quarantine_a_near_miss(path: Path, tmp_path: Path) -> None:
    csv = tmp_path / "time.csv"
    csv.write_text("entry_id,technician_name,client_name,date,hours,billable\n"
                   "NM-1,Priya Shah,Meridian Dental Grop,2026-10-27,2.0,Yes\n"
                   "NM-2,Priya Shah,Meridian Dental Grop,2026-10-28,1.0,Yes\n", encoding="utf-8")
    con = db.connect(path)
    try:
        report = ingest_path(con, ANALYST, csv, Options())
        assert report["rows_quarantined"] == 2
    finally:
        con.close()


def test_suggested_names_are_confirmed_and_retried_from_the_upload_page(app_env, demo_path: Path, tmp_path: Path) -> None:
    app_env(demo_path)
    _quarantine_a_near_miss(demo_path, tmp_path)
    con = db.connect(demo_path, read_only=True)
    try:
        found = alias_suggestions.pending(con).rows(named=True)
    finally:
        con.close()
    assert found == [{"kind": "client", "name": "Meridian Dental Grop", "suggestion": "Meridian Dental Group", "rows": 2}]

    at = run_page("upload.py", role="analyst")
    assert not at.exception
    pick = at.multiselect(key="upload_alias_pick")
    assert "'Meridian Dental Grop' is 'Meridian Dental Group' (2 rows)" in pick.options[0]
    pick.set_value([0]).run()
    at.button(key="upload_alias_confirm").click().run()
    assert not at.exception
    assert any("1 aliases confirmed; retried: 2 rows loaded, 0 still quarantined" in s.value for s in at.success)
    con = db.connect(demo_path, read_only=True)
    try:
        assert db.scalar(con, "SELECT count(*) FROM cur_time_entries WHERE entry_id LIKE 'NM-%'") == 2
        assert db.scalar(con, "SELECT count(*) FROM aliases WHERE alias_name = 'Meridian Dental Grop'") == 1
        assert db.scalar(con, "SELECT count(*) FROM audit_log WHERE action = 'alias_add'") == 1
        assert alias_suggestions.pending(con).is_empty()
    finally:
        con.close()


def test_an_analyst_runs_and_stores_an_analysis_from_the_insights_page(app_env, demo_path: Path) -> None:
    app_env(demo_path)
    con = db.connect(demo_path, read_only=True)
    try:
        runs_before = db.scalar(con, "SELECT count(*) FROM analytics_runs")
    finally:
        con.close()
    viewer = run_page("insights.py", role="viewer")
    assert not viewer.exception and not [b for b in viewer.button if b.key == "insights_run"]  # viewers cannot
    at = run_page("insights.py", role="analyst")
    at.button(key="insights_run").click().run(timeout=300)
    assert not at.exception
    con = db.connect(demo_path, read_only=True)
    try:
        assert db.scalar(con, "SELECT count(*) FROM analytics_runs") == runs_before + 1
        run_id, results = db.one(con, "SELECT r.run_id, count(*) FROM analytics_runs r JOIN results USING (run_id) "
                                      "GROUP BY ALL ORDER BY r.run_id DESC LIMIT 1")
        assert results > 0
        assert db.scalar(con, "SELECT count(*) FROM audit_log WHERE action = 'analytics_run' AND user_name = 'test-analyst'") == 1
    finally:
        con.close()
    labels = [getattr(e, "label", "") for e in at.get("status")]
    assert any(f"Stored run {run_id}:" in label for label in labels), labels
