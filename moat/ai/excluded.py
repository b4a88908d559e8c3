"""h65 (issue 15): the names an intent leaves out (``Intent.excluded``), as validation and the interpretation see them.

Its own module, importing no other ``moat.ai`` module, so the catalogue can use it without an import cycle (the
parser's rule that finds the left-out names is ``moat.ai.exclusion``; the compile step is ``moat.ai.compile.exclusion``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any


def as_filters(intent: Any) -> Any:
    """The intent with its left-out names as plain filters: what validation checks (leaving a name out narrows the same
    rows a filter on it would, so the same combinations hold); ``intent`` itself when it leaves nothing out."""
    if not intent.excluded:
        return intent
    merged = dict(intent.filters)
    for kind, names in intent.excluded:
        merged[kind] = tuple(dict.fromkeys(merged.get(kind, ()) + names))
    return replace(intent, filters=tuple(sorted(merged.items())), excluded=())


def described(intent: Any) -> list[str]:
    """The left-out names as the interpretation says them: "every client except Harbor Logistics"."""
    return [f"every {kind} except {' / '.join(names)}" for kind, names in intent.excluded]
