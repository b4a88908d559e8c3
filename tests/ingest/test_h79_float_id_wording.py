"""Review h74 D8: `Total paid` (money, not read) was called "ids written as floats": a heading ending in the letters
`id` (paid, void, prepaid) is no id; camelCase ids (`resourceID`, `companyId`) still are.

Files under tests/fixtures/h74 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat.ingest.float_ids import _id_heading
from tests.ingest.cli_runs import ingest_json

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h74"


def test_intacct_total_paid_is_not_called_an_id(tmp_path: Path) -> None:
    """16,750.00 written (the draft 900 excluded from revenue), and no float-id warning."""
    rc, f = ingest_json(tmp_path / "i.duckdb", str(FIX / "intacct_ar_invoices.csv"))
    assert rc == 0 and f["totals"]["amount"] == "16750.00"
    assert not any("ids written as floats" in w for w in f["warnings"])


@pytest.mark.parametrize(("heading", "is_id"), [("Total paid", False), ("TOTAL PAID", False), ("Prepaid", False),
                                                ("resourceID", True), ("companyId", True), ("Customer ID", True),
                                                ("Invoice Number", True), ("Ticket #", True)])
def test_id_headings(heading: str, is_id: bool) -> None:
    assert _id_heading(heading) is is_id
