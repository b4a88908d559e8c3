"""The ingestion pipeline: bytes -> read -> map -> parse -> validate -> resolve names -> keys -> one commit.

``prepare`` does everything except writing, so the Upload page can show the detected dataset, the preview, the
quality report and the quarantine *before* the analyst commits; ``commit_prepared`` hands the result to
``moat.snapshots.commit`` (one transaction). ``ingest_bytes`` is both, for the CLI.

Counting rule (tested on every fixture): rows_read = rows_loaded + rows_quarantined + rows_skipped, where
rows_read counts every row of the data region below the header (trailing empty lines are the end of the file,
not rows), and skipped rows are blank rows, "Total"/"Subtotal" rows and the one-cell notes after the last total,
each reported with its row number. Every other row either loads or lands in the quarantine with a reason.

Row numbers are as a spreadsheet shows the file: the header is row N (title rows above it count), data follows.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from moat.datasets import KEY_COLUMNS, get
from moat.db import Connection, scalar
from moat.errors import FileRejected
from moat.governance.permissions import User, require
from moat.ingest import mapping, phases, quality, readers
from moat.ingest.readers import ROW
from moat.ingest.recognition import Recognised  # re-exported: pipeline.Recognised
from moat.snapshots import FX_COLUMNS, STORED_SOMETHING, AlreadyLoaded, Commit, commit, file_sha256

IDX, REJECT, INTERNAL = phases.IDX, phases.REJECT, phases.INTERNAL
ERROR_LIMIT = 1000
DateOrderAmbiguous = phases.DateOrderAmbiguous


@dataclass
class Options:
    dataset: str | None = None
    profile: mapping.Profile | None = None
    dayfirst: bool | None = None  # None: decide from the data (or the profile)
    sheet: str | None = None
    replace_range: tuple[date, date] | None = None
    base_currency: str = "USD"
    today: date | None = None  # for the sane-date window (tests pin it)
    source: str | None = None  # a declared source id: skip recognition (`--source`)
    client: str | None = None  # the client of a per-tenant file (`--client`)
    lookups: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes) of `--lookup` files
    own_company: str = ""  # the MSP's own company: its time is internal overhead
    confirm_new_names: bool = False  # rows naming new clients/technicians wait in the quarantine


@dataclass
class Prepared:
    """Everything known about a file before it is committed (what the Upload page shows)."""

    file_name: str
    sha256: str
    kind: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: list[str]
    header: list[str]
    header_row: int
    dataset: str
    columns: dict[str, str]
    unmapped: list[str]
    date_order: str | None
    decimal_comma: bool
    rows: pl.DataFrame
    quarantine: pl.DataFrame
    skipped: list[dict[str, Any]]
    warnings: list[str]
    rows_read: int
    quality: dict[str, Any]
    constants: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    recognised: Recognised | None = None
    new_names: dict[str, list[str]] = field(default_factory=dict)  # kind -> names never seen before
    fields_kept: list[str] = field(default_factory=list)  # master-data fields the file lacks: current values kept

    @property
    def rows_skipped(self) -> int:
        return len(self.skipped)

    def details(self) -> dict[str, Any]:
        """What a snapshot records about its file, including the mapping a retry re-applies."""
        return {
            "kind": self.kind, "encoding": self.encoding, "delimiter": self.delimiter, "sheet": self.sheet,
            "header_row": self.header_row, "columns": self.columns, "constants": self.constants,
            "date_order": self.date_order, "decimal_comma": self.decimal_comma, "rows_skipped": self.rows_skipped,
            "skipped": self.skipped[:200], "warnings": self.warnings, "quality": self.quality, **self.source_report(),
        }

    def merged_counts(self) -> tuple[int, int]:
        """File rows counted into another row (users into a product's seats): they load or wait with that row."""
        merged = self.recognised.merged if self.recognised else []
        if not merged:
            return 0, 0
        loaded = set(self.rows["source_row"].to_list())
        into_loaded = sum(1 for rep, _ in merged if rep in loaded)
        return into_loaded, len(merged) - into_loaded

    def source_report(self) -> dict[str, Any]:
        r = self.recognised
        return {"source": r.source if r else None, "source_name": r.source_name if r else None,
                "source_confidence": r.confidence if r else None, "source_columns": dict(r.columns) if r else {},
                "row_rules": dict(r.rules) if r else {}}

    def totals(self) -> dict[str, Any]:
        """Sums of the rows that load (what the numbers will be built from), money and hours as 2-decimal strings."""
        from moat.ingest.totals import totals

        return totals(self.dataset, self.rows)

    def errors(self, limit: int = ERROR_LIMIT) -> list[dict[str, Any]]:
        q = self.quarantine.head(limit)
        return [
            {"row": r["row_number"], "column": r["column_name"], "value": r["value"], "reason": r["reason"]}
            for r in q.select("row_number", "column_name", "value", "reason").iter_rows(named=True)
        ]

    def report(self, snapshot_id: int | None = None, already_loaded: bool = False) -> dict[str, Any]:
        """The per-file JSON of ``moat ingest --json``."""
        into_loaded, into_quarantined = self.merged_counts()
        loaded = 0 if already_loaded else self.rows.height + into_loaded
        quarantined = 0 if already_loaded else self.quarantine.height + into_quarantined
        return {
            "file": self.file_name, "dataset": self.dataset, "encoding": self.encoding,
            "delimiter": self.delimiter, "sheet": self.sheet, "date_order": self.date_order,
            "rows_read": self.rows_read, "rows_loaded": loaded, "rows_quarantined": quarantined,
            "rows_skipped": self.rows_skipped, "quality_score": self.quality["score"], "quality": self.quality,
            "snapshot_id": snapshot_id, "already_loaded": already_loaded, "warnings": self.warnings,
            "errors": [] if already_loaded else self.errors(), "errors_total": 0 if already_loaded else self.quarantine.height,
            **self.source_report(), "totals": self.totals(), "new_clients": self.new_names.get("client", []),
            "new_technicians": self.new_names.get("technician", []), "fields_kept": self.fields_kept,
        }

    def preview(self, n: int = 20) -> pl.DataFrame:
        fields = [f for f in get(self.dataset).field_names if f in self.rows.columns]
        return self.rows.select(["source_row", *fields]).head(n)


def read_table(data: bytes, file_name: str, options: Options) -> readers.Table:
    profile_headers = set(options.profile.columns) if options.profile else set()
    sheet = options.sheet or (options.profile.sheet if options.profile else None)
    return readers.read(data, file_name, sheet=sheet,
                        is_known=lambda cell: cell in profile_headers or mapping.is_known_header(cell))


def prepare(con: Connection, user: User, data: bytes, file_name: str, options: Options | None = None,
            sha256: str | None = None) -> Prepared:
    """Read, map, parse, validate and resolve one file without writing anything.

    The file's SHA-256 (what ``already_loaded`` looks up) is computed on a thread of its own while the file is read
    and parsed (hashlib releases the GIL): a 100 MB export takes 0.1-0.3 s to hash, which no longer adds up."""
    require(user, "upload")
    _import_pyarrow_early()
    options = options or Options()
    name = Path(file_name).name
    hashing = None
    if sha256 is None:
        hashing = ThreadPoolExecutor(1, thread_name_prefix="moat-sha256")
        digest = hashing.submit(file_sha256, data)
    try:
        clock = _Clock()
        table = read_table(data, name, options)
        clock.lap("read")
        from moat.ingest.recognition import recognise_table

        table, det, recognised = recognise_table(con, table, options, data)
        clock.lap("recognise")
        prepared = process(con, table, det, options, sha256=sha256 or "", recognised=recognised)
        prepared.timings = {**clock.laps, **prepared.timings}
        if hashing is not None:
            started = time.perf_counter()
            prepared.sha256 = digest.result()
            prepared.timings["hash_wait"] = round(time.perf_counter() - started, 4)  # the hash outlasting the parse
        return prepared
    finally:
        if hashing is not None:
            hashing.shutdown(wait=False, cancel_futures=True)


@functools.cache
def _import_pyarrow_early() -> None:
    """Import pyarrow on a thread while the file is read (once per process). The commit hands the rows to DuckDB as
    Arrow, and importing pyarrow there took 0.3 s of wall time (0.07 s of CPU: mostly waiting for its libraries
    to load) after everything else was done; started here it overlaps the CSV parse."""
    def load() -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError:  # the commit reports it, where it is needed
            pass

    threading.Thread(target=load, name="moat-pyarrow-import", daemon=True).start()


_skip_flags = phases.skip_flags  # shaping finds blank/total rows on a file's own columns with the same rule


class _Clock:
    """Seconds per pipeline stage (kept on the Prepared result for the benchmark and the log)."""

    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.t, 4)
        self.t = now


