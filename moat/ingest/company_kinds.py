"""A company list of several kinds given as clients (h41 D30): vendors, leads and the MSP itself are no clients.

PSAs export every company they know in one list (Autotask's Companies entity: ``companyType`` Customer / Lead /
Prospect / Vendor / Partner, and the owner company, id 0, which is the MSP itself). Loaded as a clients file, each
becomes an active client: client counts, churn and the portfolio the margin median is taken over then include the
MSP's own company and its suppliers, with exit 0. A clients file mapped by header synonyms whose company-type column
names kinds that are not customers, or holds several numeric type codes (which kind is which cannot be told), or
whose id column has the owner company's 0, is refused naming the rows and what to do — never loaded with a guess.
"""

from __future__ import annotations

from typing import Any

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.headings import exact_col, series

_TYPE_HEADERS = {"companytype", "accounttype", "clienttype", "customertype", "organizationtype", "organisationtype",
                 "relationship", "relationshiptype", "type", "companykind"}
_CODED = {"companytype", "accounttype", "organizationtype", "organisationtype"}  # where a number is a type code
_NOT_CLIENTS = {"vendor", "supplier", "lead", "prospect", "partner", "businesspartner", "competitor", "owner",
                "ourcompany", "internal", "distributor", "manufacturer", "reseller", "subcontractor"}
_ID_HEADERS = {"id", "companyid", "accountid", "companynumber"}


def _fold(text: str) -> str:
    return "".join(ch for ch in str(text).casefold() if ch.isalnum())


def refuse_mixed_companies(table: Any, det: Any, recognised: Any, has_profile: bool) -> None:
    """Raise ``FileRejected`` for a clients file that is a list of companies of several kinds (see the module)."""
    if det.dataset != "clients" or has_profile or (recognised is not None and recognised.source != "generic"):
        return
    rows = table.rows
    kind_col = next((h for h in table.header if h in rows.columns and _fold(h) in _TYPE_HEADERS), None)
    id_col = next((h for h in table.header if h in rows.columns and _fold(h) in _ID_HEADERS), None)
    name_col = next((h for h, f in det.columns.items() if f == "client_name"), None)
    found: list[str] = []
    if kind_col is not None:
        kinds = values.text(series(rows, kind_col)).drop_nulls()
        named = sorted({k for k in kinds.to_list() if _fold(k) in _NOT_CLIENTS})
        codes = sorted(set(kinds.to_list())) if kinds.len() and bool(kinds.str.contains(r"^\d+$").all()) else []
        if named:
            found.append(f"`{kind_col}` names kinds of company that are not clients ({', '.join(named)})")
        elif len(codes) > 1 and _fold(kind_col) in _CODED:
            found.append(f"`{kind_col}` holds company type codes ({', '.join(codes)}), so which rows are customers "
                         "(and which vendors, leads or prospects) cannot be told")
    if id_col is not None and name_col is not None:
        owner = rows.filter(values.text(exact_col(id_col)) == "0")
        if owner.height:
            found.append(f"row with {id_col} 0 ({owner[name_col][0]!r}) is the PSA's owner company: your own company, "
                         "never a client")
    if not found:
        return
    raise FileRejected(
        table.file_name,
        "this is a list of companies of several kinds, not of clients: " + "; ".join(found)
        + " — loaded as clients they would count as active clients",
        "if it is the Autotask Companies export that names a time export's company ids, pass it with --lookup beside "
        "that export; to load clients, export customers only (type Customer) without your own company")
