"""What the Upload page does, without Streamlit: analyse dropped files, apply the analyst's mapping, commit.

The page only draws; every decision is here so it is tested directly (AppTest cannot drop a file into a
``file_uploader``). ``analyze`` never raises for a bad file: it returns the rejection, or the question the page
must ask (the date order when the file cannot tell), or the prepared file with its preview and quality report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from moat.db import Connection
from moat.errors import FileRejected, MoatError
from moat.governance.permissions import User
from moat.ingest import mapping, pipeline
from moat.snapshots import AlreadyLoaded

DATASET_CHOICES = ["(detect)", "clients", "technicians", "time_entries", "invoices", "costs", "licenses"]
DATE_ORDERS = {"Day first (31/10/2026)": True, "Month first (10/31/2026)": False}


@dataclass
class Analysis:
    file_name: str
    prepared: pipeline.Prepared | None = None
    error: str | None = None
    ask_date_order: bool = False
    date_example: str | None = None


def analyze(
    con: Connection, user: User, data: bytes, file_name: str, *, dataset: str | None = None,
    columns: dict[str, str] | None = None, dayfirst: bool | None = None, sheet: str | None = None,
    base_currency: str = "USD", profile: mapping.Profile | None = None,
) -> Analysis:
    """Prepare one file with the page's choices; rejections and questions come back as data, not exceptions."""
    dataset = None if dataset in (None, "", "(detect)") else dataset
    if columns:
        base = profile or mapping.Profile()
        profile = mapping.Profile(dataset or base.dataset, {**base.columns, **columns}, base.dayfirst, base.sheet,
                                  base.currency, base.constants)
    options = pipeline.Options(dataset=dataset, profile=profile, dayfirst=dayfirst, sheet=sheet, base_currency=base_currency)
    try:
        return Analysis(file_name, prepared=pipeline.prepare(con, user, data, file_name, options))
    except pipeline.DateOrderAmbiguous as err:
        return Analysis(file_name, error=str(err.message), ask_date_order=True, date_example=err.example)
    except FileRejected as err:
        return Analysis(file_name, error=str(err))
    except MoatError as err:
        return Analysis(file_name, error=str(err))


def mapping_choices(prepared: pipeline.Prepared) -> list[tuple[str, str, list[str]]]:
    """(file header, current target, allowed targets) per column, for one selectbox each."""
    allowed = mapping.targets(prepared.dataset)
    return [(h, prepared.columns.get(h, mapping.IGNORE), allowed) for h in prepared.header]


def profile_of(prepared: pipeline.Prepared) -> mapping.Profile:
    """The mapping the analyst sees, as a reusable profile (saved from the page, or written as YAML)."""
    dayfirst = {"dmy": True, "mdy": False}.get(prepared.date_order or "")
    return mapping.Profile(prepared.dataset, dict(prepared.columns), dayfirst, prepared.sheet, None, dict(prepared.constants))


def commit(con: Connection, user: User, prepared: pipeline.Prepared, replace_range: tuple[date, date] | None = None) -> dict[str, Any]:
    """Commit a prepared file; the same bytes twice is reported, not an error."""
    try:
        done = pipeline.commit_prepared(con, user, prepared, replace_range)
    except AlreadyLoaded as err:
        return prepared.report(err.snapshot_id, already_loaded=True)
    return prepared.report(done.snapshot_id)
