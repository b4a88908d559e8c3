"""Review h69 D25: amounts in cents are never loaded as whole currency units (x100).

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d25_stripe_api_pull_is_refused_asking_for_cents(tmp_path: Path) -> None:
    """Stripe `/v1/invoices` mapped as the refusal asked (`created: date`): was exit 0 with 370,000.00; now refused
    saying 150000 is 1,500.00 and naming the `(cents)` heading that settles it; nothing written."""
    db = tmp_path / "s.duckdb"
    rc, f = ingest_json(db, str(FIX / "stripe_invoices_api.csv"), "--mapping", str(FIX / "stripe_map.yaml"))
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "150000 is 1,500.00" in reason and "`subtotal (cents)`" in reason


def test_d25_amount_cents_heading_is_divided(tmp_path: Path) -> None:
    """`Amount (cents)` 150000 + 220000 = 1,500.00 + 2,200.00 = 3,700.00 (was refused "no column for amount")."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "invoices_amount_cents.csv"))
    assert rc == 0 and f["totals"]["amount"] == "3700.00"
    assert rows(db, "select amount::double from cur_invoices order by 1") == [(1500.0,), (2200.0,)]


def test_h126_cents_heading_over_a_currency_without_cents_is_refused(tmp_path: Path, monkeypatch) -> None:
    """h126 U2 (fixed by the lead): `amount_cents` holding yen (JPY in the currency column, or JPY as the base
    currency with no column) was divided by 100, 150000 loaded as 1500.00 exit 0; now refused naming JPY, nothing
    written. Dollars in cents are still divided (the test above)."""
    with_column = tmp_path / "yen.csv"
    with_column.write_text("invoice_number,customer,invoice_date,amount_cents,currency\n"
                           "J-1,Tokyo Dental,2026-10-01,150000,JPY\nJ-2,Osaka Legal,2026-10-02,98000,JPY\n")
    rc, f = ingest_json(tmp_path / "y.duckdb", str(with_column))
    assert rc == 2 and f["rows_loaded"] == 0
    assert "JPY, a currency without cents" in f["errors"][0]["reason"]
    base_only = tmp_path / "yen_base.csv"
    base_only.write_text("invoice_number,customer,invoice_date,amount_cents\nJ-1,Tokyo Dental,2026-10-01,150000\n")
    monkeypatch.setenv("MOAT_BASE_CURRENCY", "JPY")
    rc, f = ingest_json(tmp_path / "b.duckdb", str(base_only))
    assert rc == 2 and f["rows_loaded"] == 0 and "JPY" in f["errors"][0]["reason"]
