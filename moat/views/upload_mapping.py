"""The Upload page's column mapping for a file refused because a field of its dataset has no column.

The editor used to be drawn only for a file that had been prepared, so a PSA export with one unrecognised
required column (``Bill?`` for billable) was refused with a hint naming CLI flags and a YAML file, and the page
offered no way to say which column it is: exactly the case the editor exists for.
"""

from __future__ import annotations

from dataclasses import dataclass

from moat.datasets import DATASETS
from moat.errors import MoatError
from moat.formatting import label
from moat.ingest import mapping, readers


@dataclass(frozen=True)
class MissingFields:
    choices: list[tuple[str, str, list[str]]]  # (file header, current target, allowed targets), one selectbox each
    missing: list[str]  # the required fields (or alternatives) no column gives yet
    hint: str  # what to do, in the page's words


def missing_fields(data: bytes, file_name: str, dataset: str | None, edits: dict[str, str]) -> MissingFields | None:
    """The editor's content when ``dataset`` is chosen and required fields lack a column (None otherwise)."""
    if dataset not in DATASETS:
        return None
    try:
        table = readers.read(data, file_name, is_known=mapping.is_known_header)
    except MoatError:
        return None
    found = mapping.map_columns(dataset, table.header, mapping.Profile(dataset=dataset, columns=dict(edits)))
    if not found.missing:
        return None
    needed = [" or ".join(label(f) for f in group.split(" or ")) for group in found.missing]
    hint = (f"Choose which column is {', '.join(needed)} under Column mapping below; the file is checked again "
            "as soon as you pick it.")
    allowed = mapping.targets(dataset)
    return MissingFields([(h, found.columns.get(h, mapping.IGNORE), allowed) for h in table.header], found.missing, hint)
