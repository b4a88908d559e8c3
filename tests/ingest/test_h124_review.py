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
