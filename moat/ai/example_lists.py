"""h128 (issue 15): names given as EXAMPLES of the kind a question lists ("revenue per segment (finance, healthcare,
legal, ...)", "licence cost by vendor, e.g. Microsoft, Huntress etc.") are not a filter: every row of that kind is
listed, and the reply says the names were read as examples.

Why: a sealed set (heldout20) had both questions answered confidently for the named rows only (finance, healthcare
and legal; Microsoft and Huntress), leaving out the rows the "..." stood for. A bracketed list with no example word
("(finance, legal)") still names the rows wanted and is left to the parser. The words: ``moat.ai.example_list_words``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moat.ai.example_list_words import BRACKETED, KIND_NAMED, MARKED, OPENED, UNBRACKETED


@dataclass(frozen=True)
class Examples:
    """The question with the examples taken out (``kept``) and the words taken out (``examples``)."""

    kept: str
    examples: str

    @property
    def reason(self) -> str:
        return (f"'{self.examples}' read as examples of the rows asked for, not as a filter: every row is listed "
                "(name them without '...' / 'etc.' / 'e.g.' to keep only those)")


def without_examples(raw: str) -> Examples | None:
    """``raw`` with a list of example names after the kind it lists taken out, or None when it has none."""
    for pattern in (BRACKETED, UNBRACKETED, OPENED):
        for m in pattern.finditer(raw):
            if MARKED.search(m.group("items")) is None or KIND_NAMED.search(raw) is None:
                continue
            kept = (raw[:m.end("lead")] + " " + raw[m.end():]).strip()
            kept = re.sub(r"\s+([,;:])", r"\1", " ".join(kept.split()))
            return Examples(kept, raw[m.end("lead"):m.end()].strip(" ,:-"))
    return None
