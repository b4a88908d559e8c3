"""moat.views.system: the System page's state in sizes (MiB, by moat.formatting), tables and sentences."""

from __future__ import annotations

from pathlib import Path

from moat import config
from moat.analytics import run
from moat.formatting import size_text
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.views import system as view

ADA = User("ada", "admin")


def test_size_text_is_mib_half_up() -> None:
    assert size_text(0) == "0.0 MiB"
    assert size_text(1_572_864) == "1.5 MiB"
    assert size_text(1 << 20) == "1.0 MiB"
    assert size_text(int(0.25 * (1 << 20))) == "0.3 MiB"  # half-up (a float format would give 0.2)
    assert size_text(1234 * (1 << 20)) == "1,234.0 MiB"
    assert size_text(None) == "n/a"


def test_view_of_the_demo(demo_path: Path, demo_con, app_env) -> None:
    app_env(demo_path)
    cfg = config.load()
    shown = view.system_view(cfg, demo_con, Path("no-such-config.toml"))
    tiles = {t["label"]: t for t in shown.tiles}
    d = shown.info["database"]
    assert tiles["Database size"]["value"] == size_text(d["bytes"])
    assert tiles["Database size"]["help"] == "file plus write-ahead log: " + size_text(d["bytes"] + (d["wal_bytes"] or 0))
    assert tiles["Snapshots"]["value"] == 6
    assert shown.snapshots["snapshots"].sum() == 6 and shown.snapshots.columns == ["dataset", "status", "snapshots"]
    assert shown.database.startswith(f"Path: {d['path']}\nSchema version: ")
    assert shown.last_verification == "Last verification: never recorded"
    assert "polars" in shown.versions["package"].to_list()
    assert shown.problems and "no-such-config.toml is missing" in shown.problems[0]


def test_verify_and_prune_sentences(demo_con) -> None:
    ok, message = view.verify(demo_con, ADA)
    assert ok and message == "The audit chain verifies: 6 rows."
    period = default_period(demo_con)
    ids = [run.run(demo_con, User("ann", "analyst"), period, config.load(env={})).run_id for _ in range(2)]
    plan, text = view.prune_plan(demo_con, ADA, 1)
    assert plan.runs == ids[:1] and text == f"1 older runs ({plan.results:,} results) can be deleted"
    assert view.prune(demo_con, ADA, 1) == f"Deleted 1 runs and their {plan.results:,} results (audited)."
    assert view.prune_plan(demo_con, ADA, 1)[1] == "0 older runs (0 results) can be deleted"


def test_model_is_sentences_not_a_dict(demo_path: Path, demo_con, app_env) -> None:
    """h103: the page showed the model's state as a collapsed JSON object ("{...}"); it is lines a person reads."""
    app_env(demo_path)
    cfg = config.load()
    shown = view.system_view(cfg, demo_con, Path("no-such-config.toml"))
    assert isinstance(shown.model, str) and "{" not in shown.model and "None" not in shown.model
    probe = shown.info["model"]["probe"]
    assert shown.model.startswith("Model: none configured (setting model_path): questions are read and worded by "
                                  "the deterministic engine")
    assert f"Would run on: {probe['decision']}" in shown.model
    configured = view.model_text({"available": True, "probe": probe | {"configured": True, "model_path": "/m/tiny"}})
    assert configured.startswith("Model: /m/tiny (not loaded yet: it loads with the first question)")
    assert view.model_text({"available": False, "reason": "the AI module is not installed in this build"}) == (
        "Model: none (the AI module is not installed in this build): questions use the deterministic engine")


def test_last_verification_to_the_minute(demo_path: Path, demo_con, app_env) -> None:
    """h103: "Last verification: 2026-12-07 14:59:41.260799 by os:root": the time as every other page table prints
    it (to the minute), not a raw timestamp with microseconds."""
    import re

    app_env(demo_path)
    cfg = config.load()
    assert view.verify(demo_con, ADA)[0]
    shown = view.system_view(cfg, demo_con, Path("no-such-config.toml"))
    assert re.fullmatch(r"Last verification: \d{4}-\d\d-\d\d \d\d:\d\d by ada", shown.last_verification), shown.last_verification
