"""Helpers of h70's tests: the real CLI on a DuckDB file on disk, and the database compared table by table."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import duckdb

from moat.cli import main

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h70"


def ingest(capsys, db: Path, path: Path | str, *extra: str) -> tuple[int, dict]:
    code = main(["--db", str(db), "ingest", str(path if isinstance(path, Path) else FIX / path), "--json", *extra])
    report = json.loads(capsys.readouterr().out)["files"][0]
    return code, report


def rows(db: Path, sql: str) -> list[tuple]:
    gc.collect()  # a connection the CLI dropped (not closed) on a refusal is finalised first
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def dump(db: Path) -> dict[str, list[str]]:
    """Every table's rows (sorted): 'the database exactly as it was'."""
    gc.collect()
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.sql("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall()]
        return {n: sorted(map(repr, con.sql(f'SELECT * FROM "{n}"').fetchall())) for n in names}
    finally:
        con.close()


def refused(capsys, db: Path, path: Path | str, *extra: str) -> str:
    """Load a file that must be refused on a database holding one earlier load; returns the message."""
    assert ingest(capsys, db, "earlier_invoices.csv")[0] == 0
    before = dump(db)
    code, report = ingest(capsys, db, path, *extra)
    assert code == 2 and report["rejected"] and report["rows_loaded"] == 0, report
    assert dump(db) == before
    return report["errors"][0]["reason"]
