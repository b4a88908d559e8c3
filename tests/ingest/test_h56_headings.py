"""h56: headings nobody on the team wrote. Polars reads ``pl.col("*")`` as every column and ``pl.col("^a$")`` as a
regular expression, and a Series named like that breaks most Series methods; a heading from a user's file must still
mean exactly that one column. Each file below goes through a real load (files on disk, CSV and openpyxl workbooks,
DuckDB on disk): it loads with the hand-computed totals or is refused with a MoatError naming the column, never a
traceback, and a refusal leaves the database exactly as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from moat import db
from moat.errors import MoatError
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_path
from tests.ingest.ingest_fixtures import csv_text, xlsx_bytes

ADMIN = local_operator("h56")
TODAY = date(2026, 3, 1)
ROOT = Path(__file__).resolve().parents[2]

# each kind: canonical headings, two rows, the totals `moat ingest --json` reports for them (hand-computed)
KINDS: dict[str, tuple[list[str], list[list[str]], dict]] = {
    "clients": (["client_name", "monthly_fee", "status"], [["Acme Dental", "1200.50", "active"], ["Harbor Logistics", "800", "active"]],
                {"count": 2}),
    "invoices": (["invoice_number", "client_name", "date", "amount"],
                 [["INV-1", "Acme Dental", "2026-01-05", "100.25"], ["INV-2", "Harbor Logistics", "2026-01-06", "50.50"]],
                 {"amount": "150.75", "documents": 2}),
    "time_entries": (["technician_name", "client_name", "date", "hours", "billable"],
                     [["Ann Lee", "Acme Dental", "2026-01-05", "1.5", "yes"], ["Bob Ray", "Harbor Logistics", "2026-01-06", "2.25", "no"]],
                     {"hours": "3.75", "billable_hours": "1.50", "entries": 2}),
    "licenses": (["client_name", "product", "month", "seats_purchased", "unit_cost"],
                 [["Acme Dental", "M365 Business Premium", "2026-01-01", "3", "22"], ["Harbor Logistics", "M365 Business Premium", "2026-01-01", "2", "22"]],
                 {"seats_purchased": 5, "seats_assigned": 0, "seats_active": 0, "cost": "110.00", "lines": 2}),
    "costs": (["client_name", "date", "amount", "category"],
              [["Acme Dental", "2026-01-05", "30.10", "software"], ["Harbor Logistics", "2026-01-06", "19.90", "hardware"]],
              {"amount": "50.00", "documents": 2}),
}
# a column of its own beside the canonical ones: its values must never reach a total (9999 would show)
HOSTILE = ["*", "^.*$", "^Client$", "^amount.*$", "$", "a|b", "^", "^$", "pl.col('amount') * 2", 'col("*").sum()',
           "Client_Name ", "AMOUNT", "Amount", "client_name", "amount", "date", "hours", "", "   "]
FORMATS = ["csv", "xlsx"]
CANONICAL = {"client_name", "amount", "date", "hours"}


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    if path.suffix == ".csv":
        path.write_text(csv_text(header, rows), encoding="utf-8")
    else:
        path.write_bytes(xlsx_bytes({"Sheet1": [header, *rows]}))
    return path


def _state(path: Path) -> dict[str, list]:
    """Every row of every table (audit included), to prove a refused file changed nothing."""
    if not path.exists():
        return {}
    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.sql("select table_name from information_schema.tables where table_type = 'BASE TABLE' "
                                       "order by 1").fetchall()]
        return {n: sorted(map(repr, con.execute(f'select * from "{n}"').fetchall())) for n in names}


def _load(tmp_path: Path, header: list[str], rows: list[list[str]], fmt: str, name: str = "export"):
    """(report or MoatError, state before, state after) of one file loaded into a database that already holds a file."""
    dbp = tmp_path / "m.duckdb"
    con = db.connect(dbp)
    try:
        seed = _write(tmp_path / "seed.csv", ["client_name", "monthly_fee"], [["Seed Co", "10"]])
        ingest_path(con, ADMIN, seed, Options(today=TODAY))
    finally:
        con.close()
    before = _state(dbp)
    con = db.connect(dbp)
    try:
        out = ingest_path(con, ADMIN, _write(tmp_path / f"{name}.{fmt}", header, rows), Options(today=TODAY))
    except MoatError as err:
        out = err
    finally:
        con.close()
    return out, before, _state(dbp)


def _check(out, before, after, kind: str, totals: dict, heading: str) -> None:
    if isinstance(out, MoatError):
        assert after == before, "a refused file changed the database"
        text = f"{out}"
        if not heading.strip():  # a blank heading is named by its place
            assert "has no heading" in text and "column " in text, text
        elif heading in CANONICAL:  # one of our own field names: the file reads as two datasets, or as another one
            assert f"`{heading}`" in text or "dataset" in text or "looks like" in text, text
        else:
            assert heading.strip() in text, text
        return
    assert out["dataset"] == kind, out
    assert out["totals"] == totals, (heading, out["totals"])
    assert out["rows_loaded"] == 2 and out["rows_quarantined"] == 0, out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("heading", HOSTILE)
def test_a_hostile_extra_heading_loads_the_right_totals_or_is_refused_naming_it(tmp_path: Path, kind: str, heading: str,
                                                                                fmt: str) -> None:
    header, rows, totals = KINDS[kind]
    out, before, after = _load(tmp_path, [*header, heading], [[*r, "9999"] for r in rows], fmt, kind)
    _check(out, before, after, kind, totals, heading)


# the mapped columns themselves under headings polars reads as patterns (synonyms: Customer, Amount, ...)
RENAMED = {
    "invoices": (["Invoice", "^Customer$", "Date", "*"], [["INV-1", "Acme Dental", "2026-01-05", "100.25"],
                                                          ["INV-2", "Harbor Logistics", "2026-01-06", "50.50"]]),
    "time_entries": (["Technician", "^Client$", "Date", "^Hours$", "Billable"],
                     [["Ann Lee", "Acme Dental", "2026-01-05", "1.5", "yes"], ["Bob Ray", "Harbor Logistics", "2026-01-06", "2.25", "no"]]),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", list(RENAMED))
def test_pattern_headings_on_the_columns_that_are_read(tmp_path: Path, kind: str, fmt: str) -> None:
    header, rows = RENAMED[kind]
    out, before, after = _load(tmp_path, header, rows, fmt, kind)
    if isinstance(out, MoatError):
        assert after == before
        assert any(f"`{h}`" in str(out) for h in header if h.startswith("^") or h == "*") or "no column for" in str(out), str(out)
        return
    assert out["totals"] == KINDS[kind][2]


def test_a_regex_heading_never_reads_the_column_it_matches(tmp_path: Path) -> None:
    """`^Client$` beside `Client`: pl.col('^Client$') would read `Client`; the load must read the client column."""
    header = ["Invoice", "Client", "Date", "Amount", "^Client$", "^Amount$"]
    rows = [["INV-1", "Acme Dental", "2026-01-05", "100.25", "Wrong Co", "1"], ["INV-2", "Harbor Logistics", "2026-01-06", "50.50", "Wrong Co", "2"]]
    out, before, after = _load(tmp_path, header, rows, "csv")
    if isinstance(out, MoatError):
        assert after == before and ("`^Client$`" in str(out) or "`^Amount$`" in str(out)), str(out)
        return
    assert out["totals"] == {"amount": "150.75", "documents": 2}
    with duckdb.connect(str(tmp_path / "m.duckdb"), read_only=True) as con:
        got = con.sql("select client_name, amount from cur_invoices order by 1").fetchall()
    assert [(c, float(a)) for c, a in got] == [("Acme Dental", 100.25), ("Harbor Logistics", 50.5)]


def test_headings_differing_only_in_case_are_not_a_guess(tmp_path: Path) -> None:
    """`Amount` and `AMOUNT` with different values: which is the amount cannot be told; never a silent pick."""
    header = ["Invoice", "Client", "Date", "Amount", "AMOUNT"]
    rows = [["INV-1", "Acme Dental", "2026-01-05", "100.25", "1"], ["INV-2", "Harbor Logistics", "2026-01-06", "50.50", "2"]]
    out, before, after = _load(tmp_path, header, rows, "xlsx")
    assert isinstance(out, MoatError), out.get("totals")
    assert after == before and "`Amount`" in str(out) and "`AMOUNT`" in str(out), str(out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cli_on_hostile_headings_exits_cleanly(tmp_path: Path, fmt: str) -> None:
    """The real `moat ingest --json`: no 'internal error', and exit 0 only with the right totals."""
    header, rows, totals = KINDS["time_entries"]
    path = _write(tmp_path / f"t.{fmt}", [*header, "*", "^.*$", "^hours$"], [[*r, "9", "9", "9"] for r in rows])
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(tmp_path / "c.duckdb"), "ingest", "--json", str(path)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    (f,) = json.loads(proc.stdout)["files"]
    assert f["totals"] == totals


def test_a_summary_whose_data_rows_outgrow_the_header_is_refused_not_crashed(tmp_path: Path) -> None:
    """QuickBooks' Sales by Customer Summary with cells beyond its `,Total` header: the row under the title is no
    header either; this crashed (AttributeError on a None recognition) instead of saying what is wrong."""
    text = ('Moat IT Services\nSales by Customer Summary\n"October 1-31, 2026"\n\n,Total\n'
            'Acme Dental LLC,"5,287.50 ",*,^.*$,^Acme Dental LLC$\nNorthwind Legal,"1,700.00 ",,,\nTOTAL,"$6,987.50 ",,,\n')
    dbp = tmp_path / "m.duckdb"
    (tmp_path / "Sales by Customer Summary.csv").write_text(text, encoding="utf-8")
    db.connect(dbp).close()
    before = _state(dbp)
    con = db.connect(dbp)
    try:
        with pytest.raises(MoatError, match="no recognisable columns"):
            ingest_path(con, ADMIN, tmp_path / "Sales by Customer Summary.csv", Options(today=TODAY))
    finally:
        con.close()
    assert _state(dbp) == before
