"""The Upload page's Quarantine section: what an analyst can finish there without the command line.

A row waiting for a never-seen client or technician could only be confirmed from the per-file block, which exists
only while that file is in the uploader; a row that will never load (hours "abc", a 13th month) stayed listed
forever. Here: the new names the open rows wait for (confirmed through ``moat.ingest.upload.confirm_and_retry``)
and discarding rows the analyst has dealt with (status ``resolved``, audited, the rows kept for the record).
"""

from __future__ import annotations

import re

import polars as pl

from moat import db
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User, require

_NEW_NAME = re.compile(r"new (client|technician) name ")
KINDS = {"client": "clients", "technician": "technicians"}


def waiting_names(rows: pl.DataFrame) -> dict[str, list[str]]:
    """Per kind ("clients", "technicians"): the new names open quarantine rows wait for, in first-seen order."""
    found: dict[str, list[str]] = {}
    for row in rows.iter_rows(named=True):
        match = _NEW_NAME.search(row.get("reason") or "")
        name = row.get("value")
        if match and name:
            names = found.setdefault(KINDS[match.group(1)], [])
            if name not in names:
                names.append(name)
    return found


def confirm_new(con: db.Connection, user: User, names: list[str], kind: str, base_currency: str) -> str:
    """Confirm ``names`` as new ``kind`` ("clients"/"technicians") and retry the quarantine; the sentence to show."""
    from moat.ingest import upload

    done = upload.confirm_and_retry(con, user, names, kind[:-1], base_currency)
    return (f"{done['confirmed']} {kind} confirmed; waiting rows retried: {done['rows_loaded']} loaded, "
            f"{done['rows_quarantined']} still quarantined." + done["refused_text"])


def row_label(row: dict) -> str:
    """"snapshot 7, row 3: hours 'abc'" for the discard picker (plain text: shown by a selectbox, not Markdown)."""
    where = f"snapshot {row['snapshot_id']}" if row.get("snapshot_id") is not None else row.get("file_name", "")
    return f"{where}, row {row['row_number']}: {row.get('column_name') or 'row'} {row.get('value')!r}"


def discard(con: db.Connection, user: User, quarantine_ids: list[int], why: str) -> str:
    """Close open quarantine rows the analyst will not load (a corrected file was loaded, a test row); audited."""
    require(user, "upload")
    why = (why or "").strip()
    if not quarantine_ids:
        raise MoatError("no rows were picked", "pick the rows to discard first")
    if not why:
        raise MoatError("discarding rows needs a reason", "say why, e.g. 'corrected file loaded as snapshot 12'")
    ids = [int(i) for i in quarantine_ids]
    marks = ", ".join("?" for _ in ids)
    with db.transaction(con):
        closed = [r[0] for r in db.rows(
            con, f"SELECT quarantine_id FROM quarantine WHERE status = 'open' AND quarantine_id IN ({marks})", ids)]
        if closed:
            con.execute(f"UPDATE quarantine SET status = 'resolved' WHERE quarantine_id IN ({', '.join('?' for _ in closed)})",
                        closed)
            audit.append(con, user, "quarantine_discard", f"quarantine:{','.join(map(str, closed))}",
                         {"rows": len(closed), "reason": why})
    if not closed:
        raise MoatError("those rows are no longer open", "reload the page to see what is still waiting")
    return f"Discarded {len(closed)} quarantined row{'s' * (len(closed) != 1)}; they stay recorded as resolved."
