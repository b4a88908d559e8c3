"""h105 (issue 15): a percentage of technicians with no measure named is their utilisation.

"Which techs were between 65% and 80% in September", "techs in the 60-75% band last month", "engineers over 85% in
Q3": the only percentages the data keeps per technician are utilisations, and the one the app means by
"utilisation" is billable utilisation (billable hours / available hours), so that is the reading, said in the
reasons. Refused before (no measure found). "Who" alone is a technician only beside a band or range word (the
utilisation band); a question that also names clients, a segment or a product is left to the other rules (a client's
percentage is a margin)."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.reading import Reading

_BAND = re.compile(r"\b(?:band|range|bracket|zone)\b")


def percent_of_technicians(r: Reading) -> None:
    """Read billable utilisation for a percentage threshold over technicians when no measure was found."""
    if r.metric is not None or r.threshold_raw is None or not r.threshold_raw[3]:
        return
    said = r.raw.lower()
    if set(r.filters) - {"technician"} or r.excluded or lx.CLIENT_NOUN.search(said) or re.search(r"\bcustomers?\b", said):
        return
    if not (lx.TECH_NOUN.search(r.text) or "technician" in r.filters or lx.WHO.search(r.text) and _BAND.search(said)):
        return
    r.metric = "billable_utilization"
    r.reasons.append("a percentage of technicians with no measure named read as billable utilisation (billable hours "
                     "over hours available)")
