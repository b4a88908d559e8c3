"""h70 defect 6: `moat --config FILE` did not reach the settings the audit trail loads on its own (it read
./moat.yaml, MOAT_CONFIG or the defaults): a command run with `--config` signed its audit rows with another key
(`audit.key` beside the database) than the one the file names, and anchored them elsewhere.

Now the CLI's one Config is the running command's settings (`moat.config.active()`), which the audit trail takes.
"""

from __future__ import annotations

import json
from pathlib import Path

from moat import config
from moat.cli import main

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h70"


def test_audit_key_and_anchor_follow_the_config_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no moat.yaml in the working folder: only --config names the key
    monkeypatch.delenv("MOAT_AUDIT_KEY_FILE", raising=False)  # the suite's own key (tests/conftest.py) would win
    keys = tmp_path / "keys"
    keys.mkdir()
    (tmp_path / "elsewhere.yaml").write_text(f"audit_key_file: {keys / 'custom.key'}\n")
    db = tmp_path / "db" / "m.duckdb"
    db.parent.mkdir()
    base = ["--config", str(tmp_path / "elsewhere.yaml"), "--db", str(db)]
    assert main([*base, "ingest", str(FIX / "earlier_invoices.csv"), "--json"]) == 0
    capsys.readouterr()
    assert (keys / "custom.key").is_file()
    assert not (db.parent / "audit.key").exists(), "signed with a key the config file does not name"
    assert list((keys / "audit-anchors").glob("*.json"))
    assert main([*base, "audit", "verify", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["rows"] >= 1, out
    assert config.active() is None  # the command's settings end with it


def test_without_config_the_key_stays_beside_the_database(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MOAT_AUDIT_KEY_FILE", raising=False)
    db = tmp_path / "m.duckdb"
    assert main(["--db", str(db), "ingest", str(FIX / "earlier_invoices.csv"), "--json"]) == 0
    assert (tmp_path / "audit.key").is_file()
