"""A product one client buys is that client's licence figures: per-product tables pool such products for readers who
may not see client figures (the facade with ``viewers_see_client_rows`` off, the executive report for a Viewer),
the way segments of fewer than 3 clients are pooled (test_h20_small_segments.py). Analysts see every product."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

import moat
from moat import db
from moat.export.report import build
from moat.governance import policies
from moat.governance.permissions import User
from moat.metrics.licenses import POOLED_PRODUCTS, product_clients
from moat.metrics.periods import Period

START, END = "2026-08-01", "2026-10-31"
PERIOD = Period(date(2026, 8, 1), date(2026, 10, 31))
SOLO = "Solo Vault Backup"


@pytest.fixture
def solo_product(demo_path: Path) -> Path:
    """The demo plus one licence row of a product nobody else buys (a copy of one client's row, renamed)."""
    con = db.connect(demo_path)
    con.execute("""INSERT INTO licenses SELECT * REPLACE (row_key || '-solo' AS row_key, ? AS product, 'Solo Corp' AS vendor)
                   FROM licenses WHERE is_current AND client_key = (SELECT min(client_key) FROM licenses WHERE is_current)
                   AND coalesce(month, start_date) <= DATE '2026-08-01'""", [SOLO])
    con.close()
    with moat.open(demo_path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "false")
    return demo_path


def test_the_facade_pools_a_one_client_product_for_a_viewer(solo_product: Path) -> None:
    with moat.open(solo_product) as admin:
        exact = admin.licenses(START, END, by="product")
        counts = product_clients(admin.con, PERIOD)
    assert counts[SOLO] == 1 and SOLO in exact["product"].to_list()
    with moat.open(solo_product, user=User("v", "viewer")) as viewer:
        table = viewer.licenses(START, END, by="product")
    assert SOLO not in table["product"].to_list()
    pooled = table.filter(pl.col("product") == POOLED_PRODUCTS)
    assert pooled.height == 1 and pooled["vendor"].item() is None
    assert table["license_cost"].sum() == exact["license_cost"].sum()  # nothing lost, the company total holds
    assert table["license_waste"].sum() == exact["license_waste"].sum()
    kept = set(table["product"].to_list()) - {POOLED_PRODUCTS}
    assert all(counts[p] >= 3 for p in kept)  # every product still shown alone has 3 clients or more
    with moat.open(solo_product, user=User("a", "analyst")) as analyst:
        assert SOLO in analyst.licenses(START, END, by="product")["product"].to_list()


def test_the_viewer_report_draws_the_pooled_bar(solo_product: Path) -> None:
    con = db.connect(solo_product)
    period = PERIOD
    waste = [c for c in build(con, User("v", "viewer"), period).charts if c.title.startswith("Licence waste")]
    assert len(waste) == 1 and SOLO not in waste[0].data["product"].to_list()
    assert POOLED_PRODUCTS in waste[0].data["product"].to_list()
    drawn = [c for c in build(con, User("a", "analyst"), period).charts if c.title.startswith("Licence waste")]
    assert SOLO in drawn[0].data["product"].to_list()
    con.close()


AS_OF = date(2026, 11, 25)  # the development demo's as-of date: "last quarter" is Q3 2026


@pytest.mark.parametrize("question", ["licence waste by product last quarter",
                                      f"how much did we pay for {SOLO} last quarter?"])
def test_ask_refuses_a_viewer_a_one_client_product(solo_product: Path, question: str) -> None:
    with moat.open(solo_product, user=User("v", "viewer")) as viewer:
        answer = viewer.ask(question, as_of=AS_OF)
    assert answer.refused, answer.rows
    assert SOLO in answer.narrative and "fewer than 3 clients" in answer.narrative and "Licences page" in answer.narrative
    with moat.open(solo_product, user=User("a", "analyst")) as analyst:
        assert not analyst.ask(question, as_of=AS_OF).refused


def test_ask_still_answers_a_viewer_about_a_widely_bought_product(solo_product: Path) -> None:
    with moat.open(solo_product) as admin:
        counts = product_clients(admin.con, Period(date(2026, 7, 1), date(2026, 9, 30)))
    widest = max(counts, key=lambda p: counts[p])
    assert counts[widest] >= 3
    with moat.open(solo_product, user=User("v", "viewer")) as viewer:
        answer = viewer.ask(f"how much did we pay for {widest} licences last quarter?", as_of=AS_OF)
    assert not answer.refused, answer.narrative
