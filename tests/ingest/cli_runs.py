"""What the file-loading tests share: `moat ingest --json` run as a user runs it, and read-only looks at the result.

Each reviewer's test file carried its own copy of these; one copy keeps "loaded", "refused" and "the database exactly
as it was" meaning the same everywhere.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb


def ingest_json(db: Path, *args: str) -> tuple[int, dict]:
    """`moat --db DB ingest --json --no-confirm-new-names ARGS` in a subprocess: its exit code and its first file's
    report."""
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def rows(db: Path, sql: str) -> list[tuple]:
    """The rows of ``sql`` on ``db``, opened read-only."""
    gc.collect()  # a connection the CLI dropped (not closed) on a refusal is finalised first
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def dump(db: Path) -> dict[str, list[str]]:
    """Every table's rows (sorted): 'the database exactly as it was'."""
    gc.collect()
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.sql(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall()]
        return {n: sorted(map(repr, con.sql(f'SELECT * FROM "{n}"').fetchall())) for n in names}
