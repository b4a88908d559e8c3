"""Review h98 (docs/reviews/h98_file_loading.md): invoice pulls of accounting and PSA APIs, flattened as
`json_normalize` / a PowerShell or Python script writes them, loaded with exit 0 and the wrong revenue.

D1 Xero `/Invoices` with bills (ACCPAY), D2 Xero `/CreditNotes` with suppliers' credits (ACCPAYCREDIT), D3 ConnectWise
`/finance/invoices` (`CreditMemo`, `DownPayment`), D4 QuickBooks Online `Invoice` (`TotalAmt` includes the tax),
D5 Autotask REST `Invoices` (company ids, `isVoided`, `invoiceTotal` with tax), D6 `Sub Total` beside `Tax` refused
as a gross amount. Files, provenance and hand totals: tests/fixtures/h98/README.md; through `moat ingest --json` into
DuckDB on disk, revenue read back by `moat metrics profitability`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.cli_runs import dump, ingest_json

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h98"


def revenue(db: Path) -> dict[str, float]:
    """Revenue per client of October 2026 as `moat metrics profitability` reports it (clients with none left out)."""
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "metrics", "profitability", "--from", "2026-10-01",
                           "--to", "2026-10-31", "--format", "json"], capture_output=True, text=True, env=os.environ.copy(),
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {r["client_name"]: round(r["revenue"], 2) for r in json.loads(proc.stdout) if r.get("revenue")}


def test_d1_xero_api_invoices_count_sales_only_net_of_tax(tmp_path: Path) -> None:
    """ACCREC 1,500 + 2,000 net (Total - TotalTax); the ACCPAY bills of Pax8 (900.00) and the landlord (3,000.00) are
    no revenue and no clients; VOIDED and DRAFT excluded. Was: refused, and the `DateString: date` mapping its
    refusal asked for loaded 7,400.00 with Pax8 and Harbour Properties as clients."""
    db = tmp_path / "x.duckdb"
    rc, f = ingest_json(db, str(FIX / "xero_api_invoices.csv"))
    assert rc == 0 and f["source"] == "xero_invoices_api", f["errors"]
    assert (f["rows_loaded"], f["rows_skipped"]) == (2, 4) and f["totals"]["amount"] == "3500.00"
    assert revenue(db) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2000.0}
    hinted = tmp_path / "h.duckdb"  # the mapping the old refusal asked for: its Type column still says what is a bill
    rc, f = ingest_json(hinted, str(FIX / "xero_api_invoices.csv"), "--mapping", str(FIX / "xero_api_hint_map.yaml"))
    assert rc == 0 and f["rows_skipped"] == 2 and "Pax8" not in f["new_clients"], f
    assert revenue(hinted) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2000.0}


def test_d2_xero_api_credit_notes_count_the_msps_own_negative(tmp_path: Path) -> None:
    """ACCRECCREDIT -200.00 (Acme) and -100.00 (Bluewater) net of tax; Pax8's ACCPAYCREDIT (60.00) is a supplier's
    credit, no revenue (was -60.00 of revenue for a new client Pax8)."""
    for n, extra in enumerate(([], ["--mapping", str(FIX / "xero_api_hint_map.yaml")])):
        db = tmp_path / f"c{n}.duckdb"
        rc, f = ingest_json(db, str(FIX / "xero_api_credit_notes.csv"), *extra)
        assert rc == 0 and f["totals"]["amount"] == "-300.00" and "Pax8" not in f["new_clients"], f
        assert revenue(db) == {"Acme Dental LLC": -200.0, "Bluewater Logistics Inc": -100.0}
        assert not any(w.startswith("0 amount(s)") for w in f["warnings"]), f["warnings"]


def test_d3_connectwise_api_credit_memo_and_down_payment(tmp_path: Path) -> None:
    """`type` CreditMemo counts negative and DownPayment (a deposit) is no revenue: Acme 1,500 - 200 = 1,300.00,
    Bluewater 2,000.00 on `subtotal` (before tax), Northwind none. Was: refused for 'creditmemo', with a hint to map
    `type` to ignore that loaded 4,700.00 (the credit +200.00, the deposit 1,000.00)."""
    db = tmp_path / "cw.duckdb"
    rc, f = ingest_json(db, str(FIX / "cw_api_invoices.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_skipped"]) == (3, 1), f["errors"]
    assert f["totals"]["amount"] == "3300.00" and "Northwind Legal" not in f["new_clients"]
    assert revenue(db) == {"Acme Dental LLC": 1300.0, "Bluewater Logistics Inc": 2000.0}


def test_d4_quickbooks_api_invoice_total_has_its_tax_taken_off(tmp_path: Path) -> None:
    """TotalAmt - TxnTaxDetail.TotalTax: Acme 1,500 + 900 = 2,400.00, Bluewater 2,000.00 (was refused, and the
    `TotalAmt: amount` mapping the refusal asked for loaded the gross 4,752.00)."""
    db = tmp_path / "q.duckdb"
    rc, f = ingest_json(db, str(FIX / "qbo_api_invoices.csv"))
    assert rc == 0 and f["source"] == "qbo_invoices_api" and f["row_rules"]["tax_removed"] == 3, f["errors"]
    assert revenue(db) == {"Acme Dental LLC": 2400.0, "Bluewater Logistics Inc": 2000.0}


def test_d5_autotask_api_invoices_names_voided_and_tax(tmp_path: Path) -> None:
    """companyID through the Companies lookup, invoiceTotal - totalTaxValue, `isVoided` true excluded: Acme 1,500.00,
    Bluewater 2,000.00. Without the lookup: refused naming only the Companies export (the hint named Resources and
    Tickets too), nothing written. Was: refused, and the mapping it asked for loaded 4,320.00 for clients `174`, `175`."""
    db = tmp_path / "a.duckdb"
    rc, f = ingest_json(db, str(FIX / "autotask_invoices_api.csv"))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and "--lookup companies.csv" in reason and "resources" not in reason, reason
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "autotask_invoices_api.csv"), "--lookup", str(FIX / "at_Companies.csv"))
    assert rc == 0 and f["source"] == "autotask_invoices_api" and f["row_rules"]["voided_excluded"] == 1, f["errors"]
    assert dump(db) != before and not {"174", "175"} & set(f["new_clients"])
    assert revenue(db) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2000.0}


def test_d6_sub_total_beside_tax_is_the_net_amount(tmp_path: Path) -> None:
    """`Sub Total, Tax, Total`: the sub total is before tax (was refused as "may include the tax in `Tax`")."""
    db = tmp_path / "s.duckdb"
    rc, f = ingest_json(db, str(FIX / "inv_sub_total_tax_total.csv"))
    assert rc == 0 and f["totals"]["amount"] == "3500.00", f["errors"]


def test_d7_a_voided_yes_no_column_leaves_the_invoice_out(tmp_path: Path) -> None:
    """`Voided` TRUE on INV-603 (500.00): Acme 1,500.00 (was 2,000.00 with "columns not used: Voided")."""
    db = tmp_path / "v.duckdb"
    rc, f = ingest_json(db, str(FIX / "inv_voided_flag.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_skipped"]) == (2, 1) and f["totals"]["amount"] == "3500.00", f
    assert revenue(db) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2000.0}


def test_d8_a_mapped_id_column_never_becomes_client_names(tmp_path: Path) -> None:
    """The mapping the old refusal of the Autotask pull asked for (`companyID: client_name`): refused naming the ids
    and the lookup, nothing written (was exit 0 with clients "174" and "175")."""
    db = tmp_path / "i.duckdb"
    rc, f = ingest_json(db, str(FIX / "autotask_invoices_api.csv"), "--mapping", str(FIX / "autotask_inv_map.yaml"),
                        "--lookup", str(FIX / "at_Companies.csv"))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and f["rows_loaded"] == 0 and "`companyID`" in reason and "ids (174, 175)" in reason, reason
    assert "--lookup" in reason
