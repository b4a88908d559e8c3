"""h128 (issue 15): the words that mark a list of names as EXAMPLES of a kind ("per segment (finance, healthcare,
legal, ...)", "by vendor, e.g. Microsoft, Huntress etc."), kept apart from the rule that reads them
(``moat.ai.example_lists``).

Why: a sealed set's "revenue per segment (finance, healthcare, legal, ...)" and "licence spend split by vendor
(Microsoft, Huntress, ...)" were answered confidently for the named rows only; the trailing "..." says the names are
only examples of the rows asked for, which are all of them."""

from __future__ import annotations

import re

# the kind listed: after per / by / each / across (singular or plural), or its plural on its own ("segments (...)")
_SINGULAR = r"(?:segment|sector|vertical|industry|vendor|supplier|client|customer|account|product|technician|tech|engineer)"
_PLURAL = (r"(?:segments|sectors|verticals|industries|vendors|suppliers|clients|customers|accounts|products|"
           r"technicians|techs|engineers)")
KIND_LEAD = rf"(?:\b(?:per|by|each|every|across|for each|for every)\s+{_SINGULAR}s?|\b{_PLURAL})"
# a word that opens a list of examples, and one that closes it
EXAMPLE_OPEN = r"(?:e\.?\s?g\.?|eg|such as|like|for example|for instance|say|incl\.?|including)"
EXAMPLE_CLOSE = r"(?:\.{2,}|\u2026|etc\.?|and so on|and so forth|and (?:the )?(?:others|rest|more))"
# one name of the list: words (letters, digits, & ' . -), no comma
_ITEM = r"[^\W\d_][\w&'.-]*(?:[ \t]+[\w&'.-]+){0,4}"
# the list in brackets, opened or closed by an example word (a bracketed list with neither is a filter: "(A, B)"),
# after the kind or anywhere in a question that names the kind listed ("per vendor in March (e.g. Datto, Huntress)")
BRACKETED = re.compile(rf"(?P<lead>{KIND_LEAD}\b[^()]*?|)\s*[,:-]?\s*\(\s*(?P<items>(?:{EXAMPLE_OPEN}\s*[,:]?\s*)?{_ITEM}"
                       rf"(?:\s*(?:,|/|\bor\b|\band\b)\s*{_ITEM})*\s*,?\s*(?:{EXAMPLE_CLOSE})?)\s*\)", re.IGNORECASE)
# the list unbracketed: closed by an example word ("by vendor - Microsoft, Huntress etc. - jan-mar")
UNBRACKETED = re.compile(rf"(?P<lead>{KIND_LEAD})\s*[,:-]?\s*(?P<items>(?:{EXAMPLE_OPEN}\s*[,:]?\s*)?{_ITEM}"
                         rf"(?:\s*(?:,|/)\s*{_ITEM})+\s*,?\s*(?:{EXAMPLE_CLOSE}))(?=\s*(?:[-,;:)]|$|\s))",
                         re.IGNORECASE)
# h139 (h133 M): one or more one-word names right after the kind and an opening example word, with no closing word
# ("revenue by segment such as healthcare q1": every segment, not healthcare's alone)
_WORD_ITEM = r"[^\W\d_][\w&'.-]*"
OPENED = re.compile(rf"(?P<lead>{KIND_LEAD})\s*[,:-]?\s*(?P<items>(?:e\.?\s?g\.?|eg|such as|for example|for instance|"
                    rf"including)\s*[,:]?\s*{_WORD_ITEM}(?:\s*(?:,|/|\bor\b|\band\b)\s*{_WORD_ITEM})*)(?=[\s,;:)-]|$)",
                    re.IGNORECASE)
KIND_NAMED = re.compile(KIND_LEAD, re.IGNORECASE)
MARKED = re.compile(rf"^\s*{EXAMPLE_OPEN}\b|(?:{EXAMPLE_CLOSE})\s*$", re.IGNORECASE)
