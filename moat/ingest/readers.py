"""Readers: a file's bytes -> its header and its rows as strings, with the row numbers a person sees.

What is detected, and why it is done here rather than left to a library default:
- the container from the bytes, not the file name (a ``.csv`` that is really an ``.xlsx`` happens): ZIP with
  ``xl/workbook.xml`` = XLSX; OLE2 (old ``.xls`` and *every* password-protected Office file), ``.xlsb`` and
  ``.ods`` are refused with "cannot read: save as .xlsx or CSV" before anything is written;
- the encoding: UTF-8 (BOM or not), UTF-16 with a BOM (Excel's "Unicode text"), else chardet, trusted only for
  the Western code pages MSP tools write, with cp1252 as the fallback (it is what Excel on Windows writes);
- the delimiter among ``,`` ``;`` tab ``|`` from the consistency of field counts (and Excel's ``sep=`` line);
- the header row below title rows ("Time Entry Report", "Printed 2026-11-01"), by how many cells look like
  known column names.

Rows keep their number as in the file (the header is row N, the first data row N+1: what a spreadsheet shows),
so the quarantine can point a person at the cell. CSV parsing uses polars for speed and falls back to the
``csv`` module when polars refuses the file (ragged rows, stray quotes), so a messy file is read, never lost:
fields beyond the header's width are kept in ``__extra`` for the pipeline to quarantine.

Hostile files (a 20,000-column sheet, a 200 MB line with no newline, a zip bomb, a workbook with a part missing)
are refused here with a ``FileRejected`` that says what to do, *before* the expensive work: the limits below are
checked on the raw bytes (file size; line length, by a scan that copies nothing), the 64 KiB sample or the ZIP
directory, never after the whole file has been decoded or parsed. Messages quote at most ``EXCERPT_CHARS`` of
what they complain about, so a 20 MB header never becomes a 20 MB error.

Mixed encodings: a file that is UTF-8 except for some lines (rows pasted from an old cp1252 system) is decoded
line by line. A line that is not valid UTF-8 is read as Windows-1252 only when that is certain (no UTF-8
sequence anywhere in the line, no byte cp1252 leaves undefined, no control characters, accented letters in words
rather than runs of symbols); any other such line is marked in ``UNDECODED`` with the reason, and the pipeline
quarantines it. So ``Café Müller GmbH`` is never read as ``CafÃ© MÃ¼ller GmbH`` or ``Caf\ufffd M\ufffdller``.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import threading
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

import polars as pl

from moat.errors import FileRejected

CANNOT_READ = "cannot read: save as .xlsx or CSV"
ROW = "__row"  # file row number column
EXTRA = "__extra"  # overflow fields of rows longer than the header
UNDECODED = "__undecoded"  # why a row's bytes could not be decoded with certainty (the pipeline quarantines it)
DELIMITERS = (",", ";", "\t", "|")
_WESTERN = {"ascii", "utf-8", "windows-1252", "cp1252", "iso-8859-1", "latin-1", "iso-8859-15", "windows-1250", "mac-roman"}
_SAMPLE = 64 * 1024

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


@dataclass
class Table:
    """A file's data region as strings: one Utf8 column per header plus ``__row`` (and ``__extra`` if any)."""

    file_name: str
    kind: str  # csv | xlsx
    header: list[str]
    rows: pl.DataFrame
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1
    repaired_lines: int = 0  # lines of a mostly UTF-8 file read as cp1252 (certain repairs)
    undecodable_lines: int = 0  # lines marked in UNDECODED (quarantined by the pipeline)

    @property
    def delimiter_name(self) -> str | None:
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(self.delimiter or "", self.delimiter)


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


