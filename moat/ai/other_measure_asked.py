"""h132 (issue 15, h121 O / L): "licence cost for clients over 1000 in waste", "seats for clients with waste over 500":
a measure asked OF the entities a condition on another measure picks. The parser listed the entities by the
condition's measure (their waste), the asked measure never shown (or, for seats, the condition read in seats): another
figure than the one asked, given confidently. Now the list is of the entities passing the condition on its own
measure (``Intent.where_metric``), the asked measure shown for each (``moat.ai.compile.shown_for_passing``), as h54's
one total over such rows is ("licence cost of clients with waste over 1000" with "total": one sum).
"""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.catalogue import METRICS
from moat.ai.reading import Reading

# "<measure> for / of [the] <entities> <with | whose | that | over | under ...>": the measure asked, then the condition
_ASKED_OF = re.compile(r"^\s*(?:(?:show|list|give)\s+(?:me\s+)?|what\s+(?:is|are|was|were)\s+)?(?:the\s+|our\s+)?"
                       r"(?P<asked>[a-z' ]+?)\s+(?:for|of|on)\s+(?:the\s+|our\s+|all\s+)?"
                       r"(?P<noun>clients|customers|accounts|techs|technicians|products)\s+"
                       r"(?P<cond>(?:with|whose|that|who|which|over|under|above|below|where|having)\b.*)")
# "how many seats do the clients with waste over 200 have": the same, asked with "how many"
_HOW_MANY_OF = re.compile(r"^\s*how\s+(?:many|much)\s+(?P<asked>[a-z' ]+?)\s+(?:do|did|does)\s+(?:the\s+|our\s+|all\s+)?"
                          r"(?P<noun>clients|customers|accounts|techs|technicians|products)\s+"
                          r"(?P<cond>(?:with|whose|that|who|which|over|under|above|below|where|having)\b.*)")
_METRIC_WORDS = [(lx.compile_words(p), name) for p, name in lx.METRIC_PATTERNS]


def _first_measure(text: str) -> str | None:
    hits = [(m.start(), i, name) for i, (pattern, name) in enumerate(_METRIC_WORDS) if (m := pattern.search(text))]
    return min(hits)[2] if hits else None


def other_measure_asked(r: Reading, said: str) -> tuple[str, str] | None:
    """(the measure asked, the measure the condition is on) when a list of the entities passing a condition is asked
    another measure of them (module docstring); else None."""
    if r.threshold is None or r.count or r.share or r.limit or r.before is not None or r.metric not in METRICS \
            or r.grouping not in ("client", "technician", "product"):
        return None
    m = _ASKED_OF.search(said) or _HOW_MANY_OF.search(said)
    if m is None:
        return None
    asked, on = _first_measure(m["asked"]), _first_measure(m["cond"]) or r.metric
    if asked is None or on is None or asked == on or asked not in METRICS or on not in METRICS \
            or r.grouping not in METRICS[asked].by or r.grouping not in METRICS[on].by:
        return None
    if METRICS[on].kind != METRICS[r.metric].kind and METRICS[on].kind != "money":
        return None  # the threshold was read in the unit of another measure than the condition's: left as it was
    r.reasons.append(f"{METRICS[asked].label} of the {m['noun']} whose {METRICS[on].label} passes the condition: "
                     f"the {m['noun']} chosen by {METRICS[on].label}, {METRICS[asked].label} shown for each")
    return asked, on
