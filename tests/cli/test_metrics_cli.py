"""`moat demo` and `moat metrics`: column names from the glossary, exact money, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest

from moat import db, metrics
from moat.cli import main
from moat.metrics.periods import Period

ARGS = ["--from", "2026-08-01", "--to", "2026-10-31"]
PERIOD = Period.parse("2026-08-01", "2026-10-31")
CENT = Decimal("0.01")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_profitability_json_is_glossary_keyed_and_exact(demo_path, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(demo_path), "metrics", "profitability", *ARGS, "--format", "json")
    assert code == 0
    rows = json.loads(out, parse_float=Decimal)
    assert list(rows[0])[:9] == ["client_name", "revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "gross_margin", "hours", "ehr"]
    con = db.connect(demo_path, read_only=True)
    want = {r["client_name"]: r for r in metrics.profitability(con, PERIOD).iter_rows(named=True)}
    for row in rows:
        w = want[row["client_name"]]
        assert row["revenue"] == w["revenue"].quantize(CENT, ROUND_HALF_UP)
        assert row["gross_profit"] == w["gross_profit"].quantize(CENT, ROUND_HALF_UP)
        assert abs(row["revenue"].as_tuple().exponent) <= 2  # no float noise
    assert sum(r["revenue"] for r in rows) == sum(w["revenue"] for w in want.values()).quantize(CENT, ROUND_HALF_UP)


@pytest.mark.parametrize("metric", ["licenses", "utilization", "summary"])
def test_other_metrics_csv(demo_path, capsys, metric) -> None:
    code, out, _ = run(capsys, "metrics", metric, "--db", str(demo_path), *ARGS, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    first = {"licenses": "client_name", "utilization": "technician_name", "summary": "metric"}[metric]
    assert next(iter(rows[0])) == first


def test_bad_period_is_a_clear_error(demo_path, capsys) -> None:
    code, _, err = run(capsys, "--db", str(demo_path), "metrics", "summary", "--from", "2026-13-01", "--to", "2026-10-31")
    assert code == 2 and "write dates as YYYY-MM-DD" in err  # h103: the command line is wrong: 2, as README says
    code, _, err = run(capsys, "--db", str(demo_path), "metrics", "summary", "--from", "2026-10-31", "--to", "2026-10-01")
    assert code == 2 and "swap --from and --to" in err


def test_demo_if_empty_and_console_script(tmp_path) -> None:
    path = tmp_path / "d.duckdb"
    moat = [sys.executable, "-m", "moat"]
    first = subprocess.run([*moat, "--db", str(path), "demo", "--if-empty", "--scale", "0.2", "--end", "2026-10-31"], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "demo loaded: 8 clients" in first.stdout
    second = subprocess.run([*moat, "--db", str(path), "demo", "--if-empty"], capture_output=True, text=True)
    assert second.returncode == 0 and "already holds data" in second.stdout
    con = db.connect(path, read_only=True)
    assert db.scalar(con, "SELECT count(DISTINCT dataset) FROM snapshots") == 6


def test_a_reader_that_stops_early_is_not_an_internal_error(demo_path) -> None:
    """`moat metrics ... | head -1` (h103): the reader closing the pipe is what the script asked for, never "internal
    error: BrokenPipeError" and exit 1. The pipe's read end is closed before the command starts, so every write
    fails whatever the machine's speed."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "moat", "--db", str(demo_path), "metrics", "licenses", *ARGS,
                               "--format", "csv"], stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("argv", [["metrics", "summary", *ARGS], ["ask", "revenue last month"],
                                  ["insights", *ARGS], ["report", "--out", "r.pdf"]])
def test_a_mistyped_db_is_refused_not_read_as_an_empty_business(tmp_path, capsys, argv) -> None:
    """h103: `moat --db /typo/moat.duckdb metrics summary ...` made a new empty database there and printed every
    figure as "-" with "there is no data", exit 0: a scheduled report with a wrong path read as a business with no
    revenue. A command that reads data refuses a database that does not exist, naming the path and the fix."""
    missing = tmp_path / "typo" / "moat.duckdb"
    code, out, err = run(capsys, "--db", str(missing), *argv)
    assert code == 2 and out == ""
    assert f"there is no database at {missing}" in err and "moat ingest" in err
    assert not missing.exists()


@pytest.mark.parametrize("metric", ["summary", "profitability"])
def test_a_period_with_no_data_says_so(demo_path, capsys, metric) -> None:
    """h103 left: January 2030 (the demo ends in November 2026) printed every figure as "-" with only "No change
    shown: 01 Dec 2029 to 31 Dec 2029 holds no data", about the previous period; a client table printed "(no rows)"
    and nothing else. Both say the period asked holds no data (exit 0: no data is not an error, README)."""
    code, out, err = run(capsys, "--db", str(demo_path), "metrics", metric, "--from", "2030-01-01", "--to", "2030-01-31",
                         "--format", "json")
    said = "No figures: the period asked, 01 Jan 2030 to 31 Jan 2030, holds no data (data runs 01 "
    assert code == 0 and said in err
    rows = json.loads(out)
    if metric == "summary":
        assert rows and all(r["value"] in (None, 0) and r["note"].startswith(said) for r in rows)
    else:
        assert rows == []
