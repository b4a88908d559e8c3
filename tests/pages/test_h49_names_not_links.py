"""F1 on the pages: an uploaded client name holding an address is shown on the Overview without forming a link.

"Nova Dental www.nova-dental.example", loaded unconfirmed (the CLI's default), is named in the Overview's warning
to every role; Streamlit's Markdown linked the "www." part (a live phishing link in front of an executive).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_page

NAMES = ["Nova Dental www.nova-dental.example", "Reset https://login.example/x", "Help desk help@desk.example"]
GFM_TRIGGER = re.compile(r"(?i)(www\.|https?://|[\w.+-]@[\w-])")  # where GFM starts a bare link


@pytest.fixture
def crafted_clients(demo_path: Path, tmp_path: Path, app_env) -> Path:
    app_env(demo_path)
    upload = tmp_path / "crafted.csv"
    upload.write_text("invoice_number,client_name,date,amount,currency,category,status\n" + "".join(
        f"INV-H49-{i},{name},2026-10-1{i},500.00,USD,project,paid\n" for i, name in enumerate(NAMES)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "moat", "--db", str(demo_path), "ingest", str(upload)], check=True,
                   capture_output=True)
    return demo_path


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_overview_warning_names_them_without_links(crafted_clients: Path, role: str) -> None:
    at = run_page("overview.py", role)
    assert not at.exception
    warnings = [w.value for w in at.warning if "nobody has confirmed" in w.value]
    assert len(warnings) == 1
    shown = warnings[0].replace("\\", "")
    assert GFM_TRIGGER.search(shown) is None, shown
    for name in NAMES:  # every name still reads as typed (the joiner is invisible)
        assert name in shown.replace("\u2060", "")
