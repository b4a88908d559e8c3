"""A company list of several kinds given as clients (h41 D30): vendors, leads and the MSP itself are no clients.

PSAs export every company they know in one list (Autotask's Companies entity: ``companyType`` Customer / Lead /
Prospect / Vendor / Partner, and the owner company, id 0, which is the MSP itself). Loaded as a clients file, each
becomes an active client: client counts, churn and the portfolio the margin median is taken over then include the
MSP's own company and its suppliers, with exit 0. A clients file mapped by header synonyms whose company-type column
names kinds that are not customers, or holds several numeric type codes (which kind is which cannot be told), or
whose id column has the owner company's 0, is refused naming the rows and what to do — never loaded with a guess.
Rows whose type names a kind that is not a customer (Vendor, Internal, Owner, Prospect ...) are skipped, counted and
said in a warning, and the customers load (h74 D7: IT Glue's `organization_type_name`).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.headings import exact_col, series
from moat.ingest.table import ROW

_TYPE_HEADERS = {"companytype", "accounttype", "clienttype", "customertype", "organizationtype", "organisationtype",
                 "relationship", "relationshiptype", "type", "companykind",
                 # IT Glue's flattened organisation attributes (h74 D7)
                 "organizationtypename", "organisationtypename", "companytypename", "accounttypename"}
_CODED = {"companytype", "accounttype", "organizationtype", "organisationtype"}  # where a number is a type code
_NOT_CLIENTS = {"vendor", "supplier", "lead", "prospect", "partner", "businesspartner", "competitor", "owner",
                "ourcompany", "internal", "distributor", "manufacturer", "reseller", "subcontractor"}
_ID_HEADERS = {"id", "companyid", "accountid", "companynumber"}


def _fold(text: str) -> str:
    return "".join(ch for ch in str(text).casefold() if ch.isalnum())


def refuse_mixed_companies(table: Any, det: Any, recognised: Any, has_profile: bool) -> None:
    """Raise ``FileRejected`` for a clients file that is a list of companies of several kinds (see the module); skip
    the rows of named kinds that are no customers."""
    if det.dataset != "clients" or has_profile or (recognised is not None and recognised.source != "generic"):
        return
    kind_col = next((h for h in table.header if h in table.rows.columns and _fold(h) in _TYPE_HEADERS), None)
    if kind_col is not None:
        _skip_named_kinds(table, kind_col, recognised)
    rows = table.rows
    id_col = next((h for h in table.header if h in rows.columns and _fold(h) in _ID_HEADERS), None)
    name_col = next((h for h, f in det.columns.items() if f == "client_name"), None)
    found: list[str] = []
    if kind_col is not None:
        kinds = values.text(series(rows, kind_col)).drop_nulls()
        codes = sorted(set(kinds.to_list())) if kinds.len() and bool(kinds.str.contains(r"^\d+$").all()) else []
        if len(codes) > 1 and _fold(kind_col) in _CODED:
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


def _skip_named_kinds(table: Any, kind_col: str, recognised: Any) -> None:
    """Rows whose `kind_col` names a kind of company that is no customer (Vendor, Internal ...) are skipped, counted."""
    folded = values.text(exact_col(kind_col)).str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]", "")  # as _fold
    marked = table.rows.with_columns(folded.is_in(list(_NOT_CLIENTS)).fill_null(False).alias("__not_client"))
    gone = marked.filter(pl.col("__not_client"))
    if gone.height == 0:
        return
    if gone.height == marked.height:
        raise FileRejected(
            table.file_name, f"every row's `{kind_col}` names a kind of company that is not a client "
            f"({', '.join(sorted(set(gone[kind_col].cast(pl.Utf8).to_list()))[:5])}); nothing was loaded",
            "export your customers (type Customer) and load that list")
    table.rows = marked.filter(~pl.col("__not_client")).drop("__not_client")
    if recognised is not None:
        recognised.skipped.extend({"row": r, "kind": f"{str(k).strip()} ({kind_col}): not a client"}
                                  for r, k in gone.select(ROW, kind_col).iter_rows())