def read(
    data: bytes, file_name: str, *, sheet: str | None = None, is_known: Callable[[str], bool] | None = None
) -> Table:
    """Read any supported file. ``is_known(header_cell)`` scores header candidates (from the mapping module)."""
    is_known = is_known or (lambda _cell: False)
    check_size(len(data), file_name)
    if not data[:65536].strip(b"\x00 \t\r\n\xef\xbb\xbf\xff\xfe") and not _NON_BLANK.search(data, 65536):
        raise FileRejected(file_name, "the file is empty", "export it again with its rows")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise rejected(file_name, "an old .xls workbook or a password-protected file; remove the password first")
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        table = read_xlsx(data, file_name, sheet=sheet, is_known=is_known)
    elif sheet:
        raise FileRejected(file_name, f"--sheet {sheet!r} given but this is a text file, not a workbook", "leave out --sheet")
    else:
        check_lines(data, file_name)
        table = read_csv(data, file_name, is_known=is_known)
    _check_header(file_name, table.header)
    return table


_NON_BLANK = re.compile(rb"[^\x00 \t\r\n]")


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
    name = file_name or os.path.basename(os.fspath(path))
    check_size(os.stat(path).st_size, name)
    with open(path, "rb") as fh:
        if fh.read(8)[:2] in (b"PK", b"\xd0\xcf"):
            return
        fh.seek(0)
        run, line, start = 0, 1, b""  # bytes in the current (unfinished) line, its number, its first bytes
        step = min(1 << 20, MAX_LINE_BYTES)  # a line wholly inside one chunk is then within the limit
        while chunk := fh.read(step):
            breaks = [i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0]
            if not breaks:
                start = start or chunk[: 4 * EXCERPT_CHARS]
                run += len(chunk)
            else:
                if run + min(breaks) > MAX_LINE_BYTES:
                    break
                last = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
                line += chunk.count(b"\n", 0, last + 1) or 1
                run, start = len(chunk) - last - 1, chunk[last + 1: last + 1 + 4 * EXCERPT_CHARS]
            if run > MAX_LINE_BYTES:
                break
        else:
            return
    raise FileRejected(
        name,
        f"line {line:,} is longer than {MAX_LINE_BYTES // 2**20} MB (it starts {excerpt(start)}); "
        "a row of an export is at most a few kilobytes, so this is not an export with line breaks",
        "check that this is the export itself (not a dump or a file without line breaks), export it again, then upload again",
    )


def _check_header(file_name: str, header: list[str]) -> None:
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


def detect_encoding(data: bytes) -> tuple[str, str]:
    """(encoding name for the report, decoded text). Raises nothing but FileRejected("binary content")."""
    encoding, text, _, _ = decode_text(data)
    return encoding, text


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]{4,}")
_MIXED = threading.local()
UNDECODABLE_REASON = (
    "this row is not valid UTF-8 like the rest of the file, and reading it as Windows-1252 would be a guess; it "
    "was not loaded (save the export as UTF-8 and upload it again)"
)


def certain_cp1252(line: bytes) -> bool:
    """True when a line that is not valid UTF-8 can only be Windows-1252 text: it holds no UTF-8 multi-byte
    sequence at all (a line mixing both is ambiguous), no byte that cp1252 leaves undefined, no control character,
    and its non-ASCII bytes stand in words (runs of at most three, like 'ü' or 'ßé'), not in runs of symbols."""
    return not (_UTF8_SEQUENCE.search(line) or _CP1252_UNDEFINED.search(line) or _CONTROL.search(line)
                or _HIGH_RUN.search(line))


