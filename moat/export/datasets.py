"""Whole-dataset exports of the current data: Parquet for other tools, CSV/Excel that load straight back in.

Parquet files keep every stored column (snapshot id, natural key, resolved keys, source row) so another tool —
pandas, Spark, a BI server reading object storage — can trace each row to its upload, exactly as our own
results do. CSV/Excel files hold only the canonical fields of ``moat.datasets`` with exact decimals, so
``moat ingest`` reads them back without a mapping file and the metrics come out the same.

A ``manifest.json`` beside the files says what was exported, from which data version, by whom.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from moat.datasets import DATASETS, get
from moat.db import Connection, current_version, frame
from moat.errors import MoatError
from moat.export.tables import check_export, record, render
from moat.governance.permissions import User
from moat.snapshots import data_version

DATASET_FORMATS = ("parquet", "csv", "xlsx")


def current_rows(con: Connection, dataset: str, *, canonical: bool) -> pl.DataFrame:
    """The current rows of ``dataset``: canonical fields only, or every stored column but ``is_current``."""
    d = get(dataset)  # the table name comes from this allow-list only
    if canonical:
        columns = ", ".join(d.field_names)
    else:
        columns = "* EXCLUDE (is_current)"
    order = "snapshot_id, source_row" if not canonical else "snapshot_id, source_row, row_key"
    return frame(con, f"SELECT {columns} FROM cur_{dataset} ORDER BY {order}")


def export_datasets(
    con: Connection, user: User, directory: str | Path, fmt: str = "parquet", datasets: list[str] | None = None,
) -> list[Path]:
    """Write one file per dataset (+ ``manifest.json``) into ``directory``; returns the dataset files written.

    Dataset rows name clients and technicians, so this needs ``export_client_level``. The audit row is written
    after the files, and the files are removed again if it cannot be, so no export goes unrecorded.
    """
    if fmt not in DATASET_FORMATS:
        raise MoatError(f"unknown export format {fmt!r}", f"formats are: {', '.join(DATASET_FORMATS)}")
    names = datasets or list(DATASETS)
    for name in names:
        get(name)
    check_export(con, user, client_level=True)
    out = Path(directory).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    counts: dict[str, int] = {}
    try:
        for name in names:
            target = out / f"{name}.{fmt}"
            df = current_rows(con, name, canonical=fmt != "parquet")
            if fmt == "parquet":
                df.write_parquet(target)
            else:
                target.write_bytes(render(df, fmt, name=name, round_money=False))
            written.append(target)
            counts[name] = df.height
        manifest = _manifest(con, user, fmt, counts)
        manifest_path = out / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
        record(con, user, "export", f"datasets:{fmt}", {"format": fmt, "directory": str(out), "rows": counts,
                                                       "data_version": manifest["data_version"]})
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _manifest(con: Connection, user: User, fmt: str, counts: dict[str, int]) -> dict[str, Any]:
    snapshots = frame(
        con,
        "SELECT snapshot_id, dataset, file_name, created_at, rows_loaded FROM snapshots WHERE status = 'active' ORDER BY snapshot_id",
    )
    return {
        "format": fmt,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": user.name,
        "schema_version": current_version(con),
        "data_version": data_version(con),
        "rows": counts,
        "snapshots": snapshots.to_dicts(),
        "columns": "canonical fields (loadable with `moat ingest`)" if fmt != "parquet" else "every stored column",
    }
