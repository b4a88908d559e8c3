"""Share and Benchmarks pages per role (AppTest against the scale-1 demo)."""

from __future__ import annotations

import json

import pytest

from moat import db
from moat.governance.permissions import local_operator
from moat.privacy import packs, releases
from tests.helpers import run_page

ADMIN = local_operator("admin-test")


def texts(at) -> str:  # noqa: ANN001
    return "\n".join([m.value for m in at.markdown] + [i.value for i in at.info] + [e.value for e in at.error]
                     + [c.value for c in at.caption] + [s.value for s in at.success] + [w.value for w in at.warning])


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_share_is_for_admins_only(demo_path, app_env, role: str) -> None:  # noqa: ANN001
    app_env(demo_path)
    at = run_page("share.py", role)
    assert f"You ({role}) do not have access to this page." in texts(at)
    assert not at.button
    assert not at.exception


def test_admin_previews_then_releases_and_downloads(demo_path, app_env) -> None:  # noqa: ANN001
    app_env(demo_path)
    at = run_page("share.py", "admin")
    assert not at.exception
    assert [m.label for m in at.metric] == ["Budget for the current data", "Spent", "Remaining"]
    assert [m.value for m in at.metric] == ["3", "0", "3"]
    preview = at.dataframe[0].value
    assert list(preview["aggregate"]) == ["clients", "margin_sum", "margin_clients"]
    # epsilon 1 over 3 aggregates: a count's 95% accuracy is OpenDP's integer-Laplace figure at scale 3
    assert preview["accuracy"][0] == 9.45  # shown rounded half-up to 2 decimals (9.4457...)
    assert "Accuracy before you spend" in [h.value for h in at.subheader]
    con = db.connect(demo_path)
    assert db.scalar(con, "SELECT count(*) FROM dp_ledger") == 0  # showing the preview spent nothing
    con.close()

    at.button(key="share_release").click().run()
    assert not at.exception
    assert "Released (release 1): epsilon 1 spent." in texts(at)
    values = at.dataframe[1].value
    assert set(values["metric"]) == {"Clients", "Mean gross margin"}
    assert len(values) == 2 * 7
    assert "95% interval" in values.columns
    at.run()
    assert [m.value for m in at.metric] == ["3", "1", "2"]
    assert not at.exception


def test_share_warns_when_the_release_would_not_fit(demo_path, app_env) -> None:  # noqa: ANN001
    app_env(demo_path)
    con = db.connect(demo_path)
    releases.release(con, ADMIN, releases.request(con, ["client_count"], 2.5))
    con.close()
    at = run_page("share.py", "admin")
    assert "This release needs epsilon 1 but only 0.5 remains: it would be refused." in texts(at)
    at.button(key="share_release").click().run()
    assert "only 0.5 of the privacy budget 3 remains" in texts(at)
    assert not at.exception


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
def test_benchmarks_without_packs_says_how_to_get_one(demo_path, app_env, role: str) -> None:  # noqa: ANN001
    app_env(demo_path)
    at = run_page("benchmarks.py", role)
    assert "No peer packs yet." in texts(at)
    assert bool(at.expander) == (role != "viewer")  # importing needs the upload permission
    assert not at.exception


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_benchmarks_compare_own_exact_values_with_peer_noise(demo_path, app_env, role: str) -> None:  # noqa: ANN001
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
