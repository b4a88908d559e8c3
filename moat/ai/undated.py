"""Period-like phrases the parser cannot date ("since the merger", "during crunch time", "over the season").

A stretch of time named by an event or a nickname has no dates in the data: read as the default 3 months it answered
another question (flagged at best). The rule is structural, not a list of events: a temporal preposition ("since",
"during", "throughout", "around", "amid", "before", "after") with a noun phrase that is no period, no measure, no name
and no kind of client; or a time noun ("season", "period", "stretch", "phase", "time", ...) qualified by a word that
is not a calendar word ("the busy period", "crunch time"). Used only when no period with dates was read.
"""

from __future__ import annotations

import re

from moat.ai import lexicon as lx

_TEMPORAL = re.compile(r"\b(?:since|during|throughout|through|around|amid|amidst|before|after|ahead of)\s+(?:the|our|that|this)\s+"
                       r"(?P<what>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s*$|\s*[,.;]|\s+(?:for|by|per|of|in|with|and|"
                       r"what|how|which|who|revenue|margin|profit|hours)\b)")
_TIME_NOUN = re.compile(r"\b(?:over|in|during|through|throughout|for|across|around|at)\s+(?:the\s+|our\s+|that\s+)?"
                        r"(?:(?P<mod>[a-z][\w-]*)\s+)?(?P<noun>season|period|stretch|phase|spell|era|window|crunch|rush|"
                        r"lull|slump|time)\b")
# h39: a time noun that no calendar dates, whatever word comes before it ("this season", "last season", "that phase")
_UNDATED_NOUN = re.compile(r"\b(?:this|last|that|the|our|previous|past|current)\s+(?:(?P<mod>\w+)\s+)?(?P<noun>season|era|phase|"
                           r"spell|stretch)\b")
# "during onboarding" (no article after "during"), "since we moved offices" (a clause), "post-merger", "in the lead-up
# to the audit": the same event, written without a noun phrase after the preposition
_DURING_BARE = re.compile(r"\bduring\s+(?P<what>[a-z][\w-]*)\b")
_SINCE_CLAUSE = re.compile(r"\bsince\s+(?:we|they|i|you|he|she|it)\s+(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)")
_PRE_POST = re.compile(r"\b(?:post|pre)(?:-|\s+)(?P<what>[a-z]{4,})\b")  # h30: written apart ("premium" is no "pre-mium")
_LEAD_UP = re.compile(r"\b(?:in\s+)?(?:the\s+)?(?:lead[- ]up|run[- ]up|wake|aftermath|build[- ]up)\s+(?:to|of)\s+[a-z]")
_NOT_EVENTS = {"tax", "taxes", "paid", "payment", "billing", "billed", "sales", "discount", "labor", "overhead"}
# Words that make a time noun a dated or a measured thing ("this period", "billable time", "the same period")
_CALENDAR = {"this", "that", "last", "same", "previous", "prior", "whole", "entire", "current", "next", "given", "reporting",
             "billing", "default", "first", "final", "full", "any", "some", "real", "part", "over", "down", "response",
             "resolution", "billable", "non-billable", "nonbillable", "tech", "technician", "staff", "labor", "logged",
             "worked", "total", "travel", "project", "on", "one", "each", "every", "per", "our", "the", "of"}
# Nouns after "since the ..." that are a known point of the data ("since the start"), not an event
_KNOWN_POINTS = {"start", "beginning", "first", "data", "launch"}


def undated_period(text: str, names_a_name: object = None) -> str | None:
    """The period-like phrase of ``text`` (folded, the dated periods already read) that names no dates, or None.
    ``names_a_name``: a callable telling whether words belong to a name in the data (those are never a period)."""
    def ordinary(words: str) -> bool:
        toks = words.split()
        return any(w in lx.KEYWORDS or w in lx.VALID_WORDS and w not in ("time",) or w in _KNOWN_POINTS
                   or re.fullmatch(lx.ENTITY_NOUN, w) for w in toks) or bool(callable(names_a_name) and names_a_name(words))

    for m in _TIME_NOUN.finditer(text):
        mod = m["mod"]
        if mod is None and m["noun"] in ("time", "period", "window"):
            continue  # "over time", "in the period": no nickname
        if mod in _CALENDAR or (mod and (mod.isdigit() or ordinary(mod))):
            continue
        if m["noun"] == "time" and mod is None:
            continue
        return m.group(0).strip()
    if (season := _UNDATED_NOUN.search(text)) is not None and not (season["mod"] and ordinary(season["mod"])):
        return season.group(0).strip()
    for m in _TEMPORAL.finditer(text):
        if not ordinary(m["what"]):
            return m.group(0).strip()
    for pattern in (_DURING_BARE, _SINCE_CLAUSE, _PRE_POST):
        for m in pattern.finditer(text):
            if m["what"].split()[0] not in _NOT_EVENTS and m["what"].split()[0] not in _CALENDAR \
                    and not ordinary(m["what"].split()[0]):
                return m.group(0).strip()
    lead = _LEAD_UP.search(text)
    return lead.group(0)[:-1].strip() + "..." if lead else None
