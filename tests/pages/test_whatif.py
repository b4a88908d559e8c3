"""The What-if page per role against the scale-1 demo: the controls change the figures (recomputed here by
``simulate``), nothing chosen changes nothing; closed to Viewers; the download by role and export policy."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from moat import db
from moat.analytics.whatif import Scenario, simulate
from moat.formatting import money_text, percent_text
from moat.governance import policies
from moat.governance.permissions import User, local_operator
from moat.metrics.periods import default_period
from tests.helpers import run_page
from tests.pages.checks import downloads, no_access, with_con


def test_whatif_controls_change_the_figures(demo_path, app_env) -> None:
    app_env(demo_path)
    at = run_page("whatif.py", "analyst")
    assert not at.exception
    client = at.selectbox(key="whatif_client").value
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Gross margin now"] == tiles["Gross margin after"]
    at.number_input(key="whatif_fee").set_value(50000.0).run()
    con = db.connect(demo_path)
    out = simulate(con, User("ann", "analyst"), default_period(con, 3), Scenario(client, new_monthly_fee=Decimal("50000")))
    con.close()
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Gross margin after"] == percent_text(out.client_after["gross_margin"])
    assert tiles["Gross margin after"] != tiles["Gross margin now"]
    assert any("fee change" in m.value for m in at.markdown)
    assert not at.exception


def test_whatif_table_prints_each_row_in_its_unit_as_the_tiles(demo_path, app_env) -> None:
    """h81: the before/after table printed every row as a plain number, so the margin the tiles show as -41.4% read
    -0.41 beside them, and revenue and the EHR had no currency. Each row is now in its metric's unit."""
    app_env(demo_path)
    at = run_page("whatif.py", "analyst")
    at.number_input(key="whatif_fee").set_value(50000.0).run()
    assert not at.exception
    client = at.selectbox(key="whatif_client").value
    tiles = {m.label: m.value for m in at.metric}
    table = at.dataframe[0].value  # the page's only table
    rows = {(r["metric"], r["entity"]): r for r in table.to_dict("records")}
    margin = rows[("Gross margin", client)]
    assert (margin["before"], margin["after"]) == (tiles["Gross margin now"], tiles["Gross margin after"])
    assert margin["change"].endswith(" pp") and margin["change"].startswith("+")
    profit = rows[("Gross profit", client)]
    assert profit["after"] == tiles["Gross profit after"] and profit["change"].startswith("+$")
    con = db.connect(demo_path)
    out = simulate(con, User("ann", "analyst"), default_period(con, 3), Scenario(client, new_monthly_fee=Decimal("50000")))
    con.close()
    assert rows[("Effective hourly rate", client)]["after"] == money_text(out.client_after["ehr"])
    assert rows[("Revenue", client)]["before"] == money_text(out.client_before["revenue"])


def test_whatif_is_closed_to_viewers(demo: Path) -> None:
    at = run_page("whatif.py", "viewer")
    assert at.error and no_access(at)
    assert not at.exception


def test_whatif_by_role_and_policy(demo: Path) -> None:
    admin = run_page("whatif.py", "admin")
    assert downloads(admin) == {"download_what-if"}
    assert downloads(run_page("whatif.py", "analyst")) == {"download_what-if"}
    with_con(demo, lambda con: policies.set_value(con, local_operator("test-setup"), "client_export_admin_only", True))
    analyst = run_page("whatif.py", "analyst")
    assert downloads(analyst) == set()
    assert not admin.exception and not analyst.exception


def test_the_fee_note_is_money_in_the_base_currency(demo_path, app_env) -> None:
    """h112: the note under the tiles read "fee change: +9,304.38 per month over 3 months" (an amount without its
    currency beside tiles and a table that carry it)."""
    import re

    app_env(demo_path)
    at = run_page("whatif.py", "analyst")
    fee = at.number_input(key="whatif_fee").value
    at.number_input(key="whatif_fee").set_value(fee + 1000.0).run()
    notes = [m.value.replace("\\", "") for m in at.markdown if "fee change" in m.value]
    assert len(notes) == 1 and re.fullmatch(r"- fee change: \+\$1,000\.00 a month, in each of the 3 months", notes[0]), notes
    assert not at.exception
