"""Review h124 (docs/reviews/h124_file_loading.md): h111's leftovers (L1-L5) and a tenth review of `moat ingest`
against public export shapes. Files, provenance and hand totals: tests/fixtures/h124/README.md; run through
`moat ingest --json` into DuckDB on disk, revenue and hours read back by `moat metrics`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.cli_runs import ingest_json

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h124"


def moat(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=300)


def revenue(db: Path) -> dict[str, float]:
    """Revenue per client of October 2026 as `moat metrics profitability` reports it (clients with none left out)."""
    proc = moat(db, "metrics", "profitability", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {r["client_name"]: round(r["revenue"], 2) for r in json.loads(proc.stdout) if r.get("revenue")}


def test_l5_harvest_closed_invoices_are_warned_with_the_amount_written_off(tmp_path: Path) -> None:
    """h111 L5: Harvest closes an invoice to write it off (API reference: "mark an open invoice as closed (writing an
    invoice off)"). Both closed invoices loaded as revenue with no word (exit 0). They stay issued revenue (the
    glossary: only drafts and voids are not), and the load names each one with its due_amount written off."""
    db = tmp_path / "h.duckdb"
    rc, f = ingest_json(db, str(FIX / "harvest_closed_invoices.csv"))
    assert rc == 0 and f["rows_loaded"] == 3, f
    assert f["row_rules"]["written_off_counted"] == 2, f["row_rules"]
    warned = [w for w in f["warnings"] if "`closed` invoice(s)" in w]
    assert len(warned) == 1, f["warnings"]
    assert "#2002 (Bluewater Logistics Inc) 2000.00 counted, due_amount 2160.00 written off" in warned[0]
    assert "#2003 (Acme Dental LLC) 500.00 counted, due_amount 240.00 written off" in warned[0]
    assert "balance due written off: 2400.00" in warned[0] and "#2001" not in warned[0]
    assert revenue(db) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2000.0}


def test_l2_whmcs_getinvoices_loads_without_a_mapping(tmp_path: Path) -> None:
    """h111 L2: WHMCS's GetInvoices names the client `companyname` (developers.whmcs.com/api-reference/getinvoices:
    `firstname`, `lastname`, `companyname`, `invoicenum`, ...): refused "missing client_name" without a one-line
    mapping. Now the synonyms read it: net (`subtotal`) Paid 1,500 + Unpaid 2,000 + Collections 300 = 3,800.00; the
    individual client with an empty `companyname` is quarantined, never summed under another name."""
    db = tmp_path / "w.duckdb"
    rc, f = ingest_json(db, str(FIX / "whmcs_getinvoices.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (6, 1), f
    assert f["source_columns"]["companyname"] == "client_name" and f["source_columns"]["invoicenum"] == "invoice_number"
    assert [e["row"] for e in f["errors"]] == [8], f["errors"]
    assert revenue(db) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2300.0}


def test_whmcs_currencycode_converts_the_row(tmp_path: Path) -> None:
    """D1 (h124): WHMCS writes each invoice's currency as `currencycode`; unread, a GBP invoice of 2,000.00 was summed
    as 2,000.00 USD (exit 0, with h111's mapping). GBP 1.25: Bluewater 2,000 x 1.25 + 300 = 2,800.00."""
    db = tmp_path / "g.duckdb"
    assert moat(db, "rates", "load", str(FIX / "rates_usd.csv")).returncode == 0
    rc, f = ingest_json(db, str(FIX / "whmcs_getinvoices_gbp.csv"), "--mapping", str(FIX / "whmcs_map.yaml"))
    assert rc == 0 and f["rows_loaded"] == 6 and f["source_columns"]["currencycode"] == "currency", f
    assert revenue(db) == {"Acme Dental LLC": 1500.0, "Bluewater Logistics Inc": 2800.0}


def _eur_db(tmp_path: Path) -> Path:
    """A database whose base currency is EUR, with October 2026 rates: JPY 0.006, USD 0.9, CNY 0.13, CAD 0.68."""
    db = tmp_path / "eur.duckdb"
    proc = moat(db, "rates", "load", str(FIX / "rates_eur.csv"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return db


def test_l4_yuan_sign_follows_the_currency_column(tmp_path: Path, monkeypatch) -> None:
    """h111 L4: `¥` is the yen's and the yuan's sign; the cell's marker won over a `CNY` currency column, so `¥1.500`
    (CNY) loaded as 1,500 JPY = 9.00 EUR (exit 0). Now the column decides: 1,500 CNY x 0.13 = 195.00; `¥2.000,50`
    CNY = 260.07 (two decimals kept); `¥150.000` JPY = 150,000 x 0.006 = 900.00."""
    monkeypatch.setenv("MOAT_BASE_CURRENCY", "EUR")
    db = _eur_db(tmp_path)
    rc, f = ingest_json(db, str(FIX / "inv_yuan_currency_column.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (4, 0), f
    assert revenue(db) == {"Acme Dental": 1500.0, "Bluewater": 195.0, "Harbour Dental": 260.07, "Northwind": 900.0}


def test_marker_contradicting_the_currency_column_is_quarantined(tmp_path: Path, monkeypatch) -> None:
    """D2 (h124): `$1000.00` in a CAD row was read USD (900.00 EUR instead of 680.00) and `€1500.00` in a USD row loaded
    as 1,500 EUR (exit 0). A `$` agrees with any dollar currency: the column's CAD is used; a `€` in a USD row is
    quarantined naming both; `¥300.00` CNY = 39.00."""
    monkeypatch.setenv("MOAT_BASE_CURRENCY", "EUR")
    db = _eur_db(tmp_path)
    rc, f = ingest_json(db, str(FIX / "inv_marker_vs_currency_column.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (2, 1), f
    (err,) = f["errors"]
    assert err["row"] == 3 and "marked EUR but the row's currency column says USD" in err["reason"], err
    assert revenue(db) == {"Acme Dental": 680.0, "Northwind": 39.0}


def test_l3_credit_memo_pull_with_invoice_ref_loads_negative(tmp_path: Path) -> None:
    """h111 L3: a QuickBooks CreditMemo pull without `RemainingCredit` under a neutral name loaded +300.00 as invoices
    (exit 0). The CreditMemo entity's other own field, `InvoiceRef` (Intuit's schema: CreditMemo = SalesTransaction +
    RemainingCredit + InvoiceRef), now tells it apart: 216 - 16 + 108 - 8 = 300.00 of credits, -300.00."""
    db = tmp_path / "cm.duckdb"
    rc, f = ingest_json(db, str(FIX / "qbo_pull_with_invoiceref.csv"))
    assert rc == 0 and f["source"] == "qbo_credit_memos_api" and f["rows_loaded"] == 2, f
    assert f["totals"]["amount"] == "-300.00" and f["row_rules"]["credit_notes_negative"] == 2, f


def test_l3_invoice_pull_without_due_date_is_proven_by_its_own_fields(tmp_path: Path) -> None:
    """An Invoice pull without `DueDate` but with the Invoice's own `Deposit` / `AllowOnlineACHPayment` is invoices:
    no credit-memo warning (it was warned before). 1,080 - 80 + 540 - 40 = 1,500.00."""
    db = tmp_path / "inv.duckdb"
    rc, f = ingest_json(db, str(FIX / "qbo_invoice_pull_no_duedate.csv"))
    assert rc == 0 and f["source"] == "qbo_invoices_api" and f["totals"]["amount"] == "1500.00", f
    assert not [w for w in f["warnings"] if "pull of credit memos" in w], f["warnings"]


def test_l3_neutral_credit_memo_pull_warning_names_a_way_to_load_it(tmp_path: Path) -> None:
    """Nothing in `Id, DocNumber, TxnDate, CustomerRef.*, TotalAmt, Balance, TxnTaxDetail.TotalTax, ...` tells the
    entities apart: it loads as invoices (+300.00) with a warning that now says how to load the file as it is, and
    following it (named as credit memos, with the mapping it gives) loads -300.00."""
    rc, f = ingest_json(tmp_path / "n.duckdb", str(FIX / "qbo_pull_2026-10.csv"))
    assert rc == 0 and f["totals"]["amount"] == "300.00", f
    (warned,) = [w for w in f["warnings"] if "pull of credit memos" in w]
    assert "name it as credit memos" in warned and "`TxnTaxDetail.TotalTax`: tax" in warned, warned
    named = tmp_path / "credit_memos_2026-10.csv"
    named.write_bytes((FIX / "qbo_pull_2026-10.csv").read_bytes())
    rc, f = ingest_json(tmp_path / "m.duckdb", str(named), "--mapping", str(FIX / "qbo_creditmemo_map.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "-300.00", f


def test_hours_written_1h30_and_1_30_h_are_durations(tmp_path: Path) -> None:
    """D5 (h124, clear refusal made a load): `1h30` (minutes after the h without their unit) and `1:30 h` were
    quarantined "not a number of hours". Now 1.5 each: 1:30 + 90m + 1h30 + 2.0 + 1:30 h + 0:45:00 = 8.75 h, billable
    6.50; `1h5` (1:05 or 1.5?) stays quarantined."""
    rc, f = ingest_json(tmp_path / "t.duckdb", str(FIX / "time_durations.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (6, 1), f
    assert [e["value"] for e in f["errors"]] == ["1h5"], f["errors"]
    assert f["totals"]["hours"] == "8.75" and f["totals"]["billable_hours"] == "6.50", f["totals"]


def test_l5_closed_invoice_with_an_unreadable_amount_is_quarantined_not_a_crash(tmp_path: Path) -> None:
    """The written-off warning once formatted the unreadable amount of a closed invoice and stopped the load with an
    internal error. #2003's `five hundred` is quarantined; #2002 is counted (2,000.00) and both are named."""
    rc, f = ingest_json(tmp_path / "u.duckdb", str(FIX / "harvest_closed_unreadable.csv"))
    assert rc == 0 and (f["rows_loaded"], f["rows_quarantined"]) == (2, 1), f
    assert f["row_rules"]["written_off_counted"] == 1 and f["totals"]["amount"] == "3000.00", f
    (warned,) = [w for w in f["warnings"] if "`closed` invoice(s)" in w]
    assert "#2003 (Acme Dental LLC) amount unreadable (quarantined, not counted), due_amount 240.00" in warned, warned


def test_pax8_canadian_account_dollar_cells_are_cad(tmp_path: Path) -> None:
    """D2 (h124) in a licence file: a Pax8 billing export of a Canadian account writes `$22.00` with `currency_code`
    CAD; the `$` won and the cost loaded as 220.00 USD (exit 0). The column decides: 220 CAD x 0.75 = 165.00."""
    db = tmp_path / "p.duckdb"
    assert moat(db, "rates", "load", str(FIX / "rates_usd.csv")).returncode == 0
    rc, f = ingest_json(db, str(FIX / "pax8_cad_dollar_cells.csv"))
    assert rc == 0 and f["source"] == "pax8_billing" and f["rows_loaded"] == 1, f
    assert f["totals"]["cost"] == "165.00", f["totals"]
