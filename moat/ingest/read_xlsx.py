"""Excel workbooks (.xlsx): bytes -> ``Table`` of the sheet that holds the data, cells as the text a CSV would hold.

The container is checked from the ZIP directory before openpyxl opens anything (``.xlsb``, ``.ods``, a plain ZIP
and zip bombs are refused); every sheet is read within one shared cell budget and the one whose header row has most
known column names (then most filled rows) is taken, unless ``--sheet`` names one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import polars as pl

from moat.errors import FileRejected
from moat.ingest import limits, sheet_kinds
from moat.ingest.limits import rejected, too_wide
from moat.ingest.sniff import find_header
from moat.ingest.table import ROW, Table, dedupe, drop_trailing_blank


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
    if isinstance(value, timedelta):  # a [h]:mm duration cell: hours past 24 stay hours ("26:15:00")
        seconds = round(value.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
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
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        sheets = list(wb.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise FileRejected(file_name, f"there is no sheet {sheet!r}", f"sheets are: {', '.join(sheets)}")
        # a hidden sheet is an old copy or a lookup kept out of sight: never data unless --sheet names it
        candidates = [sheet] if sheet else [n for n in sheets if getattr(wb[n], "sheet_state", "visible") == "visible"]
        if not sheets:
            raise rejected(file_name, "damaged workbook: it lists no worksheet that can be opened")
        if not candidates:
            raise FileRejected(file_name, "every sheet of the workbook is hidden",
                               f"name the sheet with the data: --sheet NAME (sheets: {', '.join(sheets)})")
        read: list[_Sheet] = []
        budget = [limits.MAX_XLSX_CELLS]  # shared by all sheets: fifty sheets may not hold fifty times the limit
        for name in candidates:
            read.append(_read_sheet(wb[name], name, archive, file_name, budget, is_known))
    except FileRejected:
        raise
    except Exception as err:  # a missing part or bad XML surfaces only while rows are read
        raise rejected(file_name, f"damaged workbook: {type(err).__name__}") from err
    finally:
        wb.close()
    best = max(read, key=lambda s: (s.score, s.filled))
    hidden = [n for n in sheets if n not in candidates and sheet is None]
    if not best.filled and hidden:
        raise FileRejected(file_name, f"the visible sheets hold no rows; hidden sheets are not read unless named: "
                           f"{', '.join(hidden)}", "name the sheet with the data: --sheet NAME")
    if not best.records:
        raise FileRejected(file_name, f"sheet {best.name!r} is empty", "choose the sheet with the data (--sheet NAME)")
    # sheets of the same columns (one per month, per client) are one dataset split up: load them all, in tab order;
    # a tab whose headings are the same in another order, or lack one of them, is the same table (h60 F11)
    best, same, notes = sheet_kinds.one_table(file_name, read, best, named=sheet is not None)  # h60 F11
    if len(same) > 1:
        same, dropped = _drop_consolidated(file_name, same)
        notes += dropped
    from moat.ingest import document_kinds

    credit_tabs = document_kinds.mixed_sheets(file_name, [s.name for s in same])  # h69 D10: credits never added as sales
    notes += [n for s in same for n in s.notes]
    for s in same:
        _check_formulas(file_name, s)
        _check_dates(file_name, s)
    header_idx = best.header_idx
    width = max(len(best.records[header_idx]), *(s.width for s in same))
    raw = [(best.records[header_idx][j] if j < len(best.records[header_idx]) else None) or "" for j in range(width)]
    keep = [j for j in range(width) if j not in _hidden_twins(raw, best.hidden_cols)]
    header = dedupe([raw[j] for j in keep])
    frames = []
    next_row = same[0].header_idx + 2
    labels = []
    for s in same:
        body = s.records[s.header_idx + 1:]
        frame = pl.DataFrame(
            {header[k]: [(r[j] if j < len(r) else None) for r in body] for k, j in enumerate(keep)},
            schema={h: pl.Utf8 for h in header},
        ).with_columns(pl.int_range(next_row, next_row + len(body), dtype=pl.Int64).alias(ROW))
        frame = drop_trailing_blank(frame)
        if len(same) > 1:
            first, last = s.header_idx + 2, s.header_idx + 1 + frame.height
            shown = f"rows {next_row}-{next_row + frame.height - 1}"
            labels.append(f"{s.name} ({shown}" + ("" if first == next_row else f" = its rows {first}-{last}") + ")")
        next_row += frame.height
        frames.append(frame)
    chosen = best.name if len(same) == 1 else " + ".join(labels)
    if credit_tabs:
        frames = [f.with_columns(pl.lit("credit" if s.name in credit_tabs else None, dtype=pl.Utf8).alias(document_kinds.SHEET_KIND))
                  for f, s in zip(frames, same, strict=True)]
    rows = frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical")
    hidden = [header[k] for k, j in enumerate(keep) if j in best.hidden_cols and raw[j].strip()]
    title = [" ".join(str(c).strip() for c in r if c is not None and str(c).strip()) for r in best.records[:header_idx]]
    return Table(file_name, "xlsx", header, rows, sheet=chosen, sheets=sheets, header_row=header_idx + 1, notes=notes,
                 title=[t for t in title if t], hidden_columns=hidden, loaded_sheets=[s.name for s in same])


_CONSOLIDATED_NAMES = re.compile(r"(?i)^\s*(?:all|total|totals|summary|overview|combined|ytd|year[ -]to[ -]date)\b")


def _body(s: _Sheet) -> Counter[tuple[str, ...]]:
    """The sheet's non-blank rows below its header, as a multiset (order does not matter, repeats do)."""
    out: Counter[tuple[str, ...]] = Counter()
    for rec in s.records[s.header_idx + 1:]:
        cells = [c or "" for c in rec]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out[tuple(cells)] += 1
    return out


