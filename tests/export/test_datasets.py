"""Whole-dataset exports: Parquet for other tools, and CSV/Excel that load back into the same metric numbers."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import moat
from moat import db, metrics, snapshots
from moat.datasets import DATASETS
from moat.errors import PermissionDenied
from moat.export.datasets import export_datasets
from moat.governance import policies
from moat.governance.permissions import User
from moat.metrics.periods import Period

ADMIN, ANALYST, VIEWER = User("ada", "admin"), User("ann", "analyst"), User("vic", "viewer")
PERIODS = [Period(date(2026, 8, 1), date(2026, 10, 31)), Period(date(2025, 10, 1), date(2026, 10, 31))]


def test_parquet_holds_the_current_rows_with_their_lineage(demo_con, tmp_path: Path) -> None:
    files = export_datasets(demo_con, ADMIN, tmp_path / "out", "parquet")
    assert sorted(f.name for f in files) == sorted(f"{d}.parquet" for d in DATASETS)
    for name in DATASETS:
        df = pl.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert df.height == db.scalar(demo_con, f"SELECT count(*) FROM cur_{name}")
        assert {"snapshot_id", "row_key", "source_row"} <= set(df.columns) and "is_current" not in df.columns
    invoices = pl.read_parquet(tmp_path / "out" / "invoices.parquet")
    assert isinstance(invoices.schema["amount"], pl.Decimal)  # money stays exact
    assert Decimal(str(invoices["amount"].sum())) == db.scalar(demo_con, "SELECT sum(amount) FROM cur_invoices")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"]["time_entries"] == 10_000 and manifest["exported_by"] == "ada"
    assert manifest["data_version"] == snapshots.data_version(demo_con)
    row = db.one(demo_con, "SELECT user_name, action, object FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert row == ("ada", "export", "datasets:parquet")


@pytest.mark.parametrize(("user", "admins_only"), [(VIEWER, False), (ANALYST, True)])
def test_dataset_export_is_refused_without_client_level_permission(
    demo_con, tmp_path: Path, user: User, admins_only: bool,
) -> None:
    """Viewers lack ``export_client_level``; Analysts hold it, so only the admins-only policy refuses them."""
    if admins_only:
        policies.set_value(demo_con, ADMIN, "client_export_admin_only", True)
    with pytest.raises(PermissionDenied):
        export_datasets(demo_con, user, tmp_path / "out", "csv")
    assert not (tmp_path / "out").exists()


def metric_frames(con: db.Connection, period: Period) -> dict[str, pl.DataFrame]:
    return {
        "profitability": metrics.profitability(con, period),
        "licenses": metrics.licenses(con, period),
        "licenses_by_product": metrics.licenses(con, period, by="product"),
        "utilization": metrics.utilization(con, period),
        "summary": metrics.summary(con, period),
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_reingest_gives_the_same_metrics(demo_con, tmp_path: Path, app_env, fmt: str) -> None:
    """The files load back through the real ingestion (no mapping file) into exactly the same numbers."""
    if fmt == "xlsx":  # Excel is slow to read: keep the last quarter's time entries only (on this private copy)
        demo_con.execute("DELETE FROM time_entries WHERE date < ?", [PERIODS[0].start])
    export_datasets(demo_con, ADMIN, tmp_path / "out", fmt)
    app_env(tmp_path / "again.duckdb")
    with moat.open(tmp_path / "again.duckdb", user=ADMIN) as again:
        for dataset in ("clients", "technicians", "time_entries", "invoices", "licenses", "costs"):
            loaded = again.ingest(tmp_path / "out" / f"{dataset}.{fmt}")  # the dataset is detected from the headers
            assert loaded["dataset"] == dataset
            assert loaded["rows_loaded"] == db.scalar(demo_con, f"SELECT count(*) FROM cur_{dataset}")
            assert loaded["rows_quarantined"] == 0
        for period in PERIODS:
            before, after = metric_frames(demo_con, period), metric_frames(again.con, period)
            for name in before:
                assert_frame_equal(before[name], after[name], check_exact=True)
        revenue = again.summary(PERIODS[0]).filter(pl.col("metric") == "revenue")["value"].item()
    assert Decimal(revenue) == db.scalar(
        demo_con, "SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN ? AND ? AND status NOT IN ('draft', 'void')",
        [PERIODS[0].start, PERIODS[0].end])
