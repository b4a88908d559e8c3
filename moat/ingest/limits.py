"""Limits on what a file may be, and the refusals that enforce them before the expensive work.

Hostile files (a 20,000-column sheet, a 200 MB line with no newline, a zip bomb, a workbook with a part missing)
are refused with a ``FileRejected`` that says what to do, *before* the expensive work: the limits below are
checked on the raw bytes (file size; line length, by a scan that copies nothing), the 64 KiB sample or the ZIP
directory, never after the whole file has been decoded or parsed. Messages quote at most ``EXCERPT_CHARS`` of
what they complain about, so a 20 MB header never becomes a 20 MB error.

The readers (``read_csv``, ``read_xlsx``) read the limits from this module at call time, so a test may lower one
with ``monkeypatch.setattr(limits, ...)``.
"""

from __future__ import annotations

import mmap
import os

import polars as pl

from moat.errors import FileRejected
from moat.ingest.headings import series
from moat.ingest.table import ROW

CANNOT_READ = "cannot read: save as .xlsx or CSV"

MAX_COLUMNS = 1000
"""Widest table accepted (CSV header or any workbook row). An export of one dataset has a few dozen columns; a
few thousand mean a wrong delimiter, a pivot or a hostile file, and every later stage (polars frames, mapping,
per-column parsing, the quarantine's JSON) costs time per column, so a 20,000-column file would run for minutes."""

MAX_FILE_BYTES = 1024 * 1024 * 1024
"""Largest file read at all. A million-row export is 100-200 MB; beyond a gigabyte the file is not one export (or
should be split by period), and holding it, decoding it and parsing it would cost several times its size."""

MAX_LINE_BYTES = 4 * 1024 * 1024
"""Longest physical line (bytes between line breaks) of a text file. An export row is at most a few kilobytes even
with long notes; a longer line is a file without line breaks (a dump, a minified JSON, a hostile file), refused by
a scan of the raw bytes before anything is decoded or copied."""

MAX_FIELD_BYTES = 4 * 1024 * 1024
"""Longest single CSV field accepted (a quoted field may span lines). Real notes are kilobytes; the cap keeps one
runaway quoted field (a stray quote swallowing the rest of a big file) from becoming one giant string."""

MAX_HEADER_CHARS = 256
"""Longest column heading accepted. Headings are a few words; a longer "heading" is data or garbage, and every
message that names columns would repeat it."""

EXCERPT_CHARS = 60
"""Most characters of a file's content quoted in an error message."""

MAX_XLSX_INFLATED_BYTES = 256 * 1024 * 1024
"""Most bytes an .xlsx may unpack to, from the ZIP directory's declared sizes (``zipfile`` refuses to read past
them, so they cannot lie). 100,000 rows x 8 columns of sheet XML is ~43 MB; the cap leaves room for ~600,000
such rows while a zip bomb (1 MB that inflates to 1 GB) is refused before openpyxl touches it."""

MAX_XLSX_RATIO = 100
"""Highest compression ratio accepted for a large ZIP member. Real worksheet XML, even of identical rows,
deflates 5-20x; whitespace or repeated-element bombs deflate ~1000x. Only members above ``RATIO_MIN_BYTES``
are checked (tiny parts compress oddly and are harmless)."""

RATIO_MIN_BYTES = 1024 * 1024
"""Members smaller than this when inflated are never treated as bombs, whatever their ratio."""

MAX_XLSX_CELLS = 10_000_000
"""Most workbook cells read (non-empty cells kept in memory). openpyxl holds each as a Python string (~60-100
bytes with its list slot), so 10 million cells stay well under a gigabyte; bigger exports should be CSV, which
polars reads column by column."""



def excerpt(value: str | bytes, limit: int = EXCERPT_CHARS) -> str:
    """At most ``limit`` characters of ``value``, quoted, control characters escaped, '…' when cut."""
    if isinstance(value, bytes | bytearray | memoryview):
        value = bytes(value[: limit * 4]).decode("utf-8", errors="replace")
    cut = value[:limit]
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in cut)
    return f"'{shown}{'…' if len(value) > limit else ''}'"


def rejected(file_name: str, why: str) -> FileRejected:
    return FileRejected(file_name, f"{CANNOT_READ} ({why})", "open it in Excel and save it as .xlsx or CSV (UTF-8), then upload again")