def _drop_consolidated(file_name: str, same: list[_Sheet]) -> tuple[list[_Sheet], list[str]]:
    """Sheets of one header load together, except a sheet that repeats the others (an "All" or year-to-date tab
    kept beside the month tabs): loading it with them would count every row twice. A sheet whose rows are exactly
    the others' rows together is left out with a warning; a sheet named like a consolidation (All, Total, Summary)
    whose rows are not is refused, as only the user knows which sheets are the data."""
    bodies = {s.name: _body(s) for s in same}
    for s in reversed(same):  # a consolidated tab is usually the last (or first) one
        others: Counter[tuple[str, ...]] = Counter()
        for o in same:
            if o is not s:
                others.update(bodies[o.name])
        if bodies[s.name] == others:
            kept = [o for o in same if o is not s]
            return kept, [f"sheet {s.name!r} was not loaded: its {sum(others.values())} rows are exactly the rows of "
                          f"the other sheets ({', '.join(o.name for o in kept)}) together, and would count twice; "
                          f"to load only it, name it: --sheet {s.name!r}"]
    same, notes = _drop_copies(file_name, same, bodies)
    if notes:
        return same, notes
    named = [s.name for s in same if _CONSOLIDATED_NAMES.match(s.name)]
    if named:
        raise FileRejected(
            file_name, f"sheets {', '.join(repr(s.name) for s in same)} have the same columns and would load together, "
            f"but {named[0]!r} looks like a total of the others (its name) while its rows are not exactly theirs",
            f"name the sheet to load: --sheet NAME (e.g. --sheet {named[0]!r}), or load each month sheet with --sheet")
    return same, []


_COPY_NAME = re.compile(r"^(?P<base>.*?)\s*\((?P<n>\d+)\)\s*$")  # Excel names a copied tab "Mar 2026 (2)"


