"""h122 (issue 15): a direction asked with no measure named ("are we growing", "did Harbor grow in Q1", "is Priya
working more than last month", "are our techs busier than last quarter", "are we losing more on Meridian than last
quarter", "how did Q1 compare") was refused: no measure word. Each asks the period against the one before it (h117's
"is X up / down", ``moat.ai.direction_asked``), so each is written in that form with the likely measure supplied:

- growth ("grow", "expand", "shrink") is revenue ("which clients shrank" is written "which clients fell", which the
  parser reads as it reads "which clients grew": revenue, flagged, gross profit offered);
- "busier", "working more" is hours worked;
- "losing more (less) on X" is X's gross profit down (up);
- "how did <period> compare" is revenue.

A supplied measure is an assumption: the reading is flagged (confidence under the review threshold) with the reason
naming how to ask for another measure. A question that names a measure is left to the parser's own rules; "than"
followed by anything but a period ("busier than Tom") compares two people, which this does not read.
"""

from __future__ import annotations

import re

from moat.ai import implied_comparison_words as w

_MEASURE = re.compile(w.MEASURE_NAMED)
_HOURS = re.compile(w.HOURS_NAMED)
_WE = re.compile(r"(?:" + w.WE + r")$")
_GROW = re.compile(r"\b(?P<aux>" + w.AUX + r")\s+(?P<subj>" + w.SUBJECT + r")\s+(?:been\s+)?"
                   r"(?P<verb>(?P<up>" + w.GROW_UP + r")|" + w.GROW_DOWN + r")\b" + w.NO_OBJECT)
_WHICH_SHRANK = re.compile(r"\b(?:which|what)\s+(?:clients?|customers?|accounts?|segments?)\s+(?:(?:have|has)\s+)?"
                           r"(?P<verb>" + w.GROW_DOWN + r")\b" + w.NO_OBJECT)
_THAN_PERIOD = r"(?:\s+(?P<than>" + w.THAN + r")\s+" + w.PERIOD_AHEAD + r"(?:in\s+|during\s+|for\s+)?|(?!\s+" + w.THAN + r"\b))"
_WHICH_BUSY = re.compile(r"\b(?P<which>which|what)\s+(?:of\s+(?:our|the)\s+)?(?P<noun>" + w.STAFF_NOUN + r")\s+"
                         r"(?P<aux>are|were|is|was)\s+(?P<verb>(?P<up>" + w.BUSY_UP + r")|" + w.BUSY_DOWN + r")\b" + _THAN_PERIOD)
_BUSY = re.compile(r"\b(?P<aux>is|are|was|were|am)\s+(?P<subj>" + w.SUBJECT + r")\s+"
                   r"(?P<verb>(?P<up>" + w.BUSY_UP + r")|" + w.BUSY_DOWN + r")\b" + _THAN_PERIOD)
_LOSING_ON = re.compile(r"\b(?P<aux>is|are|was|were|am)\s+(?P<subj>" + w.WE + r")\s+losing\s+(?P<more>more|less)"
                        r"(?:\s+money)?\s+(?:on|with|from)\s+(?P<who>" + w.SUBJECT + r")\s+" + w.THAN + r"\s+" + w.PERIOD_AHEAD
                        + r"(?:in\s+|during\s+|for\s+)?")
_LOSING_AUX = re.compile(r"\b(?P<aux>is|are|was|were)\s+(?P<subj>" + w.SUBJECT + r")\s+losing\s+(?P<more>more|less)"
                         r"(?:\s+money)?\s+" + w.THAN + r"\s+" + w.PERIOD_AHEAD + r"(?:in\s+|during\s+|for\s+)?")
_LOSING = re.compile(r"\b(?P<which>which\s+|what\s+)?(?P<subj>" + w.SUBJECT + r")\s+(?P<aux>is|are|was|were)\s+losing\s+"
                     r"(?P<more>more|less)(?:\s+money)?\s+" + w.THAN + r"\s+" + w.PERIOD_AHEAD + r"(?:in\s+|during\s+|for\s+)?")
