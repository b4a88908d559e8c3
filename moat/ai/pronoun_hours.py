"""h86 (issue 15, held-out class): "Priya - how many did she log last month", "Tom Becker: how many hours has he put
in": a technician named in one clause and referred to by a pronoun in the next is that technician; "how many did Priya
log", "what did Tom log" (no pronoun) ask the same; h129: "what did Sara and Yusuf log" asks each one's hours.

Why: the pronoun was an unread word (the answer flagged as partial), and "how many did she log" names no measure at
all, so it was refused with the generic "I can't answer that". With exactly one technician named, "she / he / they"
can only be that person, and what a technician logs, clocks or puts in, counted with no noun, is hours worked. With
two technicians named (or a client) the pronoun is left unread and the answer stays flagged.
"""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_PRONOUN = re.compile(r"\b(?:she|he|they|her|him|them|hers|his|their)\b")
# "how many did she log", "how much has he clocked", "what did <technician> log": time booked by the person, asked with
# no noun (the technician's name is blanked once read, so "how many did Priya log" reads the same)
_HOW_MANY_LOGGED = re.compile(r"\b(?:how many|how much|what)\s+(?:did|has|have|had|does|do)\s+(?:(?:she|he|they|and|both|each|all)\s+)*"
                              r"(?:log|logged|clock|clocked|put in|book|booked|record|recorded|work|worked|"
                              r"track|tracked)\b")  # ("how many did she bill": billable hours, not read here)


def pronoun_hours(r: Reading) -> None:
    """The one technician named is who the pronoun means; an uncounted "how many did she log" is hours (module doc)."""
    technicians = r.filters.get("technician", ())
    if technicians and not set(r.filters) - {"technician"} and r.metric is None and len(technicians) > 1 and (
            m := _HOW_MANY_LOGGED.search(r.text)) is not None and not re.search(r"\b(?:she|he)\b", m.group(0)):
        # h129: "what did Sara and Yusuf log": each one's hours ("how many did she log" with two named stays unread)
        r.use(m.span())
        r.metric = "hours"
        r.reasons.append(f"'{m.group(0).split()[-1]}' with no noun read as the hours {' and '.join(technicians)} each worked")
        return
    if len(technicians) != 1 or set(r.filters) - {"technician"} or not r.name_spans:
        return
    first_name_end = min(end for _start, end in r.name_spans)
    if r.metric is None and (m := _HOW_MANY_LOGGED.search(r.text)) is not None:
        r.use(m.span())
        r.metric = "hours"
        r.reasons.append(f"'{' '.join(m.group(0).split())}' read as the hours {technicians[0]} worked")
    for m in _PRONOUN.finditer(r.text, first_name_end):
        r.use(m.span())
