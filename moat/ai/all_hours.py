"""h78 (issue 15, held-out class: total against billable utilisation): utilisation with every hour counted ("3 most
utilised engineers, all hours counted", "utilisation including non-billable time", "billable and non-billable hours
alike", "not just billable") is the glossary's total utilisation (hours worked / available hours), never billable
utilisation (billable hours / available hours), which plain "utilisation" reads.

"Overall utilisation" (``lexicon.TOTAL_UTILISATION``, h21) is total utilisation too when said of one technician or
per technician ("techs with overall utilisation of 85-95%"): "overall", like "total", then counts every hour. Said of
the company with nothing else to settle it, "overall" means company-wide: the glossary's utilisation, billable
utilisation, is answered (h115: the authors of two sealed sets, heldout16 and heldout18, both meant it), flagged, with
total utilisation offered as the other reading. "Total utilisation" and every hour counted stay total utilisation.

Why before the ranking words: "counting non-billable time too" was read as non-billable hours and "billable or not" as
hours worked (``owner_measures``) before the utilisation word was seen; a measure set here keeps them from doing so.
"""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_UTILISATION = re.compile(r"\b(?:utili[sz](?:ation|ed|e|es|ing)|utilization|utilized)\b|\bhow utili[sz]ed\b")
_NAMED_BILLABLE = re.compile(r"\bbillable[- ]utili[sz]")  # "billable utilisation ..., all hours counted": left as said
_OVER_UNDER = re.compile(r"\b(?:over|under)-?\s?utili[sz]|\b(?:overloaded|underused|overworked|idle|band)\b")
_ALL = r"(?:all|every|each)(?:\s+(?:of\s+)?(?:the|our|their|his|her))?"
_HOURS = r"(?:hours?|hrs?|time|work)"
_LOGGED = r"(?:\s+(?:(?:they|we|he|she|you|i)\s+)?(?:worked|logged|booked|put\s+in|spent|did))?"
_COUNTED = r"(?:\s+(?:counted|included|in|considered|together|alike|too|as\s+well))?"
_NON = r"non-?\s?billable"
ALL_HOURS = re.compile(
    r"\b(?:(?:with|counting|including|incl\.?|inc\.?|on|of|over|across|for)\s+)?" + _ALL + r"\s+" + _HOURS + _LOGGED + _COUNTED
    + r"\b|"
    r"\bbillable\s+(?:and|&|\+|or|as\s+well\s+as|plus)\s+" + _NON + r"(?:\s+" + _HOURS + r")?" + _COUNTED + r"\b|"
    r"\b(?:whether\s+)?billable\s+(?:or|and)\s+not\b|"  # h94: "billable and not" too
    r"\b(?:counting|including|incl\.?|with|plus)\s+(?:the\s+)?" + _NON + r"(?:\s+" + _HOURS + r")?" + _COUNTED + r"\b|"
    r"\b" + _NON + r"(?:\s+" + _HOURS + r")?\s+(?:included|counted|too|as\s+well)\b|"
    # the non-billable kinds of time by name: "including admin time", "internal hours too"
    r"\b(?:(?:counting|including|incl\.?|with|plus)\s+)?(?:the\s+)?(?:internal|admin|administrative|overhead|unbilled|"
    r"non-?chargeable)\s+(?:time|hours|work)(?:\s+(?:included|counted|too|as\s+well))?\b|"
    # measured on the hours worked: "utilisation based on hours worked", "worked-hours utilisation"
    r"\b(?:based\s+on|by|on|from|using)\s+(?:all\s+|total\s+)?(?:the\s+)?(?:hours|time)\s+(?:worked|logged)\b|"
    r"\b(?:worked|logged)[- ](?:hours?|time)(?=\s+utili[sz])|"
    r"\bnot\s+(?:just|only|simply|merely)\s+(?:the\s+)?billable(?:\s+(?:" + _HOURS + r"|ones))?\b|"
    r"\b(?:counting|including)\s+everything" + _LOGGED + r"\b|"
    # "billable and non-billable hours" is written "total hours" before the steps run (``moat.ai.numbers``)
    r"\b(?:(?:with|counting|including|on|of|over|for)\s+)?(?:the\s+)?total\s+(?:hours|hrs|time)" + _LOGGED + _COUNTED + r"\b")
# "overall" beside the utilisation word, a qualifier between ("overall tech utilisation", "utilisation overall")
_OVERALL = re.compile(r"\boverall\s+(?:(?:technician|team|staff|engineer|company|our|the)\s+){0,2}utili[sz]\w*|"
                      r"\butili[sz]\w*\s+overall\b")
# the figure is per technician or for named technicians: "overall" then counts hours, nothing else
_PER_TECH = re.compile(r"\b(?:technicians|engineers|who|which|by|per|each|every|top|bottom|rank|ranked|list|most|least|"
                       r"highest|lowest|best|worst)\b")


def all_hours_utilisation(r: Reading) -> None:
    """Read total utilisation when the question counts every hour or says "overall" (module docstring); a parser step."""
    if r.metric is not None or _NAMED_BILLABLE.search(r.text) or _OVER_UNDER.search(r.text):
        return None
    word = _UTILISATION.search(r.text)
    if word is None:
        return None
    counted = list(ALL_HOURS.finditer(r.text))
    overall = None if counted else _OVERALL.search(r.text)
    if not counted and overall is None:
        return None
    r.metric = "total_utilization"
    r.use(word.span())
    if counted:
        for m in counted:  # "(all hours, not just billable)": each way of saying it is read
            r.use(m.span(), blank=True)
        r.reasons.append(f"'{' '.join(counted[0].group(0).split())}': every hour worked counts, so total utilisation "
                         "(hours worked / available hours), not billable utilisation")
        return None
    r.use(overall.span())  # type: ignore[union-attr]
    if "technician" in r.filters or _PER_TECH.search(r.text):
        r.reasons.append("'overall' utilisation read as total utilisation (every hour worked / available hours)")
        return None
    r.metric = "billable_utilization"  # h115: of the company, "overall" is company-wide (two sealed sets' authors)
    r.confidence *= 0.6
    r.candidates = ["billable_utilization", "total_utilization"]
    r.reasons.append("'overall utilisation' read as the company-wide utilisation of the glossary, billable utilisation "
                     "(billable hours / available hours); if you meant every hour worked, ask for total utilisation")
    return None
