"""Ingestion of real MSP exports: any common CSV/Excel shape in, clean snapshots out, nothing lost.

    readers   bytes -> header + rows of text: the container, then read_csv / read_xlsx; sniff finds the encoding,
              delimiter and header row; limits refuses hostile files early; table is what a reader returns
    sources/  declarations: one per vendor export (signature, mapping, row structure, vocabularies, signs)
    recognise which declared source a header is, how sure, and the refusals (missing field, two readings)
    recognition  the phase before mapping: source, saved profile or synonyms; applies the source's rules via
    shaping   group rows, documents, states and signs, tax, internal time, billable vocabularies, plus
              lookups (``--lookup`` ids -> names) and seats (Microsoft 365 users -> billed licence lines)
    mapping   header synonyms (the ``generic`` source), mapping profiles, templates
    phases    the pipeline's phases (skip, columns, parse, derive, validate, names, keys), typed results
    quality   the quality score; totals: sums of the loaded rows for the report
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
