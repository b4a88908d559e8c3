"""CSV and other delimited text: bytes -> ``Table`` (header, rows as strings, row numbers as a spreadsheet shows them).

Big BOM-less UTF-8 files take a fast path: only a 64 KiB sample is decoded in Python (delimiter, header row, width
check) and polars reads and validates the bytes. Anything else (a BOM, UTF-16, cp1252, mixed lines, Excel's
``sep=`` line, classic Mac line ends) is decoded first (``moat.ingest.sniff``). Polars parses for speed; when it
refuses the file (ragged rows, stray quotes) the ``csv`` module reads it, so a messy file is read, never lost:
fields beyond the header's width are kept in ``EXTRA`` for the pipeline to quarantine.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import polars as pl

from moat.errors import FileRejected
from moat.ingest import limits
from moat.ingest.limits import check_fields, check_width, rejected
from moat.ingest.sniff import SAMPLE, decode_text, find_header, mark_undecodable, sniff_delimiter, utf8_sample
from moat.ingest.table import EXTRA, ROW, UNDECODED, Table, dedupe, drop_trailing_blank


def read_csv(data: bytes, file_name: str, *, is_known: Callable[[str], bool]) -> Table:
    sample = utf8_sample(data) if len(data) > SAMPLE else None
    if sample is not None and "\r" not in sample.replace("\r\n", "") and not sample.lstrip('"').startswith("sep="):
        # Fast path for big UTF-8 files: no full decode in Python; polars reads (and validates) the bytes.
        sample_lines = sample.splitlines()[:60]
        delimiter = sniff_delimiter(sample_lines)
        sample_records = list(csv.reader(io.StringIO("\n".join(sample_lines[:40])), delimiter=delimiter))
        check_width(file_name, sample_records, complete="\n" in sample)
        header_idx = find_header(sample_records, is_known)
        table = _read_polars(data, delimiter, header_idx)
        if table is not None:
            header, rows = table
            check_fields(file_name, rows)
            rows = _strip_inner_bom(rows.with_columns((pl.col(ROW) + header_idx + 1).alias(ROW)), header)
            return Table(file_name, "csv", header, drop_trailing_blank(rows), encoding="utf-8", delimiter=delimiter,
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
    sample_lines = content[:SAMPLE].splitlines()[:60]
    delimiter = forced or sniff_delimiter(sample_lines)
    sample_records = list(csv.reader(io.StringIO("\n".join(sample_lines[:40])), delimiter=delimiter))
    check_width(file_name, sample_records, complete="\n" in content[:SAMPLE] or len(content) <= SAMPLE)
    header_idx = find_header(sample_records, is_known)
    bare_cr = "\r" in content[:SAMPLE].replace("\r\n", "")
    exact = not (modified or bare_cr or repaired or undecodable)
    raw = None if not exact else data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else None
    table = _read_polars(raw if raw is not None else content.encode("utf-8"), delimiter, header_idx)
    if table is not None:
        check_fields(file_name, table[1])
    else:
        table = _read_python(content, delimiter, header_idx, file_name)
    header, rows = table
    rows = _strip_inner_bom(rows.with_columns((pl.col(ROW) + offset + header_idx + 1).alias(ROW)), header)
    if undecodable:
        rows = mark_undecodable(rows, header)
    return Table(file_name, "csv", header, drop_trailing_blank(rows), encoding=encoding, delimiter=delimiter,
                 header_row=offset + header_idx + 1, repaired_lines=repaired,
                 undecodable_lines=int(rows[UNDECODED].is_not_null().sum()) if UNDECODED in rows.columns else 0)


def _strip_inner_bom(rows: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """A byte-order mark at the start of a line inside the file (h60 F14): two exports saved with a BOM and joined
    (``copy /b jan.csv+feb.csv``, ``cat``) put the second one's BOM before its header line, and that header, read as
    ``\ufeffClient``, was no longer recognised as the header repeated (it loaded as a client). The mark is not text:
    it is removed from the first cell of every line that has it (one scan of one column when none has)."""
    if not header or header[0] not in rows.columns or rows.schema[header[0]] != pl.Utf8:
        return rows
    first = rows.get_column(header[0]).alias("__first")  # renamed: a heading such as `*` or `^a$` is no pattern
    if not first.str.starts_with("\ufeff").any():
        return rows
    stripped = first.str.strip_chars_start("\ufeff")
    return rows.with_columns(stripped.set(stripped == "", None).alias(header[0]))


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
    header = dedupe([v if v is not None else "" for v in df.row(0)])
    body = df.slice(1)
    body.columns = header
    body = body.with_columns(pl.int_range(1, body.height + 1, dtype=pl.Int64).alias(ROW))
    return header, body


def _read_python(content: str, delimiter: str, header_idx: int, file_name: str = "") -> tuple[list[str], pl.DataFrame]:
    previous = csv.field_size_limit(limits.MAX_FIELD_BYTES)  # process-wide: put back after, other readers use the default
    try:
        records = list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as err:  # only the field size limit is left to fail with strict=False
        raise FileRejected(
            file_name, f"a single field is longer than {limits.MAX_FIELD_BYTES // 2**20} MB ({err}); most likely an unclosed quote",
            "look for a quote (\") that is opened but never closed, fix it or export again, then upload again",
        ) from err
    finally:
        csv.field_size_limit(previous)
    if header_idx >= len(records):
        header_idx = 0
    header = dedupe(records[header_idx] if records else [])
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
    if not header and body:  # rows under an empty first line: no column names to read them by
        raise FileRejected(file_name, "the file's header row is empty: there are no column names to read its rows by",
                           "export it again with its header row (the column names) as the first line, then upload again")
    frame = pl.DataFrame(columns, schema={h: pl.Utf8 for h in header})
    frame = frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW))
    if any(e is not None for e in extra):
        frame = frame.with_columns(pl.Series(EXTRA, extra, dtype=pl.Utf8))
    return header, frame
