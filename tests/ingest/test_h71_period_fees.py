"""Review h69 D6: a contract fee per period (Autotask `Period Type` Quarterly / Yearly beside `Recurring Revenue`) is
divided by the period's months to the monthly fee, whatever the period column is called: a column whose every cell
is a billing frequency says how often the fee is billed.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d6_autotask_period_type_divides_the_fee(tmp_path: Path) -> None:
    """Acme 1,500.00 Monthly; Bright Law 6,600.00 Quarterly = 2,200.00; Delta 24,000.00 Yearly = 2,000.00: 5,700.00 a
    month (was 32,100.00: `Period Type` was a column not used)."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "autotask_contracts_one_per_client.csv"))
    assert rc == 0 and f["rows_loaded"] == 3
    assert any("'Period Type'" in w for w in f["warnings"])
    assert not any("Period Type" in w and "not used" in w for w in f["warnings"])
    got = rows(db, "select client_name, monthly_fee::double from cur_clients order by 1")
    assert got == [("Acme Dental", 1500.0), ("Bright Law LLP", 2200.0), ("Delta Logistics", 2000.0)]


def test_d6_zero_fee_without_a_period_is_no_refusal(tmp_path: Path) -> None:
    """Two contracts a client: a block-hours contract with 0.00 and no period does not refuse the file (0.00 a month
    whatever the period); clients with two different contracts stay held (one row per client), Cedar loads 900.00."""
    db = tmp_path / "c2.duckdb"
    rc, f = ingest_json(db, str(FIX / "autotask_contracts.csv"))
    assert rc == 0 and f["rows_loaded"] == 1 and f["rows_quarantined"] == 4
    assert "monthly_fee 2200.00 / 0.00" in f["errors"][2]["reason"]
    assert rows(db, "select client_name, monthly_fee::double from cur_clients") == [("Cedar Veterinary Clinic", 900.0)]
