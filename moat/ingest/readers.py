"""Readers: a file's bytes -> its header and its rows as strings, with the row numbers a person sees.

``read`` tells the container from the bytes, not the file name (a ``.csv`` that is really an ``.xlsx`` happens):
ZIP with ``xl/workbook.xml`` = XLSX; OLE2 (old ``.xls`` and *every* password-protected Office file), ``.xlsb`` and
``.ods`` are refused with "cannot read: save as .xlsx or CSV" before anything is written. The work is done by
modules named for what they do:

    table      the ``Table`` a reader returns (``ROW``, ``EXTRA``, ``UNDECODED`` columns), header de-duplication
    limits     what a file may be (size, line length, width, field length, workbook size) and the refusals
    sniff      encoding (mixed UTF-8/cp1252 lines too), delimiter, header row below title rows
    read_csv   delimited text: polars over the bytes, the ``csv`` module when polars refuses the file
    read_xlsx  workbooks through openpyxl, bounded by the cell budget

The names other modules use (``ROW``, ``Table``, ``check_file``, ``certain_cp1252`` ...) stay importable from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from moat.errors import FileRejected
from moat.ingest import excel_cells
from moat.ingest.limits import (
    CANNOT_READ,
    EXCERPT_CHARS,
    MAX_COLUMNS,
    MAX_FIELD_BYTES,
    MAX_FILE_BYTES,
    MAX_HEADER_CHARS,
    MAX_LINE_BYTES,
    MAX_XLSX_CELLS,
    MAX_XLSX_INFLATED_BYTES,
    MAX_XLSX_RATIO,
    RATIO_MIN_BYTES,
    check_file,
    check_header,
    check_lines,
    check_size,
    excerpt,
    read_file,
    rejected,
    too_wide,
)
from moat.ingest.read_csv import read_csv
from moat.ingest.read_xlsx import read_xlsx
from moat.ingest.sniff import (
    DELIMITERS,
    UNDECODABLE_REASON,
    certain_cp1252,
    decode_text,
    detect_encoding,
    find_header,
    mark_undecodable,
    sniff_delimiter,
)
from moat.ingest.table import EXTRA, ROW, UNDECODED, Table, dedupe

_dedupe = dedupe  # the name recognition used before the split

__all__ = [
    "CANNOT_READ", "DELIMITERS", "EXCERPT_CHARS", "EXTRA", "MAX_COLUMNS", "MAX_FIELD_BYTES", "MAX_FILE_BYTES",
    "MAX_HEADER_CHARS", "MAX_LINE_BYTES", "MAX_XLSX_CELLS", "MAX_XLSX_INFLATED_BYTES", "MAX_XLSX_RATIO", "RATIO_MIN_BYTES",
    "ROW", "UNDECODABLE_REASON", "UNDECODED", "Table", "certain_cp1252", "check_file", "check_lines", "check_size",
    "decode_text", "dedupe", "detect_encoding", "excerpt", "find_header", "mark_undecodable", "read", "read_csv", "read_file", "read_xlsx",
    "rejected", "sniff_delimiter", "too_wide",
]


_DOCUMENT_MAGIC = ((b"%PDF-", "a PDF document"), (b"{\\rtf", "an RTF document"), (b"\x89PNG", "a PNG image"),
                   (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"))


def _document_kind(data: bytes) -> str | None:
    """What a file is by its first bytes when it is a document or an image, never a table (None otherwise)."""
    head = data[:16].lstrip(b"\xef\xbb\xbf \t\r\n")
    return next((what for magic, what in _DOCUMENT_MAGIC if head.startswith(magic)), None)


def read(
    data: bytes, file_name: str, *, sheet: str | None = None, is_known: Callable[[str], bool] | None = None
) -> Table:
    """Read any supported file. ``is_known(header_cell)`` scores header candidates (from the mapping module)."""
    is_known = is_known or (lambda _cell: False)
    check_size(len(data), file_name)
    if not data[:65536].strip(b"\x00 \t\r\n\xef\xbb\xbf\xff\xfe") and not _NON_BLANK.search(data, 65536):
        raise FileRejected(file_name, "the file is empty", "export it again with its rows")
    kind = _document_kind(data)
    if kind is not None:  # h69 D15: a portal's "Download invoice" saved with a .csv name
        raise FileRejected(file_name, f"this is {kind}, not a CSV or Excel file: it holds no table of rows to load",
                           "export the data itself as CSV or .xlsx (a report's Export / Download CSV), not the document")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise rejected(file_name, "an old .xls workbook or a password-protected file; remove the password first")
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        table = read_xlsx(data, file_name, sheet=sheet, is_known=is_known)
    elif sheet:
        raise FileRejected(file_name, f"--sheet {sheet!r} given but this is a text file, not a workbook", "leave out --sheet")
    else:
        check_lines(data, file_name)
        table = read_csv(data, file_name, is_known=is_known)
    check_header(file_name, table.header)
    from moat.ingest import float_ids, second_headers

    return second_headers.reorder(float_ids.unfloat(excel_cells.tidy(table)))  # Excel's empty unheaded columns, repeated headings, ="001" cells; `5001.0` ids


_NON_BLANK = re.compile(rb"[^\x00 \t\r\n]")
