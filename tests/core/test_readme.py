"""The README's commands work as written: CLI examples parse, the side-effect-free ones run, the Python runs."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from moat.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Commands that only read or write into the test's own folder: run them for real.
RUN = {"demo", "info", "metrics", "analytics", "insights", "explain", "ask", "audit", "approvals", "policy", "share",
       "privacy", "report", "export", "snapshots", "quarantine"}


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def moat_commands() -> list[list[str]]:
    commands = []
    for block in blocks("bash"):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            for part in line.split(" ; "):
                part = part.strip()
                if part.startswith("moat "):
                    commands.append(shlex.split(part.split(">")[0])[1:])
    return commands


def test_readme_has_the_commands_of_every_group() -> None:
    groups = {argv[argv.index(a)] for argv in moat_commands() for a in argv[:3] if not a.startswith("-") and a != "data/moat.duckdb"}
    assert {"demo", "metrics", "ingest", "quarantine", "snapshots", "aliases", "ask", "share", "report", "export", "audit"} <= groups


@pytest.mark.parametrize("argv", moat_commands(), ids=lambda a: " ".join(a)[:60])
def test_every_readme_command_line_parses(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert callable(args.func)


@pytest.fixture(scope="module")
def readme_env(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    work = tmp_path_factory.mktemp("readme")
    env = dict(os.environ, MOAT_USERS_FILE=str(work / "users.yaml"), MOAT_CACHE_DIR=str(work / "cache"),
               MOAT_LOG_FILE=str(work / "moat.log.jsonl"))
    (work / "data").mkdir()
    done = subprocess.run([sys.executable, "-m", "moat", "--db", "data/moat.duckdb", "demo", "--end", "2026-10-31"],
                          cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return work, env


def test_side_effect_free_readme_commands_run(readme_env) -> None:
    work, env = readme_env
    failures = []
    for argv in moat_commands():
        words = [a for a in argv if not a.startswith("-")]
        command = next((w for w in words if w != "data/moat.duckdb"), "")
        if command not in RUN or "--batch" in argv or (command == "snapshots" and "list" not in argv) \
                or (command == "approvals" and "list" not in argv) or (command == "policy" and "show" not in argv) \
                or (command == "quarantine" and "list" not in argv and "export" not in argv):
            continue
        if command == "demo":
            continue  # ran in the fixture
        full = argv if "--db" in argv else ["--db", "data/moat.duckdb", *argv]
        done = subprocess.run([sys.executable, "-m", "moat", *full], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            failures.append((" ".join(argv), done.returncode, done.stderr[-500:]))
    assert failures == []


def test_python_example_runs(readme_env) -> None:
    work, env = readme_env
    code = next(b for b in blocks("python") if "moat.open" in b)
    done = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (work / "profitability.xlsx").stat().st_size > 1000
    assert (work / "report.pdf").read_bytes().startswith(b"%PDF")
