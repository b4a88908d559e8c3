"""Suggested name matches waiting in the quarantine, and confirming them from the app (no `moat aliases add`).

A name close to a known client or technician is quarantined with "did you mean '...'?" (``resolve``). The
Upload page lists those suggestions here, one line per distinct name, and an analyst confirms the right ones:
each becomes an alias (audited, retried on a write conflict, as `moat aliases add` does) and the quarantine is
retried, so the rows load without anyone opening a terminal.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from moat.db import Connection, frame
from moat.governance.permissions import User, require

# The reason ``resolve.resolve_name`` writes for a suggested match (kept in step by the test of this module).
_SUGGESTED = re.compile(r"^(?:\w+: )?unknown (client|technician) '(.*)': did you mean '(.*)'\? confirm with ")


def pending(con: Connection) -> pl.DataFrame:
    """(kind, name, suggestion, rows) for every distinct suggested match in open quarantine rows, most rows first."""
    reasons = frame(con, "SELECT reason, count(*) AS n FROM quarantine q JOIN snapshots s USING (snapshot_id) "
                         "WHERE q.status = 'open' AND s.status = 'active' GROUP BY reason")
    found: dict[tuple[str, str, str], int] = {}
    for reason, n in reasons.iter_rows():
        match = _SUGGESTED.match(reason or "")
        if match:
            key = (match.group(1), match.group(2), match.group(3))
            found[key] = found.get(key, 0) + int(n)
    rows = [{"kind": k, "name": name, "suggestion": s, "rows": n} for (k, name, s), n in found.items()]
    schema = {"kind": pl.Utf8, "name": pl.Utf8, "suggestion": pl.Utf8, "rows": pl.Int64}
    return pl.DataFrame(rows, schema=schema).sort(["rows", "name"], descending=[True, False])


def confirm_and_retry(con: Connection, user: User, confirmed: list[dict[str, Any]], base_currency: str) -> dict[str, Any]:
    """Add each confirmed ``{kind, name, suggestion}`` as an alias, then retry the open quarantine once."""
    from moat.ingest import quarantine
    from moat.ingest.resolve import add_alias

    require(user, "map")
    for item in confirmed:
        add_alias(con, user, str(item["name"]), str(item["suggestion"]), kind=str(item["kind"]))
    done = [quarantine.retry(con, user, sid, base_currency=base_currency) for sid in quarantine.open_snapshots(con)]
    from moat.ingest.upload import refused_text

    return {"aliases": len(confirmed), "rows_loaded": sum(r["rows_loaded"] for r in done),
            "rows_quarantined": sum(r["rows_quarantined"] for r in done), "refused_text": refused_text(done)}
