"""A per-tenant Microsoft 365 report loaded with `--client` naming another client (h41 D21).

A user report's user principal names carry the tenant's domain (`ann@acmedental.com`). With `--client "Bluewater
Legal"` the Acme Dental users were counted into Bluewater Legal's licence lines without a word. When most users
share one domain and no word of the client's name appears in it (nor the domain's name in the client's), the load
warns naming both; the domain may be an abbreviation, so it is not refused."""

from __future__ import annotations

from collections import Counter

import polars as pl

from moat.names import normalize


def warning(client: str, users: pl.Series) -> str | None:
    domains = [u.rsplit("@", 1)[1].lower().strip() for u in users.drop_nulls().cast(pl.Utf8).to_list() if "@" in u]
    domains = [d for d in domains if not d.endswith(".onmicrosoft.com") and "#ext#" not in d]
    if not domains:
        return None
    domain, n = Counter(domains).most_common(1)[0]
    if n * 5 < len(domains) * 4:
        return None  # several domains: nothing to compare
    label = domain.split(".")[0].replace("-", "")
    words = [w for w in normalize(client).split() if len(w) >= 3]
    compact = "".join(normalize(client).split())
    if not words or any(w in label for w in words) or (len(label) >= 4 and label in compact):
        return None
    return (f"--client {client!r}: {n} of the report's {len(domains)} users are at {domain}, which does not look like "
            f"{client!r}: if the report is another client's tenant, roll this load back (`moat snapshots rollback` its "
            "snapshot) and load it with that client")


def _label_matches(label: str, client: str) -> bool:
    words = [w for w in normalize(client).split() if len(w) >= 3]
    compact = "".join(normalize(client).split())
    return bool(words) and (any(w in label for w in words) or (len(label) >= 4 and label in compact))


def refuse_other_clients_tenant(con: object, prepared: object, original: object) -> None:
    """Refuse a per-tenant Microsoft 365 report loaded with `--client` naming one client when its users' domain is
    another KNOWN client's (h69 D35: Acme Dental's users at acmedental.com written into Bright Law's seats: 11
    "unused" seats that are not). Only when the domain matches no word of the client given and does match a known
    client: an abbreviation of the given client's name still loads, warned as before."""
    from moat.db import frame
    from moat.errors import FileRejected
    from moat.ingest.headings import series
    from moat.ingest.mapping import header_key

    rec = getattr(prepared, "recognised", None)
    if getattr(prepared, "dataset", None) != "licenses" or rec is None or not str(rec.source).startswith("m365"):
        return
    col = next((h for h in original.header if header_key(h) in ("user principal name", "userprincipalname", "upn")), None)
    rows = prepared.rows
    if col is None or col not in original.rows.columns or rows.height == 0 or "client_name" not in rows.columns:
        return
    client = str(rows["client_name"][0])
    if warning(client, series(original.rows, col)) is None:
        return
    domains = [u.rsplit("@", 1)[1].lower() for u in series(original.rows, col).drop_nulls().cast(pl.Utf8).to_list() if "@" in u]
    domain = Counter(domains).most_common(1)[0][0]
    label = domain.split(".")[0].replace("-", "")
    known = frame(con, "SELECT DISTINCT client_name FROM cur_clients UNION SELECT DISTINCT client_name FROM cur_licenses")
    others = [n for n in known["client_name"].drop_nulls().to_list() if normalize(n) != normalize(client) and _label_matches(label, n)]
    if not others:
        return
    raise FileRejected(
        prepared.file_name,
        f"--client {client!r}, but the report's users are at {domain}, which is the domain of {others[0]!r}: its seats would "
        f"be written into {client!r}'s licence lines; nothing was loaded",
        f"load it with --client {others[0]!r} (or the client whose tenant it really is)")
