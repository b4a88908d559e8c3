"""What the Upload page does, without Streamlit: analyse dropped files, apply the analyst's mapping, commit.

The page only draws; every decision is here so it is tested directly (AppTest cannot drop a file into a
``file_uploader``). ``analyze`` never raises for a bad file: it returns the rejection, or the question the page
must ask (the date order when the file cannot tell), or the prepared file with its preview and quality report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from moat.db import Connection
from moat.errors import FileRejected, MoatError
from moat.governance.permissions import User
from moat.ingest import mapping, pipeline
from moat.ingest.recognise import AmbiguousSource
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
    candidates: list[str] = field(default_factory=list)  # two plausible sources: the page asks which
    needs_client: bool = False  # a per-tenant file: the page shows the client picker


def analyze(
    con: Connection, user: User, data: bytes, file_name: str, *, dataset: str | None = None,
    columns: dict[str, str] | None = None, dayfirst: bool | None = None, sheet: str | None = None,
    base_currency: str = "USD", profile: mapping.Profile | None = None, client: str | None = None,
    lookups: list[tuple[str, bytes]] | None = None, source: str | None = None, own_company: str = "",
    confirm_new_names: bool = False,
) -> Analysis:
    """Prepare one file with the page's choices; rejections and questions come back as data, not exceptions."""
    dataset = None if dataset in (None, "", "(detect)") else dataset
    if columns:
        base = profile or mapping.Profile()
        profile = mapping.Profile(dataset or base.dataset, {**base.columns, **columns}, base.dayfirst, base.sheet,
                                  base.currency, base.constants)
    options = pipeline.Options(dataset=dataset, profile=profile, dayfirst=dayfirst, sheet=sheet, base_currency=base_currency,
                               client=client or None, lookups=list(lookups or []), source=source or None,
                               own_company=own_company, confirm_new_names=confirm_new_names)
    try:
        return Analysis(file_name, prepared=pipeline.prepare(con, user, data, file_name, options))
    except pipeline.DateOrderAmbiguous as err:
        return Analysis(file_name, error=str(err.message), ask_date_order=True, date_example=err.example)
    except AmbiguousSource as err:
        return Analysis(file_name, error=str(err), candidates=list(err.candidates))
    except FileRejected as err:
        return Analysis(file_name, error=str(err), needs_client="--client NAME" in (err.hint or ""))
    except MoatError as err:
        return Analysis(file_name, error=str(err))


def recognition(prepared: pipeline.Prepared) -> dict[str, Any]:
    """What the page shows before commit: the source and how sure, column -> field, and the row rules applied."""
    r = prepared.source_report()
    rules = [f"{k.replace('_', ' ')}: {v}" for k, v in r["row_rules"].items()]
    return {"source": r["source"], "confidence": r["source_confidence"],
            "mapping": [{"column": h, "field": f} for h, f in r["source_columns"].items()], "rules": rules,
            "new_clients": prepared.new_names.get("client", []), "new_technicians": prepared.new_names.get("technician", [])}


def known_client_names(con: Connection) -> list[str]:
    """Client names already known (for the per-tenant client picker)."""
    from moat.ingest import resolve

    return sorted(resolve.known(con, "client").names.values())


def confirm(con: Connection, user: User, names: list[str], kind: str) -> list[str]:
    """Confirm new names from the page (the same as `moat aliases confirm`)."""
    from moat.ingest import resolve

    return resolve.confirm_names(con, user, names, kind)


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
