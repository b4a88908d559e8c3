"""The README's own invoices template plus one column of its own (notes, memo, a "# Heading") is an invoices file.

After the merge of h31's recognition rules it was refused as "canonical costs (template names): 3 of 5 headers, but no
column for category": a near miss of ANOTHER dataset that explains less of the file than the header synonyms blocked
the load (found by tests/pages/test_upload_sources.py in the full run)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("extra", ["notes", "memo", "# Heading"])
def test_canonical_invoices_with_an_extra_column_load(tmp_path: Path, app_env, extra: str) -> None:
    db_path = app_env(tmp_path / "m.duckdb")
    csv = tmp_path / "inv.csv"
    csv.write_text(f"invoice_number,client_name,date,amount,{extra}\nINV-1,Acme Dental,2026-10-03,100.00,x\n"
                   "INV-2,Harbor Logistics,2026-10-04,250.50,y\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "moat", "--db", str(db_path), "ingest", "--json", str(csv)],
                         capture_output=True, text=True)
    (f,) = json.loads(out.stdout)["files"]
    assert out.returncode == 0 and (f["dataset"], f["rows_loaded"]) == ("invoices", 2), f["errors"]
    assert f["totals"]["amount"] == "350.50"
