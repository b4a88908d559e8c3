"""`moat info` / `moat doctor` and the System page: what they report equals what is in the database."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from moat import db
from moat.admin import system
from moat.config import load
from tests.admin.test_backup import hold
from tests.conftest import ROOT
from tests.helpers import run_page


def moat_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_info_json_matches_the_database(demo_path: Path) -> None:
    result = moat_cli("--db", str(demo_path), "info", "--format", "json", "--no-model")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert "model" not in info
    d = info["database"]
    assert d["state"] == "ok"
    assert d["path"] == str(demo_path.resolve())
    assert d["bytes"] == demo_path.stat().st_size
    assert info["versions"]["duckdb"] == metadata.version("duckdb")
    assert info["versions"]["polars"] == "1.36.1"
    con = db.connect(demo_path, read_only=True)
    try:
        expected = {ds: {"active": n} for ds, n in db.rows(con, "SELECT dataset, count(*) FROM snapshots GROUP BY 1")}
        assert d["snapshots"] == expected
        assert d["snapshots_total"] == 6
        assert d["current_rows"]["time_entries"] == 10_000
        assert d["current_rows"]["clients"] == db.scalar(con, "SELECT count(*) FROM clients WHERE is_current")
        assert d["audit_rows"] == db.scalar(con, "SELECT count(*) FROM audit_log")
        assert d["schema_version"] == db.latest_version()
    finally:
        con.close()
    assert d["last_audit_verification"] is None


def test_info_text_while_the_app_holds_the_database(demo_path: Path) -> None:
    holder = hold(demo_path)
    try:
        result = moat_cli("--db", str(demo_path), "info", "--format", "json", "--no-model")
        text = moat_cli("--db", str(demo_path), "info", "--no-model")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["database"]["state"] == "in_use"
    assert info["database"]["holder_pid"] == holder.pid
    assert info["database"]["bytes"] == demo_path.stat().st_size
    assert text.returncode == 0 and "state: in_use" in text.stdout and "Traceback" not in text.stderr


def test_doctor_passes_on_a_good_database_and_fails_on_a_tampered_audit_trail(demo_path: Path) -> None:
    good = moat_cli("--db", str(demo_path), "doctor", "--format", "json")
    assert good.returncode == 0, good.stdout + good.stderr
    checks = {c["check"]: c for c in json.loads(good.stdout)}
    assert checks["audit chain"]["status"] == "ok" and "6 rows verify" in checks["audit chain"]["detail"]
    assert checks["streamlit config"]["status"] == "ok"  # run from the project root: the shipped config is hardened

    con = db.connect(demo_path)
    con.execute("UPDATE audit_log SET action = 'nothing to see' WHERE seq = 3")
    con.close()
    bad = moat_cli("--db", str(demo_path), "doctor")
    assert bad.returncode == 1
    assert "FAIL  audit chain" in bad.stdout and "broken at row 3" in bad.stdout


def test_collect_reports_cache_size_and_verification(demo_path: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "sub").mkdir(parents=True)
    (cache / "a.bin").write_bytes(b"x" * 1000)
    (cache / "sub" / "b.bin").write_bytes(b"y" * 234)
    cfg = load(env={}, db_path=str(demo_path), cache_dir=str(cache))
    con = db.connect(demo_path)
    try:
        from moat.governance.permissions import local_operator

        verified = system.verify_audit(con, local_operator("ada"))
        info = system.collect(cfg, con)
    finally:
        con.close()
    assert verified.ok and verified.rows == 6
    assert info["cache"]["bytes"] == 1234
    assert info["database"]["last_audit_verification"]["by"] == "ada"
    assert info["database"]["audit_rows"] == 7
    model = info["model"]  # the AI probe's answer: what it would run here and why, never loading a model
    assert model["available"] is True and model["probe"]["configured"] is False and model["probe"]["loaded"] is False
    assert model["probe"]["decision"]


def test_system_page_for_admins(demo_path: Path, app_env) -> None:  # noqa: ANN001 - fixture
    app_env(demo_path)
    at = run_page("system.py", "admin")
    assert at.title[0].value == "System"
    assert [m.value for m in at.metric][1] == "6"  # snapshots
    assert any("Last verification: never recorded" in t.value for t in at.text)
    at.button(key="system_verify").click().run()
    assert "The audit chain verifies: 6 rows." in [s.value for s in at.success]
    at.button(key="system_backup").click().run()
    written = list((demo_path.parent / "backups").glob("*.duckdb"))
    assert len(written) == 1
    assert any(str(written[0]) in s.value for s in at.success)
    at.run()
    assert any("Last verification:" in t.value and "never" not in t.value for t in at.text)
    assert not at.exception


def test_system_page_refuses_analysts_and_viewers(demo_path: Path, app_env) -> None:  # noqa: ANN001 - fixture
    app_env(demo_path)
    for role in ("viewer", "analyst"):
        at = run_page("system.py", role)
        assert at.error and "do not have access" in at.error[0].value
        assert not at.button and not at.metric
        assert not at.exception


def test_system_page_deletes_older_analytics_runs(demo_path: Path, app_env) -> None:  # noqa: ANN001 - fixture
    from moat import config, db
    from moat.analytics import run
    from moat.governance.permissions import User
    from moat.metrics import Period

    app_env(demo_path)
    con = db.connect(demo_path)
    try:
        ids = [run.run(con, User("ann", "analyst"), Period.parse("2026-08-01", "2026-10-31"), config.load(env={})).run_id
               for _ in range(3)]
        oldest = db.scalar(con, "SELECT count(*) FROM results WHERE run_id = ?", [ids[0]])
    finally:
        con.close()
    at = run_page("system.py", "admin")
    assert f"1 older runs ({oldest:,} results) can be deleted" in [t.value for t in at.text]
    at.button(key="system_prune").click().run()
    assert f"Deleted 1 runs and their {oldest:,} results (audited)." in [s.value for s in at.success]
    assert "0 older runs (0 results) can be deleted" in [t.value for t in at.text]
    at.run()
    assert at.button(key="system_prune").disabled and not at.exception
    con = db.connect(demo_path)
    try:
        assert [r[0] for r in db.rows(con, "SELECT run_id FROM analytics_runs ORDER BY 1")] == ids[1:]
    finally:
        con.close()
