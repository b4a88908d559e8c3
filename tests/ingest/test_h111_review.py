"""Review h111 (docs/reviews/h111_file_loading.md): h101's leftovers (L3-L6) and a ninth review of `moat ingest` against
public export shapes (Harvest's and WHMCS's invoice APIs). Files, provenance and hand totals:
tests/fixtures/h111/README.md; run through `moat ingest --json` into DuckDB on disk, revenue read back by
`moat metrics profitability`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from moat.ingest import values
from tests.ingest.cli_runs import dump, ingest_json

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h111"
H101 = Path(__file__).resolve().parents[1] / "fixtures" / "h101"


def moat(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=300)


def revenue(db: Path) -> dict[str, float]:
    """Revenue per client of October 2026 as `moat metrics profitability` reports it (clients with none left out)."""
    proc = moat(db, "metrics", "profitability", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {r["client_name"]: round(r["revenue"], 2) for r in json.loads(proc.stdout) if r.get("revenue")}


@pytest.fixture
def eur_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database whose base currency is EUR, with October 2026 rates for JPY (0.006) and USD (0.9)."""
    monkeypatch.setenv("MOAT_BASE_CURRENCY", "EUR")
    db = tmp_path / "eur.duckdb"
    proc = moat(db, "rates", "load", str(FIX / "rates_eur.csv"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return db


def test_l4_yen_grouping_in_a_decimal_comma_file_is_thousands(eur_db: Path) -> None:
    """h101 L4: in a file voted decimal-comma, `¥150,000` read 150.00 (exit 0, 1,000 times too small: 0.90 EUR).
    A yen has no decimals: 150,000 JPY x 0.006 = 900.00 EUR, said in a warning."""
    rc, f = ingest_json(eur_db, str(FIX / "inv_yen_decimal_comma.csv"))
    assert rc == 0 and f["rows_loaded"] == 3, f
    assert any("`¥150,000` groups thousands, so it was read 150,000" in w for w in f["warnings"]), f["warnings"]
    assert revenue(eur_db) == {"Acme Dental": 1500.0, "Bluewater": 900.0, "Northwind": 2000.5}


def test_l4_yen_named_by_the_currency_column(eur_db: Path) -> None:
    """The currency from the row's currency column (no symbol in the cell): `150,000` JPY is 150,000 too."""
    rc, f = ingest_json(eur_db, str(FIX / "inv_yen_currency_column.csv"))
    assert rc == 0 and f["rows_loaded"] == 3, f
    assert revenue(eur_db) == {"Acme Dental": 1500.0, "Bluewater": 900.0, "Northwind": 2000.5}


def test_l4_mirror_euro_thousands_dot_in_a_dot_decimal_file_is_quarantined(eur_db: Path) -> None:
    """The mirror case: `€1.500` among `$1,234.50` read 1.50 EUR (exit 0). Three digits are no euro's cents, but the
    file writes decimals with a dot: quarantined naming both readings; the other rows load ($ x 0.9)."""
    rc, f = ingest_json(eur_db, str(FIX / "inv_euro_thousands_dot.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (2, 1), f
    err = f["errors"][0]
    assert err["value"] == "€1.500" and "three digits after its only separator" in err["reason"], err
    assert "1500.00" in err["reason"]
    assert revenue(eur_db) == {"Acme Dental": 1111.05, "Northwind": 225.0}


def test_l4_three_digit_cells_without_a_currency_follow_the_file() -> None:
    """Guard: a cell with no currency in it keeps the file's reading; `lone_group` finds only the ambiguous shape."""
    cells = pl.Series(["¥150,000", "€1.500", "1,500.00", "1.500,00", "12.5", "(1,500)"])
    assert values.lone_group(cells).to_list() == [",", ".", None, None, None, ","]
    assert values.money(pl.Series(["150,000"]), True).to_list() == [Decimal("150")]


@pytest.mark.parametrize(("cell", "marker"), [
    ("R$ 1.500,00", "BRL"), ("1500.-", None), ("Fr. 1'500.–", "CHF"), ("1.500,-", None), ("CHF 1'500.—", "CHF"),
    ("₩1,500,000", "KRW"),
])
def test_l3_brazilian_real_and_swiss_no_cents_amounts(cell: str, marker: str | None) -> None:
    """h101 L3: `R$ 1.500,00`, `1500.-`, `Fr. 1'500.–` were quarantined "not an amount". The mark before the dash is
    the decimal one, so `1.500,-` is 1,500 in either kind of file; `R$` is the real, `Fr.` the franc."""
    expected = Decimal("1500000") if marker == "KRW" else Decimal("1500")
    for comma in (True, False):
        assert values.money(pl.Series([cell]), comma).to_list() == [expected], (cell, comma)
    assert values.currency_marker(pl.Series([cell])).to_list() == [marker]


def test_l6_credit_memo_pull_named_as_such_is_refused(tmp_path: Path) -> None:
    """h101 L6: QuickBooks' CreditMemo pull without `RemainingCredit` has the Invoice pull's headings and loaded +300.00
    as revenue (exit 0). Named `CreditMemo.csv`, it is refused naming `RemainingCredit`; the database as it was."""
    db = tmp_path / "c.duckdb"
    rc, _ = ingest_json(db, str(H101 / "qbo_api_credit_memos.csv"))
    assert rc == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "CreditMemo.csv"))
    assert rc == 2 and f["snapshot_id"] is None, f
    reason = f["errors"][0]["reason"]
    assert "credit memos" in reason and "`RemainingCredit`" in reason, reason
    assert dump(db) == before


def test_l6_invoice_pull_without_due_date_warns(tmp_path: Path) -> None:
    """The same file under another name loads as invoices (nothing tells them apart) but says so: no `DueDate`, which
    only the Invoice entity has."""
    renamed = tmp_path / "qbo_pull.csv"
    renamed.write_bytes((FIX / "CreditMemo.csv").read_bytes())
    rc, f = ingest_json(tmp_path / "w.duckdb", str(renamed))
    assert rc == 0 and f["source"] == "qbo_invoices_api", f
    # h124: the Invoice entity's other own fields (`Deposit`, `AllowOnline*Payment`, ...) are named beside `DueDate`
    assert any("no `DueDate` or `Deposit`" in w and "RemainingCredit" in w for w in f["warnings"]), f["warnings"]


def test_l6_generic_file_named_credit_notes_counts_negative(tmp_path: Path) -> None:
    """A plain list named `credit_notes_2026-10.csv` (positive amounts) added 300.00 to revenue; now -200.00 and
    -100.00, as a sheet named `Credit Notes` does."""
    db = tmp_path / "g.duckdb"
    rc, f = ingest_json(db, str(FIX / "credit_notes_2026-10.csv"))
    assert rc == 0 and f["totals"]["amount"] == "-300.00" and f["row_rules"]["credit_notes_negative"] == 2, f
    assert revenue(db) == {"Acme Dental LLC": -200.0, "Bluewater Logistics Inc": -100.0}


def test_l5_refusal_names_only_the_missing_date(tmp_path: Path) -> None:
    """h101 L5: `Number, Customer, Due Date, Total, Tax` was refused "no column for client_name; no column for date"
    though `Customer` is there. Now only the date is missing, and the hint's mapping names `Customer` and the date."""
    rc, f = ingest_json(tmp_path / "d.duckdb", str(FIX / "inv_no_invoice_date.csv"))
    assert rc == 2, f
    reason = f["errors"][0]["reason"]
    assert "no column for date" in reason and "client_name" not in reason.split("Hint:")[0], reason
    assert '"Customer": client_name' in reason and '"<your column for date>": date' in reason, reason


def test_d1_harvest_invoices_api_amount_is_net_of_both_taxes(tmp_path: Path) -> None:
    """Harvest's `GET /v2/invoices` flattened: `amount` includes `tax_amount` (and `tax2_amount`); the generic synonyms
    loaded 4,320.00 (tax as revenue, exit 0). Declared: 1,500 + 500 (closed) + 2,000 = 4,000.00; the draft skipped."""
    db = tmp_path / "h.duckdb"
    rc, f = ingest_json(db, str(FIX / "harvest_invoices_api.csv"))
    assert rc == 0 and f["source"] == "harvest_invoices_api" and f["totals"]["amount"] == "4000.00", f
    # h124 L5: the closed invoice (Harvest's write-off) is counted and warned
    assert f["row_rules"] == {"draft_excluded": 1, "tax_removed": 3, "written_off_counted": 1}, f["row_rules"]
    assert revenue(db) == {"Acme Dental LLC": 2000.0, "Bluewater Logistics Inc": 2000.0}


def test_d1_harvest_second_tax_comes_off_too(tmp_path: Path) -> None:
    """`tax2_amount` is in `amount` as well: 1,650.00 with taxes 120.00 + 30.00 is 1,500.00."""
    text = (FIX / "harvest_invoices_api.csv").read_text().splitlines()
    header, first = text[0], text[1].replace("1620.0,0.0,8.0,120.0,,0.0", "1650.0,0.0,8.0,120.0,2.0,30.0")
    path = tmp_path / "harvest_tax2.csv"
    path.write_text(f"{header}\n{first}\n")
    rc, f = ingest_json(tmp_path / "t.duckdb", str(path))
    assert rc == 0 and f["totals"]["amount"] == "1500.00", f


def test_d2_whmcs_refunded_invoice_is_not_revenue(tmp_path: Path) -> None:
    """WHMCS `GetInvoices` with `companyname` mapped: `Refunded` was an unknown status kept as written and its 900.00
    counted (exit 0, 4,700.00). Refunded is void; Collections is still owed: 1,500 + 2,000 + 300 = 3,800.00."""
    db = tmp_path / "w.duckdb"
    rc, f = ingest_json(db, str(FIX / "whmcs_getinvoices.csv"), "--mapping", str(FIX / "whmcs_map.yaml"))
    assert rc == 0 and f["rows_loaded"] == 6, f
    assert not any("unknown labels" in w for w in f["warnings"]), f["warnings"]
    assert revenue(db) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2300.0}


@pytest.mark.parametrize("name", ["inv_bare_thousands_dot.csv", "inv_bare_thousands_comma.csv"])
def test_l4_bare_three_digit_amount_among_two_decimal_amounts_is_quarantined(tmp_path: Path, name: str) -> None:
    """Mixed locales in one column without a symbol: `1.500` among `1,234.50` and `250.00` read 1.50 (exit 0, total
    1,486.00), and `1,500` among `1.234,50` the same. The column writes two decimals: quarantined naming why."""
    rc, f = ingest_json(tmp_path / "b.duckdb", str(FIX / name))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (2, 1) and f["totals"]["amount"] == "1484.50", f
    assert "every other amount in `Amount` with decimals has two" in f["errors"][0]["reason"], f["errors"]


def test_l4_three_decimal_amount_columns_follow_the_file(tmp_path: Path) -> None:
    """Guard: a column whose amounts carry three decimals (`12.345`, `0.250`) keeps `1.500` as 1.5: only a two-decimal
    column makes a three-digit group doubtful."""
    path = tmp_path / "three.csv"
    path.write_text("Invoice Number,Client,Date,Amount\nI-1,Acme Dental,2026-10-05,12.345\nI-2,Bluewater,2026-10-06,1.500\n"
                    "I-3,Northwind,2026-10-07,0.250\n")
    rc, f = ingest_json(tmp_path / "t.duckdb", str(path))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (3, 0), f  # 12.345 + 1.5 + 0.25
