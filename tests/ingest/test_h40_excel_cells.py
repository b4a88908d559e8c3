"""h40: what spreadsheets leave in an export (h34 D9 and friends), loaded through `moat ingest --json` into DuckDB
on disk. Fixtures and their hand-computed totals: tests/fixtures/h40/README.md.

1. An empty column without a heading (trailing commas) is dropped before recognition: a plain invoice list is not
   "QuickBooks ... no column for Transaction Type"; an unheaded column that holds values is refused by position.
2. Two columns with one heading: refused naming both positions unless equal in every row (then read once, said).
3. Excel's Accounting-format zero (" - ", "$ -") is 0; a lone "-" as a client stays text (a placeholder).
4. `="001001"` is the text 001001.
5. "kr" is DKK, SEK or NOK: refused unless the file or the settings say which; codes read as their currency.
6. SAP's trailing minus ("1,234.00-") is negative.
Every refusal leaves the database exactly as it was (row counts and content hash of every table).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.ingest.cli_runs import rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h40"


def moat(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)


def ingest(db: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    proc = moat(db, "ingest", "--json", *args, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)["files"][0]


def refused(db: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Ingest a file that must be refused (exit 2); the reason (with its hint) is returned."""
    proc = moat(db, "ingest", "--json", *args, env=env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    f = json.loads(proc.stdout)["files"][0]
    assert f["rejected"] is True and f["rows_loaded"] == 0 and f["snapshot_id"] is None
    return f["errors"][0]["reason"]


def state(db: Path) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its rows (sorted): what 'the database exactly as it was' means."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.sql("select table_name from information_schema.tables where table_type = 'BASE TABLE'").fetchall()]
        for t in sorted(tables):
            got = sorted(repr(r) for r in con.sql(f'select * from "{t}"').fetchall())
            out[t] = (len(got), hashlib.sha256("\n".join(got).encode()).hexdigest())
    return out


def seeded(tmp_path: Path) -> Path:
    """A database with one load in it, so a refused load has something to leave alone."""
    db = tmp_path / "m.duckdb"
    ingest(db, str(FIX / "d9_no_trailing.csv"))
    return db


def invoices(db: Path) -> list[tuple]:
    return [(c, n, float(a)) for c, n, a in rows(db, "select client_name, invoice_number, amount from cur_invoices order by 2")]


# --- 1. trailing empty columns (h34 D9) ---------------------------------------------------------------------------

def test_one_trailing_comma_loads_like_the_file_without_it(tmp_path: Path) -> None:
    f = ingest(tmp_path / "m.duckdb", str(FIX / "d9_one_trailing.csv"))
    assert f["dataset"] == "invoices" and f["source"] == "generic"
    assert f["rows_read"] == 1 and f["rows_loaded"] == 1 and f["rows_quarantined"] == 0
    assert f["totals"]["amount"] == "1000.00"
    assert invoices(tmp_path / "m.duckdb") == [("Summit Capital", "G-1", 1000.0)]
    assert any("1 empty column without a heading left out (column 5 (E))" in w for w in f["warnings"])


def test_three_trailing_commas_load(tmp_path: Path) -> None:
    f = ingest(tmp_path / "m.duckdb", str(FIX / "d9_three_trailing.csv"))
    assert f["rows_loaded"] == 2 and f["totals"]["amount"] == "3000.00"
    assert any("column 5 (E), column 6 (F), column 7 (G)" in w for w in f["warnings"])


def test_customer_invoice_hash_with_two_trailing_commas_is_no_quickbooks_report(tmp_path: Path) -> None:
    f = ingest(tmp_path / "m.duckdb", str(FIX / "d9_customer_two_trailing.csv"))
    assert f["source"] == "generic" and "QuickBooks" not in json.dumps(f)
    assert invoices(tmp_path / "m.duckdb") == [("Summit Capital", "G-1", 1000.0)]


def test_unheaded_column_with_values_is_refused_by_position(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    before = state(db)
    reason = refused(db, str(FIX / "d9_blank_heading_with_values.csv"))
    assert "column 5 (E) has no heading but holds values in 1 row (row 3: `PO-7731`)" in reason
    assert "type a heading for column 5 (E)" in reason
    assert state(db) == before


# --- 2. one heading on two columns ---------------------------------------------------------------------------------

def test_two_amount_columns_that_differ_are_refused(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    before = state(db)
    reason = refused(db, str(FIX / "dup_amount_differ.csv"))
    assert "two columns have the heading `Amount`: column 4 (D) and column 5 (E)" in reason
    assert "row 2: `1000.00` and `900.00`" in reason and "rename one of the two `Amount` headings" in reason
    assert state(db) == before


def test_two_date_columns_that_differ_are_refused(tmp_path: Path) -> None:
    reason = refused(tmp_path / "m.duckdb", str(FIX / "dup_date_differ.csv"))
    assert "two columns have the heading `Date`: column 3 (C) and column 4 (D)" in reason


def test_two_equal_amount_columns_load_once_and_say_so(tmp_path: Path) -> None:
    f = ingest(tmp_path / "m.duckdb", str(FIX / "dup_amount_same.csv"))
    assert f["rows_loaded"] == 2 and f["totals"]["amount"] == "3000.00"
    assert any("two columns have the heading `Amount` (column 4 (D) and column 5 (E)) with the same value in every row: "
               "read once" in w for w in f["warnings"])
    assert "Amount (2)" not in f["source_columns"]


# --- 3. Accounting-format zero ---------------------------------------------------------------------------------------

def test_accounting_dashes_are_zero_and_a_dash_client_stays_text(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "accounting_zero.csv"))
    assert f["rows_read"] == 6 and f["rows_loaded"] == 5 and f["rows_quarantined"] == 1
    assert f["totals"]["amount"] == "1250.00"
    got = {n: a for _c, n, a in invoices(db)}
    assert got == {"A-1": 1250.0, "A-2": 0.0, "A-3": 0.0, "A-4": 0.0, "A-5": 0.0}
    (err,) = f["errors"]
    assert err["row"] == 7 and err["value"] == "-" and "client" in err["reason"]


# --- 4. ="..." text protection ---------------------------------------------------------------------------------------

def test_text_protected_cells_are_their_text(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "text_protected.csv"))
    assert f["rows_loaded"] == 2 and f["totals"]["amount"] == "3000.00"
    assert invoices(db) == [("Summit Capital", "001001", 1000.0), ("Harbor Logistics", "001002", 2000.0)]
    assert sorted(f["new_clients"]) == ["Harbor Logistics", "Summit Capital"]


# --- 5. kroner -------------------------------------------------------------------------------------------------------

def test_bare_kr_is_refused_naming_the_three_currencies(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    before = state(db)
    reason = refused(db, str(FIX / "nordic_kr_bare.csv"))
    assert '2 amounts are written in "kr" (row 2: `1.234,56 kr`)' in reason
    assert "DKK, SEK or NOK" in reason and "currency: DKK" in reason and "MOAT_BASE_CURRENCY" in reason
    assert state(db) == before


def test_bare_kr_with_a_nordic_base_currency_is_that_currency(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "nordic_kr_bare.csv"), env={"MOAT_BASE_CURRENCY": "DKK"})
    assert f["rows_loaded"] == 2 and f["totals"]["amount"] == "3234.56"
    got = rows(db, "select currency, amount from cur_invoices order by 2")
    assert [(c, float(a)) for c, a in got] == [("DKK", 1234.56), ("DKK", 2000.0)]


def test_bare_kr_with_a_profile_currency_waits_for_that_rate(tmp_path: Path) -> None:
    f = ingest(tmp_path / "m.duckdb", str(FIX / "nordic_kr_bare.csv"), "--mapping", str(FIX / "nordic_kr_sek.yaml"))
    assert f["rows_loaded"] == 0 and f["rows_quarantined"] == 2
    assert all("amount in SEK" in e["reason"] and "no SEK rate for 2026-04" in e["reason"] for e in f["errors"])


def test_kr_with_a_currency_column_converts_every_spelling(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert moat(db, "rates", "load", str(FIX / "rates_nok.csv")).returncode == 0
    f = ingest(db, str(FIX / "nordic_kr_currency_column.csv"))
    assert f["rows_loaded"] == 3 and f["rows_quarantined"] == 0
    got = rows(db, "select original_currency, original_amount, amount from cur_invoices order by invoice_number")
    assert [(c, float(o), float(a)) for c, o, a in got] == [("NOK", 1234.56, 123.456)] * 3
    assert f["totals"]["amount"] == "370.37"


def test_currency_codes_are_their_currency(tmp_path: Path) -> None:
    f = ingest(tmp_path / "m.duckdb", str(FIX / "nordic_codes.csv"))
    assert f["rows_loaded"] == 0 and f["rows_quarantined"] == 3
    assert [e["reason"].split(" but ")[0] for e in f["errors"]] == ["amount: amount in DKK", "amount: amount in SEK", "amount: amount in NOK"]


def test_krone_number_format_in_a_workbook_is_its_locales_currency(tmp_path: Path) -> None:
    f = ingest(tmp_path / "m.duckdb", str(FIX / "nordic_kr_format.xlsx"))
    assert f["rows_loaded"] == 0 and f["rows_quarantined"] == 2
    assert all("amount in DKK" in e["reason"] for e in f["errors"])


# --- 6. SAP's trailing minus -----------------------------------------------------------------------------------------

def test_trailing_minus_is_negative(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "sap_trailing_minus.csv"))
    assert f["rows_loaded"] == 2 and f["totals"]["amount"] == "766.00"
    assert invoices(db) == [("Summit Capital", "S-1", -1234.0), ("Harbor Logistics", "S-2", 2000.0)]


# --- 6. subtotals under each client, grouped rows ------------------------------------------------------------------

def test_client_subtotal_rows_are_skipped_as_totals(tmp_path: Path) -> None:
    for name in ("client_subtotals.csv", "client_subtotals_after.csv"):
        db = tmp_path / f"{name}.duckdb"
        f = ingest(db, str(FIX / name))
        assert f["rows_read"] == 6 and f["rows_loaded"] == 3 and f["rows_quarantined"] == 0, name
        assert f["rows_skipped"] == 3 and f["totals"]["amount"] == "3500.00", name
        assert any("skipped 3 total rows (rows 4, 6, 7)" in w for w in f["warnings"]), name
        assert sorted(f["new_clients"]) == ["Harbor Logistics", "Summit Capital"], name


def test_collapsed_group_rows_load_with_a_warning_and_subtotals_do_not(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "grouped_rows.xlsx"))
    assert f["rows_loaded"] == 3 and f["rows_quarantined"] == 0 and f["rows_skipped"] == 3
    assert f["totals"]["amount"] == "3500.00"
    assert any("2 hidden row(s) were loaded (row(s) 2, 3)" in w for w in f["warnings"])
    assert invoices(db) == [("Summit Capital", "R-1", 1000.0), ("Summit Capital", "R-2", 500.0), ("Harbor Logistics", "R-3", 2000.0)]