def _line_repair(err: UnicodeError) -> tuple[str, int]:
    """``codecs`` error handler for mostly-UTF-8 text: decodes the rest of the offending line as cp1252 when that is
    certain, else with U+FFFD for the bad bytes (the row is then marked), and resumes at the line's end."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    data: bytes = err.object  # type: ignore[assignment]
    start = max(data.rfind(b"\n", 0, err.start), data.rfind(b"\r", 0, err.start)) + 1
    ends = [i for i in (data.find(b"\n", err.end), data.find(b"\r", err.end)) if i >= 0]
    end = min(ends) if ends else len(data)
    stats = _MIXED.stats
    if certain_cp1252(data[start:end]):
        stats[0] += 1
        return data[err.start:end].decode("cp1252"), end
    stats[1] += 1
    return data[err.start:end].decode("utf-8", errors="replace"), end


codecs.register_error("moat-line-repair", _line_repair)


def decode_text(data: bytes) -> tuple[str, str, int, int]:
    """(encoding for the report, text, lines repaired from cp1252, lines left undecodable).

    UTF-8 (with or without BOM) is decoded line by line when some lines are not valid UTF-8 but others hold UTF-8
    sequences (a mostly UTF-8 file with pasted cp1252 rows); a file with no UTF-8 sequence at all is one legacy
    code page, detected as before (chardet for the Western code pages, cp1252 as the fallback)."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[3:]
        try:
            return "utf-8-sig", body.decode("utf-8"), 0, 0
        except UnicodeDecodeError:
            return _decode_mixed(body, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        return "utf-16", text, 0, text.count("\ufffd")
    sample = data[:_SAMPLE]
    # UTF-16 without a BOM: every other byte of ASCII text is NUL. Checked before UTF-8, which such bytes
    # also are (NUL is valid UTF-8), and would give headers like "e\x00n\x00t\x00r\x00y".
    if len(sample) >= 4 and sample[1::2].count(0) > 0.4 * len(sample[1::2]) and sample[0::2].count(0) < 0.05 * len(sample):
        text = data.decode("utf-16-le", errors="replace")
        return "utf-16-le", text, 0, text.count("\ufffd")
    try:
        return "utf-8", data.decode("utf-8"), 0, 0
    except UnicodeDecodeError:
        pass
    if b"\x00" in sample:
        raise FileRejected("", "binary content")
    if _UTF8_SEQUENCE.search(data):
        return _decode_mixed(data, "utf-8")
    guess = None
    try:
        import chardet

        found = chardet.detect(sample)
        if found.get("encoding") and found["encoding"].lower() in _WESTERN and (found.get("confidence") or 0) > 0.5:
            guess = found["encoding"].lower()
    except Exception:  # detection is a hint only
        guess = None
    for encoding in [e for e in (guess, "cp1252") if e]:
        try:
            return encoding, data.decode(encoding), 0, 0
        except (UnicodeDecodeError, LookupError):
            continue
    return "latin-1", data.decode("latin-1"), 0, 0


def _mixed_codec(name: str) -> codecs.CodecInfo | None:
    """Registers "utf-8+cp1252" (and "utf-8-sig+cp1252"), the encoding ``decode_text`` reports for a mostly UTF-8
    file with repaired lines, as a real codec: whoever decodes the file's bytes again by ``Table.encoding`` (title
    rows, previews) gets the same per-line reading, never cp1252 or U+FFFD for the whole file."""
    if name not in ("utf_8_cp1252", "utf_8_sig_cp1252"):
        return None
    bom = name == "utf_8_sig_cp1252"

    def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:  # the repair rule is the policy
        raw = bytes(data)
        body = raw[3:] if bom and raw.startswith(codecs.BOM_UTF8) else raw
        return _decode_mixed(body, "")[1], len(raw)

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return codecs.utf_8_encode(text, errors)

    return codecs.CodecInfo(encode, decode, name="utf-8-sig+cp1252" if bom else "utf-8+cp1252")


codecs.register(_mixed_codec)


def _decode_mixed(data: bytes, base: str) -> tuple[str, str, int, int]:
    _MIXED.stats = [0, 0]
    try:
        text = data.decode("utf-8", errors="moat-line-repair")
        repaired, undecodable = _MIXED.stats
    finally:
        del _MIXED.stats
    return f"{base}+cp1252" if repaired else base, text, repaired, undecodable


def sniff_delimiter(lines: list[str]) -> str:
    """The candidate whose field count is most consistent (and > 1) over the sample's lines."""
    best, best_score = ",", -1.0
    sample = "\n".join(lines)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim) if r]
        if not counts:
            continue
        width, freq = Counter(counts).most_common(1)[0]
        if width < 2:
            continue
        score = freq / len(counts) + min(width, 50) / 1000  # consistency first, then more columns
        if score > best_score:
            best, best_score = delim, score
    return best


