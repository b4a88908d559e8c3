"""h113 U2 (docs/reviews/h113_security.md): a column mapped to `tax` was subtracted whatever it held, exit 0. A rate
heading, or a tax larger than its amount / of the other sign, is refused and the database kept as it was; a credit
note's negative tax still loads. Fixtures and hand totals: tests/fixtures/h113/README.md. Also h112's leftover:
`--dayfirst` on ISO dates."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import dump, ingest_json
from tests.ingest.test_h101_review import revenue

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h113"


def test_a_tax_rate_mapped_as_tax_is_refused_and_nothing_written(tmp_path: Path) -> None:
    """Before: rc 0, Acme 1,180.00 and Bluewater -100.00 (20 and 200 subtracted as money)."""
    db = tmp_path / "r.duckdb"
    rc, f = ingest_json(db, str(FIX / "inv_tax_credit.csv"), "--mapping", str(FIX / "inv_tax_too_big_map.yaml"))
    assert rc == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "inv_tax_rate.csv"), "--mapping", str(FIX / "inv_tax_rate_map.yaml"))
    assert rc == 2 and f["snapshot_id"] is None, f
    reason = f["errors"][0]["reason"]
    assert "`Tax Rate`" in reason and "rate" in reason and "tax AMOUNT" in reason, reason
    assert dump(db) == before


def test_a_tax_larger_than_its_amount_is_refused_naming_the_row(tmp_path: Path) -> None:
    """Before: rc 0, T-2 loaded as 100.00 - 250.00 = -150.00 (an invoice made a credit)."""
    db = tmp_path / "b.duckdb"
    rc, f = ingest_json(db, str(FIX / "inv_tax_too_big.csv"), "--mapping", str(FIX / "inv_tax_too_big_map.yaml"))
    assert rc == 2 and f["snapshot_id"] is None, f
    reason = f["errors"][0]["reason"]
    assert "`VAT`" in reason and "larger than the amount" in reason and "on 1 row(s)" in reason, reason


def test_a_credit_notes_negative_tax_still_loads(tmp_path: Path) -> None:
    """1,200 - 200 = 1,000.00 for Acme, -120 - (-20) = -100.00 for Bluewater: 900.00 in all."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "inv_tax_credit.csv"), "--mapping", str(FIX / "inv_tax_too_big_map.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "900.00", f["errors"]
    assert revenue(db) == {"Acme Dental": 1000.0, "Bluewater": -100.0}


def test_dayfirst_on_iso_dates_says_what_was_read(tmp_path: Path) -> None:
    """h103/h112 leftover: `--dayfirst` on a file of ISO dates said "dates day-first" (the flag, not what was read);
    a file with a day/month date still reads the flag's order."""
    iso = tmp_path / "iso.csv"
    iso.write_text("Date,Technician,Client,Hours,Billable\n2026-11-03,Priya Shah,Meridian Dental Group,2.5,Yes\n")
    rc, f = ingest_json(tmp_path / "i.duckdb", str(iso), "--dayfirst")
    assert rc == 0 and f["dates"] == "dates unambiguous (no day/month order to choose)", f
    dmy = tmp_path / "dmy.csv"
    dmy.write_text("Date,Technician,Client,Hours,Billable\n03/11/2026,Priya Shah,Meridian Dental Group,2.5,Yes\n")
    rc, f = ingest_json(tmp_path / "d.duckdb", str(dmy), "--dayfirst")
    assert rc == 0 and f["dates"] == "dates day-first", f
