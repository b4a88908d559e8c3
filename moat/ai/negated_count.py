"""h139 (h133 D, F): counts and lists of entities whose verb is negated or joined by "both" are refused, naming what
to ask, until the complement and the intersection can be computed.

D. "how many clients did Priya NOT work for in May" was answered 23 at 0.89: the clients she DID work for (17 was
   right); "how many clients have no licences" 40, every client with activity (0 was right); "how many techs didn't
   bill any time to Acme" 4, those with NON-billable time on Acme (2 was right). The negation was read away.
F. "how many clients did Priya and Tom both work for" was 30, the clients either worked for (the union; 13 was
   right), and "techs who worked on both Harbor and Meridian" listed every technician on either.

A refusal that says what can be asked (the ones that did, per name, and the whole) beats a confident answer to the
opposite question. The lacking-products reading (h78: "which clients don't have Huntress") and the products "both"
refusal (h117) keep theirs: they run first."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS, Intent
from moat.ai.negated_count_words import ABOUT_ENTITIES, BOTH, NEGATED
from moat.ai.reading import Parse, Reading

_ABOUT = re.compile(ABOUT_ENTITIES)
_NEGATED = re.compile(NEGATED)
_BOTH = re.compile(BOTH)
_SEATS_BEFORE = re.compile(r"\b(?:seats?|licen[cs]es?|subscriptions?)\b(?:\s+\w+){0,2}\s*$")  # "seats they didn't use": waste
_ENTITIES = ("client", "technician", "product", "vendor", "segment")
_COUNTED = {"clients": "client", "products": "product", "vendors": "vendor", "technicians": "technician",
            "segments": "segment"}
_KIND_WORDS = {"client": r"clients?|customers?|accounts?", "technician": r"techs?|technicians?|engineers?|staff|people",
               "product": r"products?|licen[cs]es|subscriptions?", "vendor": r"vendors?"}


def negated_or_both_refusal(r: Reading, intent: Intent) -> Parse | None:
    """A refusal for a count / list of entities with a negated verb or "both" over several names (module doc)."""
    said = r.raw.lower().strip()
    if intent.lacking or _ABOUT.search(said) is None:
        return None
    asked = _COUNTED.get(intent.metric) or (intent.grouping if intent.grouping in _ENTITIES else None)
    if asked is None:
        return None
    period = intent.period_label if intent.period_label and "(" not in intent.period_label \
        else f"{intent.start:%d %b %Y} to {intent.end:%d %b %Y}"
    if any(not _unused_seats(said, m, intent) for m in _NEGATED.finditer(said)):
        return r.refuse(f"I can't yet count or list the {asked}s that did NOT do something (the reading would give the "
                        f"ones that did). Ask for the {asked}s that did, then for all {asked}s with activity in {period}, "
                        "and compare.", [f"How many {asked}s had activity in {period}?"])
    if _BOTH.search(said) is None:
        return None
    for kind, names in intent.filters:
        if len(names) < 2 or kind == "segment":
            continue
        other_kind = kind != asked or any(re.search(rf"\b(?:{words})\b", said) for k, words in _KIND_WORDS.items()
                                          if k != kind)
        if not other_kind:
            continue  # "revenue of both Harbor and Acme": both listed, each its own row
        label = METRICS[intent.metric].label if intent.metric in METRICS else intent.metric
        return r.refuse(f"I can list the {asked if asked != kind else 'rows'}s tied to any of {' / '.join(names)}, not "
                        f"only those tied to every one of them at once ('both'). Ask for each one's list and compare "
                        f"them ({label}, {period}).",
                        [_ask_each(asked, kind, name, period) for name in names[:2]])
    return None


def _unused_seats(said: str, m: re.Match[str], intent: Intent) -> bool:
    """"seats they didn't use", "licences Harbor paid for and didn't use": the unused seats (waste), read elsewhere."""
    seat_measure = intent.metric == "license_waste" or METRICS[intent.metric].kind == "seats" if intent.metric in METRICS \
        else False
    return _SEATS_BEFORE.search(said[:m.start()]) is not None or seat_measure and re.search(r"\buse[sd]?\b", m.group(0)) \
        is not None


def _ask_each(asked: str, kind: str, name: str, period: str) -> str:
    """The list of one name's entities, asked on its own ("Which clients did Priya work for in May 2031?")."""
    if kind == "technician":
        return f"Which clients did {name} work for in {period}?"
    if asked in ("product", "vendor"):
        return f"Which {asked}s does {name} have licences of in {period}?"
    return f"Which technicians worked on {name} in {period}?"
