"""h113: the p% rule on per-product (per-vendor) rows. A product three clients buy passed the small-group rule even
when one of them bought 99% of its seats: the Viewer's Licences table, the facade and Ask showed that client's seats
and licence cost for the product. A product (vendor) one client dominates (``totals.dominated`` over seats bought or
licence cost) is now pooled like a product of fewer than 3 clients (``licenses.rule_counts``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat import db
from moat.governance import policies
from moat.governance.permissions import User

BIG = "Big Vault Backup"


@pytest.fixture
def big_buyer(demo_path: Path) -> Path:
    """The demo plus a product three clients buy, one of them 100 times the seats of the others."""
    con = db.connect(demo_path)
    first = con.execute("SELECT min(client_key) FROM licenses WHERE is_current AND product = 'Huntress Managed EDR'"
                        ).fetchall()[0][0]
    con.execute("""INSERT INTO licenses SELECT * REPLACE (row_key || '-big' AS row_key, ? AS product, 'Big Vault' AS vendor,
                       CASE WHEN client_key = ? THEN seats_purchased * 100 ELSE seats_purchased END AS seats_purchased)
                   FROM licenses WHERE is_current AND product = 'Huntress Managed EDR' AND client_key IN (
                       SELECT DISTINCT client_key FROM licenses WHERE is_current AND product = 'Huntress Managed EDR'
                       ORDER BY client_key LIMIT 3)""", [BIG, first])
    assert con.execute("SELECT count(DISTINCT client_key) FROM licenses WHERE product = ?", [BIG]).fetchall() == [(3,)]
    con.close()
    with moat.open(demo_path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "false")
    return demo_path


def test_a_product_one_client_dominates_is_pooled(big_buyer: Path) -> None:
    with moat.open(big_buyer, user=User("a", "analyst")) as analyst:  # the premise: shown alone to an analyst
        assert BIG in analyst.licenses("2026-10-01", "2026-10-31", by="product")["product"].to_list()
    with moat.open(big_buyer, user=User("v", "viewer")) as viewer:
        table = viewer.licenses("2026-10-01", "2026-10-31", by="product")
        assert BIG not in table["product"].to_list() and "Huntress Managed EDR" in table["product"].to_list()
        answer = viewer.ask(f"licence cost of {BIG} in October 2026", as_of=date(2026, 11, 15))
        assert answer.refused and answer.rows == [], answer.rows
        answer = viewer.ask("licence cost by vendor in October 2026", as_of=date(2026, 11, 15))
        assert "Big Vault" not in [r[0] for r in answer.rows], answer.rows
