"""Whether a file that nearly matches a declared source shows anything of that vendor's own (h70, h60: a TD SYNNEX
billing file was refused as "looks like Sherweb payable charges").

A near miss is found by headers the file shares with a source, and most of those are plain English every export
uses (`Customer Name`, `Product Name`, `Quantity`, `SKU`, `Currency`) or spellings the source merely tolerates. Naming
the vendor on such evidence sends the person looking for a Sherweb column in a TD SYNNEX file. The vendor is named
only when a shared header is the vendor's own spelling (the first spelling a source declares for a field, or one of
its typical headers) and no dataset's header synonyms hold it; otherwise the refusal speaks of the dataset alone.
"""

from __future__ import annotations

import functools
from typing import Any

from moat.ingest import mapping


@functools.cache
def _generic_keys() -> frozenset[str]:
    from moat.datasets import DATASETS
    from moat.ingest.sources.plain_headings import PLAIN

    return frozenset(s for ds in DATASETS for syns in mapping.synonyms(ds).values() for s in syns) | PLAIN


def vendor_evident(m: Any, header: list[str]) -> bool:
    """Whether ``header`` holds a header of ``m.source``'s own spelling that no generic synonym has."""
    own = {mapping.header_key(alts[0]) for alts in m.source.columns.values() if alts}
    own |= {mapping.header_key(t) for t in m.source.typical}
    keys = {mapping.header_key(h.lstrip("*")) for h in header}
    return bool((own & keys) - _generic_keys())
