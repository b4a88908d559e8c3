"""Review h41 D17: a costs file (Date, Vendor, Category, Customer, Amount) that gains a Currency column was refused as
"canonical invoices ... no column for client_name" although `Customer` is its client. Now the refusal names what the
columns read as (invoices or costs: say which), and as costs a currency other than the base one is refused (costs
have no currency: CAD would be summed as USD); a Currency column that only says the base currency loads.

Files in tests/fixtures/h45 (the reviewer's f47/f50 layout; hand totals in its README) through `moat ingest --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h45"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def costs(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select coalesce(client_name, '(overhead)'), sum(amount)::DOUBLE from costs where is_current "
                       "group by 1 order by 1").fetchall()


def test_costs_with_a_foreign_currency_is_refused_naming_it(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f47_expenses_vendor_customer.csv"))[0] == 0
    before = costs(db)
    # by hand (f47): Acme 1240.00, Bluewater 389.99, overhead 980.00 + 65.40 = 1045.40
    assert before == [("(overhead)", 1045.4), ("Acme Dental", 1240.0), ("Bluewater Legal", 389.99)]
    rc, f = ingest(db, str(FIX / "f50_costs_currency.csv"))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "canonical invoices" not in reason and "no column for client_name" not in reason
    assert "Customer -> client_name" in reason and "--dataset costs" in reason
    rc, f = ingest(db, str(FIX / "f50_costs_currency.csv"), "--dataset", "costs")
    assert rc == 2
    assert "a costs file whose `Currency` column holds CAD besides the base currency USD" in f["errors"][0]["reason"]
    assert costs(db) == before


def test_costs_with_a_base_currency_column_loads(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f50b_costs_currency_all_usd.csv"), "--dataset", "costs")
    assert rc == 0, f
    assert costs(db) == [("(overhead)", 980.0), ("Acme Dental", 1240.0)]
