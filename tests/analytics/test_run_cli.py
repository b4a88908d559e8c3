"""Stored analytics runs (provenance, review status, audit) and the CLI commands."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from moat import config
from moat.analytics import analysis, explain, insights, result_rows, run, stored_runs
from moat.analytics.evidence import detail, gather
from moat.cli import main
from moat.db import frame
from moat.db import rows as db_rows
from moat.db import scalar as db_scalar
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User
from moat.metrics import Period, profitability

YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))
ARGS = ["--from", "2025-11-01", "--to", "2026-10-31"]
ANALYST = User("ann", "analyst")
CFG = config.load(env={})


def test_run_stores_traceable_results(demo_con) -> None:
    summary = run.run(demo_con, ANALYST, YEAR, CFG)
    stored = frame(demo_con, "SELECT * FROM results WHERE run_id = ?", [summary.run_id])
    assert stored.height == summary.results
    assert summary.pending_review == 0  # the demo's evidence is strong everywhere
    assert set(stored["status"].unique()) == {"approved"}
    assert all(json.loads(s) for s in stored["snapshot_ids"])
    clients = profitability(demo_con, YEAR)
    margins = stored.filter(pl.col("metric") == "gross_margin")
    assert margins.height == clients.height + 1  # every client and the company
    meridian = margins.filter(pl.col("entity") == "Meridian Dental Group").row(0, named=True)
    decomposition = json.loads(meridian["explanation"])["decomposition"]
    assert sum(c["contribution_pts"] for c in decomposition["contributions"]) == pytest.approx(decomposition["gap_pts"], abs=1e-3)
    assert json.loads(meridian["confidence_parts"])["months_total"] == 12
    # What the run stored is what the Explain page and `moat explain` say for the same client and data.
    ev = gather(demo_con, YEAR)
    ev.detail = detail(demo_con, YEAR, client_keys=["meridian dental group"])
    assert decomposition == json.loads(json.dumps(explain.client(ev, "Meridian Dental Group")))
    assert "Priya Shah" in decomposition["sentence"]
    # and each stored insight carries the rule's own action and evidence (money as numbers, months as dates)
    plain = {(i["kind"], i["entity"], i["action"]): i for i in insights.insights(ev, insights.Thresholds.from_config(CFG))}
    stored_insights = stored.filter(pl.col("metric").str.starts_with("insight_"))
    assert stored_insights.height == len(plain)
    for row in stored_insights.iter_rows(named=True):
        shown = json.loads(row["explanation"])
        rule = plain[(row["metric"].removeprefix("insight_"), row["entity"], shown["action"])]
        assert shown["evidence"] == json.loads(json.dumps(rule["evidence"], default=lambda v: v.isoformat() if hasattr(v, "isoformat") else float(v)))
        assert row["value"] == float(rule["monthly_effect"]) and row["confidence"] == rule["confidence"]
    kinds = set(stored.filter(pl.col("metric").str.starts_with("insight_"))["metric"])
    assert {"insight_reprice", "insight_reclaim_seats", "insight_rebalance"} <= kinds
    runs = frame(demo_con, "SELECT * FROM analytics_runs WHERE run_id = ?", [summary.run_id])
    assert runs["results"][0] == summary.results and not stored_runs.is_stale(demo_con, summary.run_id)
    last = frame(demo_con, "SELECT action, object, user_name FROM audit_log ORDER BY seq DESC LIMIT 1").row(0)
    assert last == ("analytics_run", f"run:{summary.run_id}", "ann")
    assert audit.verify(demo_con).ok


def test_analysis_in_two_threads_equals_each_stage_on_its_own(demo_con) -> None:
    """``analysis.analyse`` computes confidence and anomalies in a second thread: the same figures as calling each."""
    from polars.testing import assert_frame_equal

    from moat.analytics import anomalies, confidence, risk

    a = analysis.analyse(demo_con, YEAR, insights.Thresholds.from_config(CFG))
    ev = gather(demo_con, YEAR, with_detail=False)
    ev.detail = detail(demo_con, YEAR, client_keys=analysis.detail_keys(ev))
    for got, expected in ((a.evidence.detail, ev.detail), (a.client_conf, confidence.client_confidence(ev)), (a.license_conf, confidence.license_confidence(ev)),
                          (a.tech_conf, confidence.technician_confidence(ev)), (a.anomalies, anomalies.detect(ev)),
                          (a.risk, risk.client_risk(ev)), (a.explanations, explain.all_clients(ev))):
        assert got.height > 0
        assert_frame_equal(got, expected, check_row_order=False, abs_tol=1e-12)  # float sums may differ in the last bit
    assert a.company_conf == confidence.company_confidence(ev)
    assert [(i["kind"], i["entity"], i["monthly_effect"]) for i in a.insights] == [
        (i["kind"], i["entity"], i["monthly_effect"]) for i in insights.insights(ev, insights.Thresholds.from_config(CFG))]


def test_a_run_stores_exactly_the_rows_of_its_analysis_in_order(demo_con) -> None:
    """A run inserts the metric rows while its insights are computed in a second thread, then the insights' and
    company rows: what it stores is row for row what ``build_rows`` makes of the same analysis."""
    expected = result_rows.build_rows(analysis.analyse(demo_con, YEAR, insights.Thresholds.from_config(CFG)))
    summary = run.run(demo_con, ANALYST, YEAR, CFG)
    stored = frame(demo_con, "SELECT metric, entity_type, entity, value, confidence, CAST(explanation AS VARCHAR) AS explanation "
                             "FROM results WHERE run_id = ? ORDER BY result_id", [summary.run_id])
    assert summary.results == stored.height == expected.height
    assert summary.insights == stored.filter(pl.col("metric").str.starts_with("insight_")).height > 0
    assert stored.select("metric", "entity_type", "entity", "value", "confidence").rows() == \
        expected.select("metric", "entity_type", "entity", "value", "confidence").rows()
    assert [json.loads(e) for e in stored["explanation"]] == [json.loads(e) for e in expected["explanation"]]


def test_a_run_whose_insights_fail_stores_nothing(demo_con, monkeypatch) -> None:
    """The insights fail in their thread after the metric rows were inserted: the whole storing transaction is
    rolled back and the error reaches the caller."""
    def broken(*args, **kwargs):
        raise RuntimeError("a rule broke")

    monkeypatch.setattr(insights, "insights", broken)
    with pytest.raises(RuntimeError, match="a rule broke"):
        run.run(demo_con, ANALYST, YEAR, CFG)
    assert db_scalar(demo_con, "SELECT count(*) FROM results") == 0
    assert db_scalar(demo_con, "SELECT count(*) FROM analytics_runs") == 0
    assert db_scalar(demo_con, "SELECT count(*) FROM audit_log WHERE action = 'analytics_run'") == 0


def _invoice_snapshot(con) -> int:
    return db_scalar(con, "SELECT max(snapshot_id) FROM snapshots WHERE dataset = 'invoices' AND status = 'active'")


def test_an_upload_rolled_back_during_the_analysis_is_seen_by_a_second_analysis(demo_con, monkeypatch) -> None:
    """Another session changes the data while the run analyses: nothing half-old is stored, the run analyses the
    new data and records its version, so it is not stale."""
    from moat import snapshots

    other, admin = demo_con.cursor(), User("ada", "admin")
    invoices = _invoice_snapshot(demo_con)
    real, calls = run.analyse, []

    def analyse_while_an_admin_rolls_back(con, *args, **kwargs):
        analysis = real(con, *args, **kwargs)  # the real analysis; only the other session's timing is arranged
        calls.append(analysis)
        if len(calls) == 1:
            snapshots.rollback(other, admin, invoices)  # commits: every invoice of the demo is gone
        return analysis

    monkeypatch.setattr(run, "analyse", analyse_while_an_admin_rolls_back)
    summary = run.run(demo_con, ANALYST, YEAR, CFG)
    assert len(calls) == 2
    revenue = db_scalar(demo_con, "SELECT value FROM results WHERE run_id = ? AND metric = 'revenue' AND entity_type = 'company'",
                        [summary.run_id])
    assert float(calls[0].evidence.prof["revenue"].sum()) > 0 and revenue == 0  # stored: the data after the rollback
    assert not stored_runs.is_stale(demo_con, summary.run_id)
    assert db_scalar(demo_con, "SELECT count(DISTINCT run_id) FROM results") == 1  # the first analysis left nothing
    assert audit.verify(demo_con).ok


def test_a_run_whose_data_keeps_changing_stores_nothing_and_says_why(demo_con, monkeypatch) -> None:
    from moat import snapshots

    other, admin = demo_con.cursor(), User("ada", "admin")
    active = [r[0] for r in db_rows(demo_con, "SELECT snapshot_id FROM snapshots WHERE status = 'active' ORDER BY 1")]
    real = run.analyse

    def analyse_while_rollbacks_commit(con, *args, **kwargs):
        analysis = real(con, *args, **kwargs)
        snapshots.rollback(other, admin, active.pop())
        return analysis

    monkeypatch.setattr(run, "analyse", analyse_while_rollbacks_commit)
    with pytest.raises(MoatError, match=f"changed during each of {run.ATTEMPTS} analyses"):
        run.run(demo_con, ANALYST, YEAR, CFG)
    assert db_scalar(demo_con, "SELECT count(*) FROM results") == 0
    assert db_scalar(demo_con, "SELECT count(*) FROM analytics_runs") == 0


def test_storing_a_run_that_collides_with_another_write_is_retried(demo_con, monkeypatch) -> None:
    """Another session's audit row commits while the run's storing transaction is open: the run loses the
    conflict on the chain's next row and stores again, instead of failing after its whole analysis."""
    other = demo_con.cursor()
    other.execute("BEGIN TRANSACTION")
    audit.append(other, User("ada", "admin"), "commit", "snapshot:99", {})
    real_append, attempts = audit.append, []

    def append_then_the_other_commits(c, *args, **kwargs):
        seq = real_append(c, *args, **kwargs)
        attempts.append(seq)
        if len(attempts) == 1:
            other.execute("COMMIT")
        return seq

    monkeypatch.setattr(audit, "append", append_then_the_other_commits)
    summary = run.run(demo_con, ANALYST, YEAR, CFG)
    assert len(attempts) == 2
    assert db_scalar(demo_con, "SELECT count(DISTINCT run_id) FROM results") == 1
    assert db_scalar(demo_con, "SELECT count(*) FROM results WHERE run_id = ?", [summary.run_id]) == summary.results
    assert audit.verify(demo_con).ok


