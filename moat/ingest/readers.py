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
"""

from __future__ import annotations

import codecs
import csv
import io
import re
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
DELIMITERS = (",", ";", "\t", "|")
_WESTERN = {"ascii", "utf-8", "windows-1252", "cp1252", "iso-8859-1", "latin-1", "iso-8859-15", "windows-1250", "mac-roman"}
_SAMPLE = 64 * 1024


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

    @property
    def delimiter_name(self) -> str | None:
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(self.delimiter or "", self.delimiter)


def rejected(file_name: str, why: str) -> FileRejected:
    return FileRejected(file_name, f"{CANNOT_READ} ({why})", "open it in Excel and save it as .xlsx or CSV (UTF-8), then upload again")


def read(
    data: bytes, file_name: str, *, sheet: str | None = None, is_known: Callable[[str], bool] | None = None
) -> Table:
    """Read any supported file. ``is_known(header_cell)`` scores header candidates (from the mapping module)."""
    is_known = is_known or (lambda _cell: False)
    if not data[:65536].strip(b"\x00 \t\r\n\xef\xbb\xbf\xff\xfe") and not data[65536:].strip():
        raise FileRejected(file_name, "the file is empty", "export it again with its rows")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise rejected(file_name, "an old .xls workbook or a password-protected file; remove the password first")
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return read_xlsx(data, file_name, sheet=sheet, is_known=is_known)
    if sheet:
        raise FileRejected(file_name, f"--sheet {sheet!r} given but this is a text file, not a workbook", "leave out --sheet")
    return read_csv(data, file_name, is_known=is_known)


# --- text files ------------------------------------------------------------------------------------------------


def detect_encoding(data: bytes) -> tuple[str, str]:
    """(encoding name for the report, decoded text). Raises nothing: cp1252/latin-1 decode any byte string."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", data.decode("utf-16", errors="replace")
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE]
    # UTF-16 without a BOM: every other byte of ASCII text is NUL.
    if len(sample) >= 4 and sample[1::2].count(0) > 0.4 * len(sample[1::2]) and sample[0::2].count(0) < 0.05 * len(sample):
        return "utf-16-le", data.decode("utf-16-le", errors="replace")
    if b"\x00" in sample:
        raise FileRejected("", "binary content")
    guess = None
    try:
        import chardet

        found = chardet.detect(sample)
        if found.get("encoding") and found["encoding"].lower() in _WESTERN and (found.get("confidence") or 0) > 0.5:
            guess = found["encoding"].lower()
    except Exception:  # noqa: BLE001 - detection is a hint only
        guess = None
    for encoding in [e for e in (guess, "cp1252") if e]:
        try:
            return encoding, data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return "latin-1", data.decode("latin-1")


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
        header_idx = find_header(list(csv.reader(io.StringIO("\n".join(sample_lines[:40])), delimiter=delimiter)), is_known)
        table = _read_polars(data, delimiter, header_idx)
        if table is not None:
            header, rows = table
            rows = rows.with_columns((pl.col(ROW) + header_idx + 1).alias(ROW))
            return Table(file_name, "csv", header, _drop_trailing_blank(rows), encoding="utf-8", delimiter=delimiter,
                         header_row=header_idx + 1)
    try:
        encoding, content = detect_encoding(data)
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
    header_idx = find_header(sample_records, is_known)
    bare_cr = "\r" in content[:_SAMPLE].replace("\r\n", "")
    raw = None if modified or bare_cr else data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else None
    table = _read_polars(raw if raw is not None else content.encode("utf-8"), delimiter, header_idx)
    if table is None:
        table = _read_python(content, delimiter, header_idx)
    header, rows = table
    rows = rows.with_columns((pl.col(ROW) + offset + header_idx + 1).alias(ROW))
    return Table(file_name, "csv", header, _drop_trailing_blank(rows), encoding=encoding, delimiter=delimiter,
                 header_row=offset + header_idx + 1)


def _read_polars(payload: bytes, delimiter: str, header_idx: int) -> tuple[list[str], pl.DataFrame] | None:
    """Fast path over UTF-8 bytes. None when polars cannot read the file exactly (then the csv module does)."""
    try:
        df = pl.read_csv(
            io.BytesIO(payload), has_header=False, separator=delimiter, quote_char='"', infer_schema=False,
            skip_rows=header_idx, encoding="utf8", raise_if_empty=False, missing_utf8_is_empty_string=False,
        )
    except Exception:  # noqa: BLE001 - any refusal: fall back to the tolerant reader
        return None
    if df.height == 0:
        return None
    header = _dedupe([v if v is not None else "" for v in df.row(0)])
    body = df.slice(1)
    body.columns = header
    body = body.with_columns(pl.int_range(1, body.height + 1, dtype=pl.Int64).alias(ROW))
    return header, body


def _read_python(content: str, delimiter: str, header_idx: int) -> tuple[list[str], pl.DataFrame]:
    csv.field_size_limit(1 << 30)
    records = list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=False))
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
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile as err:
        raise rejected(file_name, "corrupt or truncated archive") from err
    if "xl/workbook.bin" in names:
        raise rejected(file_name, "an .xlsb binary workbook")
    if "mimetype" in names or "content.xml" in names:
        raise rejected(file_name, "an OpenDocument .ods spreadsheet")
    if "xl/workbook.xml" not in names:
        raise rejected(file_name, "a ZIP archive, not an Excel workbook")
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise rejected(file_name, f"damaged workbook: {type(err).__name__}") from err
    try:
        sheets = list(wb.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise FileRejected(file_name, f"there is no sheet {sheet!r}", f"sheets are: {', '.join(sheets)}")
        candidates = [sheet] if sheet else sheets
        best: tuple[int, int, str, list[list[str | None]]] | None = None
        for name in candidates:
            records = _sheet_records(wb[name])
            head = [[c or "" for c in rec] for rec in records[:30]]
            idx = find_header(head, is_known)
            score = sum(1 for c in (head[idx] if head else []) if c and is_known(c))
            filled = sum(1 for rec in records[idx + 1:] if any(c for c in rec))
            if best is None or (score, filled) > (best[0], best[1]):
                best = (score, filled, name, records)
        assert best is not None
        _, _, chosen, records = best
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


def _sheet_records(ws: object) -> list[list[str | None]]:
    """All rows of a sheet as text, stopping after a long run of empty rows (formatted-but-empty ranges)."""
    records: list[list[str | None]] = []
    blank_run = 0
    for row in ws.iter_rows(values_only=True):  # type: ignore[attr-defined]
        cells = [_cell_text(v) for v in row]
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
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
