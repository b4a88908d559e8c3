"""The System page per role: admins only; sizes, snapshots and versions, the audit chain verified on demand (and
the verification remembered), a live backup, and deleting older analytics runs with a preview of what goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_page
from tests.pages.checks import no_access


def test_system_page_for_admins(demo_path: Path, app_env) -> None:  # fixture
    app_env(demo_path)
    at = run_page("system.py", "admin")
    assert at.title[0].value == "System"
    assert [m.value for m in at.metric][1] == "6"  # snapshots
    assert any("Last verification: never recorded" in t.value for t in at.text)
    at.button(key="system_verify").click().run()
    assert "The audit chain verifies: 6 rows." in [s.value for s in at.success]
    at.button(key="system_backup").click().run()
    written = list((demo_path.parent / "backups").glob("*.duckdb"))
    assert len(written) == 1
    assert any(str(written[0]) in s.value for s in at.success)
    at.run()
    assert any("Last verification:" in t.value and "never" not in t.value for t in at.text)
    assert not at.exception


def test_system_page_refuses_analysts_and_viewers(demo_path: Path, app_env) -> None:  # fixture
    app_env(demo_path)
    for role in ("viewer", "analyst"):
        at = run_page("system.py", role)
        assert at.error and "do not have access" in at.error[0].value
        assert not at.button and not at.metric
        assert not at.exception


def test_system_page_deletes_older_analytics_runs(demo_path: Path, app_env) -> None:  # fixture
    from moat import config, db
    from moat.analytics import run
    from moat.governance.permissions import User
    from moat.metrics import Period

    app_env(demo_path)
    con = db.connect(demo_path)
    try:
        ids = [run.run(con, User("ann", "analyst"), Period.parse("2026-08-01", "2026-10-31"), config.load(env={})).run_id
               for _ in range(3)]
        oldest = db.scalar(con, "SELECT count(*) FROM results WHERE run_id = ?", [ids[0]])
    finally:
        con.close()
    at = run_page("system.py", "admin")
    assert f"1 older runs ({oldest:,} results) can be deleted" in [t.value for t in at.text]
    at.button(key="system_prune").click().run()
    assert f"Deleted 1 runs and their {oldest:,} results (audited)." in [s.value for s in at.success]
    assert "0 older runs (0 results) can be deleted" in [t.value for t in at.text]
    at.run()
    assert at.button(key="system_prune").disabled and not at.exception
    con = db.connect(demo_path)
    try:
        assert [r[0] for r in db.rows(con, "SELECT run_id FROM analytics_runs ORDER BY 1")] == ids[1:]
    finally:
        con.close()



@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_page_access_by_role(demo: Path, role: str) -> None:
    at = run_page("system.py", role)
    assert no_access(at) is (role != "admin")
    assert bool(at.metric) is (role == "admin")
    assert not at.exception


def test_sizes_are_mib_to_one_decimal(demo: Path) -> None:
    import re

    at = run_page("system.py", "admin")
    sizes = {m.label: m.value for m in at.metric if m.label.endswith("size")}
    assert set(sizes) == {"Database size", "Cache size"}
    assert all(re.fullmatch(r"\d[\d,]*\.\d MiB", v) for v in sizes.values()), sizes
    assert not at.exception


def test_system_tables_have_human_headers_and_words(demo_path: Path, app_env) -> None:
    """h103: the snapshot counts were drawn with headers "dataset", "status" and statuses as stored ("active")."""
    import json

    app_env(demo_path)
    at = run_page("system.py", "admin")
    snapshots = next(d for d in at.dataframe if "snapshots" in d.value.columns)
    labels = {k: v["label"] for k, v in json.loads(snapshots.proto.columns or "{}").items() if "label" in v}
    assert labels == {"dataset": "Dataset", "status": "Status", "snapshots": "Snapshots"}
    assert "active" not in snapshots.value["status"].tolist()
    assert not at.exception
