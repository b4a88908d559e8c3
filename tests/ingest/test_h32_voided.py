"""D30: an invoice voided after it was loaded is no longer revenue when the re-export shows it voided."""

from __future__ import annotations

from pathlib import Path

from moat.db import rows
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h32"


def load(con, name: str) -> dict:
    return ingest_bytes(con, ADMIN, (FIX / name).read_bytes(), name, Options(today=TODAY, base_currency="GBP"))


def test_voided_in_the_reexport_supersedes_the_loaded_invoice(empty_con) -> None:
    first = load(empty_con, "xero_jan_v1.csv")
    assert first["totals"]["amount"] == "1500.00"
    second = load(empty_con, "xero_jan_v2.csv")
    assert (second["rows_read"], second["rows_loaded"], second["rows_skipped"]) == (2, 2, 0)
    assert second["row_rules"]["excluded_superseding_earlier_loads"] == 1
    assert second["totals"]["amount"] == "1000.00"
    assert any("INV-0002 (500.00, snapshot 1)" in w for w in second["warnings"])
    assert rows(empty_con, "SELECT invoice_number, amount, status FROM cur_invoices ORDER BY 1") == [
        ("INV-0001", 1000, None), ("INV-0002", 500, "void")]
    revenue = rows(empty_con, "SELECT sum(amount) FROM cur_invoices WHERE coalesce(status, '') NOT IN ('draft', 'void')")
    assert revenue == [(1000,)]


def test_voided_first_seen_is_still_just_skipped(empty_con) -> None:
    report = load(empty_con, "xero_jan_v2.csv")
    assert (report["rows_loaded"], report["rows_skipped"]) == (1, 1)
    assert "excluded_superseding_earlier_loads" not in report["row_rules"]
    assert rows(empty_con, "SELECT count(*) FROM cur_invoices") == [(1,)]