def too_wide(file_name: str, columns: int, *, at_least: bool = False) -> FileRejected:
    """The message for a table wider than ``MAX_COLUMNS``: usually a wrong delimiter or the wrong sheet."""
    count = f"at least {columns:,}" if at_least else f"{columns:,}"
    return FileRejected(
        file_name,
        f"has {count} columns (the limit is {MAX_COLUMNS:,}); an export of one dataset has at most a few dozen",
        "check the delimiter or save the right sheet, then upload again",
    )


def check_size(size: int, file_name: str) -> None:
    """Refuse a file over ``MAX_FILE_BYTES`` from its size alone (callers holding a path can call it before reading)."""
    if size > MAX_FILE_BYTES:
        raise FileRejected(
            file_name, f"is {size / 2**20:,.0f} MB, more than the {MAX_FILE_BYTES // 2**20:,} MB one upload may be",
            "export a shorter period (e.g. one month or quarter per file) and upload the files one by one",
        )


def check_lines(data: bytes, file_name: str) -> None:
    """Refuse a text file with a line longer than ``MAX_LINE_BYTES``, scanning the raw bytes without copying them.

    Each step looks for the last line break within the next ``MAX_LINE_BYTES`` + 1 bytes and jumps past it, so a
    file of short lines takes size / limit steps (a few hundred for a gigabyte) and a line over the limit is found
    as soon as the scan reaches it, before any decoding, parsing or copying."""
    n, pos = len(data), 0
    while n - pos > MAX_LINE_BYTES:
        end = pos + MAX_LINE_BYTES + 1
        cut = data.rfind(b"\n", pos, end)
        if cut < 0:
            cut = data.rfind(b"\r", pos, end)
        if cut < 0:
            line = data.count(b"\n", 0, pos) + 1
            raise FileRejected(
                file_name,
                f"line {line:,} is longer than {MAX_LINE_BYTES // 2**20} MB (it starts {excerpt(data[pos:pos + 4 * EXCERPT_CHARS])}); "
                "a row of an export is at most a few kilobytes, so this is not an export with line breaks",
                "check that this is the export itself (not a dump or a file without line breaks), export it again, then upload again",
            )
        pos = cut + 1


def check_file(path: str | os.PathLike[str], file_name: str | None = None) -> None:
    """``check_size`` and ``check_lines`` on a file on disk, streaming it in 1 MiB chunks: a caller that holds a path
    (the CLI) refuses a 200 MB single-line file after reading ``MAX_LINE_BYTES`` of it, in a few MB of memory,
    before reading the whole file into memory. Workbooks (ZIP) and OLE files only get the size check."""
    _scan_file(path, file_name, keep=False)


def read_file(path: str | os.PathLike[str], file_name: str | None = None) -> bytes:
    """The file's bytes, after ``check_file``'s checks: a line over the limit is refused before the file is read.

    The line check runs on a read-only map of the file (``_lines_fit``: a few pages per MiB touched, nothing
    copied), then the file is read in one call. Reading it in 1 MiB chunks and joining them cost 0.11 s of CPU
    for a 100 MB export against 0.04 s for the single read, on the path every `moat ingest` waits for."""
    return _scan_file(path, file_name, keep=True)


def _lines_fit(fh: object) -> bool:
    """``_scan_file``'s line check, step for step, on a read-only map of the open file: True when every line is
    within ``MAX_LINE_BYTES``. False when one is not, or the file cannot be mapped (empty, not a regular file):
    the chunked scan then decides, and words the refusal, exactly as before."""
    try:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)  # type: ignore[attr-defined]
    except (ValueError, OSError, AttributeError):
        return False
    with mm:
        run, size, step = 0, len(mm), min(1 << 20, MAX_LINE_BYTES)
        for lo in range(0, size, step):  # the chunks fh.read(step) returns, as positions in the map
            hi = min(lo + step, size)
            nl = mm.find(b"\n", lo, hi)
            cr = mm.find(b"\r", lo, nl if nl >= 0 else hi)
            first = cr if cr >= 0 else nl
            if first < 0:
                run += hi - lo
            else:
                if run + first - lo > MAX_LINE_BYTES:
                    return False
                last_nl = mm.rfind(b"\n", lo, hi)
                last = max(last_nl, mm.rfind(b"\r", last_nl + 1 if last_nl >= 0 else lo, hi))
                run = hi - last - 1
            if run > MAX_LINE_BYTES:
                return False
        return True


