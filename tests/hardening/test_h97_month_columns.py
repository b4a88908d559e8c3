"""h97 F7: a summary with a column per month copied every month column into every month's row while loading.

h70 loads a QuickBooks "Sales by Customer Summary" with a column per month as one invoice per customer per month
(``period_columns.split_by_month``). Each month's copy of a row kept all the row's columns, the other months' too,
so memory grew as rows x months x months: the title may span decades ("January 1, 2006 - December 31, 2025"), and
a 1.2 MB file of 240 month columns and 1,000 customers took 2.2 GB to load (a 5 MB one some 18 GB, enough to stop
the app for everyone). Each copy now carries the row without its month columns; the invoices are the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from tests.ingest.cli_runs import rows

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
# The peak is this process's own high-water mark (VmHWM, reset by exec). ``ru_maxrss`` is not: Linux keeps it across
# exec, so a child of a pytest worker that has grown to 1.2 GB over a long suite reported the worker's size.
PEAK = """
import sys
from moat.cli import main
rc = main(["--db", sys.argv[1], "ingest", "--json", "--no-confirm-new-names", sys.argv[2]])
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"rc": rc, "peak_mb": int(hwm.split()[1]) // 1024}), file=sys.stderr)
"""


def test_twenty_years_of_month_columns_load_in_bounded_memory(tmp_path: Path) -> None:
    columns = [f"{m} {y}" for y in range(2006, 2026) for m in MONTHS]  # 240 months
    lines = ["Northwind IT Services", "Sales by Customer Summary", '"January 1, 2006 - December 31, 2025"', "",
             "," + ",".join(columns) + ",Total"]
    lines += [f"Customer {r:04d}," + ",".join(["1.00"] * len(columns)) + f",{len(columns)}.00" for r in range(500)]
    summary = tmp_path / "summary.csv"
    summary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    ran = subprocess.run([sys.executable, "-c", "import json\n" + PEAK, str(db), str(summary)], capture_output=True,
                         text=True, env=os.environ.copy(), timeout=600)
    measured = json.loads(ran.stderr.strip().splitlines()[-1])
    assert measured["rc"] == 0, ran.stderr[-2000:]
    assert rows(db, "SELECT count(*), sum(amount) FROM cur_invoices") == [(120_000, Decimal("120000.00"))]
    assert measured["peak_mb"] < 700, measured  # before: ~1,200 MB (now ~320 MB)
