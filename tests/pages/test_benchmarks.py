"""The Benchmarks page per role against the scale-1 demo: how to get a peer pack when there is none, own exact
values against peers' noisy intervals in words, and the comparison's download for every role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moat import db
from moat.governance.permissions import local_operator
from moat.privacy import packs, releases
from tests.helpers import run_page
from tests.pages.checks import downloads, texts, with_con

ADMIN = local_operator("admin-test")


def _peer_pack(con: db.Connection) -> bytes:
    """A peer's pack with one wide interval (own value within noise) and one narrow far one (beyond noise)."""
    pack = json.loads(packs.to_json(releases.release(con, ADMIN, releases.request(con, ["mean_margin"], 1.0)).pack))
    for v in pack["values"]:
        v.update(value=0.0, low=-1.0, high=1.0, accuracy=1.0, note=None)
        if v["segment"] == "legal":
            v.update(value=-0.9, low=-0.95, high=-0.85, accuracy=0.05)
    pack["label"] = "peer A"
    return json.dumps(pack).encode()


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_benchmarks_without_packs_says_how_to_get_one(demo_path, app_env, role: str) -> None:
    app_env(demo_path)
    at = run_page("benchmarks.py", role)
    assert "No peer packs yet." in texts(at)
    assert bool(at.expander) == (role != "viewer")  # importing needs the upload permission
    assert not at.exception


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_benchmarks_compare_own_exact_values_with_peer_noise(demo_path, app_env, role: str) -> None:
    app_env(demo_path)
    con = db.connect(demo_path)
    packs.import_pack(con, ADMIN, _peer_pack(con), "peer.json")
    own = releases.own_kpis(con, ADMIN, releases.request(con, ["mean_margin"], 1.0).period)
    con.close()
    legal = own.filter((own["metric"] == "mean_margin") & (own["segment"] == "legal"))["value"][0]
    at = run_page("benchmarks.py", role)
    assert not at.exception
    body = texts(at)
    assert (f"Mean gross margin, legal: yours {legal * 100:.1f}% — above 1 beyond the noise.") in body
    assert "Mean gross margin, healthcare: yours" in body and "within noise of 1 of 1 peer pack(s)" in body
    assert len(at.get("vega_lite_chart")) == 1
    table = at.dataframe[0].value
    assert set(table["verdict"]) == {"within noise", "above peer", "no value of yours to compare"}


def test_benchmarks_for_every_role(demo: Path) -> None:
    def peer(con: db.Connection) -> None:
        pack = json.loads(packs.to_json(releases.release(con, ADMIN, releases.request(con, ["mean_margin"], 1.0)).pack))
        pack["label"] = "peer A"
        packs.import_pack(con, ADMIN, json.dumps(pack).encode(), "peer.json")

    with_con(demo, peer)
    for role in ("viewer", "admin"):
        at = run_page("benchmarks.py", role)
        assert downloads(at) == {"download_benchmarks"}, role
        assert not at.exception


def test_a_pack_is_compared_over_its_own_period(demo_path, app_env) -> None:
    """h112: a peer's pack holds fixed dates, but the page compared it with own figures of the period picked above it:
    "Last 12 months" set a year of own revenue against the peer's three months ("above 1 beyond the noise"). Own
    figures are now those of the pack's own dates (here one month, October, while the pages default to three), and
    the page says which dates those are; the import box is named, not the CLI command."""
    from datetime import date

    from moat.formatting import money_text
    from moat.metrics.periods import Period

    app_env(demo_path)
    october = Period(date(2026, 10, 1), date(2026, 10, 31))
    con = db.connect(demo_path)
    pack = json.loads(packs.to_json(releases.release(con, ADMIN, releases.request(
        con, ["total_revenue"], 1.0, period=october, grouping="all")).pack))
    pack["label"] = "peer A"
    packs.import_pack(con, ADMIN, json.dumps(pack).encode(), "peer.json")
    own = releases.own_kpis(con, ADMIN, october, "all")
    con.close()
    revenue = own.filter(own["metric"] == "total_revenue")["value"][0]
    at = run_page("benchmarks.py", "viewer")
    assert not at.exception
    assert at.dataframe[0].value["own"].tolist() == [money_text(revenue)]
    assert "Your exact figures are computed over each pack's own period: peer A 01 Oct 2026 to 31 Oct 2026." in texts(at)
    assert "benchmarks_period" not in [s.key for s in at.selectbox]  # nothing to pick: the pack's dates decide


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_without_packs_the_page_names_its_own_import_box(demo_path, app_env, role: str) -> None:
    app_env(demo_path)
    at = run_page("benchmarks.py", role)
    said = [i.value for i in at.info]
    assert "`moat " not in " ".join(said)
    assert said == ["No peer packs yet. " + ("Import a pack a peer shared with you under \"Import a peer pack\" above."
                                            if role == "admin" else
                                            "Ask an analyst or an admin to import a pack a peer shared with you.")]
