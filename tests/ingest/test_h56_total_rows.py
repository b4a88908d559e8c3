"""h56: total rows the label rules missed (`Total amount`, `TOTAL INVOICED`, `Sum`, a bare sum under the rows) are
skipped with a warning naming the row, never quarantined as a broken row nor loaded as a client; rows that only look
like totals (a client called Total Wine, an overhead cost that happens to equal the rows above) still load."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from moat import db
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_path
from tests.ingest.ingest_fixtures import csv_text, xlsx_bytes

ADMIN = local_operator("h56")
HEADER = ["invoice_number", "client_name", "date", "amount"]
ROWS = [["INV-1", "Acme Dental", "2026-01-05", "100.25"], ["INV-2", "Harbor Logistics", "2026-01-06", "50.50"]]


def _load(tmp_path: Path, header: list[str], rows: list[list[str]], fmt: str, name: str = "invoices") -> tuple[dict, list]:
    path = tmp_path / f"{name}.{fmt}"
    if fmt == "csv":
        path.write_text(csv_text(header, rows), encoding="utf-8")
    else:
        path.write_bytes(xlsx_bytes({"Sheet1": [header, *rows]}))
    con = db.connect(tmp_path / "m.duckdb")
    try:
        report = ingest_path(con, ADMIN, path, Options(today=date(2026, 3, 1)))
    finally:
        con.close()
    with duckdb.connect(str(tmp_path / "m.duckdb"), read_only=True) as c:
        table = "cur_costs" if name == "costs" else "cur_invoices"
        stored = [(n, float(a)) for n, a in c.sql(f"select client_name, amount from {table} order by amount").fetchall()]
    return report, stored


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("last", [
    ["", "Total amount", "", "150.75"], ["", "Total (USD)", "", "150.75"], ["TOTAL INVOICED", "", "", "150.75"],
    ["", "", "", "150.75"], ["", "Sum", "", "150.75"], ["", "", "2026-01-31", "150.75"], ["", "Balance", "", "150.75"],
    ["", "Total amount", "2026-01-31", "150.75"],
])
def test_a_total_row_is_skipped_with_its_row_named(tmp_path: Path, fmt: str, last: list[str]) -> None:
    report, stored = _load(tmp_path, HEADER, [*ROWS, last], fmt)
    assert (report["rows_loaded"], report["rows_quarantined"], report["rows_skipped"]) == (2, 0, 1), report["errors"]
    assert report["totals"] == {"amount": "150.75", "documents": 2}
    assert stored == [("Harbor Logistics", 50.5), ("Acme Dental", 100.25)]
    assert any(w.startswith("row 4 (") and "skipped as a total" in w for w in report["warnings"]), report["warnings"]


def test_a_client_called_total_wine_still_loads(tmp_path: Path) -> None:
    report, stored = _load(tmp_path, HEADER, [*ROWS, ["INV-3", "Total Wine", "2026-01-07", "75"]], "csv")
    assert (report["rows_loaded"], report["rows_skipped"]) == (3, 0)
    assert report["totals"] == {"amount": "225.75", "documents": 3}
    assert ("Total Wine", 75.0) in stored


def test_overhead_cost_equal_to_the_rows_above_is_a_cost_not_a_total(tmp_path: Path) -> None:
    """Costs without a client are overhead: with its date and category it is data, whatever its amount."""
    header = ["client_name", "date", "amount", "category"]
    rows = [["Acme Dental", "2026-01-05", "30", "software"], ["Harbor Logistics", "2026-01-06", "20", "hardware"],
            ["", "2026-01-07", "50", "rent"]]
    report, stored = _load(tmp_path, header, rows, "csv", "costs")
    assert (report["rows_loaded"], report["rows_skipped"]) == (3, 0), report["warnings"]
    assert report["totals"] == {"amount": "100.00", "documents": 3}
    assert (None, 50.0) in stored


def test_a_client_cell_saying_total_with_another_amount_is_held_not_guessed(tmp_path: Path) -> None:
    """`Total invoiced` in the client column, no date, an amount that is not the rows' sum: it may be a client
    (`Total Wine` with its date missing), so it waits in the quarantine: never loaded, never dropped unseen."""
    report, stored = _load(tmp_path, HEADER, [*ROWS, ["", "Total invoiced", "", "999"]], "csv")
    assert (report["rows_loaded"], report["rows_quarantined"], report["rows_skipped"]) == (2, 1, 0)
    assert report["totals"] == {"amount": "150.75", "documents": 2}
    assert [n for n, _ in stored] == ["Harbor Logistics", "Acme Dental"]
