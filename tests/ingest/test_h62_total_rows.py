"""Review h60 F19: total rows written in other languages or with words (`Gesamtsumme`, `Summa`, `Sum`, `TOTAL (USD)`,
`Report Total`, `Total Revenue`, `Total MRR`, `Summe`) loaded as a client's invoice or as a client (revenue/fees
doubled). Real files from tests/fixtures/h62 (README.md there: provenance and hand totals) through `moat ingest --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h62"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


@pytest.mark.parametrize(("name", "args", "label", "clients"), [
    ("de_gesamt_dated.csv", ("--dayfirst",), "Gesamtsumme", ["Müller GmbH", "Schäfer KG"]),
    ("sv_summa_dated.csv", (), "Summa", ["Hamnlogistik AB", "Tandläkarna AB"]),
    ("en_sum_dated.csv", (), "Sum", ["Acme Dental", "Harbor Logistics"]),
    ("fr_total_general.csv", ("--dayfirst",), "Total général", ["Boulangerie Lefèvre", "Cabinet Dupont"]),
    ("tot_total_usd.csv", (), "TOTAL (USD)", ["Acme Dental", "Harbor Logistics"]),
    ("tot_report_total.csv", (), "Report Total", ["Acme Dental", "Harbor Logistics"]),
    ("tot_total_revenue.csv", (), "Total Revenue", ["Acme Dental", "Harbor Logistics"]),
])
def test_worded_total_row_of_an_invoice_file_is_skipped(tmp_path: Path, name: str, args: tuple[str, ...], label: str,
                                                        clients: list[str]) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / name), *args)
    assert rc == 0
    assert (f["rows_read"], f["rows_loaded"], f["rows_skipped"], f["rows_quarantined"]) == (3, 2, 1, 0)
    assert f["totals"]["amount"] == "2050.00"
    assert sorted(f["new_clients"]) == clients  # the label is no client
    assert any("row 4" in w and label in w for w in f["warnings"])  # a warning names the skipped row and its label
    assert query(db, "select sum(amount) from cur_invoices")[0][0] == 2050
    assert sorted(r[0] for r in query(db, "select distinct client_name from cur_invoices")) == clients


@pytest.mark.parametrize(("name", "label"), [("cl_total_mrr.csv", "Total MRR"), ("cl_summe.csv", "Summe")])
def test_worded_total_row_of_a_clients_file_is_no_client(tmp_path: Path, name: str, label: str) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / name))
    assert rc == 0 and f["dataset"] == "clients"
    assert (f["rows_loaded"], f["rows_skipped"]) == (2, 1)
    assert any(f"row 4 '{label}'" in w for w in f["warnings"])
    rows = query(db, "select client_name, monthly_fee from cur_clients order by 1")
    assert [(c, float(m)) for c, m in rows] == [("Acme Dental", 2500.0), ("Harbor Logistics", 1800.0)]


def test_client_named_with_a_total_word_still_loads(tmp_path: Path) -> None:
    """`Total Wine & More` and `Sum Dental Group` have their own amounts (not the sum of the rows above): clients."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "inv_total_wine_client.csv"))
    assert rc == 0 and f["rows_loaded"] == 4 and f["rows_skipped"] == 0
    assert f["totals"]["amount"] == "4530.00"
    assert "Total Wine & More" in f["new_clients"] and "Sum Dental Group" in f["new_clients"]
