"""Review h74 D5: Toggl Track and Clockify "Detailed report" CSVs load without a mapping, to the reviewer's hand totals.

Files under tests/fixtures/h74 (README.md there: provenance and hand totals) and tests/fixtures/h87 (README.md) through
`moat ingest --json` into DuckDB on disk. Before h87 every one of them was refused (rc 2: `User` is no technician
heading; Clockify's `Duration (decimal)` no hours heading)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.ingest.cli_runs import dump, ingest_json, rows

H74 = Path(__file__).resolve().parents[1] / "fixtures" / "h74"
H87 = Path(__file__).resolve().parents[1] / "fixtures" / "h87"
MARCH = {"Acme Dental": Decimal("2.25"), "Bright Law": Decimal("3.25"), "Cedar Vets": Decimal("1.00")}


def hours(db: Path) -> tuple[Decimal, Decimal]:
    total, billable = rows(db, "SELECT sum(hours), sum(hours) FILTER (WHERE billable) FROM cur_time_entries")[0]
    return Decimal(total), Decimal(billable)


def by_client_month(db: Path) -> dict[tuple[str, str], Decimal]:
    return {(c, m): Decimal(h) for c, m, h in rows(
        db, "SELECT client_name, strftime(date, '%Y-%m'), sum(hours) FROM cur_time_entries GROUP BY ALL")}


@pytest.mark.parametrize(("path", "source"), [
    (H74 / "toggl_detailed.csv", "toggl_detailed"),
    (H74 / "toggl_detailed_eur.csv", "toggl_detailed"),  # `Amount (EUR)`: never read
    (H74 / "clockify_detailed.csv", "clockify_detailed"),  # MM/DD/YYYY, 12 h times, Duration (h) h:mm:ss
    (H74 / "clockify_detailed_decimalfmt.csv", "clockify_detailed"),  # the workspace's decimal duration format
    (H74 / "clockify_detailed_de.csv", "clockify_detailed"),  # `;`, decimal commas, dd.mm.yyyy, BOM
    (H87 / "clockify_detailed_de_headings.csv", "clockify_detailed"),  # the German interface: Benutzer, Dauer (dezimal), Ja/Nein
])
def test_detailed_report_loads_to_the_hand_totals(tmp_path: Path, path: Path, source: str) -> None:
    db = tmp_path / "t.duckdb"
    rc, f = ingest_json(db, str(path))
    assert rc == 0, f["errors"]
    assert (f["dataset"], f["source"]) == ("time_entries", source)
    assert (f["rows_read"], f["rows_loaded"], f["rows_quarantined"]) == (4, 4, 0)
    assert hours(db) == (Decimal("6.50"), Decimal("5.75"))
    # the Cedar Vets entry starts 31 March 23:30 and ends in April: dated by its start
    assert by_client_month(db) == {(c, "2026-03"): h for c, h in MARCH.items()}
    techs = {t: Decimal(h) for t, h in rows(db, "SELECT technician_name, sum(hours) FROM cur_time_entries GROUP BY 1")}
    assert techs == {"Ann Lee": Decimal("4.75"), "Ben Ortiz": Decimal("1.75")}  # `User`, never the email
    assert rows(db, "SELECT count(*) FROM cur_invoices") == [(0,)]  # the export's amounts are never revenue


def test_toggl_multiline_descriptions(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest_json(db, str(H74 / "toggl_multiline.csv"))
    assert rc == 0 and (f["source"], f["rows_loaded"]) == ("toggl_detailed", 2)
    assert hours(db) == (Decimal("4.75"), Decimal("4.75"))
    (notes,), = rows(db, "SELECT notes FROM cur_time_entries WHERE client_name = 'Acme Dental'")
    assert notes.splitlines() == ["Printer fix", "and driver update"]  # one entry, its line break kept


def test_toggl_internal_hour_is_held_with_a_reason(tmp_path: Path) -> None:
    """The no-client `Internal` hour is held (client required), the 12:30:00 cutover entry loads: 19.00 h."""
    db = tmp_path / "i.duckdb"
    rc, f = ingest_json(db, str(H74 / "toggl_detailed_internal_long.csv"))
    assert rc == 0 and f["source"] == "toggl_detailed"
    assert (f["rows_read"], f["rows_loaded"], f["rows_quarantined"]) == (6, 5, 1)
    assert [(e["row"], e["column"]) for e in f["errors"]] == [(6, "Client")]
    assert "client_name" in f["errors"][0]["reason"] and "empty" in f["errors"][0]["reason"]
    assert hours(db) == (Decimal("19.00"), Decimal("18.25"))
    assert by_client_month(db)[("Bright Law", "2026-03")] == Decimal("15.75")
    assert rows(db, "SELECT count(*) FROM cur_time_entries WHERE client_name IS NULL OR client_name = 'Internal'") == [(0,)]


def test_ambiguous_day_month_order_is_refused_not_loaded_wrong(tmp_path: Path) -> None:
    """en-GB dd/mm with every day <= 12: refused asking for the order, the database exactly as it was; with
    --dayfirst the entries are in March (read month-first they would be 3 Feb, 3 Mar, 3 Apr, 3 Oct)."""
    db = tmp_path / "a.duckdb"
    assert ingest_json(db, str(H74 / "toggl_detailed.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(H74 / "clockify_detailed_dmy_ambiguous.csv"))
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "cannot tell the date order" in reason and "--dayfirst" in reason
    assert dump(db) == before

    fresh = tmp_path / "b.duckdb"
    rc, f = ingest_json(fresh, str(H74 / "clockify_detailed_dmy_ambiguous.csv"), "--dayfirst")
    assert rc == 0 and (f["source"], f["rows_loaded"]) == ("clockify_detailed", 4)
    assert by_client_month(fresh) == {(c, "2026-03"): h for c, h in MARCH.items()}


def test_clockify_without_its_hours_columns_is_refused_never_offering_the_rate(tmp_path: Path) -> None:
    """Both duration columns gone: refused as Clockify lacking its hours; `Billable Rate (USD)` (125.00) is money and
    is never offered as the hours column (following such a hint would load a rate as hours)."""
    src = (H74 / "clockify_detailed.csv").read_text(encoding="utf-8").splitlines()
    cut = [",".join(c for i, c in enumerate(line.split(",")) if i not in (13, 14)) for line in src]
    path = tmp_path / "clockify_no_duration.csv"
    path.write_text("\n".join(cut) + "\n", encoding="utf-8")
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(path))
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "Clockify" in reason and "no column for hours" in reason
    assert "Billable Rate" not in reason and "Billable Amount" not in reason
