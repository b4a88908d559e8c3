"""Ingestion of real MSP exports: any common CSV/Excel shape in, clean snapshots out, nothing lost.

    readers   bytes -> header + rows of text (encoding, delimiter, sheet, header row detection)
    mapping   dataset detection, header synonyms per export dialect, mapping profiles, templates
    values    vectorised parsers: money, decimal commas, percents, PSA booleans, dates, enumerations
    schemas   pandera (polars) checks per dataset
    resolve   client/technician names -> keys (exact, aliases, ambiguity, suggestions) and aliases
    pipeline  prepare (no writes) and commit (one transaction via moat.snapshots.commit)
    quarantine  list, export and retry rejected rows; profiles: saved mappings
    fx        exchange-rate table (`moat rates load`) and conversion of foreign-currency amounts

Typical use (CLI, notebooks, the Upload page all call these)::

    from moat.ingest import Options, prepare, commit_prepared, ingest_path
    report = ingest_path(con, user, "time.csv", Options(dayfirst=True))
"""

from moat.ingest.mapping import Profile, load_profile, template_csv
from moat.ingest.pipeline import (
    DateOrderAmbiguous,
    Options,
    Prepared,
    commit_prepared,
    ingest_bytes,
    ingest_path,
    prepare,
)

__all__ = [
    "DateOrderAmbiguous", "Options", "Prepared", "Profile", "commit_prepared", "ingest_bytes", "ingest_path",
    "load_profile", "prepare", "template_csv",
]
