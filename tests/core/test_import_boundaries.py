"""The core imports without Streamlit and without heavy backends (checked in a clean subprocess)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import moat

ROOT = Path(__file__).resolve().parents[2]


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(moat.__path__, "moat."):
        if info.name.startswith("moat.ui") or info.name == "moat.__main__":
            continue
        names.append(info.name)
    return names


def test_core_modules_import_without_streamlit() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'torch', 'transformers'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_streamlit_is_only_imported_under_moat_ui() -> None:
    offenders = []
    for path in (ROOT / "moat").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "moat").parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        if "import streamlit" in text or "from streamlit" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_every_registered_page_exists() -> None:
    """One missing page file would break the whole app after sign-in."""
    from moat.ui.nav import PAGES

    missing = [p.path for p in PAGES if not (ROOT / p.path).is_file()]
    assert missing == []
    assert len({p.path for p in PAGES}) == len(PAGES)


def test_no_python_callbacks_inside_polars_expressions() -> None:
    """``map_elements``/``map_batches`` run Python on polars' worker pool, which then needs the GIL: with several
    sessions drawing pages at once that froze the app (see ``moat.frames``). Use ``moat.frames.python_map``."""
    offenders = [f"{path.relative_to(ROOT)}:{number}"
                 for path in [*(ROOT / "moat").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if ".map_elements(" in line or ".map_batches(" in line]
    assert offenders == []


def test_import_contracts_hold() -> None:
    """The layers, the acyclic siblings, duckdb only in moat.db, streamlit only in moat.ui (pyproject's
    ``[tool.importlinter]``): the same check ``make lint`` runs, so a plain test run reports a broken layer too."""
    out = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
                          "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert " kept, 0 broken." in out.stdout and "BROKEN" not in out.stdout


def test_every_test_folder_is_a_package() -> None:
    """A bare ``pytest`` imports test modules by their package path (tests.ai.test_cli), so two folders may hold
    files of the same name; a folder without ``__init__.py`` would bring the name collisions back."""
    tests = ROOT / "tests"
    missing = sorted(str(d.relative_to(ROOT)) for d in [tests, *tests.rglob("*")]
                     if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py")) and not (d / "__init__.py").is_file())
    assert missing == []
