"""Review h101 (docs/reviews/h101_file_loading.md): h98's leftovers and an eighth review of `moat ingest` against
public export shapes. Files, provenance and hand totals: tests/fixtures/h101/README.md; run through `moat ingest
--json` into DuckDB on disk, revenue read back by `moat metrics profitability`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest.cli_runs import dump, ingest_json

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h101"
H98 = Path(__file__).resolve().parents[1] / "fixtures" / "h98"


def revenue(db: Path) -> dict[str, float]:
    """Revenue per client of October 2026 as `moat metrics profitability` reports it (clients with none left out)."""
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "metrics", "profitability", "--from", "2026-10-01",
                           "--to", "2026-10-31", "--format", "json"], capture_output=True, text=True, env=os.environ.copy(),
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {r["client_name"]: round(r["revenue"], 2) for r in json.loads(proc.stdout) if r.get("revenue")}


def test_l1_mapped_document_total_beside_tax_is_refused_then_tax_subtracted(tmp_path: Path) -> None:
    """h98 L1: `TotalAmt: amount` beside `TxnTaxDetail.TotalTax` loaded 4,752.00 (352.00 of tax as revenue), rc 0.
    Now refused naming `tax` / `ignore`, nothing written; with `TxnTaxDetail.TotalTax: tax` 4,400.00 (Acme 1,500 +
    900, Bluewater 2,000)."""
    db = tmp_path / "q.duckdb"
    rc, f = ingest_json(db, str(H98 / "qbo_api_invoices.csv"), "--mapping", str(H98 / "qbo_api_map.yaml"))
    assert rc == 2 and f["snapshot_id"] is None, f
    reason = f["errors"][0]["reason"]
    assert "TxnTaxDetail.TotalTax" in reason and '"TxnTaxDetail.TotalTax": tax' in reason and "352.00" in reason
    rc, f = ingest_json(db, str(H98 / "qbo_api_invoices.csv"), "--mapping", str(FIX / "qbo_api_map_tax.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "4400.00", f["errors"]
    assert f["row_rules"] == {"tax_removed": 3, "tax_amount_not_revenue": "352.00"}
    assert revenue(db) == {"Acme Dental LLC": 2400.0, "Bluewater Logistics Inc": 2000.0}


def test_l1_mapped_amount_equal_to_subtotal_plus_tax_is_refused(tmp_path: Path) -> None:
    """A neutral heading (`Amount`) that is `Subtotal` + `Tax` on every taxed row is the gross: refused naming
    `Subtotal`; the database exactly as it was (it held an earlier load)."""
    db = tmp_path / "g.duckdb"
    rc, _ = ingest_json(db, str(H98 / "inv_sub_total_tax_total.csv"))
    assert rc == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "inv_amount_is_gross.csv"), "--mapping", str(FIX / "inv_amount_is_gross_map.yaml"))
    assert rc == 2 and "`Subtotal`" in f["errors"][0]["reason"] and "280.00" in f["errors"][0]["reason"], f
    assert dump(db) == before


def test_l2_autotask_hand_joined_names_total_beside_tax(tmp_path: Path) -> None:
    """h98 L2: Autotask `invoiceTotal` mapped with the company names joined by hand: refused beside `totalTaxValue`
    (320.00 of tax); with `totalTaxValue: tax` 3,500.00 (1,620 - 120 + 2,160 - 160; 1003 `isVoided`)."""
    db = tmp_path / "a.duckdb"
    rc, f = ingest_json(db, str(FIX / "autotask_invoices_joined.csv"), "--mapping", str(FIX / "autotask_joined_map.yaml"))
    assert rc == 2 and "totalTaxValue" in f["errors"][0]["reason"], f
    rc, f = ingest_json(db, str(FIX / "autotask_invoices_joined.csv"), "--mapping", str(FIX / "autotask_joined_map_tax.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "3500.00", f["errors"]
    assert revenue(db) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2000.0}


def test_l1_net_amount_mapped_beside_tax_still_loads(tmp_path: Path) -> None:
    """Syncro's `subtotal` (net) with `tax` beside it, unnamed: loads 4,400.00 as before (h98 "loaded right")."""
    db = tmp_path / "s.duckdb"
    rc, f = ingest_json(db, str(H98 / "syncro_api_invoices.csv"), "--mapping", str(H98 / "syncro_map.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "4400.00", f["errors"]


def test_l3_syncro_api_invoices_load_total_less_tax(tmp_path: Path) -> None:
    """h98 L3: Syncro's `GET /invoices` flattened was refused "missing client_name"; now declared (total - tax):
    Acme 1,620 - 120 + 972 - 72 = 2,400.00, Bluewater 2,000.00; `hardwarecost` (640.00) never revenue."""
    db = tmp_path / "s.duckdb"
    rc, f = ingest_json(db, str(H98 / "syncro_api_invoices.csv"))
    assert rc == 0 and f["source"] == "syncro_invoices_api" and f["row_rules"]["tax_removed"] == 3, f["errors"]
    assert revenue(db) == {"Acme Dental LLC": 2400.0, "Bluewater Logistics Inc": 2000.0}


def test_l6_plain_invoice_list_is_no_vendors_near_miss(tmp_path: Path) -> None:
    """h98 L6: `Number, Customer, Date, Due Date, Subtotal, Tax, Total` was refused as "looks like QuickBooks Online
    Invoice List"; its headings are every invoice list's. It loads on the synonyms: `Subtotal` 1,500.00."""
    db = tmp_path / "p.duckdb"
    rc, f = ingest_json(db, str(H98 / "inv_plain_number_due_date.csv"))
    assert rc == 0 and f["source"] == "generic" and f["totals"]["amount"] == "1500.00", f["errors"]
    assert revenue(db) == {"Acme Dental LLC": 1500.0}


def test_l4_xero_ms_json_dates_are_read_as_utc_days(tmp_path: Path) -> None:
    """h98 L4: `/Date(1790812800000+0000)/` (Xero's API dates: ms since 1970 UTC) was quarantined "not a date". Now
    1790812800000 ms = 2026-10-01, 1793404800000 = 2026-10-31; 1,500.00 + 2,000.00 net of tax."""
    from tests.ingest.cli_runs import rows

    db = tmp_path / "x.duckdb"
    rc, f = ingest_json(db, str(H98 / "xero_api_invoices_msdate.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (2, 0) and f["totals"]["amount"] == "3500.00", f
    got = rows(db, "SELECT invoice_number, CAST(date AS VARCHAR) FROM cur_invoices ORDER BY 1")
    assert got == [("INV-0101", "2026-10-01"), ("INV-0102", "2026-10-31")]


def test_d1_lexoffice_voucherlist_gross_refused_and_its_types_and_statuses_read(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """lexoffice's voucherlist pull: `totalAmount` is gross with no tax column: refused naming the net export and the
    no-VAT mapping (was: refused "no column for date", and that hint's mapping loaded 13,090.00 with exit 0: the
    purchase invoice of Pax8 952.00 and the quotation 5,950.00 as revenue of new clients, the credit note +238.00, the
    voided and draft vouchers counted). With the no-VAT mapping: 1,785 + 2,380 - 238 = 3,927.00; purchaseinvoice and
    quotation skipped, voided / draft not revenue."""
    monkeypatch.setenv("MOAT_BASE_CURRENCY", "EUR")
    db = tmp_path / "l.duckdb"
    rc, f = ingest_json(db, str(FIX / "lexoffice_voucherlist.csv"))
    assert rc == 2 and "gross" in f["errors"][0]["reason"] and '"totalAmount": amount' in f["errors"][0]["reason"], f
    for n, name in enumerate(("lexoffice_hint_map.yaml", "lexoffice_gross_map.yaml")):
        db = tmp_path / f"m{n}.duckdb"
        rc, f = ingest_json(db, str(FIX / "lexoffice_voucherlist.csv"), "--mapping", str(FIX / name))
        assert rc == 0 and (f["rows_loaded"], f["rows_skipped"]) == (5, 2) and f["totals"]["amount"] == "3927.00", f
        assert revenue(db) == {"Acme Dental GmbH": 1547.0, "Bluewater Logistik GmbH": 2380.0}


def test_l1_tax_subtracted_in_a_decimal_comma_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`;`-separated, `1.785,00`: Brutto - Steuer = 1,500.00 + 2,000.00 + 100.42 = 3,600.42 (the net written back in the
    file's decimal mark). Before h101 `tax` was no mapping target (the mapping was refused), and without it the gross
    4,284.50 loaded with exit 0."""
    monkeypatch.setenv("MOAT_BASE_CURRENCY", "EUR")
    db = tmp_path / "d.duckdb"
    rc, f = ingest_json(db, str(FIX / "inv_de_gross_tax.csv"), "--mapping", str(FIX / "inv_de_gross_tax_map.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "3600.42" and f["row_rules"]["tax_removed"] == 3, f
    assert revenue(db) == {"Acme Dental GmbH": 1600.42, "Bluewater Logistik GmbH": 2000.0}


def test_d2_quickbooks_api_credit_memos_count_negative(tmp_path: Path) -> None:
    """QuickBooks Online's CreditMemo entity pulled on its own (`RemainingCredit` beside the Invoice's fields): was read
    as the Invoice pull, +300.00 of revenue with exit 0; now -(216 - 16) = -200.00 (Acme), -(108 - 8) = -100.00."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "qbo_api_credit_memos.csv"))
    assert rc == 0 and f["source"] == "qbo_credit_memos_api" and f["totals"]["amount"] == "-300.00", f
    assert f["row_rules"]["credit_notes_negative"] == 2
    assert revenue(db) == {"Acme Dental LLC": -200.0, "Bluewater Logistics Inc": -100.0}
    rc, f = ingest_json(tmp_path / "i.duckdb", str(H98 / "qbo_api_invoices.csv"))  # the Invoice pull stays an invoice pull
    assert rc == 0 and f["source"] == "qbo_invoices_api" and f["totals"]["amount"] == "4400.00", f
