"""Two `streamlit run` app servers on one database (as behind a load balancer), driven by a real Chromium.

Server A opens the database first (a sign-in there) and so owns it; server B, started on the same file with the
same install (users file, cookie key, audit key), becomes A's client. A user signs in on B, B draws the Overview,
the user uploads an invoice on B, and a tab on A shows the new revenue: the write went through B's connection
into A's database, as the signed-in user, and the audit chain still verifies. A browser signed in on A and sent
to B (a load balancer's choice) is signed in there by its cookie.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from moat import db
from moat.formatting import money_text
from moat.metrics.periods import default_period
from moat.metrics.summary import kpis
from moat.service import client, endpoint, remote_db
from tests.browser.app_browser import (
    RENDER_TIMEOUT_MS,
    ROOT,
    Servers,
    login,
    new_tab,
    open_app,
    open_page,
    sign_in_state,
    tile_value,
    wait_until_drawn,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
AMOUNT = Decimal("4321.09")
INVOICE = ("invoice_number,client_name,date,amount,currency,category,status\n"
           f"INV-SERVER-B-1,Harbor Logistics,2026-10-15,{AMOUNT},USD,project,paid\n")





def test_a_second_app_server_serves_signs_in_and_writes_into_the_first_ones_database(
        chromium: Browser, demo_template: Path, tmp_path: Path) -> None:
    from moat.governance import audit

    path = tmp_path / "live" / "moat.duckdb"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    con = db.connect(path)
    try:
        before = kpis(con, default_period(con))["revenue"]
    finally:
        con.close()
    install = {"MOAT_USERS_FILE": str(tmp_path / "install" / "users.yaml"),
               "MOAT_AUDIT_KEY_FILE": str(audit.key_path())}  # one install: same users, cookie key and audit key
    servers = Servers(tmp_path / "servers")
    try:
        url_a = servers.start(path, env={**install, "TWO_SERVERS_NAME": "a"})
        tab_a = open_app(new_tab(chromium), url_a)
        login(tab_a, "analyst", "analyst")  # A's first page run opens the database: A owns it
        owner = endpoint.read(path)
        assert owner is not None and owner.owner == "the MoatMetrics app"
        assert tile_value(tab_a, "Revenue") == money_text(before)

        url_b = servers.start(path, env={**install, "TWO_SERVERS_NAME": "b"})
        tab_b = open_app(new_tab(chromium), url_b)
        login(tab_b, "analyst", "analyst")  # B's sign-in reads the users through its own code, on A's data
        assert tile_value(tab_b, "Revenue") == money_text(before)
        assert endpoint.read(path) == owner  # B did not take the file over: it is A's client
        served = client.ping(owner)
        assert served["remote_statements"] > 10 and served["remote_cursors"] >= 0

        open_page(tab_b, "Upload")
        csv = tmp_path / "server-b.csv"
        csv.write_text(INVOICE, encoding="utf-8")
        tab_b.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(csv))
        tab_b.get_by_role("heading", name="server-b.csv").wait_for()
        wait_until_drawn(tab_b)
        tab_b.get_by_role("button", name="Commit").click()
        wait_until_drawn(tab_b)
        done = tab_b.locator("[data-testid=stAlertContentSuccess]").first
        done.wait_for()
        assert done.inner_text().startswith("Loaded as snapshot"), done.inner_text()

        open_page(tab_a, "Upload")  # a fresh run on A, then back: the Overview reads the new data version
        open_page(tab_a, "Overview")
        assert tile_value(tab_a, "Revenue") == money_text(before + AMOUNT)
        assert tab_a.locator("[data-testid=stException]").count() == 0
        assert tab_b.locator("[data-testid=stException]").count() == 0

        # A load balancer may send the same browser to the other server: the login cookie A set is valid on B.
        moved = tab_a.context.new_page()
        moved.set_default_timeout(RENDER_TIMEOUT_MS)
        open_app(moved, url_b)
        assert sign_in_state(moved) == "in"
        assert tile_value(moved, "Revenue") == money_text(before + AMOUNT)

        env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("MOAT_")}
        env.update({**install, "PYTHONPATH": str(ROOT)})
        check = subprocess.run([sys.executable, "-m", "moat", "--db", str(path), "audit", "verify"], cwd=tmp_path,
                               env=env, capture_output=True, text=True, timeout=300)  # forwarded to A
        assert check.returncode == 0, check.stdout + check.stderr
        import moat

        with moat.open(path) as s:  # a notebook's reading, through A: the upload is there once
            assert s.sql("SELECT count(*) AS n FROM cur_invoices WHERE invoice_number = 'INV-SERVER-B-1'")["n"].item() == 1
        raw = remote_db.connect(owner, str(path))  # the audit table, as an app server's connection reads it
        try:
            actions = db.rows(raw, "SELECT user_name, action FROM audit_log ORDER BY seq DESC LIMIT 5")
        finally:
            raw.close()
        assert ("analyst", "commit") in actions, actions  # B's upload, audited as B's signed-in user
        # a sign-in on each server, then the cookie's on B (after the commit): every sign-in audited where it ran
        assert actions.count(("analyst", "login")) == 3, actions
        assert actions.index(("analyst", "login")) < actions.index(("analyst", "commit"))  # newest first: cookie's
    finally:
        servers.close()
