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
