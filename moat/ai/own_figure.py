"""h90: a yes/no about the company's own figure against a mark is that figure and whether it clears the mark.

"Was our margin over 30% last quarter", "did revenue top 200k in March", "is our billable utilisation under 70%" ask
about the company's one figure: listing the clients (or technicians) over the mark answers another question. When
a question opens as a yes/no ("did", "was", "is", "has" ...) and no word asks about entities ("which", "who", "any",
"how many", "clients", "techs" ...; ``own_figure_words.ENTITIES``), a threshold with no ranking or count is checked
on the company's figure (``sql.run`` gives the value and whether it passes; the narrative says above / below).
Where entities are asked about the threshold stays over them, as before. ``company_marks`` rewrites the verbs such a
question says the mark with ("did we hit 30%", "clear 25%", "stay above 40%", "miss 70%") into the comparison words
the threshold rules read, in the company's questions only ("which techs hit 90%" is ``spoken_amounts``'s).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from moat.ai.catalogue import METRICS, Intent, Threshold
from moat.ai.lexicon import PLURAL, PLURAL_KINDS
from moat.ai.own_figure_words import ENTITIES, KEPT, MISSED, PASSED, RANKED, REACHED, TOPPED, YES_NO

if TYPE_CHECKING:
    from moat.ai.reading import Reading

_YES_NO = re.compile(YES_NO)
_ENTITIES = re.compile(ENTITIES)
_RANKED = re.compile(RANKED)
_TOPPED = re.compile(TOPPED)
_REACHED, _PASSED, _MISSED, _KEPT = (re.compile(p) for p in (REACHED, PASSED, MISSED, KEPT))
_ANY_MONEY = re.compile(r"\bany\s+(?=(?:money|profit|cash)\b)")


def company_asked(text: str) -> bool:
    """Whether the folded question is a yes/no with no word asking about entities."""
    text = _ANY_MONEY.sub("", text.strip())  # h95: "did we make any money": "any" is the money's, not entities'
    unranked = _TOPPED.sub(" ", re.sub(r"\bat (?:least|most)\b", " ", text))
    kinds = PLURAL_KINDS.search(text) or PLURAL.search(text)  # "did our clinics clear 30%": the clinics are asked about
    return bool(_YES_NO.search(text)) and not _ENTITIES.search(text) and not kinds and not _RANKED.search(unranked)


def company_marks(text: str) -> str:
    """The folded ``text`` with "clear / exceed / go past X" as "over X" (whoever is asked about: passing a mark is
    being over it), and "hit / miss X", "stay above X" in comparison words when it is a yes/no about the company."""
    text = _PASSED.sub("over", text)
    if not company_asked(text):
        return text
    text = _MISSED.sub("under ", text)
    text = _REACHED.sub("at least ", text)
    return _KEPT.sub(" ", text)


def own_figure(r: Reading, said: str) -> bool:
    """Whether a mark the question states (a number) with no limit, count or second period is on the company's own
    figure (module doc); ``said`` is the folded question. h127: with a second period and a direction, the company's
    change against the mark (``moat.ai.company_change``). The reason is recorded. The order a threshold implies is
    no ranking asked."""
    if r.threshold is None or (r.threshold_raw is None and not _losing_mark(r)) or r.limit is not None or r.count or r.share \
            or (r.before is not None and r.change not in ("up", "down")) or r.months_counted or r.filters.get("product"):
        return False
    if not company_asked(said):
        return False
    r.reasons.append("a yes/no about the company's own figure: its figure, checked against the mark")
    return True


def _losing_mark(r: Reading) -> bool:
    """The mark losing-money words set ("did we lose money in Q1": gross profit under 0) is stated, as a number is:
    the company's own gross profit is what "did we / are we losing money" asks, as "did we lose money in both Jan and
    Feb" is the company in each month (refused there, ``each_period``), never the list of the clients that lost.
    h95: so is the mark of making money ("did we make money in Q1", "were we profitable": gross profit over 0)."""
    t = r.threshold
    return r.metric == "gross_profit" and t is not None and t.value == 0 and t.high is None


def own_figure_text(intent: Intent, row: list[Any], label: str, period: str, fmt: Callable[[str, Any], str]) -> str:
    """The company's figure, which side of the mark it is on, and the yes / no asked ("Gross margin in ...: 39.9%,
    above 30%: yes, it is > 30%")."""
    assert intent.threshold is not None
    value, passes = row[0], row[1]
    kind = METRICS[intent.metric].kind if intent.metric in METRICS else ""
    mark = Threshold._shown(intent.threshold.value, kind) if kind == "percent" else fmt(intent.metric, intent.threshold.value)
    names = " / ".join(n for _, group in intent.filters for n in group)  # "did healthcare clear 30%": the segment's
    subject = f"{label.capitalize()} for {names}" if names else label.capitalize()
    if value is None:
        return f"{subject} in {period} is undefined, so it cannot be checked against {mark}."
    side = "above" if float(value) > intent.threshold.value else "below" if float(value) < intent.threshold.value \
        else "exactly at"
    answer = "yes" if passes else "no"
    return (f"{subject} in {period}: {fmt(intent.metric, value)}, {side} {mark}: {answer}, the figure is "
            f"{'' if passes else 'not '}{intent.threshold.text(kind)}.")
