"""h86 (issue 15): measures decided by how words relate, read before the metric synonyms: labour beside hours or time
(``moat.ai.labour_time``), licences of a product counted in a ranking (``moat.ai.licence_count``), and a pronoun for
the one technician named, whose uncounted "how many did she log" is hours (``moat.ai.pronoun_hours``). Listed here so
the parser's metric step calls them once, in order."""

from __future__ import annotations

from moat.ai.labour_time import labour_time
from moat.ai.licence_count import licence_count
from moat.ai.pronoun_hours import pronoun_hours
from moat.ai.reading import Reading


def measure_from_words(r: Reading) -> None:
    """Run the three rules on the reading (each leaves a measure already read alone)."""
    labour_time(r)
    licence_count(r)
    pronoun_hours(r)