def process(con: Connection, table: readers.Table, det: mapping.Detection, options: Options, *, sha256: str,
            recognised: Recognised | None = None) -> Prepared:
    """The phases of ``moat.ingest.phases`` in order, each handing the next its typed result."""
    clock = _Clock()
    warnings: list[str] = list(recognised.warnings) if recognised else []
    rows = phases.skip_rows(table, det, recognised.skipped if recognised else [], warnings)
    clock.lap("skip")
    cols = phases.columns(rows, det, options, table.file_name, table.delimiter == ";")
    clock.lap("setup")
    work = phases.parse(rows.work, cols)
    clock.lap("parse")
    typed = phases.derive(work, cols, options, warnings)
    clock.lap("derive")
    checked = phases.validate(con, typed, cols, options)
    clock.lap("validate")
    named = phases.names(con, checked, cols, options, warnings)
    clock.lap("names")
    keyed = phases.keys(con, named, checked, cols, typed.base, typed.work, warnings)
    clock.lap("keys")
    kept_rows, kept = phases.keep_current(con, keyed.loaded, cols, warnings)
    keyed.loaded = kept_rows
    phases.notes(keyed.loaded, typed.work, cols, warnings)
    clock.lap("warnings")
    bad = phases.quarantine_frame(typed.work, keyed.errors, table.header, cols.source, table.file_name)
    rows_out = keyed.loaded.rename({ROW: "source_row"}).drop(IDX)
    d = cols.dataset
    keep = ["source_row", "row_key", *KEY_COLUMNS[d.name], *d.field_names, *(FX_COLUMNS[d.name] if "fx_rate" in rows_out.columns else ())]
    rows_out = rows_out.select([c for c in keep if c in rows_out.columns])
    clock.lap("quarantine")
    scored = quality.score(typed.work, cols.source, d.field_names, n=typed.work.height, value_err=checked.value_err_rows,
                           name_err=sum(f.height for f in named.errors), name_total=named.rows_with_names, dup=keyed.duplicates)
    clock.lap("quality")
    return Prepared(
        file_name=table.file_name, sha256=sha256, kind=table.kind, encoding=table.encoding, delimiter=table.delimiter,
        sheet=table.sheet, sheets=table.sheets, header=table.header, header_row=table.header_row, dataset=d.name,
        columns=det.columns, unmapped=det.unmapped, date_order=cols.date_order, decimal_comma=cols.decimal_comma,
        rows=rows_out if rows_out["source_row"].is_sorted() else rows_out.sort("source_row"), quarantine=bad,
        skipped=sorted(rows.skipped + keyed.summed, key=lambda s: s["row"]), warnings=warnings,
        rows_read=recognised.rows_read if recognised and recognised.rows_read is not None else table.rows.height, quality=scored,
        constants=cols.constants, timings=clock.laps, recognised=recognised, new_names=named.new_names, fields_kept=kept,
    )


