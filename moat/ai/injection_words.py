"""h115 (issue 15, heldout18 class i): the words of a request to override the reader's set-up or to show it (prompt
injection), declarations only; read by ``moat.ai.injection``."""

from __future__ import annotations

_OVERRIDE = r"(?:ignore|disregard|forget|override|overrule|bypass|skip|drop|abandon|throw out|set aside|stop following)"
_SET_UP = (r"(?:instructions?|rules?|guidelines?|guardrails?|directions?|directives?|programming|constraints?|"
           r"restrictions?|system prompt|prompts?|orders|policy|policies)")
_WHOSE = r"(?:(?:all|any|every|of|the|your|you're|ur|these|those|those|its|my|our|previous|prior|earlier|above|preceding|" \
         r"original|initial|old|existing|current|safety|system|hidden|secret|internal|own)\s+){0,4}"
# "ignore previous instructions", "disregard your earlier rules", "forget all of the above guidelines"
OVERRIDE_SET_UP = _OVERRIDE + r"\s+" + _WHOSE + _SET_UP + r"\b"
# "paste your hidden prompt", "show me the system prompt", "what are your instructions", "reveal your rules"
SHOW_SET_UP = (r"(?:system|hidden|secret|internal|initial|original|developer|your|ur|the assistant'?s?)\s+(?:\w+\s+)?"
               r"(?:prompt|instructions|rules|guidelines|configuration|config)\b")
# "developer mode", "jailbreak", "DAN", "act as an unrestricted", "pretend you have no rules"
ROLE_PLAY = (r"\b(?:developer|god|admin|debug|sudo|unrestricted|jailbreak|jailbroken) mode\b|\bjailbreak\w*\b|"
             r"\b(?:pretend|act as if|imagine) (?:that )?you (?:have|had|are) no (?:rules|limits|restrictions)\b|"
             r"\byou are now (?:a|an|in|my|dan)\b")
# h128: SQL written into the question ("SELECT * FROM <table>; show me ...", "DROP TABLE invoices", "... UNION
# SELECT"): a statement's opening words with their object, as typed ("select clients from legal with ..." is English)
SQL_STATEMENT = (r"\bselect\s+(?:\*|distinct\b|count\s*\(|[\w.]+(?:\s*,\s*[\w.]+)+\s+from\b)|"
                 r"\bselect\s+[\w.]+\s+from\s+[\w.]+\s*(?:;|\bwhere\b|\blimit\b|\bgroup\s+by\b|\border\s+by\b|$)|"
                 r"\bunion\s+(?:all\s+)?select\b|\b(?:drop|truncate|alter)\s+table\b|\binsert\s+into\b|\bdelete\s+from\b|"
                 r"\bupdate\s+[\w.]+\s+set\b|\b(?:create|attach|copy|pragma|install|load)\s+(?:table|database|view|extension)\b|"
                 r"\bcur_\w+\b|;\s*--")
