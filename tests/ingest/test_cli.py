"""`moat ingest` and friends: JSON shape, exit codes, and one real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from moat.cli import main
from tests.ingest.ingest_fixtures import CW_HEADER, CW_ROWS, OLE2, csv_text

KEYS = {"file", "dataset", "encoding", "delimiter", "rows_read", "rows_loaded", "rows_quarantined", "quality_score", "snapshot_id", "errors"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ingest_json_shape_and_exit_codes(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    good = tmp_path / "cw.csv"
    good.write_text(csv_text(CW_HEADER, CW_ROWS + [["4", "A", "B", "10/01/2026", "x", "B", "", ""]]), encoding="utf-8")
    bad = tmp_path / "old.xls"
    bad.write_bytes(OLE2)
    code, out, _ = run(capsys, "--db", str(db), "ingest", str(good), "--json")
    assert code == 0
    report = json.loads(out)["files"][0]
    assert KEYS <= set(report)
    assert (report["file"], report["dataset"], report["encoding"], report["delimiter"]) == ("cw.csv", "time_entries", "utf-8", ",")
    assert (report["rows_read"], report["rows_loaded"], report["rows_quarantined"]) == (4, 3, 1)
    assert report["errors"] == [{"row": 5, "column": "Hours Actual", "value": "x",
                                 "reason": "hours: not a number of hours (expected e.g. 1.5 or 1:30)"}]
    assert isinstance(report["quality_score"], float) and report["snapshot_id"] == 1

    code, out, _ = run(capsys, "--db", str(db), "ingest", str(bad), str(good), "--json")
    assert code == 2
    files = json.loads(out)["files"]
    assert files[0]["rejected"] and "cannot read: save as .xlsx or CSV" in files[0]["errors"][0]["reason"]
    assert files[1]["already_loaded"] and files[1]["snapshot_id"] == 1

    ambiguous = tmp_path / "amb.csv"
    ambiguous.write_text(csv_text(CW_HEADER, [["9", "A", "B", "03/04/2026", "1", "B", "", ""]]), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db), "ingest", str(ambiguous))
    assert code == 2 and "--dayfirst" in err
    code, out, _ = run(capsys, "--db", str(db), "ingest", str(ambiguous), "--dayfirst", "--json")
    assert code == 0 and json.loads(out)["files"][0]["date_order"] == "dmy"

    code, out, _ = run(capsys, "--db", str(db), "quarantine", "list", "--format", "json")
    assert code == 0 and [r["row_number"] for r in json.loads(out)] == [5]
    code, out, _ = run(capsys, "--db", str(db), "snapshots", "list", "--format", "json")
    assert [s["snapshot_id"] for s in json.loads(out)] == [1, 2]
    code, out, _ = run(capsys, "--db", str(db), "snapshots", "diff", "1", "2", "--json")
    diff = json.loads(out)
    assert code == 0 and (diff["added"]["count"], diff["removed"]["count"], diff["changed"]["count"]) == (1, 3, 0)


def test_aliases_and_retry_commands(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    first = tmp_path / "clients.csv"
    first.write_text("Client,Segment\nAcme Corporation,legal\n", encoding="utf-8")
    second = tmp_path / "time.csv"
    second.write_text("Member,Company,Date,Hours,Billable\nPriya,Acme Crop,2026-10-01,1,Yes\n", encoding="utf-8")
    assert run(capsys, "--db", str(db), "ingest", str(first))[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "ingest", str(second), "--json")
    assert json.loads(out)["files"][0]["rows_quarantined"] == 1
    code, out, _ = run(capsys, "--db", str(db), "aliases", "add", "Acme Crop", "Acme Corporation")
    assert code == 0 and "alias added" in out
    code, out, _ = run(capsys, "--db", str(db), "aliases", "list", "--format", "json")
    assert json.loads(out)[0]["alias_name"] == "Acme Crop"
    code, out, _ = run(capsys, "--db", str(db), "quarantine", "retry", "--json")
    assert code == 0 and json.loads(out)["files"][0]["rows_loaded"] == 1
    code, out, _ = run(capsys, "--db", str(db), "snapshots", "rollback", "3")
    assert code == 0 and "rolled back" in out
    code, _, err = run(capsys, "--db", str(db), "aliases", "add", "X", "Nobody")
    assert code == 1 and "no known client" in err


def test_real_subprocess(tmp_path: Path) -> None:
    data = tmp_path / "cw.csv"
    data.write_text(csv_text(CW_HEADER, CW_ROWS), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "MOAT_LOG_FILE": str(tmp_path / "log.jsonl"), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "moat", "--db", str(tmp_path / "m.duckdb"), "ingest", str(data), "--json"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"][0]["rows_loaded"] == 3
    done = subprocess.run([sys.executable, "-m", "moat", "--db", str(tmp_path / "m.duckdb"), "ingest", str(tmp_path / "missing.csv")],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 2 and "cannot open the file" in done.stderr


def test_text_line_says_how_dates_were_read_never_a_dash(tmp_path: Path, app_env, capsys) -> None:
    """h98: `moat ingest` printed "dates -" for a file of ISO dates and for a file without dates; the upload page
    already said "dates unambiguous ..." or nothing. The CLI now says the same."""
    db = app_env(tmp_path / "m.duckdb")
    files = {"iso.csv": "Member,Company,Date,Hours,Billable\nPriya Shah,Acme,2026-10-01,2,Yes\n",
             "dmy.csv": "Member,Company,Date,Hours,Billable\nPriya Shah,Acme,31/10/2026,2,Yes\n",
             "clients.csv": "Client,Segment\nAcme,Dental\n"}
    lines = {}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        extra = ["--dataset", "clients"] if name == "clients.csv" else []
        code, out, _ = run(capsys, "--db", str(db), "ingest", str(tmp_path / name), *extra)
        assert code == 0, out
        lines[name] = next(line for line in out.splitlines() if line.startswith(f"{name}: ") and "snapshot" in line)
    assert "dates -" not in "".join(lines.values()), lines
    assert "(utf-8, delimiter ',', dates unambiguous (no day/month order to choose)) -> snapshot" in lines["iso.csv"]
    assert "(utf-8, delimiter ',', dates day-first) -> snapshot" in lines["dmy.csv"]
    assert "(utf-8, delimiter ',') -> snapshot" in lines["clients.csv"]
    code, out, _ = run(capsys, "--db", str(db), "ingest", str(tmp_path / "dmy.csv"), "--json")
    assert json.loads(out)["files"][0]["dates"] == "dates day-first"


def _readme_json_keys() -> set[str]:
    """The keys README's paragraph on `moat ingest --json` names (from "`--json` prints" to "Always")."""
    import re

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = text.index("`--json` prints `{\"files\"")
    paragraph = text[start:text.index("Always `rows_read", start)]
    return set(re.findall(r'"(\w+)"', paragraph)) | set(re.findall(r"`(\w+)`", paragraph))


def test_every_key_ingest_json_prints_is_in_the_readme(tmp_path: Path, app_env, capsys) -> None:
    """h103: README is the contract scripts read; `dates` (how the dates were read) and `fields_kept` were printed
    by every loaded file but named nowhere in its list of keys."""
    db = app_env(tmp_path / "m.duckdb")
    good = tmp_path / "cw.csv"
    good.write_text(csv_text(CW_HEADER, CW_ROWS), encoding="utf-8")
    bad = tmp_path / "old.xls"
    bad.write_bytes(OLE2)
    code, out, _ = run(capsys, "--db", str(db), "ingest", str(good), str(bad), "--json")
    assert code == 2
    printed = {key for report in json.loads(out)["files"] for key in report}
    assert {"dates", "rejected"} <= printed
    assert printed - _readme_json_keys() == set()
