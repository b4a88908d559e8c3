"""The owning app server stops; the other `streamlit run` server takes the database over (issue 16), in Chromium.

Two real app servers on one file, as behind a load balancer: A opens it first and owns it, B is A's client. A
is stopped (a deploy restarting servers one by one). The run on B that was using A shows one sentence saying to
reload; after the reload B owns the file itself (its endpoint), the user is still signed in by the login cookie
and the Overview shows the same figures. An upload committed on B lands and is audited as the signed-in user,
`moat audit verify` (a command, forwarded to B now) passes, and A started again joins B as its client.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from moat import db
from moat.formatting import money_text
from moat.metrics.periods import default_period
from moat.metrics.summary import kpis
from moat.service import client, endpoint, remote_db
from tests.browser.app_browser import (
    RENDER_TIMEOUT_MS,
    ROOT,
    Servers,
    click_page_link,
    login,
    new_tab,
    open_app,
    open_page,
    sign_in_state,
    tile_value,
    wait_until_drawn,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
AMOUNT = Decimal("1234.56")
INVOICE = ("invoice_number,client_name,date,amount,currency,category,status\n"
           f"INV-AFTER-FAILOVER-1,Harbor Logistics,2026-10-15,{AMOUNT},USD,project,paid\n")





def _process(servers: Servers, url: str) -> subprocess.Popen[bytes]:
    return next(proc for proc, started in servers.running.values() if started == url)


def _command(path: Path, cwd: Path, install: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
    env.update({**install, "PYTHONPATH": str(ROOT)})
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(path), *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_when_the_owning_app_server_stops_the_other_takes_over_and_keeps_serving_and_writing(
        chromium: Browser, demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "live" / "moat.duckdb"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    con = db.connect(path)
    try:
        before = kpis(con, default_period(con))["revenue"]
        audit_rows_before = db.scalar(con, "SELECT count(*) FROM audit_log")
    finally:
        con.close()
    from moat.governance import audit

    install = {"MOAT_USERS_FILE": str(tmp_path / "install" / "users.yaml"),
               "MOAT_AUDIT_KEY_FILE": str(audit.key_path())}  # one install: same users, cookie key and audit key
    servers = Servers(tmp_path / "servers")
    try:
        url_a = servers.start(path, env={**install, "FAILOVER_SERVER": "a"})
        tab_a = open_app(new_tab(chromium), url_a)
        login(tab_a, "analyst", "analyst")  # A's first page run opens the database: A owns it
        proc_a = _process(servers, url_a)
        owner_a = endpoint.read(path)
        assert owner_a is not None and owner_a.pid == proc_a.pid

        url_b = servers.start(path, env={**install, "FAILOVER_SERVER": "b"})
        proc_b = _process(servers, url_b)
        tab_b = open_app(new_tab(chromium), url_b)
        login(tab_b, "analyst", "analyst")
        assert tile_value(tab_b, "Revenue") == money_text(before)
        assert endpoint.read(path) == owner_a  # B is A's client
        assert client.ping(owner_a)["remote_statements"] > 10  # B's pages ran their queries in A

        # A stops, as a deploy stops it (SIGTERM; its exit removes the endpoint file).
        proc_a.send_signal(signal.SIGTERM)
        assert proc_a.wait(timeout=60) is not None
        assert client.live_endpoint(path) is None

        # The next run on B (a click in the tab that was open) was using A: one sentence, saying what to do.
        error = tab_b.locator("[data-testid=stAlert]").filter(has=tab_b.locator("[data-testid=stAlertContentError]"))
        for attempt in range(3):  # a click that lands as a rerun begins can be lost (see open_page): click again
            click_page_link(tab_b, "Profitability")
            try:
                error.first.wait_for(timeout=RENDER_TIMEOUT_MS / 2)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        wait_until_drawn(tab_b)
        # the alert's icon ("error") is drawn before its sentence: read once the sentence is there
        error.filter(has_text="reload the page").first.wait_for(timeout=RENDER_TIMEOUT_MS)
        shown = " ".join(error.all_inner_texts())
        assert "stopped answering" in shown and "reload the page" in shown, shown
        assert str(path) not in shown and tab_b.locator("[data-testid=stException]").count() == 0

        # After a reload B owns the file: still signed in (the cookie), the same figures.
        open_app(tab_b, url_b)
        assert sign_in_state(tab_b) == "in"
        assert tile_value(tab_b, "Revenue") == money_text(before)  # the Overview, the first page
        owner_b = endpoint.read(path)
        assert owner_b is not None and owner_b.pid == proc_b.pid and owner_b.owner == "the MoatMetrics app"
        assert client.live_endpoint(path) == owner_b

        # A write through B, the new owner: committed, shown, audited as the signed-in user.
        open_page(tab_b, "Upload")
        csv = tmp_path / "after-failover.csv"
        csv.write_text(INVOICE, encoding="utf-8")
        tab_b.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(csv))
        tab_b.get_by_role("heading", name="after-failover.csv").wait_for()
        wait_until_drawn(tab_b)
        tab_b.get_by_role("button", name="Commit").click()
        wait_until_drawn(tab_b)
        done = tab_b.locator("[data-testid=stAlertContentSuccess]").first
        done.wait_for()
        assert done.inner_text().startswith("Loaded as snapshot"), done.inner_text()
        open_page(tab_b, "Overview")
        assert tile_value(tab_b, "Revenue") == money_text(before + AMOUNT)
        assert tab_b.locator("[data-testid=stException]").count() == 0

        check = _command(path, tmp_path, install, "audit", "verify")  # forwarded to B, the owner now
        assert check.returncode == 0, check.stdout + check.stderr
        raw = remote_db.connect(owner_b, str(path))  # the database as B holds it
        try:
            invoices = db.scalar(raw, "SELECT count(*) FROM cur_invoices WHERE invoice_number = 'INV-AFTER-FAILOVER-1'")
            actions = db.rows(raw, "SELECT user_name, action FROM audit_log ORDER BY seq DESC LIMIT 10")
            audit_rows_after = db.scalar(raw, "SELECT count(*) FROM audit_log")
        finally:
            raw.close()
        assert invoices == 1
        assert ("analyst", "commit") in actions, actions
        assert audit_rows_after > audit_rows_before

        # A, started again, finds B serving the file and becomes its client (the restart's second half).
        url_a2 = servers.start(path, env={**install, "FAILOVER_SERVER": "a-again"})
        tab_a2 = open_app(new_tab(chromium), url_a2)
        login(tab_a2, "analyst", "analyst")
        assert tile_value(tab_a2, "Revenue") == money_text(before + AMOUNT)
        assert endpoint.read(path) == owner_b
    finally:
        servers.close()