_COMPARE = re.compile(r"^\s*how\s+(?:did|does|do|has|have)\s+(?P<what>" + w.SUBJECT + r")\s+(?:been\s+)?" + w.COMPARE_END
                      + r"\s*[?.!]*\s*$")


def _aux(aux: str) -> str:
    return "was" if aux in ("was", "were", "did", "have", "has", "had") else "is"


def _owner(subj: str) -> str:
    """Whose measure: "we", the team, the techs are ours; a name is that name's."""
    subj = subj.strip()
    if _WE.match(subj):
        return "our"
    return re.sub(r"'s?$", "", subj)  # a name's own forms ("priya's") were read before this step


def implied_comparison(text: str) -> tuple[str, list[str], float]:
    """The folded question with an implied measure's direction written as "<whose> <measure> up / down [on <period>]",
    the reasons to report and the confidence factor (module doc). Unchanged when a measure is named."""
    if _MEASURE.search(text):
        return text, [], 1.0
    if m := _WHICH_SHRANK.search(text):  # "which clients shrank": the verb the parser reads for "which clients grew"
        return text[:m.start("verb")] + "fell" + text[m.end("verb"):], [], 1.0
    if m := _GROW.search(text):
        new = f"{_aux(m['aux'])} {_owner(m['subj'])} revenue {'up' if m['up'] else 'down'}"
        return _done(text, m, new, w.GROW_REASON.format(verb=m["verb"]))
    hours_said = _HOURS.search(text) is not None
    if m := _WHICH_BUSY.search(text):
        new = f"{m['which']} technicians hours are {'up' if m['up'] else 'down'}{' on ' if m['than'] else ''}"
        return _done(text, m, new, None if hours_said else w.BUSY_REASON.format(verb=m["verb"]))
    if hours_said:
        return text, [], 1.0
    if m := _BUSY.search(text):
        new = f"{_aux(m['aux'])} {_owner(m['subj'])} hours {'up' if m['up'] else 'down'}{' on ' if m['than'] else ''}"
        return _done(text, m, new, w.BUSY_REASON.format(verb=m["verb"]))
    if m := _LOSING_ON.search(text):
        direction = "down" if m["more"] == "more" else "up"
        new = f"{_aux(m['aux'])} {_owner(m['who'])} gross profit {direction} on "
        return _done(text, m, new, w.LOSING_REASON.format(more=m["more"], direction=direction))
    if m := _LOSING_AUX.search(text):
        direction = "down" if m["more"] == "more" else "up"
        new = f"{_aux(m['aux'])} {_owner(m['subj'])} gross profit {direction} on "
        return _done(text, m, new, w.LOSING_REASON.format(more=m["more"], direction=direction))
    if (m := _LOSING.search(text)) and not re.match(r"(?:who|what|which|how)$", m["subj"]):
        direction = "down" if m["more"] == "more" else "up"
        if m["which"]:
            noun = m["subj"] if m["subj"].endswith("s") else m["subj"] + "s"
            new = f"{m['which']}{noun} gross profit is {direction} on "
        else:
            new = f"{_aux(m['aux'])} {_owner(m['subj'])} gross profit {direction} on "
        return _done(text, m, new, w.LOSING_REASON.format(more=m["more"], direction=direction))
    if m := _COMPARE.search(text):
        what = m["what"].strip()
        new = f"was {'our' if _WE.match(what) else what} revenue up"
        return _done(text, m, new, w.COMPARE_REASON)
    return text, [], 1.0


def _done(text: str, m: re.Match[str], new: str, reason: str | None) -> tuple[str, list[str], float]:
    out = re.sub(r"\s{2,}", " ", text[:m.start()] + new + " " + text[m.end():]).strip()
    return (out, [reason], w.FLAG) if reason else (out, [], 1.0)
