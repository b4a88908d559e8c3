"""h97 F2: a weekly time grid with two columns for one day counted that day twice, and each extra column copied the
whole row once more while loading.

h87 unpivots a weekly grid (a column of hours per weekday, or per date of one week) into one time entry per day. A
heading counts as a day by its comparison key, so `Mon`, `Mon.`, `MON!` ... (or `2026-03-30` beside `2026/03/30`)
each became entries on the same Monday: a crafted or careless file loaded exit 0 with the day's hours doubled, and
since every day column repeats the row's other cells, a 3 MB file of one 3 MB note and 200 `Mon.`-style columns
took 3.9 GB of memory to load (~20 GB with the 1,000 columns a file may have). Now the grid is refused naming the two
headings, before any row is copied.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.ingest.cli_runs import ingest_json, rows

HEAD = "Week Commencing,Technician,Client,Billable,"


@pytest.mark.parametrize(("days", "cells", "first", "second"), [
    ("Mon,Tue,Wed,Thu,Fri,Mon.", "1,2,3,1,0,4", "Mon", "Mon."),
    ("2026-03-30,2026-03-31,2026-04-01,2026-04-02,2026-04-03,2026/03/30", "1,2,3,1,0,4", "2026-03-30", "2026/03/30"),
])
def test_two_columns_for_one_day_are_refused(tmp_path: Path, days: str, cells: str, first: str, second: str) -> None:
    grid = tmp_path / "grid.csv"
    grid.write_text(f"{HEAD}{days}\n30/03/2026,Ann Lee,Acme Dental,Yes,{cells}\n", encoding="utf-8")
    db = tmp_path / "g.duckdb"
    rc, report = ingest_json(db, str(grid))
    assert rc == 2, report  # before: 0, with 5 h on Monday 30 March (1 + 4)
    said = " ".join(str(e) for e in report["errors"])
    assert "two columns for one day" in said and f"`{first}`" in said and f"`{second}`" in said, said
    assert rows(db, "SELECT count(*) FROM time_entries") == [(0,)]


def test_one_column_per_day_still_loads(tmp_path: Path) -> None:
    grid = tmp_path / "grid.csv"
    grid.write_text(f"{HEAD}Mon,Tue,Wed,Thu,Fri,Sat,Sun\n30/03/2026,Ann Lee,Acme Dental,Yes,1,2,3,1,0,0,0\n",
                    encoding="utf-8")
    db = tmp_path / "g.duckdb"
    rc, report = ingest_json(db, str(grid))
    assert rc == 0, report["errors"]
    assert rows(db, "SELECT sum(hours) FROM cur_time_entries WHERE date = '2026-03-30'") == [(Decimal(1),)]
