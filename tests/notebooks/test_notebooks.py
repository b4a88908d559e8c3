"""Every notebook in notebooks/ runs top to bottom on a fresh demo database; a failing cell fails the test.

The notebooks are stored as jupytext percent scripts (diff-friendly); jupytext turns each into a notebook here
and nbclient executes it in a real kernel. The kernel is this interpreter, registered under a private name in
a temporary JUPYTER_PATH, so the test never picks up some other Python's "python3" kernel on the machine.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jupytext
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
KERNEL = "moat-test-venv"


def test_there_are_at_least_three_notebooks() -> None:
    assert len(NOTEBOOKS) >= 3


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "MoatMetrics test kernel", "language": "python",
    }), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return KERNEL


def _client(nb: object, kernel: str, work: Path) -> NotebookClient:
    """A client whose kernel talks over IPC sockets in ``work``: TCP ports picked as free could be taken by another
    test's server before the kernel bound them ("Address already in use" killed a kernel in a full run)."""
    km = KernelManager(kernel_name=kernel, transport="ipc", ip=str(work / "kernel"))
    return NotebookClient(nb, km=km, kernel_name=kernel, timeout=180, resources={"metadata": {"path": str(work)}})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, kernel: str, demo_path: Path, app_env, tmp_path: Path) -> None:
    app_env(demo_path)  # MOAT_DB_PATH (a fresh copy of the demo database), log, users and cache files
    nb = jupytext.read(path)
    work = tmp_path / "work"
    work.mkdir()
    client = _client(nb, kernel, work)
    client.execute()  # raises CellExecutionError, naming the cell, on the first failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert all(c.get("execution_count") for c in nb.cells if c.cell_type == "code" and c.source.strip())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_the_live_database_the_app_serves(path: Path, kernel: str, demo_path: Path, app_env,
                                                            tmp_path: Path) -> None:
    """`make notebook` while the app runs: the kernel's ``moat.open()`` goes through the owner's service."""
    from moat.service import client
    from tests.service.conftest import Served

    app_env(demo_path)
    served = Served(demo_path, tmp_path)
    try:
        before = client.ping(served.endpoint)["requests"]
        nb = jupytext.read(path)
        work = tmp_path / "work"
        work.mkdir()
        _client(nb, kernel, work).execute()
        after = client.ping(served.endpoint)
    finally:
        served.stop()
    assert after["requests"] > before + 2 and after["failures"] == 0  # every read went through the service
