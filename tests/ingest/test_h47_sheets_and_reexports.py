"""Review h41 D4 (a copied worksheet loaded on top of its original) and D15 (a time export re-exported with a Notes
column added loads every id-less entry a second time).

Real files from tests/fixtures/h47 (README.md there: provenance and hand totals) through `moat ingest --json` into
DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h47"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def hours(db: Path) -> dict[tuple[str, str, str], float]:
    """Current hours per (month, client, technician)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select strftime(date, '%Y-%m'), client_name, technician_name, sum(hours) from time_entries "
                       "where is_current group by all").fetchall()
    return {(m, c, t): round(float(h), 2) for m, c, t, h in rows}


def count(db: Path, sql: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()[0][0]


# --- D4 --------------------------------------------------------------------------------------------------------------


def test_copied_sheet_loads_once_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f27_xlsx_sheet_copied.xlsx"))
    assert rc == 0
    assert f["rows_read"] == 5 and f["rows_loaded"] == 5
    assert f["totals"]["hours"] == "8.50" and f["totals"]["entries"] == 5
    assert f["sheet"] == "Feb 2026 (rows 2-3) + Mar 2026 (rows 4-6 = its rows 2-4)"
    assert f["warnings"][0] == ("sheet 'Mar 2026 (2)' was not loaded: its 3 rows are exactly the rows of sheet 'Mar 2026' "
                                "(a copied sheet), and would count twice; to load only it, name it: --sheet 'Mar 2026 (2)'")
    assert hours(db) == {("2026-02", "Acme Dental", "Ann Lee"): 2.0, ("2026-02", "Bluewater Legal", "John Smith"): 1.5,
                         ("2026-03", "Acme Dental", "Ann Lee"): 1.5, ("2026-03", "Acme Dental", "John Smith"): 3.0,
                         ("2026-03", "Bluewater Legal", "Ann Lee"): 0.5}


def test_copied_sheet_named_alone_loads_alone(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "--sheet", "Mar 2026 (2)", str(FIX / "f27_xlsx_sheet_copied.xlsx"))
    assert rc == 0 and f["sheet"] == "Mar 2026 (2)" and f["totals"]["hours"] == "5.00"


def test_edited_copy_of_a_sheet_is_refused_naming_both(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d4_sheet_copy_edited.xlsx"))
    assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "'Mar 2026 (2)' is named as a copy of 'Mar 2026'" in reason
    assert "--sheet 'Mar 2026 (2)' (or --sheet 'Mar 2026')" in reason
    if db.exists():
        assert count(db, "select count(*) from time_entries") == 0


# --- D15 -------------------------------------------------------------------------------------------------------------

RIGHT_F19 = {("2026-03", "Acme Dental", "Ann Lee"): 1.75, ("2026-03", "Bluewater Legal", "Ann Lee"): 0.75,
             ("2026-03", "Acme Dental", "John Smith"): 2.0, ("2026-03", "Bluewater Legal", "John Smith"): 1.08}


def test_reexport_with_notes_added_is_refused_not_doubled(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, first = ingest(db, str(FIX / "f19_time_durations.csv"))
    assert rc == 0 and first["rows_loaded"] == 5 and first["totals"]["hours"] == "5.58"
    audit_before = count(db, "select count(*) from audit_log")
    for name in ("f19e_time_durations_plus_notes.csv", "f19c_time_durations_reordered_notes.csv"):
        rc, f = ingest(db, str(FIX / name))
        assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
        reason = f["errors"][0]["reason"]
        assert "5 of its 5 rows without ids are rows already loaded from f19_time_durations.csv" in reason
        assert "differ only in `Notes`" in reason and "--replace-range 2026-03-02 2026-03-04" in reason
        assert count(db, "select count(*) from time_entries where is_current") == 5
        assert hours(db) == RIGHT_F19
    assert count(db, "select count(*) from snapshots") == 1
    assert count(db, "select count(*) from audit_log") >= audit_before


def test_reexport_without_the_notes_column_is_refused_too(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f19e_time_durations_plus_notes.csv"))[0] == 0
    rc, f = ingest(db, str(FIX / "f19_time_durations.csv"))
    assert rc == 2 and "differ only in" in f["errors"][0]["reason"]
    assert hours(db) == RIGHT_F19


def test_reexport_with_notes_loads_once_over_its_range(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f19_time_durations.csv"))[0] == 0
    rc, f = ingest(db, "--replace-range", "2026-03-02", "2026-03-04", str(FIX / "f19e_time_durations_plus_notes.csv"))
    assert rc == 0 and f["rows_loaded"] == 5
    assert count(db, "select count(*) from time_entries where is_current") == 5
    assert count(db, "select count(*) from time_entries where is_current and notes = 'n'") == 5
    assert hours(db) == RIGHT_F19


def test_entries_with_different_notes_are_different_entries(tmp_path: Path) -> None:
    """Two files of the same technician, client, day and hours whose notes both exist and differ are two pieces of
    work (a morning and an afternoon call): never taken for a re-export."""
    db = tmp_path / "m.duckdb"
    head = "Date,Technician,Customer,Hours,Billable,Notes\n"
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(head + "2026-03-02,Ann Lee,Acme Dental,1.00,Yes,Printer\n2026-03-03,Ann Lee,Acme Dental,2.00,Yes,Server\n")
    b.write_text(head + "2026-03-02,Ann Lee,Acme Dental,1.00,Yes,Phones\n2026-03-03,Ann Lee,Acme Dental,2.00,Yes,Backup\n")
    assert ingest(db, str(a))[0] == 0
    rc, f = ingest(db, str(b))
    assert rc == 0 and f["rows_loaded"] == 2
    assert count(db, "select count(*) from time_entries where is_current") == 4


# --- D20 -------------------------------------------------------------------------------------------------------------


def per_client(db: Path) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select client_name, sum(amount) from invoices where is_current group by 1").fetchall()
    return {name: float(total) for name, total in rows}


def test_hidden_amount_beside_a_visible_adjusted_amount_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f56_xlsx_hidden_raw_amount.xlsx"))
    assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "column `Amount` is hidden in the sheet but would be read as amount" in reason
    assert "visible column `Adjusted Amount`" in reason and '"Adjusted Amount": amount' in reason
    if db.exists():
        assert count(db, "select count(*) from invoices") == 0


def test_following_the_hint_loads_what_the_sheet_shows(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "--mapping", str(FIX / "d20_map_adjusted.yaml"), str(FIX / "f56_xlsx_hidden_raw_amount.xlsx"))
    assert rc == 0 and f["totals"]["amount"] == "3600.00"
    assert per_client(db) == {"Acme Dental": 1350.0, "Bluewater Legal": 2250.0, "Harbour Dental": 0.0}


def test_a_hidden_column_that_is_read_is_warned_about(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d20_hidden_amount_alone.xlsx"))
    assert rc == 0 and f["totals"]["amount"] == "4950.00"
    assert any(w.startswith("column `Amount` (read as amount) is hidden in the sheet") for w in f["warnings"])


# --- D5 --------------------------------------------------------------------------------------------------------------


def test_constant_client_over_a_sheet_per_client_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "--mapping", str(FIX / "f28_map.yaml"), str(FIX / "f28_xlsx_tab_per_client.xlsx"))
    assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "makes every row the client 'Acme Dental', but the rows come from 2 sheets ('Acme Dental', 'Bluewater Legal')" in reason
    assert "--sheet NAME" in reason
    if db.exists():
        assert count(db, "select count(*) from time_entries") == 0


def test_constant_client_with_the_sheet_named_loads_that_sheet(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "--mapping", str(FIX / "f28_map.yaml"), "--sheet", "Acme Dental",
                   str(FIX / "f28_xlsx_tab_per_client.xlsx"))
    assert rc == 0 and f["totals"]["hours"] == "4.50"
    assert hours(db) == {("2026-03", "Acme Dental", "Ann Lee"): 1.5, ("2026-03", "Acme Dental", "John Smith"): 3.0}


# --- D32 -------------------------------------------------------------------------------------------------------------


def test_replacement_by_a_one_client_export_names_the_clients_it_removes(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f14a_time_feb_mar.csv"))[0] == 0
    rc, f = ingest(db, "--replace-range", "2026-03-01", "2026-03-31", str(FIX / "f86_acme_only_march.csv"))
    assert rc == 0 and f["rows_loaded"] == 3
    said = [w for w in f["warnings"] if w.startswith("--replace-range 2026-03-01..2026-03-31 removes")]
    assert said == ["--replace-range 2026-03-01..2026-03-31 removes the current rows of 1 client(s) this file has no "
                    "row for (Bluewater Legal: 1 row(s), 0.50 h): the file is taken as the full truth for the range; if "
                    "it was filtered to some clients, roll this load back (`moat snapshots rollback` its snapshot) and "
                    "load an export of every client"]
    # what the warning names is what went: February untouched, March only Acme
    assert hours(db) == {("2026-02", "Acme Dental", "Ann Lee"): 2.0, ("2026-02", "Bluewater Legal", "John Smith"): 1.0,
                         ("2026-03", "Acme Dental", "Ann Lee"): 2.5, ("2026-03", "Acme Dental", "John Smith"): 2.5}


def test_replacement_naming_every_client_says_nothing_of_removed_clients(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f86_acme_only_march.csv"))[0] == 0
    rc, f = ingest(db, "--replace-range", "2026-02-01", "2026-03-31", str(FIX / "f14a_time_feb_mar.csv"))
    assert rc == 0 and not any("removes the current rows" in w for w in f["warnings"])