# --- commit ----------------------------------------------------------------------------------------------------


def already_loaded(con: Connection, sha256: str) -> int | None:
    """The active snapshot that holds these bytes. A load that stored nothing (every row skipped, e.g. a seat report
    read before the billing lines it updates) does not count: the same file must apply once those lines exist."""
    return scalar(con, "SELECT snapshot_id FROM snapshots WHERE sha256 = ? AND status = 'active' "
                       f"AND {STORED_SOMETHING} ORDER BY snapshot_id LIMIT 1", [sha256])


def commit_prepared(con: Connection, user: User, prepared: Prepared, replace_range: tuple[date, date] | None = None) -> Commit:
    """Store a prepared file as one snapshot (one transaction; raises ``AlreadyLoaded`` for the same bytes)."""
    require(user, "upload")
    details = prepared.details()
    details["dataset_columns"] = list(prepared.rows.columns)
    return commit(
        con, user, prepared.dataset, prepared.rows, file_name=prepared.file_name, sha256=prepared.sha256,
        rows_read=prepared.rows_read, quarantine=prepared.quarantine, quality_score=prepared.quality["score"],
        replace_range=replace_range, details=json.loads(json.dumps(details, default=str)),
    )


def ingest_bytes(con: Connection, user: User, data: bytes, file_name: str, options: Options | None = None) -> dict[str, Any]:
    """Prepare and commit one file; returns its report (``already_loaded`` when the same bytes were loaded)."""
    return _ingest(con, user, [data], file_name, options)


def _ingest(con: Connection, user: User, held: list[bytes], file_name: str, options: Options | None) -> dict[str, Any]:
    """``ingest_bytes`` on bytes handed over in ``held``: they are let go once the file is prepared, so a
    million-row export's 100+ MB are not held while DuckDB stores its rows (the load's peak memory)."""
    require(user, "upload")
    options = options or Options()
    prepared = prepare(con, user, held.pop(), file_name, options)  # hashes the bytes while it reads them
    existing = already_loaded(con, prepared.sha256)
    if existing is not None:
        return prepared.report(existing, already_loaded=True)
    try:
        done = commit_prepared(con, user, prepared, options.replace_range)
    except AlreadyLoaded as err:
        return prepared.report(err.snapshot_id, already_loaded=True)
    return prepared.report(done.snapshot_id)


def ingest_path(con: Connection, user: User, path: str | Path, options: Options | None = None) -> dict[str, Any]:
    path = Path(path)
    try:
        held = [readers.read_file(path)]  # size and line limits checked while it streams in: one pass
    except OSError as err:
        raise FileRejected(str(path), f"cannot open the file: {err.strerror or err}", "check the path") from err
    return _ingest(con, user, held, path.name, options)
