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