def find_header(records: list[list[str]], is_known: Callable[[str], bool]) -> int:
    """Index of the header among the first records: the row with the most known column names (>= 2),
    else the first row whose cells are mostly filled and mostly not numbers."""
    scored = [(sum(1 for c in rec if c and is_known(c)), i) for i, rec in enumerate(records[:30])]
    best = max(scored, default=(0, 0), key=lambda t: (t[0], -t[1]))
    if best[0] >= 2:
        return best[1]
    widths = Counter(sum(1 for c in rec if c and c.strip()) for rec in records[:30] if any(c.strip() for c in rec))
    modal = max(widths, key=lambda w: (widths[w], w)) if widths else 0
    for i, rec in enumerate(records[:30]):
        cells = [c for c in rec if c and c.strip()]
        numeric = sum(1 for c in cells if re.fullmatch(r"[\d\s.,:/$€£%()+-]+", c.strip()))
        if len(cells) >= max(2, modal // 2 + (modal % 2)) and numeric <= len(cells) // 3:
            return i
    return 0


def _dedupe(header: list[str]) -> list[str]:
    """Blank headers become 'column_N', repeats 'Name (2)': every column keeps a distinct, visible name."""
    out: list[str] = []
    seen: Counter[str] = Counter()
    for i, cell in enumerate(header, start=1):
        name = (cell or "").strip().strip("\ufeff") or f"column_{i}"
        if name.startswith("__"):
            name = name.lstrip("_") or f"column_{i}"
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _utf8_sample(data: bytes) -> str | None:
    """The first 64 KiB decoded when the file starts as BOM-less UTF-8 (polars validates the rest as it reads)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:_SAMPLE]:
        return None
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data[:_SAMPLE], final=len(data) <= _SAMPLE)
    except UnicodeDecodeError:
        return None


def read_csv(data: bytes, file_name: str, *, is_known: Callable[[str], bool]) -> Table:
    sample = _utf8_sample(data) if len(data) > _SAMPLE else None
    if sample is not None and "\r" not in sample.replace("\r\n", "") and not sample.lstrip('"').startswith("sep="):
        # Fast path for big UTF-8 files: no full decode in Python; polars reads (and validates) the bytes.
        sample_lines = sample.splitlines()[:60]
        delimiter = sniff_delimiter(sample_lines)
        sample_records = list(csv.reader(io.StringIO("\n".join(sample_lines[:40])), delimiter=delimiter))
        _check_width(file_name, sample_records, complete="\n" in sample)
        header_idx = find_header(sample_records, is_known)
        table = _read_polars(data, delimiter, header_idx)
        if table is not None:
            header, rows = table
            _check_fields(file_name, rows)
            rows = rows.with_columns((pl.col(ROW) + header_idx + 1).alias(ROW))
            return Table(file_name, "csv", header, _drop_trailing_blank(rows), encoding="utf-8", delimiter=delimiter,
                         header_row=header_idx + 1)
    try:
        encoding, content, repaired, undecodable = decode_text(data)
    except FileRejected:
        raise rejected(file_name, "binary content, not a text or Excel file") from None
    offset = 0  # physical records before the data region that are not part of the table (sep= line)
    first_line = content[: content.find("\n") if "\n" in content else len(content)].strip("\r\n")
    forced = None
    if re.fullmatch(r'"?sep=(.)"?', first_line.strip()):
        forced = first_line.strip().strip('"')[4]
        content = content[len(first_line):].lstrip("\r").lstrip("\n")
        offset = 1
    if "\n" not in content and "\r" in content:
        content = content.replace("\r", "\n")  # classic Mac line endings
        modified = True
    else:
        modified = bool(offset)
    sample_lines = content[:_SAMPLE].splitlines()[:60]
    delimiter = forced or sniff_delimiter(sample_lines)
    sample_records = list(csv.reader(io.StringIO("\n".join(sample_lines[:40])), delimiter=delimiter))
    _check_width(file_name, sample_records, complete="\n" in content[:_SAMPLE] or len(content) <= _SAMPLE)
    header_idx = find_header(sample_records, is_known)
    bare_cr = "\r" in content[:_SAMPLE].replace("\r\n", "")
    exact = not (modified or bare_cr or repaired or undecodable)
    raw = None if not exact else data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else None
    table = _read_polars(raw if raw is not None else content.encode("utf-8"), delimiter, header_idx)
    if table is not None:
        _check_fields(file_name, table[1])
    else:
        table = _read_python(content, delimiter, header_idx, file_name)
    header, rows = table
    rows = rows.with_columns((pl.col(ROW) + offset + header_idx + 1).alias(ROW))
    if undecodable:
        rows = mark_undecodable(rows, header)
    return Table(file_name, "csv", header, _drop_trailing_blank(rows), encoding=encoding, delimiter=delimiter,
                 header_row=offset + header_idx + 1, repaired_lines=repaired,
                 undecodable_lines=int(rows[UNDECODED].is_not_null().sum()) if UNDECODED in rows.columns else 0)


def mark_undecodable(rows: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """``UNDECODED`` = the reason on rows holding U+FFFD (bytes the decoder could not read with certainty), so the
    pipeline quarantines them; also applied to quarantined rows on retry, which must not load them garbled."""
    cols = [c for c in header if c in rows.columns] + ([EXTRA] if EXTRA in rows.columns else [])
    if not cols:
        return rows
    bad = pl.any_horizontal([pl.col(c).str.contains("\ufffd", literal=True).fill_null(False) for c in cols])
    return rows.with_columns(pl.when(bad).then(pl.lit(UNDECODABLE_REASON)).otherwise(None).cast(pl.Utf8).alias(UNDECODED))


def _check_fields(file_name: str, rows: pl.DataFrame) -> None:
    """Refuse a table holding a field over ``MAX_FIELD_BYTES`` (polars reads any length; the csv module is capped)."""
    cols = [c for c in rows.columns if c != ROW and rows[c].dtype == pl.Utf8]
    if not cols or rows.height == 0:
        return
    longest = rows.select(pl.max_horizontal([pl.col(c).str.len_bytes().max() for c in cols])).item()
    if longest is not None and longest > MAX_FIELD_BYTES:
        raise FileRejected(
            file_name, f"a single field is longer than {MAX_FIELD_BYTES // 2**20} MB ({longest:,} bytes); most likely an unclosed quote",
            "look for a quote (\") that is opened but never closed, fix it or export again, then upload again",
        )


def _check_width(file_name: str, records: list[list[str]], *, complete: bool) -> None:
    """Refuse a table wider than ``MAX_COLUMNS`` from the sample's records, before any full parse.

    ``complete`` is False when the sample ended inside its first line (one enormous line): the count is then a
    lower bound, which is enough to refuse (a 4 MB line of ``a,a,a,...`` is two million columns)."""
    widest = max((len(r) for r in records), default=0)
    if widest > MAX_COLUMNS:
        raise too_wide(file_name, widest, at_least=not complete)


def _read_polars(payload: bytes, delimiter: str, header_idx: int) -> tuple[list[str], pl.DataFrame] | None:
    """Fast path over UTF-8 bytes. None when polars cannot read the file exactly (then the csv module does)."""
    try:
        df = pl.read_csv(
            io.BytesIO(payload), has_header=False, separator=delimiter, quote_char='"', infer_schema=False,
            skip_rows=header_idx, encoding="utf8", raise_if_empty=False, missing_utf8_is_empty_string=False,
        )
    except (Exception, pl.exceptions.PanicException):  # any refusal (a Rust panic too): tolerant reader
        return None
    if df.height == 0:
        return None
    header = _dedupe([v if v is not None else "" for v in df.row(0)])
    body = df.slice(1)
    body.columns = header
    body = body.with_columns(pl.int_range(1, body.height + 1, dtype=pl.Int64).alias(ROW))
    return header, body


def _read_python(content: str, delimiter: str, header_idx: int, file_name: str = "") -> tuple[list[str], pl.DataFrame]:
    previous = csv.field_size_limit(MAX_FIELD_BYTES)  # process-wide: put back after, other readers use the default
    try:
        records = list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as err:  # only the field size limit is left to fail with strict=False
        raise FileRejected(
            file_name, f"a single field is longer than {MAX_FIELD_BYTES // 2**20} MB ({err}); most likely an unclosed quote",
            "look for a quote (\") that is opened but never closed, fix it or export again, then upload again",
        ) from err
    finally:
        csv.field_size_limit(previous)
    if header_idx >= len(records):
        header_idx = 0
    header = _dedupe(records[header_idx] if records else [])
    width = len(header)
    body = records[header_idx + 1:]
    columns: dict[str, list[str | None]] = {h: [] for h in header}
    extra: list[str | None] = []
    for rec in body:
        for j, h in enumerate(header):
            value = rec[j] if j < len(rec) else None
            columns[h].append(value if value != "" else None)
        over = [c for c in rec[width:] if c.strip()]
        extra.append(delimiter.join(rec[width:]) if over else None)
    frame = pl.DataFrame(columns, schema={h: pl.Utf8 for h in header})
    frame = frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW))
    if any(e is not None for e in extra):
        frame = frame.with_columns(pl.Series(EXTRA, extra, dtype=pl.Utf8))
    return header, frame


def _drop_trailing_blank(rows: pl.DataFrame) -> pl.DataFrame:
    """Trailing empty lines are the end of the file, not rows (Excel pads exports with them)."""
    data_cols = [c for c in rows.columns if c != ROW]
    if not data_cols or rows.height == 0:
        return rows
    if rows.height > 1000:  # look at the tail first: a big file rarely ends in a thousand blank lines
        tail = _drop_trailing_blank(rows.tail(1000))
        if tail.height:
            return rows.head(rows.height - 1000 + tail.height)
    filled = rows.select(pl.any_horizontal([pl.col(c).str.strip_chars().str.len_chars().fill_null(0) > 0 for c in data_cols]).alias("f"))["f"]
    last = filled.arg_true()
    return rows.head(int(last[-1]) + 1 if len(last) else 0)


# --- workbooks -------------------------------------------------------------------------------------------------


def _cell_text(value: object) -> str | None:
    """Excel values as the text a CSV export would hold: dates ISO, numbers without float noise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(round(value, 10))
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, file_name: str, *, sheet: str | None, is_known: Callable[[str], bool]) -> Table:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
        raise rejected(file_name, "corrupt or truncated archive") from err
    names = [m.filename for m in members]
    if "xl/workbook.bin" in names:
        raise rejected(file_name, "an .xlsb binary workbook")
    if "mimetype" in names or "content.xml" in names:
        raise rejected(file_name, "an OpenDocument .ods spreadsheet")
    if "xl/workbook.xml" not in names:
        raise rejected(file_name, "a ZIP archive, not an Excel workbook")
    _check_zip_sizes(file_name, members)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise rejected(file_name, f"damaged workbook: {type(err).__name__}") from err
    try:
        sheets = list(wb.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise FileRejected(file_name, f"there is no sheet {sheet!r}", f"sheets are: {', '.join(sheets)}")
        candidates = [sheet] if sheet else sheets
        if not candidates:
            raise rejected(file_name, "damaged workbook: it lists no worksheet that can be opened")
        best: tuple[int, int, str, list[list[str | None]]] | None = None
        budget = [MAX_XLSX_CELLS]  # shared by all sheets: fifty sheets may not hold fifty times the limit
        for name in candidates:
            records = _sheet_records(wb[name], file_name, budget)
            head = [[c or "" for c in rec] for rec in records[:30]]
            idx = find_header(head, is_known)
            score = sum(1 for c in (head[idx] if head else []) if c and is_known(c))
            filled = sum(1 for rec in records[idx + 1:] if any(c for c in rec))
            if best is None or (score, filled) > (best[0], best[1]):
                best = (score, filled, name, records)
        if best is None:  # unreachable (candidates is not empty); kept as an error, not an assert
            raise rejected(file_name, "damaged workbook: no worksheet could be read")
        _, _, chosen, records = best
    except FileRejected:
        raise
    except Exception as err:  # a missing part or bad XML surfaces only while rows are read
        raise rejected(file_name, f"damaged workbook: {type(err).__name__}") from err
    finally:
        wb.close()
    head = [[c or "" for c in rec] for rec in records[:30]]
    if not records:
        raise FileRejected(file_name, f"sheet {chosen!r} is empty", "choose the sheet with the data (--sheet NAME)")
    header_idx = find_header(head, is_known)
    width = max([len(r) for r in records] + [0])
    header = _dedupe([(records[header_idx][j] if j < len(records[header_idx]) else None) or "" for j in range(width)])
    body = records[header_idx + 1:]
    frame = pl.DataFrame(
        {h: [(r[j] if j < len(r) else None) for r in body] for j, h in enumerate(header)},
        schema={h: pl.Utf8 for h in header},
    ).with_columns(pl.int_range(header_idx + 2, header_idx + 2 + len(body), dtype=pl.Int64).alias(ROW))
    return Table(file_name, "xlsx", header, _drop_trailing_blank(frame), sheet=chosen, sheets=sheets, header_row=header_idx + 1)


def _check_zip_sizes(file_name: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs from the ZIP directory alone, before openpyxl inflates anything."""
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_INFLATED_BYTES:
        raise FileRejected(
            file_name,
            f"unpacks to {total / 2**20:,.0f} MB, more than the {MAX_XLSX_INFLATED_BYTES // 2**20} MB an export is "
            "allowed (a zip bomb, or far more than one dataset)",
            "save the sheet with the data as CSV (UTF-8) and upload that",
        )
    for m in members:
        if m.file_size >= RATIO_MIN_BYTES and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1):
            raise FileRejected(
                file_name,
                f"part {m.filename} inflates {m.file_size / max(m.compress_size, 1):,.0f}x (a real worksheet: under "
                f"{MAX_XLSX_RATIO}x); it looks like a zip bomb and was not opened",
                "open it in Excel and save it as .xlsx or CSV (UTF-8), then upload again",
            )


def _sheet_records(ws: object, file_name: str = "", budget: list[int] | None = None) -> list[list[str | None]]:
    """All rows of a sheet as text, stopping after a long run of empty rows (formatted-but-empty ranges).

    Bounded: a row wider than ``MAX_COLUMNS`` or more than ``budget[0]`` cells (``MAX_XLSX_CELLS`` when not
    given; decremented, so sheets can share one budget) raise ``FileRejected``. ``max_col`` caps openpyxl's
    padding of every row to the declared dimension, which a hostile file can set to column XFD (16,384)."""
    budget = budget if budget is not None else [MAX_XLSX_CELLS]
    records: list[list[str | None]] = []
    blank_run = 0
    declared = getattr(ws, "max_column", None)
    max_col = MAX_COLUMNS + 1 if isinstance(declared, int) and declared > MAX_COLUMNS + 1 else None
    for row in ws.iter_rows(values_only=True, max_col=max_col):  # type: ignore[attr-defined]
        if len(row) > MAX_COLUMNS and any(v is not None and v != "" for v in row[MAX_COLUMNS:]):
            raise too_wide(file_name, declared if max_col is not None else len(row))  # type: ignore[arg-type]
        cells = [_cell_text(v) for v in row[:MAX_COLUMNS]]
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        budget[0] -= len(cells)
        if budget[0] < 0:
            raise FileRejected(
                file_name, f"holds more than {MAX_XLSX_CELLS:,} cells, too many to read from a workbook",
                "save the sheet with the data as CSV (UTF-8), which has no such limit, and upload that",
            )
        if not cells:
            blank_run += 1
            if blank_run > 1000:
                break
        else:
            blank_run = 0
        records.append(cells)
    while records and not records[-1]:
        records.pop()
    return records
