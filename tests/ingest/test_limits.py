"""The reader's limits on hostile files: each refused early with a FileRejected that says what to do."""

from __future__ import annotations

import io
import zipfile

import pytest

from moat.errors import FileRejected
from moat.ingest import limits, readers  # the limits live in moat.ingest.limits (readers re-exports them)
from tests.hardening import hostile_corpus as hc


def _workbook(sheet_xml: bytes) -> bytes:
    members = hc._xlsx_members("")
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    return hc._zip(members)


def test_csv_wider_than_the_limit_is_refused_and_the_limit_itself_is_read() -> None:
    at_limit = hc._csv(hc._rows(3, "W", notes="x" + ",y" * (readers.MAX_COLUMNS - 8)),
                       hc.HEADER + "".join(f",extra_{i}" for i in range(readers.MAX_COLUMNS - 8)))
    table = readers.read(at_limit, "w.csv")
    assert len(table.header) == readers.MAX_COLUMNS and table.rows.height == 3
    over = at_limit.replace(b"extra_0,", b"extra_0,one_more,", 1).replace(b",x,", b",x,z,")
    with pytest.raises(FileRejected, match=r"(?s)has 1,001 columns .*check the delimiter"):
        readers.read(over, "w.csv")


def test_one_enormous_line_is_refused_from_the_sample() -> None:
    with pytest.raises(FileRejected, match=r"has at least 32,769 columns"):
        readers.read(b"a," * 2_000_000, "line.csv")


def test_unclosed_quote_over_the_field_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FIELD_BYTES", 1000)
    data = ("entry_id,notes\nA-1,\"" + "x" * 5000 + "\n").encode("cp1252") + b"\xe9"  # not UTF-8: tolerant reader
    with pytest.raises(FileRejected, match="(?s)single field is longer.*unclosed quote"):
        readers.read(data, "q.csv")


def test_zip_bomb_refused_by_declared_size_and_by_ratio() -> None:
    head = (hc.SHEET_HEAD + hc.SHEET_OPEN + hc._inline_row(1, hc.HEADER.split(","))).encode()
    ratio_bomb = _workbook(head + b" " * (20 << 20) + hc.SHEET_CLOSE.encode())  # 20 MB of blanks: ~1000x
    with pytest.raises(FileRejected, match=r"(?s)sheet1\.xml inflates [\d,]+x .*zip bomb"):
        readers.read(ratio_bomb, "bomb.xlsx")
    sizes = zipfile.ZipFile(io.BytesIO(hc._zip_bomb())).infolist()
    assert sum(m.file_size for m in sizes) > readers.MAX_XLSX_INFLATED_BYTES
    with pytest.raises(FileRejected, match=r"unpacks to 1,024 MB, more than the 256 MB"):
        readers.read(hc._zip_bomb(), "bomb.xlsx")


def test_workbook_without_its_sheet_part_is_refused_not_asserted() -> None:
    members = {k: v for k, v in hc._xlsx_members("").items() if k != "xl/worksheets/sheet1.xml"}
    with pytest.raises(FileRejected, match=r"cannot read: save as \.xlsx or CSV \(damaged workbook"):
        readers.read(hc._zip(members), "missing.xlsx")


def test_workbook_cell_budget_and_width(monkeypatch: pytest.MonkeyPatch) -> None:
    table = hc._valid_table()  # 21 rows x 8 cells = 168 cells
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 168)
    assert readers.read(hc._xlsx(table), "ok.xlsx").rows.height == 20
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 167)
    with pytest.raises(FileRejected, match="(?s)more than 167 cells.*CSV"):
        readers.read(hc._xlsx(table), "big.xlsx")
    monkeypatch.setattr(limits, "MAX_COLUMNS", 5)
    with pytest.raises(FileRejected, match="has 8 columns"):
        readers.read(hc._xlsx(table), "wide.xlsx")


# --- issue 18 point 9: uploads in bounded memory, short messages ---------------------------------------------------

# VmHWM is this program's own high-water mark; ru_maxrss would also carry the forking test worker's RSS across exec
# (a worker at 1.4 GB after many tests made this check fail in a full run).
PEAK_RSS_CHILD = r"""
import runpy, sys
sys.argv = ["moat", *sys.argv[1:]]
try:
    runpy.run_module("moat", run_name="__main__")
finally:
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    sys.stderr.write("\nPEAK_RSS_KB=%d\n" % int(hwm.split()[1]))
"""