def _scan_file(path: str | os.PathLike[str], file_name: str | None, *, keep: bool) -> bytes:
    name = file_name or os.path.basename(os.fspath(path))
    check_size(os.stat(path).st_size, name)
    with open(path, "rb") as fh:
        head = fh.read(8)
        if head[:2] in (b"PK", b"\xd0\xcf"):
            return head + fh.read() if keep else b""
        fh.seek(0)
        if keep and _lines_fit(fh):
            # the unbuffered file reads it in one call into one buffer of the file's size; the buffered reader
            # would return the 8 KiB it holds joined to the rest, a second copy of the whole file
            fh.raw.seek(0)
            return fh.raw.readall()
        run, line, start = 0, 1, b""  # bytes in the current (unfinished) line, its number, its first bytes
        chunks: list[bytes] = []
        uncounted: list[tuple[int, int]] = []  # (chunk, its last break) kept: lines are counted only for a message
        step = min(1 << 20, MAX_LINE_BYTES)  # a line wholly inside one chunk is then within the limit
        while chunk := fh.read(step):
            if keep:
                chunks.append(chunk)
            nl = chunk.find(b"\n")
            cr = chunk.find(b"\r", 0, nl if nl >= 0 else len(chunk))  # a \r only matters before the first \n
            first = cr if cr >= 0 else nl
            if first < 0:
                start = start or chunk[: 4 * EXCERPT_CHARS]
                run += len(chunk)
            else:
                if run + first > MAX_LINE_BYTES:
                    break
                last_nl = chunk.rfind(b"\n")
                last = max(last_nl, chunk.rfind(b"\r", last_nl + 1))
                if keep:
                    uncounted.append((len(chunks) - 1, last))
                else:
                    line += chunk.count(b"\n", 0, last + 1) or 1
                run, start = len(chunk) - last - 1, chunk[last + 1: last + 1 + 4 * EXCERPT_CHARS]
            if run > MAX_LINE_BYTES:
                break
        else:
            return b"".join(chunks)
    line += sum(chunks[i].count(b"\n", 0, last + 1) or 1 for i, last in uncounted)
    raise FileRejected(
        name,
        f"line {line:,} is longer than {MAX_LINE_BYTES // 2**20} MB (it starts {excerpt(start)}); "
        "a row of an export is at most a few kilobytes, so this is not an export with line breaks",
        "check that this is the export itself (not a dump or a file without line breaks), export it again, then upload again",
    )


def check_header(file_name: str, header: list[str]) -> None:
    """Refuse a header with a heading longer than ``MAX_HEADER_CHARS``: it is data, not a column name, and every
    message that names the columns would repeat it."""
    for i, name in enumerate(header, start=1):
        if len(name) > MAX_HEADER_CHARS:
            raise FileRejected(
                file_name,
                f"column {i} of the header row is {len(name):,} characters long (it starts {excerpt(name)}); column "
                f"headings are a few words (at most {MAX_HEADER_CHARS})",
                "check that the file starts with its header row (or only title rows above it), export it again, then upload again",
            )


# --- text files ------------------------------------------------------------------------------------------------


def check_fields(file_name: str, rows: pl.DataFrame) -> None:
    """Refuse a table holding a field over ``MAX_FIELD_BYTES`` (polars reads any length; the csv module is capped)."""
    cols = [c for c in rows.columns if c != ROW and series(rows, c).dtype == pl.Utf8]
    if not cols or rows.height == 0:
        return
    # each column by headings.series, never pl.col(name) nor a Series named by the heading: '*' / '^a$' are patterns
    longest = max((series(rows, c).str.len_bytes().max() or 0 for c in cols), default=None)
    if longest is not None and longest > MAX_FIELD_BYTES:
        raise FileRejected(
            file_name, f"a single field is longer than {MAX_FIELD_BYTES // 2**20} MB ({longest:,} bytes); most likely an unclosed quote",
            "look for a quote (\") that is opened but never closed, fix it or export again, then upload again",
        )


def check_width(file_name: str, records: list[list[str]], *, complete: bool) -> None:
    """Refuse a table wider than ``MAX_COLUMNS`` from the sample's records, before any full parse.

    ``complete`` is False when the sample ended inside its first line (one enormous line): the count is then a
    lower bound, which is enough to refuse (a 4 MB line of ``a,a,a,...`` is two million columns)."""
    widest = max((len(r) for r in records), default=0)
    if widest > MAX_COLUMNS:
        raise too_wide(file_name, widest, at_least=not complete)
