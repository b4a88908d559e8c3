"""Sniffing a text file: its encoding, its delimiter and which row is its header.

- the encoding: UTF-8 (BOM or not), UTF-16 with a BOM (Excel's "Unicode text"), else chardet, trusted only for
  the Western code pages MSP tools write, with cp1252 as the fallback (it is what Excel on Windows writes);
- the delimiter among ``,`` ``;`` tab ``|`` from the consistency of field counts (and Excel's ``sep=`` line);
- the header row below title rows ("Time Entry Report", "Printed 2026-11-01"), by how many cells look like
  known column names (also used for workbooks).

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
import re
import threading
from collections import Counter
from collections.abc import Callable

import polars as pl

from moat.errors import FileRejected
from moat.ingest.table import EXTRA, UNDECODED

DELIMITERS = (",", ";", "\t", "|")
_WESTERN = {"ascii", "utf-8", "windows-1252", "cp1252", "iso-8859-1", "latin-1", "iso-8859-15", "windows-1250", "mac-roman"}
SAMPLE = 64 * 1024


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


# Bytes 0x80-0x9F that Mac Roman reads as accented letters (Ä Å Ç É Ñ Ö Ü á à â ä ã å ç é è ê ë í ì î ï ñ ó ò ô ö õ
# ú ù û ü) and cp1252 as symbols or rare letters (€ ƒ … † ‡ ˆ ‰ Š ‹ Œ Ž ˜ ™ š › œ ž Ÿ); cp1252's quotes and dashes
# (0x91-0x94, 0x96, 0x97: O’Brien) are left out, as both readings are plausible there.
_MAC_LETTERS = re.compile(rb"(?<=[A-Za-z])[\x80-\x90\x95\x98-\x9f]|[\x80-\x90\x95\x98-\x9f](?=[a-z])")
_CP1252_LETTERS = re.compile(rb"(?<=[A-Za-z])[\xc0-\xff]|[\xc0-\xff](?=[a-z])")


def _mac_roman(data: bytes) -> str | None:
    """The text of a Mac Roman file (Excel for Mac's "CSV (Macintosh)"), or None (h41 D23).

    Read as cp1252, its accented letters become "CafŽ MŸller", "ƒcole": symbols and rare letters inside words.
    It is Mac Roman when letters in words use only bytes that Mac Roman reads as common accented letters and
    cp1252 does not (0x80-0x9F) and none of the bytes cp1252 reads as accented letters (0xC0-0xFF) — or, with
    Excel for Mac's CR-only line ends, when the first kind clearly outnumbers the second."""
    mac = len(_MAC_LETTERS.findall(data))
    if not mac:
        return None
    cp = len(_CP1252_LETTERS.findall(data))
    cr_only = b"\r" in data and b"\n" not in data
    if cp and not (cr_only and mac > 3 * cp):
        return None
    return data.decode("mac_roman")


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
    sample = data[:SAMPLE]
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
    mac = _mac_roman(data)
    if mac is not None:
        return "mac-roman", mac, 0, 0
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


def utf8_sample(data: bytes) -> str | None:
    """The first 64 KiB decoded when the file starts as BOM-less UTF-8 (polars validates the rest as it reads)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:SAMPLE]:
        return None
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data[:SAMPLE], final=len(data) <= SAMPLE)
    except UnicodeDecodeError:
        return None


def mark_undecodable(rows: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """``UNDECODED`` = the reason on rows holding U+FFFD (bytes the decoder could not read with certainty), so the
    pipeline quarantines them; also applied to quarantined rows on retry, which must not load them garbled."""
    cols = [c for c in header if c in rows.columns] + ([EXTRA] if EXTRA in rows.columns else [])
    cols = [c for c in cols if rows.schema[c] == pl.Utf8]  # a heading may name a non-text column (e.g. the row number)
    if not cols:
        return rows
    # by position: a heading such as "*" or "^a.*$" would be a wildcard or a regex to pl.col
    bad = pl.any_horizontal([pl.nth(rows.columns.index(c)).str.contains("\ufffd", literal=True).fill_null(False)
                             for c in cols])
    return rows.with_columns(pl.when(bad).then(pl.lit(UNDECODABLE_REASON)).otherwise(None).cast(pl.Utf8).alias(UNDECODED))
