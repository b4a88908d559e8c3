"""h105 (issue 15): the word lists of ``moat.ai.plain_phrasings`` (declarations apart from the code that reads them)."""

from __future__ import annotations

# a licence "count": the seats bought ("licence count per product", "lic counts", "license count by vendor"); never
# after a word that names a state of the seats ("unused licence count" is read by the seat rules)
LICENCE_NOUN = r"(?:lic|lics|licen[cs]e|licen[cs]es|licensing)"
SEAT_STATE_BEFORE = r"(?:unused|idle|spare|inactive|active|assigned|unassigned|used|wasted|empty|free|open)"

# emphasis between a subject or an auxiliary and its verb ("did we actually make", "what we really earned"): it adds no
# meaning, and the measure phrases are written without it
EMPHASIS = r"(?:actually|really|truly|honestly|genuinely|in fact)"
EMPHASIS_AFTER = r"(?:we|they|you|i|it|he|she|did|do|does|have|has|had|was|were|is|are)"

# a technician's "slack": capacity not used, so the most slack is the lowest utilisation ("the techs with the most
# slack", "most spare capacity", "the most headroom", "the most free capacity / bandwidth")
SLACK = r"(?:slack|spare\s+capacity|free\s+capacity|unused\s+capacity|idle\s+capacity|headroom|spare\s+bandwidth|" \
        r"free\s+bandwidth|spare\s+time|free\s+time)"
MOST = r"(?:most|largest|biggest|greatest|highest|more)"
LEAST = r"(?:least|smallest|lowest|fewest|less)"
# words that make the slack another thing's (licences, a client's money): the rewrite is left out
SLACK_OF_OTHERS = r"\b(?:seats?|licen[cs]es?|licensing|subscriptions?|clients?|customers?|accounts?|margins?|revenue|" \
                  r"profits?|costs?|budgets?|cash|money|products?|vendors?)\b"

# using up licences ("how much licensing did they use / consume / go through"), asked in money: the licence cost
CONSUMED = r"(?:consum(?:e|es|ed|ing)|us(?:e|es|ed|ing)(?:\s+up)?|go(?:es)?\s+through|went\s+through|burn(?:ed|t|s)?\s+through|" \
           r"run\s+up|ran\s+up|eat\s+up|ate\s+up)"
LICENCE_MONEY = r"(?:\bcost(?:s|-wise)?\b|\bdollars?\b|\$|\bspend\b|\bspent\b|\bmoney\b|\bin\s+value\b|\bdollar\s+value\b|" \
                r"\bhow\s+much\b(?!\s+(?:seats?|licen[cs]es)\b))"
# a count of seats said beside it ("how many", "seats", "number of"): a count, never money; another measure said
# ("revenue of the clients using Huntress", "what did clients using Datto pay us"): the verb picks the clients
SEATS_COUNTED = r"\b(?:how\s+many|number\s+of|count|seats?|active|assigned)\b"
OTHER_MEASURE = r"\b(?:revenue|sales|bill(?:ed|ing|s)?|invoiced?|profits?|margins?|hours?|labou?r|pa(?:y|id)\s+us|" \
                r"brought\s+in|bring\s+in|made|make|earn(?:ed)?|waste|wasted|unused)\b"
