"""h57 (issue 15, reviewer h51's D15 / D12): a percent asked of a change is the change in percent, not the measure in
percent. "By what percent did hours change last month", "what percentage did revenue rise from Q4 to Q1", "how much did
labour cost grow in percent" ask for both values and the change relative to the earlier one; reading the percent as the
unit of the measure swapped hours for utilisation and gross profit for gross margin (a confident answer to another
question), or refused revenue as "measured in money, not percent".

The rule: with two periods read, a measure that is not itself a percentage, a change verb in the question, and a
percent word that is neither a number's unit ("10 percent": a threshold), nor a share ("percent of ..."), nor points
("percentage points"), the percent word belongs to the change. A percentage measure (margin, utilisation) keeps its own
reading: its change is in points."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.reading import Reading

_CHANGE_VERB = re.compile(
    r"\b(?:chang(?:e|ed|es|ing)|gr[eo]w|grown|growing|growth|ris(?:e|en|ing)|rose|increas(?:e|ed|es|ing)|"
    r"decreas(?:e|ed|es|ing)|dropp?(?:ed|ing)?|drops|fall(?:en|ing|s)?|fell|declin(?:e|ed|es|ing)|mov(?:e|ed|es|ing)|"
    r"(?:go|gone|went|going|goes) (?:up|down)|up|down|shr[aiu]nk|jump(?:ed|s)?|climb(?:ed|s)?|slipp?(?:ed|s)?|"
    r"dipp?(?:ed|s)?|improv(?:e|ed|es|ing)|worsen(?:ed|s)?|swing|swung|shift(?:ed|s)?)\b")
# the percent word, not after a number (a threshold's unit), not before "of" (a share) nor "points" (a difference)
_PERCENT = re.compile(r"(?<![\d.])(?<!\d )\b(?:in |as (?:a |an )?|how (?:many|much) )?(?:percent(?:age)?s?|pct)\b"
                      r"(?!\s+(?:of|points?|pts)\b)")


def percent_of_change(r: Reading) -> bool:
    """Whether the percent said is the change's (see the module docstring); its words are then read as used."""
    if r.before is None or r.metric is None or METRICS[r.metric].kind == "percent":
        return False
    if not _CHANGE_VERB.search(r.text):
        return False
    found = list(_PERCENT.finditer(r.text))
    if not found:
        return False
    for m in found:
        r.use(m.span(), blank=True)  # blanked: no later unit rule reads it as the measure's unit
    r.relative = True
    r.reasons.append("a percent asked of a change: both values, the change, and the change in percent of the earlier value")
    return True