def _drop_copies(file_name: str, same: list[_Sheet], bodies: dict[str, Counter[tuple[str, ...]]]
                 ) -> tuple[list[_Sheet], list[str]]:
    """A copied worksheet (right-click > Move or Copy > Create a copy: Excel names it "<tab> (2)") beside its original
    would load every row of that tab twice. A sheet whose rows are exactly another sheet's rows is that sheet again
    whatever its name: it is left out (the first in tab order loads) and the report says so. A sheet named as a copy
    of another tab whose rows differ from it (a copy edited afterwards) is refused: only the user knows which of the
    two is the truth."""
    kept: list[_Sheet] = []
    notes: list[str] = []
    for s in same:
        twin = next((k for k in kept if bodies[k.name] == bodies[s.name]), None)
        if twin is not None and bodies[s.name]:
            notes.append(f"sheet {s.name!r} was not loaded: its {sum(bodies[s.name].values())} rows are exactly the rows "
                         f"of sheet {twin.name!r} (a copied sheet), and would count twice; to load only it, name it: "
                         f"--sheet {s.name!r}")
            continue
        kept.append(s)
    names = {" ".join(k.name.split()).casefold(): k.name for k in kept}
    for s in kept:
        m = _COPY_NAME.match(s.name)
        base = names.get(" ".join(m.group("base").split()).casefold()) if m else None
        if base is not None and base != s.name:
            raise FileRejected(
                file_name, f"sheets {base!r} and {s.name!r} have the same columns and would load together, but "
                f"{s.name!r} is named as a copy of {base!r} (Excel's name for a copied sheet) while its rows differ: "
                "loading both would count the rows they share twice; nothing was loaded",
                f"delete the sheet that is not the truth and load again, or name the one to load: --sheet {s.name!r} "
                f"(or --sheet {base!r})")
    return kept, notes


