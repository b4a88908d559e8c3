"""Review h69 D11: an Excel currency format for another country's dollar (`[$$-C09]` Australia, `[$$-1409]` New
Zealand, `[$$-1009]` Canada) is that dollar, converted at the month's rate or held for it; never the base dollar.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from moat.ingest.read_xlsx import format_currency
from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d11_dollar_formats_say_whose_dollar() -> None:
    assert [format_currency(f) for f in ("[$$-C09]#,##0.00", "[$$-1409]#,##0.00", "[$$-1009]#,##0.00",
                                         "[$$-409]#,##0.00", "$#,##0.00", "[$A$-C09]#,##0.00")] == \
        ["AUD", "NZD", "CAD", None, None, "AUD"]


def test_d11_aud_workbook_is_converted_not_taken_as_usd(tmp_path: Path) -> None:
    """Without rates every row waits for its rate (was 4,500.00 USD, exit 0); with AUD 0.65, NZD 0.60, CAD 0.73:
    (1,500 + 2,000) x 0.65 + 700 x 0.60 + 300 x 0.73 = 2,275.00 + 420.00 + 219.00 = 2,914.00."""
    db = tmp_path / "a.duckdb"
    rc, f = ingest_json(db, str(FIX / "invoices_aud_format.xlsx"))
    assert rc == 0 and f["rows_loaded"] == 0 and f["rows_quarantined"] == 4
    assert "amount in AUD" in f["errors"][0]["reason"] and "amount in NZD" in f["errors"][2]["reason"]
    db2 = tmp_path / "b.duckdb"
    subprocess.run([sys.executable, "-m", "moat", "--db", str(db2), "rates", "load", str(FIX / "rates_aud_nzd_cad.csv")],
                   check=True, capture_output=True, timeout=300)
    rc, f = ingest_json(db2, str(FIX / "invoices_aud_format.xlsx"))
    assert rc == 0 and f["rows_loaded"] == 4 and f["totals"]["amount"] == "2914.00"
    assert rows(db2, "select original_currency, count(*) from cur_invoices group by 1 order by 1") == [
        ("AUD", 2), ("CAD", 1), ("NZD", 1)]
