"""The paths that make a big load fast (issue 14's speed) say and load exactly what the plain ones did: the file read
once while its limits are checked, the SHA-256 computed beside the parse, no progress bar in a command's output."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

from moat import db
from moat.errors import FileRejected
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_path, limits, pipeline, readers
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
TEXT = "Member,Company,Date,Hours,Billable\n" + "".join(f"Tom Becker,Acme,2026-10-{d:02d},1.5,Yes\n" for d in range(1, 29))


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content", [
    TEXT.encode(), TEXT.replace("\n", "\r\n").encode(), TEXT.replace("\n", "\r").encode(), b"\xef\xbb\xbf" + TEXT.encode(),
    (TEXT * 3000).encode(), b"a,b\n" + b"x" * 3_000_000 + b"\n1,2", _xlsx(),
], ids=["lf", "crlf", "cr", "bom", "multi-chunk", "long-line-under-limit", "xlsx"])
def test_read_file_returns_the_bytes_check_file_accepts(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    limits.check_file(path)
    assert readers.read_file(path) == content


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_read_file_refuses_a_long_line_as_check_file_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: str) -> None:
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 1000)
    lines = ["Member,Company"] + ["A,B"] * 700 + ["z" * 1500, "A,B"]
    path = tmp_path / "long.csv"
    path.write_bytes(newline.join(lines).encode())
    with pytest.raises(FileRejected) as checked:
        limits.check_file(path)
    with pytest.raises(FileRejected) as read:
        readers.read_file(path)
    assert str(read.value) == str(checked.value)
    if newline != "\r":  # a file of bare CRs has its lines counted per chunk (as check_file always did)
        assert "line 702 is longer than" in str(read.value)


def test_prepare_hashes_the_bytes_beside_the_parse(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "t.duckdb")
    data = TEXT.encode()
    prepared = pipeline.prepare(con, ADMIN, data, "t.csv", Options(today=TODAY))
    assert prepared.sha256 == hashlib.sha256(data).hexdigest()
    assert {"read", "recognise", "parse", "commit"} - set(prepared.timings) == {"commit"}  # prepare's stages are timed
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    first = ingest_path(con, ADMIN, path, Options(today=TODAY))
    again = ingest_path(con, ADMIN, path, Options(today=TODAY))
    assert first["rows_loaded"] == 28 and not first["already_loaded"]
    assert again["already_loaded"] and again["snapshot_id"] == first["snapshot_id"] and again["rows_loaded"] == 0


def test_a_connection_draws_no_progress_bar(tmp_path: Path) -> None:
    """DuckDB prints a progress bar on stdout (a pipe too) for statements over 2 s: in `moat ingest --json` output.
    Checked in a process of its own with stdout a pipe, as a command runs (under pytest the client turns it off)."""
    code = ("import sys; from moat import db; con = db.connect(sys.argv[1]); "
            "print(db.scalar(con, \"SELECT current_setting('enable_progress_bar')\"))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "t.duckdb")], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize("order", ["sorted", "unsorted"])
def test_a_repeated_id_is_a_duplicate_whatever_the_order(tmp_path: Path, order: str) -> None:
    """Sorted ids are checked by comparing neighbours, others by hashing: both find the same repeat."""
    ids = [f"TE{i:04d}" for i in range(40)] + ["TE0017"]
    if order == "unsorted":
        ids = ids[::-1]
    text = "Time Entry ID,Member,Company,Date,Hours,Billable\n" + "".join(
        f"{i},Tom Becker,Acme,2026-10-{(n % 28) + 1:02d},1.5,Yes\n" for n, i in enumerate(ids))
    con = db.connect(tmp_path / "t.duckdb")
    report = pipeline.ingest_bytes(con, ADMIN, text.encode(), "t.csv", Options(today=TODAY))
    assert report["rows_loaded"] == 40 and report["rows_quarantined"] == 1
    assert "duplicate of row" in report["errors"][0]["reason"]
    assert pipeline.phases.all_distinct(pl.Series(sorted(set(ids))))
    assert not pipeline.phases.all_distinct(pl.Series(sorted(ids)))
    assert not pipeline.phases.all_distinct(pl.Series(["a", None, None]))
    assert pipeline.phases.all_distinct(pl.Series(["b", None, "a"]))


@pytest.mark.parametrize(("cells", "expected"), [
    (["a", "", None, "b c"], ["a", None, None, "b c"]),  # empty cells only: nulled without stripping every cell
    (["a", "", " b"], ["a", None, "b"]),  # whitespace at an edge: the full trim
    (["a", "", "\x1fb"], ["a", None, "b"]),  # a separator control at an edge beside empty cells: trimmed as text() does
    (["", ""], [None, None]), (["a", None], ["a", None]), (["\u00a0a", "b"], ["a", "b"]), (["a\t", ""], ["a", None]),
], ids=["empty-only", "edge-space", "edge-control", "all-empty", "clean", "nbsp", "tab-and-empty"])
def test_a_text_column_parses_as_text_trims_it(cells: list[str | None], expected: list[str | None]) -> None:
    """The shortcuts for text columns (clean: shared as read; empty cells only: those nulled) give what ``text``
    gives, cell for cell."""
    from moat.datasets import get
    from moat.ingest import phases, values

    work = pl.DataFrame({"n": cells}, schema={"n": pl.Utf8})
    cols = phases.Columns(get("time_entries"), {"notes": "n"}, {"notes": "VARCHAR"}, False, None)
    assert phases._parse_one(work, "notes", "n", cols).to_list() == expected
    assert work.select(values.text(pl.col("n")))["n"].to_list() == expected


def test_read_file_reads_a_file_it_cannot_map(tmp_path: Path) -> None:
    """An empty file cannot be mapped: the chunked scan reads it (and any other such file) as before."""
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert readers.read_file(path) == b""
    assert not limits._lines_fit(io.BytesIO(b"a,b\n"))  # no file behind it: the chunked scan decides