def _check_zip_sizes(file_name: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs from the ZIP directory alone, before openpyxl inflates anything."""
    total = sum(m.file_size for m in members)
    if total > limits.MAX_XLSX_INFLATED_BYTES:
        raise FileRejected(
            file_name,
            f"unpacks to {total / 2**20:,.0f} MB, more than the {limits.MAX_XLSX_INFLATED_BYTES // 2**20} MB an export is "
            "allowed (a zip bomb, or far more than one dataset)",
            "save the sheet with the data as CSV (UTF-8) and upload that",
        )
    for m in members:
        if m.file_size >= limits.RATIO_MIN_BYTES and m.file_size > limits.MAX_XLSX_RATIO * max(m.compress_size, 1):
            raise FileRejected(
                file_name,
                f"part {m.filename} inflates {m.file_size / max(m.compress_size, 1):,.0f}x (a real worksheet: under "
                f"{limits.MAX_XLSX_RATIO}x); it looks like a zip bomb and was not opened",
                "open it in Excel and save it as .xlsx or CSV (UTF-8), then upload again",
            )


# The currency an Excel number format shows: "[$€-407]" / "[$EUR]" (a locale currency), '"£"#,##0.00' (a literal).
_FORMAT_LOCALE = re.compile(r"\[\$([^\]\-]+)(?:-[0-9A-Fa-f]+)?\]")
_FORMAT_SYMBOL = re.compile(r"[€£¥₹]")
_FORMAT_SYMBOLS = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}


def format_currency(number_format: object) -> str | None:
    """ISO code of the currency a cell's number format displays (``'#,##0.00 [$€-407]'`` -> ``'EUR'``), else None.

    In a workbook the format is the only place the currency is written: a cell shown as "1.000,00 €" holds the bare
    number 1000. Dollar formats give None (a "$" is read as it is in CSV text: the base currency)."""
    if not isinstance(number_format, str) or number_format in ("General", "@"):
        return None
    fmt = number_format.split(";")[0]
    m = _FORMAT_LOCALE.search(fmt)
    if m:
        token = m.group(1).strip()
        if token in _FORMAT_SYMBOLS:
            return _FORMAT_SYMBOLS[token]
        if token.rstrip(".").lower() == "kr":  # the format's locale says whose krone: Danish 406, Swedish 41D, Norwegian 414/814
            lcid = m.group(0).rstrip("]").rpartition("-")[2].upper()
            return {"406": "DKK", "41D": "SEK", "414": "NOK", "814": "NOK"}.get(lcid, "kr")
        if re.fullmatch(r"[A-Z]{3}", token) and token != "USD":
            return token
        return dollar_locale(token, m.group(0))
    s = _FORMAT_SYMBOL.search(fmt)  # quoted ('"£"') or escaped ('\\£'), a literal is shown as written
    return _FORMAT_SYMBOLS[s.group(0)] if s else None


# h69 D11: Excel's Currency list writes a dollar of another country as `[$$-<LCID>]` (Australia C09); the LCID says
# whose dollar, as a krone's does. en-US (409) and a bare `$` stay the base dollar, as `$` in CSV text is.
_DOLLAR_LCID = {"C09": "AUD", "1409": "NZD", "1009": "CAD", "C0C": "CAD", "4809": "SGD", "3C09": "HKD", "C04": "HKD",
                "80A": "MXN", "404": "TWD", "2C0A": "ARS", "340A": "CLP", "240A": "COP", "2009": "JMD", "416": "BRL"}
_DOLLAR_SYMBOLS = {"A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "C$": "CAD", "CA$": "CAD", "CAN$": "CAD", "S$": "SGD",
                   "HK$": "HKD", "NT$": "TWD", "R$": "BRL", "MX$": "MXN"}


def dollar_locale(token: str, tag: str) -> str | None:
    """The currency of a `[$$-C09]` / `[$A$-C09]` format: the dollar of the tag's locale, else None (the base dollar)."""
    if token in _DOLLAR_SYMBOLS:
        return _DOLLAR_SYMBOLS[token]
    if token != "$":
        return None
    return _DOLLAR_LCID.get(tag.rstrip("]").rpartition("-")[2].upper().lstrip("0") if "-" in tag else "")


def _with_currency(text: str | None, value: object, number_format: object) -> str | None:
    """A number cell formatted as a foreign currency gets the code written after it ("1000 EUR"), as a CSV export
    that showed the currency would: the amount is then read, and held back for a rate, exactly as that text is."""
    if text is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return text
    code = format_currency(number_format)
    return f"{text} {code}" if code else text


_TEXT_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")


def _sheet_records(ws: object, file_name: str = "", budget: list[int] | None = None,
                   kinds: dict[int, list[tuple[int, str]]] | None = None) -> list[list[str | None]]:
    """All rows of a sheet as text, stopping after a long run of empty rows (formatted-but-empty ranges).

    Bounded: a row wider than ``limits.MAX_COLUMNS`` or more than ``budget[0]`` cells (``limits.MAX_XLSX_CELLS`` when not
    given; decremented, so sheets can share one budget) raise ``FileRejected``. ``max_col`` caps openpyxl's
    padding of every row to the declared dimension, which a hostile file can set to column XFD (16,384)."""
    budget = budget if budget is not None else [limits.MAX_XLSX_CELLS]
    records: list[list[str | None]] = []
    blank_run = 0
    declared = getattr(ws, "max_column", None)
    max_col = limits.MAX_COLUMNS + 1 if isinstance(declared, int) and declared > limits.MAX_COLUMNS + 1 else None
    for cell_row in ws.iter_rows(max_col=max_col):  # type: ignore[attr-defined]
        row = tuple(getattr(c, "value", None) for c in cell_row)
        if len(row) > limits.MAX_COLUMNS and any(v is not None and v != "" for v in row[limits.MAX_COLUMNS:]):
            raise too_wide(file_name, declared if max_col is not None else len(row))  # type: ignore[arg-type]
        cells = [_with_currency(_cell_text(v), v, getattr(c, "number_format", None))
                 for v, c in zip(row[:limits.MAX_COLUMNS], cell_row, strict=False)]
        if kinds is not None:  # per column: the first real date cell and the first text date that only reads day-first
            for j, v in enumerate(row[:limits.MAX_COLUMNS]):
                if isinstance(v, (date, datetime)) and 2 * j not in kinds:
                    kinds[2 * j] = [(len(records), cells[j] or "")]
                elif (isinstance(v, str) and 2 * j + 1 not in kinds and (m := _TEXT_DAY_FIRST.match(v))
                      and int(m.group(1)) > 12 >= int(m.group(2))):
                    kinds[2 * j + 1] = [(len(records), v.strip())]
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        budget[0] -= len(cells)
        if budget[0] < 0:
            raise FileRejected(
                file_name, f"holds more than {limits.MAX_XLSX_CELLS:,} cells, too many to read from a workbook",
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


@dataclass
class _Sheet:
    """One visible sheet as read: its rows as text and what of its layout decides how the rows are read."""

    name: str
    records: list[list[str | None]]
    header_idx: int
    score: int  # known column names in the header row
    filled: int  # non-empty rows below the header
    header_key: tuple[str, ...]  # the header row, case and spaces folded: sheets with the same key are one dataset
    hidden_cols: set[int] = field(default_factory=set)
    blank_formulas: list[str] = field(default_factory=list)  # cells (e.g. "D2") holding a formula without a saved value
    # columns whose text dates read only day-first beside real date cells: (header, (row, text), (row, date))
    swapped_dates: list[tuple[str, tuple[int, str], tuple[int, str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the report must say about this sheet's rows

    @property
    def width(self) -> int:
        return max([len(r) for r in self.records] + [0])


_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b[^>]*>\s*[^<\s]")


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _read_sheet(ws: object, name: str, archive: zipfile.ZipFile, file_name: str, budget: list[int],
                is_known: Callable[[str], bool]) -> _Sheet:
    """Rows of one sheet, with vertically merged cells below the header filled down (Excel shows the merged value
    on every row of the merge; openpyxl gives it to the first row only) and the sheet's hidden columns noted."""
    kinds: dict[int, list[tuple[int, str]]] = {}
    records = _sheet_records(ws, file_name, budget, kinds)
    xml = b""
    path = getattr(ws, "_worksheet_path", None)
    if isinstance(path, str) and path.lstrip("/") in archive.namelist():
        xml = archive.read(path.lstrip("/"))
    head = [[c or "" for c in rec] for rec in records[:30]]
    idx = find_header(head, is_known)
    cut = xml.find(b"<sheetData") if xml else -1
    hidden: set[int] = set()
    for m in _COL.finditer(xml, 0, cut if cut >= 0 else len(xml)):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true"):
            lo, hi = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0"))
            hidden.update(range(lo - 1, min(hi, limits.MAX_COLUMNS)))
    for m in _MERGE.finditer(xml):
        c0, r0, r1 = _col_index(m.group(1)), int(m.group(2)) - 1, int(m.group(4)) - 1
        if r1 <= r0 or r0 <= idx or r0 >= len(records) or c0 >= len(records[r0]):
            continue  # a merge across columns only, or over the header / title rows: nothing to fill down
        top = records[r0][c0]
        for r in range(r0 + 1, min(r1, len(records) - 1) + 1):
            row = records[r]
            row.extend([None] * (c0 + 1 - len(row)))
            if row[c0] in (None, ""):
                row[c0] = top
    notes = _hidden_rows(xml, name, records, idx)
    blank: list[str] = []
    if b"<f" in xml or b":f" in xml:
        for m in _CELL.finditer(xml, max(cut, 0)):
            body = m.group(2)
            if (b"<f" in body or b":f" in body) and not _VALUE.search(body):
                ref = _REF.search(m.group(1))
                if ref and int(ref.group(2)) - 1 > idx:
                    blank.append((ref.group(1) + ref.group(2)).decode())
    header = records[idx] if records else []
    score = sum(1 for c in header if c and is_known(c))
    filled = sum(1 for rec in records[idx + 1:] if any(c for c in rec))
    key = tuple(" ".join((c or "").split()).casefold() for c in header)
    while key and not key[-1]:
        key = key[:-1]
    swapped = []
    for j in range(len(header)):
        dated, text = kinds.get(2 * j), kinds.get(2 * j + 1)
        if dated and text and dated[0][0] > idx and text[0][0] > idx:
            swapped.append((header[j] or f"column {j + 1}", text[0], dated[0]))
    return _Sheet(name, records, idx, score, filled, key, hidden, blank, swapped, notes)


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_AUTO_FILTER = re.compile(rb"<(?:\w+:)?autoFilter\b")


def _hidden_rows(xml: bytes, name: str, records: list[list[str | None]], idx: int) -> list[str]:
    """Data rows hidden in the sheet. Rows a filter hid (the sheet has an auto-filter) are what the user filtered
    out of what they saw: they are not loaded (emptied here), and the report says how many. Rows hidden by hand or in
    a collapsed outline group are loaded, and the report names them, so a total is never silently other than the
    sheet shows."""
    if b"hidden" not in xml:
        return []
    rows = []
    for m in _ROW_TAG.finditer(xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true") and attrs.get(b"r", b"").isdigit():
            r = int(attrs[b"r"]) - 1
            if idx < r < len(records) and any(c not in (None, "") for c in records[r]):
                rows.append(r)
    if not rows:
        return []
    shown = ", ".join(str(r + 1) for r in rows[:10]) + (", ..." if len(rows) > 10 else "")
    if _AUTO_FILTER.search(xml):
        for r in rows:
            records[r] = []
        return [f"sheet {name!r}: {len(rows)} row(s) hidden by the sheet's filter were not loaded (row(s) {shown}): "
                "what the filter shows is what loads; to load them, clear the filter in Excel, save, and load again"]
    return [f"sheet {name!r}: {len(rows)} hidden row(s) were loaded (row(s) {shown}), though Excel does not show them: "
            "if they are not data, delete them and load again"]


def _hidden_twins(raw_header: list[str], hidden: set[int]) -> set[int]:
    """Hidden columns whose header a visible column repeats: the visible one is what the person sees and checked
    (an old column hidden beside its corrected copy), so the hidden twin is not read."""
    fold = [" ".join(h.split()).casefold() for h in raw_header]
    visible = {fold[j] for j in range(len(fold)) if j not in hidden and fold[j]}
    return {j for j in hidden if j < len(fold) and fold[j] and fold[j] in visible}


def _check_dates(file_name: str, sheet: _Sheet) -> None:
    """A day-first CSV opened by Excel with month-first settings: the dates Excel could read month-first (05/02/2026)
    became date cells with day and month swapped (May 2), the others (13/01/2026) stayed text. Both kinds in one
    column prove it; the date cells cannot be told apart from true dates afterwards, so the file is refused."""
    if sheet.swapped_dates:
        col, (trow, text), (drow, when) = sheet.swapped_dates[0]
        raise FileRejected(
            file_name,
            f"column {col!r} of sheet {sheet.name!r} mixes dates kept as text that only read day-first ({text}, row "
            f"{trow + 1}) with date cells ({when}, row {drow + 1}): the file looks like a day-first CSV opened by Excel "
            "with month-first settings, which swapped day and month on every date it could convert",
            "load the original CSV instead, with --dayfirst (or open it in Excel through Data > From Text/CSV with a "
            "day-first locale, then save it as .xlsx)",
        )


def _check_formulas(file_name: str, sheet: _Sheet) -> None:
    """Formula cells saved without their result read as empty: refuse rather than load blanks or quarantine rows
    for a reason the person cannot see (Excel shows the computed value)."""
    if sheet.blank_formulas:
        cells = sheet.blank_formulas
        raise FileRejected(
            file_name,
            f"sheet {sheet.name!r} has {len(cells):,} formula cell{'s' if len(cells) != 1 else ''} without a saved value "
            f"(e.g. {', '.join(cells[:5])}): the workbook was written by a program that does not calculate formulas, "
            "so those cells would read as empty",
            "open the workbook in Excel (or LibreOffice) and save it, which stores the values, then upload again "
            "(or export the report as values / CSV)",
        )
