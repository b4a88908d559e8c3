"""HaloPSA charge types (review h28 D28): the negative wordings MSPs give their charge types are not billable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h33"


def test_d28_halo_non_chargeable_unbillable_not_billable_goodwill(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", str(FIX / "halo_chargetypes.csv")],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    f = json.loads(proc.stdout)["files"][0]
    assert f["totals"] == {"hours": "6.00", "billable_hours": "2.00", "entries": 6}
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select date, billable from cur_time_entries where is_current order by date").fetchall()
    assert [b for _, b in rows] == [True, False, False, False, False, True]  # Remote Support and Included in Contract; not Non-Chargeable, Unbillable, Not Billable, Goodwill
