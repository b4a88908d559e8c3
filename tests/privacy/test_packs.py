"""Benchmark packs: only noisy aggregates leave (no client names or ids), strict import, comparison verdicts."""

from __future__ import annotations

import json

import polars as pl
import pytest

from moat import config, db
from moat.errors import FileRejected, PermissionDenied
from moat.governance.permissions import User, local_operator
from moat.privacy import packs, releases
from moat.privacy.bounds import METRICS

ADMIN = local_operator("admin-test")
SETTINGS = config.load(env={}).with_(privacy_budget=10.0)


@pytest.fixture
def released(demo_con: db.Connection) -> dict:
    req = releases.request(demo_con, list(METRICS), 2.0)
    return releases.release(demo_con, ADMIN, req, SETTINGS, label="peer group test").pack


def test_pack_holds_no_client_names_or_ids(demo_con: db.Connection, released: dict) -> None:
    blob = (packs.to_json(released) + packs.to_csv(released)).lower().encode("utf-8")
    names = db.rows(demo_con, "SELECT DISTINCT client_name, client_key FROM clients")
    techs = db.rows(demo_con, "SELECT DISTINCT technician_name FROM technicians")
    ids = db.rows(demo_con, "SELECT invoice_number FROM invoices LIMIT 50")
    assert len(names) == 40
    for (name, key) in names:
        assert name.lower().encode() not in blob, name
        assert key.lower().encode() not in blob, key
    for (name,) in techs:
        assert name.lower().encode() not in blob
    for (number,) in ids:
        assert number.lower().encode() not in blob


def test_pack_shape_and_noisy_values(demo_con: db.Connection, released: dict) -> None:
    assert set(released) == packs.TOP_KEYS
    assert released["schema_version"] == 1 and released["privacy"]["epsilon"] == 2.0
    assert released["privacy"]["alpha"] == 0.05 and released["privacy"]["aggregates"] == 8
    keys = released["segments"]["keys"]
    assert keys == ["finance", "healthcare", "legal", "manufacturing", "nonprofit", "retail", "other"]
    # 5 segment metrics x 7 keys + billable utilisation company-wide
    assert len(released["values"]) == 5 * 7 + 1
    assert released["clipping"]["revenue"]["range"] == [0.0, 45000.0]  # 15,000 a month x 3 months
    counts = {v["segment"]: v for v in released["values"] if v["metric"] == "client_count"}
    exact = dict(db.rows(demo_con, "SELECT lower(segment), count(*) FROM cur_clients GROUP BY 1"))
    # noisy: not every count equals the truth (8 aggregates at epsilon 2: Laplace scale 4 per count)
    assert any(counts[k]["value"] != exact.get(k, 0) for k in keys)
    for v in counts.values():
        assert v["high"] - v["value"] == pytest.approx(v["accuracy"], abs=1e-6)
    # the pack validates and round-trips through import
    assert packs.validate(packs.to_json(released).encode()) == json.loads(packs.to_json(released))


def test_csv_has_one_row_per_value(released: dict) -> None:
    lines = packs.to_csv(released).splitlines()
    assert lines[0].split(",") == packs.CSV_COLUMNS
    assert len(lines) == 1 + len(released["values"])


def test_import_stores_values_once(demo_con: db.Connection, released: dict) -> None:
    data = packs.to_json(released).encode()
    pack_id = packs.import_pack(demo_con, ADMIN, data, "peer.json")
    stored = packs.peer_values(demo_con)
    assert stored.height == len(released["values"])
    assert set(stored["pack_id"]) == {pack_id}
    assert stored["label"][0] == "peer group test"
    with pytest.raises(packs.AlreadyImported):
        packs.import_pack(demo_con, ADMIN, data, "peer.json")
    assert db.scalar(demo_con, "SELECT count(*) FROM audit_log WHERE action = 'benchmark_import'") == 1
    with pytest.raises(PermissionDenied):
        packs.import_pack(demo_con, User("v", "viewer"), data.replace(b"peer group test", b"other"), "x.json")


def _mutated(pack: dict, change) -> bytes:
    copy = json.loads(packs.to_json(pack))
    change(copy)
    return json.dumps(copy).encode()


@pytest.mark.parametrize(("change", "message"), [
    (lambda p: p.update(schema="other"), "not a MoatMetrics benchmark pack"),
    (lambda p: p.update(schema_version=2), "schema_version 2 is not supported"),
    (lambda p: p.update(clients=["Acme"]), "unknown fields: ['clients']"),
    (lambda p: p["values"][0].update(client_name="Acme"), "must have exactly the fields"),
    (lambda p: p["privacy"].update(epsilon=-1), "privacy.epsilon must be in"),
    (lambda p: p["values"].append(dict(p["values"][0])), "a second value"),
    (lambda p: next(v for v in p["values"] if v["metric"] == "mean_margin").update(value=3.0, high=3.5),
     "outside the range of mean_margin"),
    (lambda p: p["values"][0].update(low=p["values"][0]["value"] + 1), "value must lie between low and high"),
    (lambda p: p["values"][0].update(segment="Meridian Dental Group"), "is not one of segments.keys"),
    (lambda p: p["period"].update(start="2026-13-01"), "period must hold ISO"),
])
def test_import_rejects_bad_packs(released: dict, change, message: str) -> None:
    with pytest.raises(FileRejected, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        packs.validate(_mutated(released, change), "bad.json")


def test_verdicts_against_peer_intervals() -> None:
    assert packs.verdict(0.30, 0.25, 0.40) == "within noise"
    assert packs.verdict(0.45, 0.25, 0.40) == "above peer"
    assert packs.verdict(0.10, 0.25, 0.40) == "below peer"
    assert packs.verdict(0.10, None, None) == "peer value too noisy to compare"
    own = pl.DataFrame({"metric": ["mean_margin"], "segment": ["legal"], "value": [0.31]})
    peers = pl.DataFrame({"pack_id": [1, 2], "label": ["a", "b"], "metric": ["mean_margin"] * 2, "segment": ["legal"] * 2,
                          "value": [0.30, 0.10], "low": [0.2, 0.05], "high": [0.4, 0.15]})
    cmp = packs.compare(own, peers)
    assert cmp["verdict"].to_list() == ["within noise", "above peer"]
    text = packs.sentence("mean_margin", "legal", cmp)
    assert text == ("Mean gross margin, legal: yours 31.0% — within noise of 1 of 2 peer pack(s), so no real "
                    "difference can be claimed there; above 1 beyond the noise.")