def test_200_mb_single_line_file_is_refused_while_streaming_in_bounded_memory(tmp_path) -> None:
    """The reproduction of issue 18 point 9: a 200 MB file with no line break took 4 GB before its refusal and the
    message repeated the whole line. Now the CLI refuses it after reading MAX_LINE_BYTES of it: peak memory of the
    whole `moat ingest` process stays far below the file's size, and the message quotes a short excerpt."""
    import os
    import subprocess
    import sys

    big = tmp_path / "one_line.csv"
    with big.open("wb") as fh:
        fh.write(b"Member")
        for _ in range(200):
            fh.write(b"y" * (1 << 20))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
    done = subprocess.run([sys.executable, "-c", PEAK_RSS_CHILD, "--db", str(tmp_path / "m.duckdb"), "ingest", str(big), "--json"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 2, done.stderr[-2000:]
    peak_mb = int(done.stderr.rsplit("PEAK_RSS_KB=", 1)[1].split()[0]) / 1024
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB for a 200 MB file"  # measured 131 MB; the old code: 3,160 MB
    assert len(done.stdout) < 2000, f"{len(done.stdout):,} characters of output"
    assert "line 1 is longer than 4 MB" in done.stdout and "'Memberyyyy" in done.stdout


def test_long_line_in_bytes_is_refused_before_decoding_with_an_excerpt() -> None:
    data = b"Member,Company\n" + b"z" * (readers.MAX_LINE_BYTES + 10) + b"\nA,B\n"
    with pytest.raises(FileRejected) as info:
        readers.read(data, "long.csv")
    message = str(info.value)
    assert "line 2 is longer than 4 MB" in message and len(message) < 600
    assert "'" + "z" * readers.EXCERPT_CHARS + "…'" in message


def test_streaming_line_check_counts_lines_across_chunks_and_passes_long_files(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check_file reads 1 MiB chunks: lines straddling chunk borders must not be mistaken for long lines, and the
    refused line is named by its number."""
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 1000)
    ok = tmp_path / "ok.csv"
    ok.write_bytes(b"".join(b"%06d," % i + b"x" * 990 + b"\n" for i in range(3000)))  # 3 MB of 998-byte lines
    readers.check_file(ok)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(ok.read_bytes()[: 998 * 2500] + b"q" * 5000 + b"\n" + b"tail\n")
    with pytest.raises(FileRejected, match=r"line 2,501 is longer than 0 MB \(it starts 'qqqq"):
        readers.check_file(bad)
    crlf = tmp_path / "crlf.csv"
    crlf.write_bytes(b"".join(b"row %d,x\r\n" % i for i in range(200_000)))
    readers.check_file(crlf)


def test_file_over_the_size_limit_is_refused_from_its_size(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_bytes(b"Member,Company\n" + b"A,B\n" * 300)
    with pytest.raises(FileRejected, match="more than the 0 MB one upload may be"):
        readers.check_file(path)
    with pytest.raises(FileRejected, match="export a shorter period"):
        readers.read(path.read_bytes(), "big.csv")


def test_heading_longer_than_the_limit_is_refused_with_an_excerpt() -> None:
    """A 20 MB header once became a 20 MB error message (every message that names the columns repeats them)."""
    head = "Company," + "H" * 100_000 + ",Hours\n"
    with pytest.raises(FileRejected) as info:
        readers.read((head + "Acme,x,1\n").encode(), "h.csv")
    message = str(info.value)
    assert "column 2 of the header row is 100,000 characters long" in message and len(message) < 600


def test_unclosed_quote_on_the_fast_utf8_path_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Big UTF-8 files are parsed by polars, which has no field limit of its own: the field cap is checked after."""
    monkeypatch.setattr(limits, "MAX_FIELD_BYTES", 1000)
    rows = "".join(f"A-{i},note {i}\n" for i in range(8000))  # > 64 KiB: the fast path
    data = ("entry_id,notes\n" + rows + 'A-x,"' + "x" * 3000 + "\nA-y,after\n").encode()
    with pytest.raises(FileRejected, match="(?s)single field is longer than 0 MB.*unclosed quote"):
        readers.read(data, "q.csv")
