"""h70 defect 4 (h60): a TD SYNNEX StreamOne billing file was refused as "looks like Sherweb payable charges": the
near miss named a vendor on headings every licence export has (`Customer Name`, `Product Name`, `Quantity`, `SKU`).

The refusal names a vendor only when the file has one of that vendor's own headings; else it speaks of the dataset.
"""

from __future__ import annotations

from pathlib import Path

from tests.ingest.h70_common import refused

SHERWEB = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "sherweb_billing"


def test_td_synnex_file_is_not_called_sherweb(capsys, tmp_path):
    msg = refused(capsys, tmp_path / "m.duckdb", "tdsynnex_streamone_billing.csv")
    assert "sherweb" not in msg.lower() and "netPriceProrated" not in msg
    assert msg.startswith("tdsynnex_streamone_billing.csv: looks like licenses (`Customer Name`")
    assert "no column for unit_cost or total_cost; `Unit Price` looks like one" in msg
    assert '"Unit Price": unit_cost' in msg


def test_a_sherweb_file_missing_its_cost_still_names_sherweb(capsys, tmp_path):
    src = next(SHERWEB.glob("*.csv"))
    lines = src.read_text().splitlines()
    head = lines[0].split(",")
    drop = [head.index("netPriceProrated"), head.index("subTotal")]
    cut = "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i not in drop) for line in lines) + "\n"
    (tmp_path / "sw.csv").write_text(cut)
    msg = refused(capsys, tmp_path / "m.duckdb", tmp_path / "sw.csv")
    assert "looks like Sherweb payable charges" in msg and "unit_cost (`netPriceProrated`)" in msg


def test_plain_headings_beside_a_missing_quickbooks_column_name_no_vendor(capsys, tmp_path):
    (tmp_path / "pay.csv").write_text("Date,Transaction Type,Num,Name,Amount\n2026-03-02,Payment,B-1,Acme Dental,100.00\n")
    msg = refused(capsys, tmp_path / "m.duckdb", tmp_path / "pay.csv")
    assert "QuickBooks" not in msg and "`Date`, `Transaction Type`" in msg