def test_low_confidence_goes_to_review(demo_con) -> None:
    summary = run.run(demo_con, ANALYST, YEAR, CFG.with_(review_confidence=0.97))
    stored = frame(demo_con, "SELECT confidence, status FROM results WHERE run_id = ?", [summary.run_id])
    low = stored.filter(pl.col("confidence") < 0.97)
    assert low.height == summary.pending_review > 0
    assert set(low["status"]) == {"pending_review"}
    assert set(stored.filter(pl.col("confidence") >= 0.97)["status"]) == {"approved"}
    viewer = stored_runs.stored(demo_con, User("vic", "viewer"), summary.run_id)
    assert viewer.height == stored.height - low.height and not viewer["provisional"].any()
    assert stored_runs.stored(demo_con, ANALYST, summary.run_id)["provisional"].sum() == low.height


def test_viewer_cannot_run(demo_con) -> None:
    from moat.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        run.run(demo_con, User("vic", "viewer"), YEAR, CFG)


def test_compare_runs_shows_what_an_upload_changed(demo_con) -> None:
    from moat import demo, snapshots

    first = run.run(demo_con, ANALYST, YEAR, CFG).run_id
    extra = pl.DataFrame({"invoice_number": ["INV-EXTRA"], "client_name": ["Harbor Logistics"], "date": [date(2026, 6, 30)],
                          "amount": [1000.0], "currency": ["USD"], "category": ["project"], "status": ["paid"]})
    snapshots.commit(demo_con, ANALYST, "invoices", demo.with_keys("invoices", extra), file_name="extra.csv",
                     sha256="extra", rows_read=1)
    assert stored_runs.is_stale(demo_con, first)
    second = run.run(demo_con, ANALYST, YEAR, CFG).run_id
    diff = stored_runs.compare_runs(demo_con, ANALYST, first, second)
    harbor = diff.filter((pl.col("metric") == "revenue") & (pl.col("entity") == "Harbor Logistics")).row(0, named=True)
    assert harbor["change"] == pytest.approx(1000.0) and harbor["snapshots_changed"]
    company = diff.filter((pl.col("metric") == "revenue") & (pl.col("entity") == "company")).row(0, named=True)
    assert company["change"] == pytest.approx(1000.0)


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_insights_json(demo_path, capsys) -> None:
    code, out, _ = _cli(capsys, "--db", str(demo_path), "insights", *ARGS, "--format", "json")
    assert code == 0
    rows = json.loads(out, parse_float=Decimal)
    assert set(rows[0]) == {"kind", "entity", "action", "evidence", "monthly_effect", "confidence"}
    assert [r["monthly_effect"] for r in rows] == sorted((r["monthly_effect"] for r in rows), reverse=True)
    assert any(r["kind"] == "reprice" and r["entity"] == "Meridian Dental Group" for r in rows)
    assert any(r["kind"] == "reclaim_seats" and r["entity"] == "Harbor Logistics" for r in rows)
    code, out, _ = _cli(capsys, "--db", str(demo_path), "insights", *ARGS, "--limit", "3")
    assert code == 0 and len(out.strip().splitlines()) == 5  # header, rule, 3 rows


def test_cli_explain_client_json_and_table(demo_path, capsys) -> None:
    code, out, _ = _cli(capsys, "--db", str(demo_path), "explain", "client", "meridian dental group", *ARGS, "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert [set(c) >= {"component", "contribution_pts", "contribution_money"} for c in result["contributions"]] == [True] * 4
    assert sum(c["contribution_pts"] for c in result["contributions"]) == pytest.approx(result["gap_pts"], abs=1e-3)
    code, out, _ = _cli(capsys, "--db", str(demo_path), "explain", "technician", "Priya Shah", *ARGS)
    assert code == 0 and out.startswith("Priya Shah is at 97.4% billable utilisation")  # as the page: one decimal (h112)
    code, _, err = _cli(capsys, "--db", str(demo_path), "explain", "client", "Nobody", *ARGS)
    assert code == 1 and "check the spelling" in err


def test_cli_analytics_run(demo_path, capsys) -> None:
    code, out, _ = _cli(capsys, "--db", str(demo_path), "analytics", "run", *ARGS)
    assert code == 0 and out.startswith("run 1 stored ")
