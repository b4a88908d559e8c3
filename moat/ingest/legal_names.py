"""A clients file's legal-name column never names the client when a display-name column sits beside it (h74 D3).

QuickBooks Online's Customers export has `Customer` (the display name, as the MSP's other files write it) and
`Company name` (the legal name, `Harbor Logistics Inc`). The header synonyms took `Company name` first; normalised
alike, the legal spelling replaced the known client's name, which then showed in profitability. The display name is
the client; the legal name is left unused (a name variant resolves by the usual rules: ``moat.names``).
"""

from __future__ import annotations

from moat.ingest.party_columns import prefer_client_column

# headings (mapping.header_key form) of a company's legal name, and of the name the MSP shows (QuickBooks Online's
# Customers export: `Customer` is the display name, `Company name` the legal one)
LEGAL_NAME = {"company name", "legal name", "registered name", "legal entity name", "company legal name", "full legal name",
              "legal company name"}
DISPLAY_NAME = ["customer", "display name", "customer display name", "client display name", "customer name", "client name",
                "client"]


def prefer_display_name(dataset: str, keys: dict[str, str], chosen: dict[str, str], notes: list[str]) -> None:
    """Give ``client_name`` to the display-name column when the synonyms gave it to a legal-name column (h74 D3).

    ``keys``: file header -> comparison key of the headers the profile left to the synonyms; ``chosen`` is changed
    in place. A profile's own choice is never overruled (its headers are not in ``keys``)."""
    if dataset == "clients":
        prefer_client_column(keys, chosen, notes, LEGAL_NAME, DISPLAY_NAME,
                             "`{taken}` is the legal name beside the display name `{named}`: the client is `{named}`")
