"""h56: every declared source's fixture (tests/fixtures/sources, hand-computed totals in expected.json) with three
columns added whose headings polars reads as patterns: ``*`` (every column), ``^.*$`` (a regex matching every
heading) and ``^<the first heading>$`` (a regex matching a column that IS read). Through the real ``moat ingest``,
the counts and the totals must be exactly the fixture's: an extra column never changes what is loaded, and never
crashes the load."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.ingest.test_sources_fixtures import FIXTURES, SOURCES, assert_totals, expected, ingest

pytestmark = pytest.mark.slow

_DELIMS = [",", ";", "\t"]


def _escape(heading: str) -> str:
    return "^" + heading + "$"


def _header_index(rows: list[list[object]]) -> int:
    """A sheet's first row that fills most of the widest row: title rows above it hold a cell or two."""
    width = max(sum(1 for c in r if str(c or "").strip()) for r in rows[:40])
    return next(i for i, r in enumerate(rows[:40]) if sum(1 for c in r if str(c or "").strip()) >= max(2, 0.6 * width))


def _with_pattern_columns_csv(src: Path, dst: Path) -> None:
    raw = src.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    delim = max(_DELIMS, key=lambda d: max(len(r) for r in csv.reader(io.StringIO(text), delimiter=d)))
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    counts = Counter(len(r) for r in rows if len(r) > 1)  # the data rows' width; a heading cell may be blank (`,Total`)
    h = next(i for i, r in enumerate(rows) if len(r) == counts.most_common(1)[0][0])
    first = rows[h][0].strip()
    out = io.StringIO()
    w = csv.writer(out, delimiter=delim, lineterminator=newline)
    for i, r in enumerate(rows):
        w.writerow(r + (["*", "^.*$", _escape(first)] if i == h else ["", "", ""] if i > h and any(c.strip() for c in r) else []))
    dst.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


def _with_pattern_columns_xlsx(src: Path, dst: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if not rows:
            continue
        h = _header_index(rows)
        width = ws.max_column
        first = str(rows[h][0]).strip()
        for k, heading in enumerate(["*", "^.*$", _escape(first)], start=1):
            ws.cell(row=h + 1, column=width + k, value=heading)
    wb.save(dst)


@pytest.mark.parametrize("source_id", FIXTURES)
def test_pattern_headings_beside_a_real_export_change_nothing(tmp_path: Path, source_id: str) -> None:
    ex = expected(source_id)
    src = SOURCES / source_id / ex["file"]
    work = tmp_path / "in"
    work.mkdir()
    dst = work / src.name
    if src.suffix.lower() == ".xlsx":
        _with_pattern_columns_xlsx(src, dst)
    else:
        _with_pattern_columns_csv(src, dst)
    for other in (SOURCES / source_id).iterdir():  # lookups beside it, named relative to the fixture
        if other.is_file() and other.name not in (src.name, "expected.json") and not (work / other.name).exists():
            shutil.copy(other, work / other.name)
    db = tmp_path / "moat.duckdb"
    for before in ex.get("before", []):
        rc, _, out = ingest(db, before)
        assert rc == 0, out[-2000:]
    rc, report, out = ingest(db, source_id, file=dst)
    assert "internal error" not in out and "Traceback" not in out, out[-3000:]
    assert rc == 0 and report is not None, out[-3000:]
    assert {k: report[k] for k in ex["counts"]} == ex["counts"], report.get("errors")
    assert_totals(db, source_id, ex)
