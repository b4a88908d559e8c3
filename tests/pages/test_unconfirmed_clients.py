"""Executive KPI pages say clearly when their figures count clients nobody confirmed (issue 17 point 4): a name
new in an upload, with no clients-file record and no alias, is named in a warning above the tiles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_page

NEW = "Zebra Totally New Ltd"


@pytest.fixture
def with_new_name(demo_path: Path, tmp_path: Path, app_env) -> Path:
    app_env(demo_path)
    upload = tmp_path / "unknown.csv"
    upload.write_text("invoice_number,client_name,date,amount,currency,category,status\n"
                      f"INV-U-1,{NEW},2026-10-15,5000.00,USD,project,paid\n", encoding="utf-8")
    # Loaded without name confirmation (today's CLI default; with confirm_new_names the row would wait instead).
    subprocess.run([sys.executable, "-m", "moat", "--db", str(demo_path), "ingest", str(upload)], check=True,
                   capture_output=True)
    return demo_path


@pytest.mark.parametrize("page", ["overview.py", "profitability.py"])
@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_kpis_counting_an_unconfirmed_client_say_so(with_new_name: Path, page: str, role: str) -> None:
    at = run_page(page, role)
    assert not at.exception
    warnings = [w.value for w in at.warning if "nobody has confirmed" in w.value]
    assert len(warnings) == 1
    assert warnings[0].startswith("These figures include 1 client nobody has confirmed: Zebra Totally New Ltd.")
    assert "moat aliases add" in warnings[0]


def test_confirmed_data_carries_no_warning(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("overview.py", "viewer")
    assert not [w for w in at.warning if "nobody has confirmed" in w.value]
