"""h107 (issue 15): the unit a threshold's own number names decides what the threshold is compared with.

"products with more than 50 seats unused" compares a count of seats with 50; reading it as licence waste (money) and
keeping "> 50" compared dollars with seats, a confident wrong count. The number of a threshold followed by a unit noun
("50 seats", "40 licences", "120 hours") says the unit asked, as "how many seats" does; the parser's unit step then
swaps the measure to the one in that unit (licence waste -> unused seats) or refuses naming the units it has. When
other words ask another unit ("..., in dollars"), the two clash: the threshold's unit is kept and the reading flagged.
"""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.lexicon import APPROX_SWAPS, UNIT_SWAPS
from moat.ai.reading import Reading

# a threshold's number, then at most one word, then the unit's noun ("50 seats", "over 12 unused licences")
_UNIT_NOUNS = {
    "seats": r"seats?|seat-months|licen[cs]es?|subscriptions?",
    "hours": r"hours?|hrs?",
}
_NUMBER = r"(?P<n>\d[\d,]*(?:\.\d+)?)"
_BETWEEN = r"(?!(?:a|an|per|each|every|in|on|for)\b)"  # "50 a seat" is a price per seat, not 50 seats; h118: "1,000 in
# licence cost", "1,000 on licences" are money spent on licences, never 1,000 licences; h132: so is "paying 1,000 for
# licences"


def threshold_unit(r: Reading, asked: str | None) -> str | None:
    """The unit asked: the threshold number's own unit when it names one (module docstring), else ``asked``."""
    if r.threshold_raw is None or r.threshold_raw[3]:
        return asked
    said = r.raw.lower()
    values = {r.threshold_raw[1], r.threshold_raw[2]}
    for unit, nouns in _UNIT_NOUNS.items():
        for m in re.finditer(rf"(?<![\w$.]){_NUMBER}\s+(?:{_BETWEEN}[a-z]+\s+)?(?:{nouns})\b", said):
            if float(m["n"].replace(",", "")) not in values:
                continue
            if asked not in (None, unit):
                r.confidence *= 0.6
                r.reasons.append(f"the threshold is in {unit} ('{m.group(0)}') but {asked} were asked too: compared in "
                                 f"{unit}; ask for one unit")
            _swap(r, unit)
            return unit
    return asked


def _swap(r: Reading, unit: str) -> None:
    """The measure in the threshold's unit (licence waste -> unused seats), swapped here so a count of the rows
    ("how many products ... more than 20 seats") swaps too; a measure with no swap is left to the unit step."""
    kind = METRICS[r.metric].kind if r.metric in METRICS else None
    swap = UNIT_SWAPS.get(r.metric or "", {}).get(unit)
    if kind != unit and swap is not None:
        r.reasons.append(f"the threshold is in {unit}: {METRICS[r.metric].label} read as {METRICS[swap].label}")
        if kind == "money" and (r.metric, unit) in APPROX_SWAPS:  # h119: revenue asked, rows chosen by hours: not shown
            r.confidence *= 0.6
            r.reasons.append(f"{METRICS[r.metric].label} was asked but the condition is in {unit}: the rows are chosen "
                             f"and shown by {METRICS[swap].label}, without {METRICS[r.metric].label}; ask for "
                             f"{METRICS[swap].label} over the threshold, then {METRICS[r.metric].label} of those rows")
        r.metric = swap
